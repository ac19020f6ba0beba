import type { KmsKeyRecord, SecretRecord, VersionRecord } from '../records.js';

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

export interface KmsKeyRow {
  account_id: string;
  region: string;
  key_id: string;
  arn: string;
  key_manager: 'AWS' | 'CUSTOMER';
  description: string;
  state: KmsKeyRecord['state'];
  sealed_material: Buffer;
  created_at: number;
}

export function kmsKeyFromRow(r: KmsKeyRow): KmsKeyRecord {
  return {
    keyId: r.key_id,
    arn: r.arn,
    accountId: r.account_id,
    region: r.region,
    keyManager: r.key_manager,
    description: r.description,
    state: r.state,
    sealedMaterial: r.sealed_material,
    createdAt: r.created_at,
  };
}
