import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, requireLiveSecret } from '../secret-id.js';

interface Input {
  SecretId: string;
}

/** DeleteResourcePolicy: succeeds on a secret without a policy too (and then changes nothing). */
export function deleteResourcePolicy(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'DeleteResourcePolicy',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      return deps.store.write(async (tx) => {
        const secret = await requireLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        if (secret.resourcePolicy !== undefined) {
          delete secret.resourcePolicy;
          secret.lastChangedAt = ctx.now;
          await tx.updateSecret(secret);
        }
        return { ARN: secret.arn, Name: secret.name };
      });
    },
  };
}
