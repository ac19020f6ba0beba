export { secretsOperations } from './secrets-operations.js';
export { VersionSealer } from './secret-value.js';
export { DeletionPurger } from './deletion-purger.js';
export type { SecretsDeps } from './deps.js';
export type { RotationControl, PlannedRotation } from './rotation-control.js';
export { beginRotation, ROTATION_IN_PROGRESS, type RotationStart } from './rotation-start.js';
export { AWSCURRENT, AWSPENDING, AWSPREVIOUS, LabelSet } from './staging-labels.js';
export { generateRandomPassword } from './random-password.js';
export { findSecret } from './secret-id.js';
