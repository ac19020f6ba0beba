import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { validateResourcePolicy as validate } from '../resource-policy.js';
import { checkSecretId, requireSecret } from '../secret-id.js';

interface Input {
  SecretId?: string;
  ResourcePolicy: string;
}

/**
 * ValidateResourcePolicy: `{PolicyValidationPassed, ValidationErrors}` (api-notes §5): broad
 * access is reported, an unreadable document is MalformedPolicyDocumentException. With a
 * SecretId the secret must exist. Nothing is stored.
 */
export function validateResourcePolicy(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'ValidateResourcePolicy',
    readOnly: true,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      if (input.SecretId !== undefined) {
        const id = input.SecretId;
        checkSecretId(id);
        await deps.store.read((tx) => requireSecret(tx, ctx.caller.accountId, ctx.region, id));
      }
      return validate(input.ResourcePolicy);
    },
  };
}
