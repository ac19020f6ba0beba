import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { SecretRecord, StoreTx, VersionRecord } from '../../store/index.js';
import { recordAccess } from '../access-tracker.js';
import { keyUseCheck, type KeyUseCheck } from '../key-use.js';
import type { SecretsDeps } from '../deps.js';
import { refuseDefaultKeyAcrossAccounts } from '../default-key-rules.js';
import { checkSecretId, requireLiveSecret } from '../secret-id.js';
import { valueToOutput, type SecretValue } from '../secret-value.js';
import { epochSeconds } from '../secret-view.js';
import { AWSCURRENT, sortedStages } from '../staging-labels.js';

interface Input {
  SecretId: string;
  VersionId?: string;
  VersionStage?: string;
}

/** A version picked by VersionId and/or VersionStage (default AWSCURRENT), with AWS's errors (api-notes §4). */
export async function pickVersion(
  tx: StoreTx,
  secret: SecretRecord,
  versionId: string | undefined,
  stage: string | undefined,
): Promise<VersionRecord> {
  if (versionId !== undefined) {
    const v = await tx.getVersion(secret.arn, versionId);
    if (!v || !v.ciphertext) {
      throw errors.notFound(`Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
    }
    if (stage !== undefined && !v.stages.includes(stage)) {
      throw errors.invalidRequest('You provided a VersionStage that is not associated to the provided VersionId.');
    }
    return v;
  }
  const label = stage ?? AWSCURRENT;
  const v = await tx.getVersionByStage(secret.arn, label);
  if (!v || !v.ciphertext) {
    throw errors.notFound(`Secrets Manager can't find the specified secret value for staging label: ${label}`);
  }
  return v;
}

/** Reads and decrypts one version of a secret and records the access; `check`: the caller's kms:Decrypt. */
export async function readSecretValue(
  deps: SecretsDeps,
  accountId: string,
  region: string,
  input: Input,
  now: number,
  check?: KeyUseCheck,
): Promise<Record<string, unknown>> {
  const { secret, version, value } = await deps.store.read(async (tx) => {
    const secret = await requireLiveSecret(tx, accountId, region, input.SecretId);
    refuseDefaultKeyAcrossAccounts(secret, accountId);
    const version = await pickVersion(tx, secret, input.VersionId, input.VersionStage);
    const value = (await deps.sealer.open(tx, secret.arn, version, now, check)) as SecretValue;
    return { secret, version, value };
  });
  await recordAccess(deps.store, secret.arn, version.versionId, { secret: secret.lastAccessedAt, version: version.lastAccessedAt }, now);
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...valueToOutput(value),
    VersionStages: sortedStages(version),
    CreatedDate: epochSeconds(version.createdAt),
  };
}

export function getSecretValue(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'GetSecretValue',
    readOnly: true,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      return readSecretValue(deps, ctx.caller.accountId, ctx.region, input, ctx.now, keyUseCheck(ctx));
    },
  };
}
