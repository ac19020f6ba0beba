export { KeyService, SECRETS_MANAGER_ALIAS, SM_CANT_DECRYPT, SM_CANT_ENCRYPT, type SealedValue } from './key-service.js';
export { KeyMaterialCache } from './key-material-cache.js';
export { canonicalContext, secretVersionContext, type EncryptionContext } from './encryption-context.js';
export { kmsOperations } from './kms-operations.js';
export type { KmsDeps } from './deps.js';
export { KeyMaintenance } from './key-maintenance.js';
export { defaultKeyPolicy, keyPolicyOf, secretsManagerKeyPolicy } from './key-policy.js';
export { keyAuthorizationFactsOf, loadKeyAuthorizationFacts, type KeyAuthorizationFacts } from './key-authorization.js';
export { blobKeyArn } from './data-key-blob.js';
