import type { SecretRecord, VersionRecord } from '../records.js';

/** Conversions between SQLite rows and records: NULL columns become absent members. */

export interface SecretRow {
  seq: number;
  arn: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  kms_key_id: string | null;
  tags: string | null;
  type: string | null;
  owning_service: string | null;
  created_at: number;
  last_changed_at: number;
  last_accessed_at: number | null;
  deleted_at: number | null;
  deletion_date: number | null;
  resource_policy: string | null;
  rotation_enabled: number | null;
  rotation_lambda_arn: string | null;
  rotation_rules: string | null;
  last_rotated_at: number | null;
  next_rotation_at: number | null;
  rotation_due_at: number | null;
  external_rotation_metadata: string | null;
  external_rotation_role_arn: string | null;
}

export function secretFromRow(r: SecretRow): SecretRecord {
  const s: SecretRecord = {
    arn: r.arn,
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    createdAt: r.created_at,
    lastChangedAt: r.last_changed_at,
  };
  if (r.description !== null) s.description = r.description;
  if (r.kms_key_id !== null) s.kmsKeyId = r.kms_key_id;
  if (r.tags !== null) s.tags = JSON.parse(r.tags);
  if (r.type !== null) s.type = r.type;
  if (r.owning_service !== null) s.owningService = r.owning_service;
  if (r.last_accessed_at !== null) s.lastAccessedAt = r.last_accessed_at;
  if (r.deleted_at !== null) s.deletedAt = r.deleted_at;
  if (r.deletion_date !== null) s.deletionDate = r.deletion_date;
  if (r.resource_policy !== null) s.resourcePolicy = r.resource_policy;
  if (r.rotation_enabled !== null) s.rotationEnabled = r.rotation_enabled === 1;
  if (r.rotation_lambda_arn !== null) s.rotationLambdaArn = r.rotation_lambda_arn;
  if (r.rotation_rules !== null) s.rotationRules = JSON.parse(r.rotation_rules);
  if (r.last_rotated_at !== null) s.lastRotatedAt = r.last_rotated_at;
  if (r.next_rotation_at !== null) s.nextRotationAt = r.next_rotation_at;
  if (r.rotation_due_at !== null) s.rotationDueAt = r.rotation_due_at;
  if (r.external_rotation_metadata !== null) s.externalRotationMetadata = JSON.parse(r.external_rotation_metadata);
  if (r.external_rotation_role_arn !== null) s.externalRotationRoleArn = r.external_rotation_role_arn;
  return s;
}

export function secretToParams(s: SecretRecord): Record<string, unknown> {
  return {
    arn: s.arn,
    account_id: s.accountId,
    region: s.region,
    name: s.name,
    description: s.description ?? null,
    kms_key_id: s.kmsKeyId ?? null,
    tags: s.tags === undefined ? null : JSON.stringify(s.tags),
    type: s.type ?? null,
    owning_service: s.owningService ?? null,
    created_at: s.createdAt,
    last_changed_at: s.lastChangedAt,
    last_accessed_at: s.lastAccessedAt ?? null,
    deleted_at: s.deletedAt ?? null,
    deletion_date: s.deletionDate ?? null,
    resource_policy: s.resourcePolicy ?? null,
    rotation_enabled: s.rotationEnabled === undefined ? null : s.rotationEnabled ? 1 : 0,
    rotation_lambda_arn: s.rotationLambdaArn ?? null,
    rotation_rules: s.rotationRules === undefined ? null : JSON.stringify(s.rotationRules),
    last_rotated_at: s.lastRotatedAt ?? null,
    next_rotation_at: s.nextRotationAt ?? null,
    rotation_due_at: s.rotationDueAt ?? null,
    external_rotation_metadata: s.externalRotationMetadata === undefined ? null : JSON.stringify(s.externalRotationMetadata),
    external_rotation_role_arn: s.externalRotationRoleArn ?? null,
  };
}

export interface VersionRow {
  secret_arn: string;
  version_id: string;
  stages: string;
  created_at: number;
  last_accessed_at: number | null;
  kms_key_arn: string;
  wrapped_data_key: Buffer | null;
  ciphertext: Buffer | null;
  value_type: 'string' | 'binary' | null;
}

export function versionFromRow(r: VersionRow): VersionRecord {
  const v: VersionRecord = {
    secretArn: r.secret_arn,
    versionId: r.version_id,
    stages: JSON.parse(r.stages),
    createdAt: r.created_at,
    kmsKeyArn: r.kms_key_arn,
  };
  if (r.last_accessed_at !== null) v.lastAccessedAt = r.last_accessed_at;
  if (r.wrapped_data_key !== null) v.wrappedDataKey = r.wrapped_data_key;
  if (r.ciphertext !== null) v.ciphertext = r.ciphertext;
  if (r.value_type !== null) v.valueType = r.value_type;
  return v;
}

export function versionToParams(v: VersionRecord): Record<string, unknown> {
  return {
    secret_arn: v.secretArn,
    version_id: v.versionId,
    stages: JSON.stringify(v.stages),
    created_at: v.createdAt,
    last_accessed_at: v.lastAccessedAt ?? null,
    kms_key_arn: v.kmsKeyArn,
    wrapped_data_key: v.wrappedDataKey ?? null,
    ciphertext: v.ciphertext ?? null,
    value_type: v.valueType ?? null,
  };
}
