import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { changeLiveSecret, checkSecretId } from '../secret-id.js';
import { removeTags } from '../tags.js';

interface Input {
  SecretId: string;
  TagKeys: string[];
}

/** Removing absent keys is a no-op; removing every tag leaves `Tags: []` (api-notes §12). */
export function untagResource(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'UntagResource',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      await deps.store.write((tx) =>
        changeLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId, ctx.now, (secret) => {
          secret.tags = removeTags(secret.tags, input.TagKeys);
        }),
      );
      return {};
    },
  };
}
