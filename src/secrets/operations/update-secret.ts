import type { Operation } from '../../operation/index.js';
import type { SecretRecord, StoreTx } from '../../store/index.js';
import type { SecretsDeps } from '../deps.js';
import { requireToken } from '../request-rules.js';
import { checkSecretId, requireLiveSecret } from '../secret-id.js';
import { valueFromInput } from '../secret-value.js';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from '../staging-labels.js';
import { keyUseCheck, type KeyUseCheck } from '../key-use.js';
import { writeVersion } from '../version-writer.js';

interface Input {
  SecretId: string;
  ClientRequestToken?: string;
  Description?: string;
  KmsKeyId?: string;
  SecretString?: string;
  SecretBinary?: Buffer;
  Type?: string;
}

export function updateSecret(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'UpdateSecret',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      const value = valueFromInput(input);
      const token = value ? requireToken(input.ClientRequestToken) : undefined;
      return deps.store.write(async (tx) => {
        const secret = await requireLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        const prior = [secret.description, secret.type, secret.kmsKeyId];
        // '' clears the description; AWS never reports an empty one (see create-secret.ts).
        if (input.Description === '') delete secret.description;
        else if (input.Description !== undefined) secret.description = input.Description;
        if (input.Type !== undefined) secret.type = input.Type;
        if (input.KmsKeyId !== undefined) await changeKey(deps, tx, secret, input.KmsKeyId, ctx.now, keyUseCheck(ctx));
        const written = value && (await writeVersion(tx, deps.sealer, secret, token!, value, undefined, ctx.now, keyUseCheck(ctx)));
        // A retry with the same token and value (and the same metadata) is a no-op (api-notes §7).
        const metadataChanged = [secret.description, secret.type, secret.kmsKeyId].some((x, i) => x !== prior[i]);
        // A new value (always AWSCURRENT here) counts as a rotation for AutomaticallyAfterDays (rotation-control.ts).
        if (written && written.created) deps.rotation.manualWrite(secret, ctx.now);
        if (!written || written.created || metadataChanged) {
          secret.lastChangedAt = ctx.now;
          await tx.updateSecret(secret);
        }
        if (!written) return { ARN: secret.arn, Name: secret.name };
        return { ARN: secret.arn, Name: secret.name, VersionId: written.version.versionId };
      });
    },
  };
}

/**
 * Points the secret at another KMS key ('' = aws/secretsmanager) and re-encrypts the versions
 * labelled AWSCURRENT, AWSPENDING and AWSPREVIOUS under it (api-notes §5 UpdateSecret); the caller
 * needs kms:Decrypt on the old key and kms:GenerateDataKey on the new one (customer keys).
 */
async function changeKey(deps: SecretsDeps, tx: StoreTx, secret: SecretRecord, kmsKeyId: string, now: number, check: KeyUseCheck): Promise<void> {
  const next = { ...secret, kmsKeyId: kmsKeyId === '' ? undefined : kmsKeyId };
  const key = await deps.sealer.keyFor(tx, next);
  const current = await deps.sealer.keyFor(tx, secret);
  if (kmsKeyId === '') delete secret.kmsKeyId;
  else secret.kmsKeyId = kmsKeyId;
  if (key.arn === current.arn) return;
  for (const v of await tx.listVersions(secret.arn)) {
    if (!v.stages.some((s) => s === AWSCURRENT || s === AWSPENDING || s === AWSPREVIOUS)) continue;
    const plain = await deps.sealer.open(tx, secret.arn, v, now, check);
    if (!plain) continue;
    try {
      await check(tx, key, 'kms:GenerateDataKey', secret.arn, v.versionId);
    } catch (err) {
      plain.bytes.fill(0);
      throw err;
    }
    deps.sealer.seal(key, secret.arn, v, plain, now);
    plain.bytes.fill(0);
    await tx.updateVersion(v);
  }
}
