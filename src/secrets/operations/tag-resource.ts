import type { Operation } from '../../operation/index.js';
import type { Tag } from '../../store/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, requireLive, requireSecret } from '../secret-id.js';
import { mergeTags } from '../tags.js';

interface Input {
  SecretId: string;
  Tags: Tag[];
}

export function tagResource(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'TagResource',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      return deps.store.write(async (tx) => {
        const secret = await requireSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        requireLive(secret);
        secret.tags = mergeTags(secret.tags, input.Tags);
        secret.lastChangedAt = ctx.now;
        await tx.updateSecret(secret);
        return {};
      });
    },
  };
}
