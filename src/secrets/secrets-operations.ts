import type { Operation } from '../operation/index.js';
import type { SecretsDeps } from './deps.js';
import { batchGetSecretValue } from './operations/batch-get-secret-value.js';
import { cancelRotateSecret } from './operations/cancel-rotate-secret.js';
import { createSecret } from './operations/create-secret.js';
import { deleteResourcePolicy } from './operations/delete-resource-policy.js';
import { deleteSecret } from './operations/delete-secret.js';
import { describeSecret } from './operations/describe-secret.js';
import { getRandomPassword } from './operations/get-random-password.js';
import { getResourcePolicy } from './operations/get-resource-policy.js';
import { getSecretValue } from './operations/get-secret-value.js';
import { listSecretVersionIds } from './operations/list-secret-version-ids.js';
import { listSecrets } from './operations/list-secrets.js';
import { notYetSupported } from './operations/not-yet-supported.js';
import { putResourcePolicy } from './operations/put-resource-policy.js';
import { putSecretValue } from './operations/put-secret-value.js';
import { restoreSecret } from './operations/restore-secret.js';
import { rotateSecret } from './operations/rotate-secret.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateSecret } from './operations/update-secret.js';
import { updateSecretVersionStage } from './operations/update-secret-version-stage.js';
import { validateResourcePolicy } from './operations/validate-resource-policy.js';

/** Every Secrets Manager operation of the model, once. */
export function secretsOperations(deps: SecretsDeps): Operation[] {
  return [
    batchGetSecretValue(deps),
    cancelRotateSecret(deps),
    createSecret(deps),
    deleteResourcePolicy(deps),
    deleteSecret(deps),
    describeSecret(deps),
    getRandomPassword(),
    getResourcePolicy(deps),
    getSecretValue(deps),
    listSecretVersionIds(deps),
    listSecrets(deps),
    putResourcePolicy(deps),
    putSecretValue(deps),
    restoreSecret(deps),
    rotateSecret(deps),
    tagResource(deps),
    untagResource(deps),
    updateSecret(deps),
    updateSecretVersionStage(deps),
    validateResourcePolicy(deps),
    ...notYetSupported(),
  ];
}
