import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, requireLiveSecret } from '../secret-id.js';

interface Input {
  SecretId: string;
}

/** GetResourcePolicy: ResourcePolicy is omitted when the secret has none (api-notes §5). */
export function getResourcePolicy(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'GetResourcePolicy',
    readOnly: true,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      return deps.store.read(async (tx) => {
        const secret = await requireLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        const out: Record<string, unknown> = { ARN: secret.arn, Name: secret.name };
        if (secret.resourcePolicy !== undefined) out.ResourcePolicy = secret.resourcePolicy;
        return out;
      });
    },
  };
}
