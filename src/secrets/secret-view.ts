import type { SecretRecord, VersionRecord } from '../store/index.js';
import { sortedStages } from './staging-labels.js';

/** Epoch milliseconds to the wire's epoch seconds (with fraction). */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** 00:00 UTC of the day of `ms`: AWS reports LastAccessedDate with day precision. */
export function startOfDay(ms: number): number {
  return ms - (ms % 86_400_000);
}

/** versionId -> labels, labelled versions only; undefined when no version has a label. */
export function versionsToStages(versions: VersionRecord[]): Record<string, string[]> | undefined {
  let map: Record<string, string[]> | undefined;
  for (const v of versions) {
    if (v.stages.length === 0) continue;
    (map ??= {})[v.versionId] = sortedStages(v);
  }
  return map;
}

/**
 * The metadata DescribeSecret and ListSecrets return; only members with a value (api-notes §1).
 * `mapName` is VersionIdsToStages for DescribeSecret, SecretVersionsToStages for ListSecrets.
 */
export function secretView(
  s: SecretRecord,
  versions: VersionRecord[],
  mapName: 'VersionIdsToStages' | 'SecretVersionsToStages',
): Record<string, unknown> {
  const out: Record<string, unknown> = { ARN: s.arn, Name: s.name };
  if (s.type !== undefined) out.Type = s.type;
  if (s.description !== undefined) out.Description = s.description;
  if (s.kmsKeyId !== undefined) out.KmsKeyId = s.kmsKeyId;
  Object.assign(out, rotationView(s));
  out.LastChangedDate = epochSeconds(s.lastChangedAt);
  if (s.lastAccessedAt !== undefined) out.LastAccessedDate = epochSeconds(s.lastAccessedAt);
  if (s.deletionDate !== undefined) out.DeletedDate = epochSeconds(s.deletionDate);
  if (s.rotationEnabled && s.nextRotationAt !== undefined) out.NextRotationDate = epochSeconds(s.nextRotationAt);
  if (s.tags !== undefined) out.Tags = s.tags;
  const stages = versionsToStages(versions);
  if (stages) out[mapName] = stages;
  if (s.owningService !== undefined) out.OwningService = s.owningService;
  out.CreatedDate = epochSeconds(s.createdAt);
  return out;
}

/**
 * The rotation members (api-notes §9): all absent until rotation is first configured;
 * RotationEnabled false, with RotationLambdaARN and RotationRules kept, after CancelRotateSecret;
 * LastRotatedDate and NextRotationDate only while rotation is enabled (the model: null when
 * rotation is disabled).
 */
function rotationView(s: SecretRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.rotationEnabled === undefined) return out;
  out.RotationEnabled = s.rotationEnabled;
  if (s.rotationLambdaArn !== undefined) out.RotationLambdaARN = s.rotationLambdaArn;
  if (s.rotationRules !== undefined) out.RotationRules = s.rotationRules;
  if (s.externalRotationMetadata !== undefined) out.ExternalSecretRotationMetadata = s.externalRotationMetadata;
  if (s.externalRotationRoleArn !== undefined) out.ExternalSecretRotationRoleArn = s.externalRotationRoleArn;
  if (s.rotationEnabled && s.lastRotatedAt !== undefined) out.LastRotatedDate = epochSeconds(s.lastRotatedAt);
  return out;
}
