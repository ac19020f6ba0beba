export { KeyService, SECRETS_MANAGER_ALIAS, type SealedValue } from './key-service.js';
export { KeyMaterialCache } from './key-material-cache.js';
export { canonicalContext, secretVersionContext, type EncryptionContext } from './encryption-context.js';
