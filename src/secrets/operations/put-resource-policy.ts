import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkResourcePolicy } from '../resource-policy.js';
import { changeLiveSecret, checkSecretId } from '../secret-id.js';

interface Input {
  SecretId: string;
  ResourcePolicy: string;
  BlockPublicPolicy?: boolean;
}

/**
 * PutResourcePolicy (api-notes §5, §13): the document is checked before anything is read or
 * written (MalformedPolicyDocumentException; PublicPolicyException with BlockPublicPolicy), then
 * stored verbatim on the live secret.
 */
export function putResourcePolicy(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'PutResourcePolicy',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      checkResourcePolicy(input.ResourcePolicy, input.BlockPublicPolicy === true);
      const secret = await deps.store.write((tx) =>
        changeLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId, ctx.now, (s) => {
          s.resourcePolicy = input.ResourcePolicy;
        }),
      );
      return { ARN: secret.arn, Name: secret.name };
    },
  };
}
