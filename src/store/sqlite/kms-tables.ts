import type Database from 'better-sqlite3';
import type { KmsTx } from '../kms-port.js';
import type { KmsAliasRecord, KmsKeyMaterialRecord, KmsKeyRecord } from '../records.js';

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
  material_version: number;
  policy: string | null;
  tags: string | null;
  rotation_enabled: number;
  rotation_period_days: number | null;
  next_rotation_at: number | null;
  deletion_date: number | null;
  pending_window_days: number | null;
}

export function kmsKeyFromRow(r: KmsKeyRow): KmsKeyRecord {
  const k: KmsKeyRecord = {
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
  if (r.material_version) k.materialVersion = r.material_version;
  if (r.policy !== null) k.policy = r.policy;
  if (r.tags !== null) k.tags = JSON.parse(r.tags);
  if (r.rotation_enabled) k.rotationEnabled = true;
  if (r.rotation_period_days !== null) k.rotationPeriodDays = r.rotation_period_days;
  if (r.next_rotation_at !== null) k.nextRotationAt = r.next_rotation_at;
  if (r.deletion_date !== null) k.deletionDate = r.deletion_date;
  if (r.pending_window_days !== null) k.pendingWindowDays = r.pending_window_days;
  return k;
}

export function kmsKeyToParams(k: KmsKeyRecord): Record<string, unknown> {
  return {
    account_id: k.accountId,
    region: k.region,
    key_id: k.keyId,
    arn: k.arn,
    key_manager: k.keyManager,
    description: k.description,
    state: k.state,
    sealed_material: k.sealedMaterial,
    created_at: k.createdAt,
    material_version: k.materialVersion ?? 0,
    policy: k.policy ?? null,
    tags: k.tags === undefined ? null : JSON.stringify(k.tags),
    rotation_enabled: k.rotationEnabled ? 1 : 0,
    rotation_period_days: k.rotationPeriodDays ?? null,
    next_rotation_at: k.nextRotationAt ?? null,
    deletion_date: k.deletionDate ?? null,
    pending_window_days: k.pendingWindowDays ?? null,
  };
}

export const INSERT_KMS_KEY = `INSERT INTO kms_keys (account_id, region, key_id, arn, key_manager, description, state,
    sealed_material, created_at, material_version, policy, tags, rotation_enabled, rotation_period_days,
    next_rotation_at, deletion_date, pending_window_days)
  VALUES (@account_id, @region, @key_id, @arn, @key_manager, @description, @state, @sealed_material, @created_at,
    @material_version, @policy, @tags, @rotation_enabled, @rotation_period_days, @next_rotation_at, @deletion_date,
    @pending_window_days)`;

interface AliasRow {
  account_id: string;
  region: string;
  alias_name: string;
  target_key_id: string;
  created_at: number;
  last_updated_at: number | null;
}

export function kmsAliasFromRow(r: AliasRow): KmsAliasRecord {
  const a: KmsAliasRecord = {
    accountId: r.account_id,
    region: r.region,
    aliasName: r.alias_name,
    targetKeyId: r.target_key_id,
    createdAt: r.created_at,
  };
  if (r.last_updated_at !== null) a.lastUpdatedAt = r.last_updated_at;
  return a;
}

interface MaterialRow {
  key_arn: string;
  version: number;
  sealed_material: Buffer;
  created_at: number;
  rotation_type: KmsKeyMaterialRecord['rotationType'] | null;
}

const materialFromRow = (r: MaterialRow): KmsKeyMaterialRecord => ({
  keyArn: r.key_arn,
  version: r.version,
  sealedMaterial: r.sealed_material,
  createdAt: r.created_at,
  ...(r.rotation_type !== null ? { rotationType: r.rotation_type } : {}),
});

/** KmsTx over one better-sqlite3 connection (statements prepared once, through `st`). */
export class KmsTables implements KmsTx {
  constructor(private readonly st: (sql: string) => Database.Statement) {}

  async updateKey(k: KmsKeyRecord): Promise<void> {
    this.st(
      `UPDATE kms_keys SET description = @description, state = @state, sealed_material = @sealed_material,
         material_version = @material_version, policy = @policy, tags = @tags, rotation_enabled = @rotation_enabled,
         rotation_period_days = @rotation_period_days, next_rotation_at = @next_rotation_at,
         deletion_date = @deletion_date, pending_window_days = @pending_window_days
       WHERE account_id = @account_id AND region = @region AND key_id = @key_id`,
    ).run(kmsKeyToParams(k));
  }

  async listKeys(accountId: string, region: string): Promise<KmsKeyRecord[]> {
    const rows = this.st('SELECT * FROM kms_keys WHERE account_id = ? AND region = ? ORDER BY created_at, key_id').all(
      accountId,
      region,
    ) as KmsKeyRow[];
    return rows.map(kmsKeyFromRow);
  }

  async keysDue(now: number, limit: number): Promise<KmsKeyRecord[]> {
    const rows = this.st(
      `SELECT * FROM kms_keys WHERE rotation_enabled = 1 AND state = 'Enabled' AND next_rotation_at <= @now
       UNION
       SELECT * FROM kms_keys WHERE deletion_date IS NOT NULL AND deletion_date <= @now
       LIMIT @limit`,
    ).all({ now, limit }) as KmsKeyRow[];
    return rows.map(kmsKeyFromRow);
  }

  async deleteKey(accountId: string, region: string, keyId: string): Promise<void> {
    const row = this.st('SELECT arn FROM kms_keys WHERE account_id = ? AND region = ? AND key_id = ?').get(
      accountId,
      region,
      keyId,
    ) as { arn: string } | undefined;
    if (!row) return;
    this.st('DELETE FROM kms_key_materials WHERE key_arn = ?').run(row.arn);
    this.st('DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND target_key_id = ?').run(accountId, region, keyId);
    this.st('DELETE FROM kms_keys WHERE account_id = ? AND region = ? AND key_id = ?').run(accountId, region, keyId);
  }

  async listAliases(accountId: string, region: string): Promise<KmsAliasRecord[]> {
    const rows = this.st('SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? ORDER BY alias_name').all(
      accountId,
      region,
    ) as AliasRow[];
    return rows.map(kmsAliasFromRow);
  }

  async updateAlias(a: KmsAliasRecord): Promise<void> {
    this.st(
      `UPDATE kms_aliases SET target_key_id = ?, last_updated_at = ?
       WHERE account_id = ? AND region = ? AND alias_name = ?`,
    ).run(a.targetKeyId, a.lastUpdatedAt ?? null, a.accountId, a.region, a.aliasName);
  }

  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<void> {
    this.st('DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?').run(accountId, region, aliasName);
  }

  async insertMaterial(m: KmsKeyMaterialRecord): Promise<void> {
    this.st(
      'INSERT INTO kms_key_materials (key_arn, version, sealed_material, created_at, rotation_type) VALUES (?, ?, ?, ?, ?)',
    ).run(m.keyArn, m.version, m.sealedMaterial, m.createdAt, m.rotationType ?? null);
  }

  async getMaterial(keyArn: string, version: number): Promise<KmsKeyMaterialRecord | undefined> {
    const r = this.st('SELECT * FROM kms_key_materials WHERE key_arn = ? AND version = ?').get(keyArn, version) as
      | MaterialRow
      | undefined;
    return r && materialFromRow(r);
  }

  async listMaterials(keyArn: string): Promise<KmsKeyMaterialRecord[]> {
    const rows = this.st('SELECT * FROM kms_key_materials WHERE key_arn = ? ORDER BY version').all(keyArn) as MaterialRow[];
    return rows.map(materialFromRow);
  }
}
