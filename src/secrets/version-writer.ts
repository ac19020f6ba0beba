import { errors } from '../errors/index.js';
import type { SecretRecord, StoreTx, VersionRecord } from '../store/index.js';
import { AWSCURRENT, LabelSet } from './staging-labels.js';
import type { KeyUseCheck } from './key-use.js';
import type { SecretValue, VersionSealer } from './secret-value.js';

/** Versions kept per secret; versions created in the last 24 hours are always kept (api-notes §6). */
export const MAX_VERSIONS = 100;
const KEEP_YOUNGER_THAN_MS = 24 * 60 * 60 * 1000;

export interface WrittenVersion {
  version: VersionRecord;
  /** False when the token named an existing version that already holds this value (idempotent retry). */
  created: boolean;
}

/**
 * Writes a value as the version `token` of `secret` (CreateSecret, PutSecretValue, UpdateSecret),
 * with ClientRequestToken idempotency (api-notes §7), staging-label movement (§6) and the version
 * quota. `stages` undefined means "make it AWSCURRENT". `check`: the caller's use of the key
 * (kms:GenerateDataKey to seal, kms:Decrypt to compare a retry), asked before the key is used.
 */
export async function writeVersion(
  tx: StoreTx,
  sealer: VersionSealer,
  secret: SecretRecord,
  token: string,
  value: SecretValue,
  stages: string[] | undefined,
  now: number,
  check?: KeyUseCheck,
): Promise<WrittenVersion> {
  const versions = await tx.listVersions(secret.arn);
  const existing = versions.find((v) => v.versionId === token);
  if (existing && existing.ciphertext) {
    if (await sealer.holds(tx, secret.arn, existing, value, now, check)) return { version: existing, created: false };
    throw errors.exists(
      `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${secret.arn}.`,
    );
  }
  const key = await sealer.keyFor(tx, secret);
  if (check) await check(tx, key, 'kms:GenerateDataKey', secret.arn, token);
  const version: VersionRecord = existing ?? {
    secretArn: secret.arn,
    versionId: token,
    stages: [],
    createdAt: now,
    kmsKeyArn: key.arn,
  };
  sealer.seal(key, secret.arn, version, value, now);

  if (!existing) versions.push(version);
  const labels = new LabelSet(versions);
  const wanted = stages ?? [AWSCURRENT];
  for (const label of wanted) labels.attach(label, version, stages === undefined);
  // A secret's first version always becomes AWSCURRENT (api-notes §6).
  if (!labels.holder(AWSCURRENT)) labels.attach(AWSCURRENT, version);
  labels.checkLimits();

  const pruned = existing ? [] : pruneVersions(versions, now);
  if (pruned.length) await tx.deleteVersions(secret.arn, pruned.map((v) => v.versionId));
  if (existing) await tx.updateVersion(version);
  else await tx.insertVersion(version);
  for (const v of labels.changed) if (v !== version && !pruned.includes(v)) await tx.updateVersion(v);
  return { version, created: true };
}

/** Drops unlabelled versions older than a day, oldest first, down to the quota; LimitExceeded if it can't. */
function pruneVersions(versions: VersionRecord[], now: number): VersionRecord[] {
  if (versions.length <= MAX_VERSIONS) return [];
  const removable = versions
    .filter((v) => v.stages.length === 0 && now - v.createdAt > KEEP_YOUNGER_THAN_MS)
    .sort((a, b) => a.createdAt - b.createdAt);
  const excess = versions.length - MAX_VERSIONS;
  if (removable.length < excess) {
    throw errors.limitExceeded(
      `You can't create more than ${MAX_VERSIONS} versions of a secret within 24 hours. Wait for older versions without staging labels to expire.`,
    );
  }
  return removable.slice(0, excess);
}
