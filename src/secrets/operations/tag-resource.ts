import type { Operation } from '../../operation/index.js';
import type { Tag } from '../../store/index.js';
import type { SecretsDeps } from '../deps.js';
import { changeLiveSecret, checkSecretId } from '../secret-id.js';
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
      await deps.store.write((tx) =>
        changeLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId, ctx.now, (secret) => {
          secret.tags = mergeTags(secret.tags, input.Tags);
        }),
      );
      return {};
    },
  };
}
