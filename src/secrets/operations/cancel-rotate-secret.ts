import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, requireLiveSecret } from '../secret-id.js';

interface Input {
  SecretId: string;
}

/** The model's documented InvalidRequestException case for a secret without a rotation function. */
export const NOT_CONFIGURED =
  "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.";

/**
 * CancelRotateSecret (api-notes §5): turns automatic rotation off (RotationRules and
 * RotationLambdaARN are kept and still shown; NextRotationDate and LastRotatedDate are not) and
 * cancels a rotation in progress, returning the id of the version it created. Staging labels are
 * left as they are: the caller cleans AWSPENDING up with UpdateSecretVersionStage.
 */
export function cancelRotateSecret(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'CancelRotateSecret',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      return deps.store.write(async (tx) => {
        const secret = await requireLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        if (secret.rotationLambdaArn === undefined) throw errors.invalidRequest(NOT_CONFIGURED);
        const out: Record<string, unknown> = { ARN: secret.arn, Name: secret.name };
        const rotation = await tx.getRotation(secret.arn);
        if (rotation?.status === 'InProgress') {
          rotation.status = 'Cancelled';
          rotation.lastError = 'cancelled by CancelRotateSecret';
          rotation.finishedAt = ctx.now;
          rotation.updatedAt = ctx.now;
          delete rotation.leaseOwner;
          delete rotation.leaseUntil;
          await tx.putRotation(rotation);
          out.VersionId = rotation.token;
        }
        secret.rotationEnabled = false;
        delete secret.nextRotationAt;
        delete secret.rotationDueAt;
        secret.lastChangedAt = ctx.now;
        await tx.updateSecret(secret);
        return out;
      });
    },
  };
}
