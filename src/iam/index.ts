export { createAccessKey, newAccessKeyId, newSecretAccessKey, type NewAccessKey } from './access-keys.js';
export { createUser } from './principals.js';
export { CredentialDirectory, type ResolvedCredential } from './credential-directory.js';
export { AdminOnlyAuthorizer, type Authorizer } from './admin-only-authorizer.js';
