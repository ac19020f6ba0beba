import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, requireSecret } from '../secret-id.js';
import { secretView } from '../secret-view.js';

interface Input {
  SecretId: string;
}

/** Works on secrets scheduled for deletion too, showing DeletedDate (api-notes §8). */
export function describeSecret(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'DescribeSecret',
    readOnly: true,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      return deps.store.read(async (tx) => {
        const secret = await requireSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        return secretView(secret, await tx.listVersions(secret.arn), 'VersionIdsToStages');
      });
    },
  };
}
