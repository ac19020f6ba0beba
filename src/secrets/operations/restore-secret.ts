import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, requireSecret } from '../secret-id.js';

interface Input {
  SecretId: string;
}

/** Cancels a scheduled deletion; a live secret is left as it is. */
export function restoreSecret(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'RestoreSecret',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      return deps.store.write(async (tx) => {
        const secret = await requireSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        if (secret.deletionDate !== undefined) {
          delete secret.deletedAt;
          delete secret.deletionDate;
          secret.lastChangedAt = ctx.now;
          await tx.updateSecret(secret);
        }
        return { ARN: secret.arn, Name: secret.name };
      });
    },
  };
}
