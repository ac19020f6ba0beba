import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { requireToken } from '../request-rules.js';
import { refuseDefaultKeyAcrossAccounts } from '../default-key-rules.js';
import { checkSecretId, requireLiveSecret } from '../secret-id.js';
import { valueFromInput } from '../secret-value.js';
import { AWSCURRENT, sortedStages } from '../staging-labels.js';
import { keyUseCheck } from '../key-use.js';
import { writeVersion } from '../version-writer.js';

interface Input {
  SecretId: string;
  ClientRequestToken?: string;
  SecretString?: string;
  SecretBinary?: Buffer;
  VersionStages?: string[];
  RotationToken?: string;
}

export function putSecretValue(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'PutSecretValue',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      const token = requireToken(input.ClientRequestToken);
      const value = valueFromInput(input);
      if (!value) throw errors.invalidRequest('You must provide either SecretString or SecretBinary.');
      return deps.store.write(async (tx) => {
        const secret = await requireLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        refuseDefaultKeyAcrossAccounts(secret, ctx.caller.accountId);
        const stages = input.VersionStages && [...new Set(input.VersionStages)];
        const { version, created } = await writeVersion(tx, deps.sealer, secret, token, value, stages, ctx.now, keyUseCheck(ctx));
        if (created) {
          secret.lastChangedAt = ctx.now;
          // A new current value counts as a rotation for AutomaticallyAfterDays (rotation-control.ts).
          if (version.stages.includes(AWSCURRENT)) deps.rotation.manualWrite(secret, ctx.now);
          await tx.updateSecret(secret);
        }
        return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: sortedStages(version) };
      });
    },
  };
}
