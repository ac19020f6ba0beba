export { secretsOperations } from './secrets-operations.js';
export { VersionSealer } from './secret-value.js';
export { DeletionPurger } from './deletion-purger.js';
export type { SecretsDeps } from './deps.js';
