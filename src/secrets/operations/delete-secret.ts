import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, findSecret, newSecretArn } from '../secret-id.js';
import { epochSeconds } from '../secret-view.js';

interface Input {
  SecretId: string;
  RecoveryWindowInDays?: number;
  ForceDeleteWithoutRecovery?: boolean;
}

const DAY_MS = 86_400_000;

/** Schedules deletion after a 7–30 day recovery window, or deletes at once with ForceDeleteWithoutRecovery (api-notes §8). */
export function deleteSecret(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'DeleteSecret',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      const window = input.RecoveryWindowInDays;
      const force = input.ForceDeleteWithoutRecovery === true;
      if (window !== undefined && (window < 7 || window > 30)) {
        throw errors.invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
      }
      if (window !== undefined && force) {
        throw errors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
      }
      return deps.store.write(async (tx) => {
        const secret = await findSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        if (force) {
          if (secret) await tx.purgeSecret(secret.arn);
          // Force-deleting a secret that does not exist succeeds (api-notes §8).
          const arn = secret?.arn ?? (input.SecretId.startsWith('arn:') ? input.SecretId : newSecretArn(ctx.region, ctx.caller.accountId, input.SecretId));
          return { ARN: arn, Name: secret?.name ?? input.SecretId, DeletionDate: epochSeconds(ctx.now) };
        }
        if (!secret) throw errors.notFound();
        if (secret.deletionDate !== undefined) {
          throw errors.invalidRequest("You tried to perform the operation on a secret that's currently marked deleted.");
        }
        secret.deletedAt = ctx.now;
        secret.deletionDate = ctx.now + (window ?? 30) * DAY_MS;
        secret.lastChangedAt = ctx.now;
        await tx.updateSecret(secret);
        return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(secret.deletionDate) };
      });
    },
  };
}
