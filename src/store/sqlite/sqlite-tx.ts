import type Database from 'better-sqlite3';
import type { StoreTx } from '../store.js';
import type {
  AccessKeyRecord,
  AccountRecord,
  KmsAliasRecord,
  KmsKeyRecord,
  PrincipalRecord,
  RotationFunctionRecord,
  RotationRecord,
  SecretRecord,
  SecretScanBatch,
  SecretScanQuery,
  VersionRecord,
} from '../records.js';
import {
  secretFromRow,
  secretToParams,
  versionFromRow,
  versionToParams,
  type SecretRow,
  type VersionRow,
} from './row-mapping.js';
import { RotationTables } from './rotation-tables.js';
import { AuditTables } from './audit-tables.js';
import { SqliteIamTables } from './iam-tables.js';
import { INSERT_KMS_KEY, KmsTables, kmsAliasFromRow, kmsKeyFromRow, kmsKeyToParams, type KmsKeyRow } from './kms-tables.js';
import { decodeCursor, encodeCursor, scanSql } from './secret-scan.js';
import { RawRows } from './raw-rows.js';

/** StoreTx over one better-sqlite3 connection; statements are prepared once per connection. */
export class SqliteTx implements StoreTx {
  private readonly stmts = new Map<string, Database.Statement>();

  /** The audit trail's tables: SQL in audit-tables.ts. */
  readonly audit = new AuditTables((sql) => this.st(sql));

  /** KMS keys, aliases and key material versions: SQL in kms-tables.ts. */
  readonly kms = new KmsTables((sql) => this.st(sql));

  /** IAM users, groups, roles and policies: SQL in iam-tables.ts. */
  readonly iam = new SqliteIamTables((sql) => this.st(sql));

  constructor(private readonly db: Database.Database) {}

  private readonly rawStmts = new Map<string, RawRows<unknown>>();

  /** Wide rows in bulk (listings): see RawRows. Its statements are its own, in raw mode. */
  private rows<T>(sql: string, params: unknown[]): T[] {
    let r = this.rawStmts.get(sql);
    if (!r) {
      r = new RawRows(this.db.prepare(sql));
      this.rawStmts.set(sql, r);
    }
    return r.all(params) as T[];
  }

  private st(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  async getAccount(id: string): Promise<AccountRecord | undefined> {
    const r = this.st('SELECT id, name, created_at FROM accounts WHERE id = ?').get(id) as
      | { id: string; name: string; created_at: number }
      | undefined;
    return r && { id: r.id, name: r.name, createdAt: r.created_at };
  }

  async insertAccount(a: AccountRecord): Promise<void> {
    this.st('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(a.id, a.name, a.createdAt);
  }

  async listAccounts(): Promise<AccountRecord[]> {
    const rows = this.st('SELECT id, name, created_at FROM accounts ORDER BY created_at, id').all() as {
      id: string;
      name: string;
      created_at: number;
    }[];
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  async getPrincipal(arn: string): Promise<PrincipalRecord | undefined> {
    // Every principal row is an IAM user ('IAMUser' is PrincipalRecord's only type).
    return this.iam.getUserByArn(arn);
  }

  async insertPrincipal(p: PrincipalRecord): Promise<void> {
    this.st(
      `INSERT INTO principals (arn, account_id, type, name, principal_id, is_account_admin, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(p.arn, p.accountId, p.type, p.name, p.principalId, p.isAccountAdmin ? 1 : 0, p.createdAt);
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const r = this.st('SELECT * FROM access_keys WHERE access_key_id = ?').get(accessKeyId) as
      | Record<string, any>
      | undefined;
    return (
      r && {
        accessKeyId: r.access_key_id,
        principalArn: r.principal_arn,
        accountId: r.account_id,
        sealedSecret: r.sealed_secret,
        status: r.status,
        createdAt: r.created_at,
      }
    );
  }

  async insertAccessKey(k: AccessKeyRecord): Promise<void> {
    this.st(
      `INSERT INTO access_keys (access_key_id, principal_arn, account_id, sealed_secret, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(k.accessKeyId, k.principalArn, k.accountId, k.sealedSecret, k.status, k.createdAt);
  }

  async getKmsKey(accountId: string, region: string, keyId: string): Promise<KmsKeyRecord | undefined> {
    const r = this.st('SELECT * FROM kms_keys WHERE account_id = ? AND region = ? AND key_id = ?').get(
      accountId,
      region,
      keyId,
    ) as KmsKeyRow | undefined;
    return r && kmsKeyFromRow(r);
  }

  async insertKmsKey(k: KmsKeyRecord): Promise<void> {
    this.st(INSERT_KMS_KEY).run(kmsKeyToParams(k));
  }

  async getKmsAlias(accountId: string, region: string, aliasName: string): Promise<KmsAliasRecord | undefined> {
    const r = this.st('SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?').get(
      accountId,
      region,
      aliasName,
    ) as Parameters<typeof kmsAliasFromRow>[0] | undefined;
    return r && kmsAliasFromRow(r);
  }

  async insertKmsAlias(a: KmsAliasRecord): Promise<void> {
    this.st(
      'INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, last_updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(a.accountId, a.region, a.aliasName, a.targetKeyId, a.createdAt, a.lastUpdatedAt ?? null);
  }

  async getSecretByArn(arn: string): Promise<SecretRecord | undefined> {
    const r = this.st('SELECT * FROM secrets WHERE arn = ?').get(arn) as SecretRow | undefined;
    return r && secretFromRow(r);
  }

  async getSecretByName(accountId: string, region: string, name: string): Promise<SecretRecord | undefined> {
    const r = this.st('SELECT * FROM secrets WHERE account_id = ? AND region = ? AND name = ?').get(
      accountId,
      region,
      name,
    ) as SecretRow | undefined;
    return r && secretFromRow(r);
  }

  async insertSecret(s: SecretRecord): Promise<void> {
    this.st(
      `INSERT INTO secrets (arn, account_id, region, name, description, kms_key_id, tags, type, owning_service,
         created_at, last_changed_at, last_accessed_at, deleted_at, deletion_date, resource_policy, rotation_enabled,
         rotation_lambda_arn, rotation_rules, last_rotated_at, next_rotation_at, rotation_due_at,
         external_rotation_metadata, external_rotation_role_arn)
       VALUES (@arn, @account_id, @region, @name, @description, @kms_key_id, @tags, @type, @owning_service,
         @created_at, @last_changed_at, @last_accessed_at, @deleted_at, @deletion_date, @resource_policy, @rotation_enabled,
         @rotation_lambda_arn, @rotation_rules, @last_rotated_at, @next_rotation_at, @rotation_due_at,
         @external_rotation_metadata, @external_rotation_role_arn)`,
    ).run(secretToParams(s));
  }

  async updateSecret(s: SecretRecord): Promise<void> {
    this.st(
      `UPDATE secrets SET name = @name, description = @description, kms_key_id = @kms_key_id, tags = @tags,
         type = @type, owning_service = @owning_service, last_changed_at = @last_changed_at,
         last_accessed_at = @last_accessed_at, deleted_at = @deleted_at, deletion_date = @deletion_date,
         resource_policy = @resource_policy,
         rotation_enabled = @rotation_enabled, rotation_lambda_arn = @rotation_lambda_arn,
         rotation_rules = @rotation_rules, last_rotated_at = @last_rotated_at, next_rotation_at = @next_rotation_at,
         rotation_due_at = @rotation_due_at, external_rotation_metadata = @external_rotation_metadata,
         external_rotation_role_arn = @external_rotation_role_arn
       WHERE arn = @arn`,
    ).run(secretToParams(s));
  }

  async purgeSecret(arn: string): Promise<void> {
    this.st('DELETE FROM versions WHERE secret_arn = ?').run(arn);
    this.st('DELETE FROM rotations WHERE secret_arn = ?').run(arn);
    this.st('DELETE FROM secrets WHERE arn = ?').run(arn);
  }

  async scanSecrets(q: SecretScanQuery): Promise<SecretScanBatch> {
    const { sql, sortValue } = scanSql(q.sortBy, q.sortOrder, q.after !== undefined);
    const params: unknown[] = [q.accountId, q.region, q.includeDeleted ? 1 : 0];
    if (q.after !== undefined) {
      const [value, seq] = decodeCursor(q.after);
      params.push(value, seq);
    }
    params.push(q.limit);
    const rows = this.rows<SecretRow>(sql, params);
    return {
      secrets: rows.map((r) => ({ secret: secretFromRow(r), cursor: encodeCursor(sortValue(r), r.seq) })),
      done: rows.length < q.limit,
    };
  }

  async secretsDueForPurge(now: number, limit: number): Promise<string[]> {
    const rows = this.st(
      'SELECT arn FROM secrets WHERE deletion_date IS NOT NULL AND deletion_date <= ? ORDER BY deletion_date LIMIT ?',
    ).all(now, limit) as { arn: string }[];
    return rows.map((r) => r.arn);
  }

  async listVersions(secretArn: string): Promise<VersionRecord[]> {
    const rows = this.st('SELECT * FROM versions WHERE secret_arn = ? ORDER BY created_at, rowid').all(
      secretArn,
    ) as VersionRow[];
    return rows.map(versionFromRow);
  }

  async getVersion(secretArn: string, versionId: string): Promise<VersionRecord | undefined> {
    const r = this.st('SELECT * FROM versions WHERE secret_arn = ? AND version_id = ?').get(secretArn, versionId) as
      | VersionRow
      | undefined;
    return r && versionFromRow(r);
  }

  async getVersionByStage(secretArn: string, stage: string): Promise<VersionRecord | undefined> {
    const r = this.st(
      `SELECT * FROM versions WHERE secret_arn = ?
         AND EXISTS (SELECT 1 FROM json_each(versions.stages) WHERE json_each.value = ?)`,
    ).get(secretArn, stage) as VersionRow | undefined;
    return r && versionFromRow(r);
  }

  async insertVersion(v: VersionRecord): Promise<void> {
    this.st(
      `INSERT INTO versions (secret_arn, version_id, stages, created_at, last_accessed_at, kms_key_arn,
         wrapped_data_key, ciphertext, value_type)
       VALUES (@secret_arn, @version_id, @stages, @created_at, @last_accessed_at, @kms_key_arn,
         @wrapped_data_key, @ciphertext, @value_type)`,
    ).run(versionToParams(v));
  }

  async updateVersion(v: VersionRecord): Promise<void> {
    this.st(
      `UPDATE versions SET stages = @stages, last_accessed_at = @last_accessed_at, kms_key_arn = @kms_key_arn,
         wrapped_data_key = @wrapped_data_key, ciphertext = @ciphertext, value_type = @value_type
       WHERE secret_arn = @secret_arn AND version_id = @version_id`,
    ).run(versionToParams(v));
  }

  async deleteVersions(secretArn: string, versionIds: string[]): Promise<void> {
    const del = this.st('DELETE FROM versions WHERE secret_arn = ? AND version_id = ?');
    for (const id of versionIds) del.run(secretArn, id);
  }

  // Rotation state and functions: SQL in rotation-tables.ts.
  private rotationTables?: RotationTables;
  private get rot(): RotationTables {
    return (this.rotationTables ??= new RotationTables((sql) => this.st(sql)));
  }
  secretsDueForRotation(now: number, limit: number): Promise<string[]> {
    return this.rot.secretsDueForRotation(now, limit);
  }
  getRotation(secretArn: string): Promise<RotationRecord | undefined> {
    return this.rot.getRotation(secretArn);
  }
  putRotation(r: RotationRecord): Promise<void> {
    return this.rot.putRotation(r);
  }
  claimRotations(owner: string, now: number, leaseUntil: number, limit: number): Promise<RotationRecord[]> {
    return this.rot.claimRotations(owner, now, leaseUntil, limit);
  }
  countLeasedRotations(now: number): Promise<number> {
    return this.rot.countLeasedRotations(now);
  }
  getRotationFunction(accountId: string, region: string, name: string): Promise<RotationFunctionRecord | undefined> {
    return this.rot.getFunction(accountId, region, name);
  }
  insertRotationFunction(f: RotationFunctionRecord): Promise<void> {
    return this.rot.insertFunction(f);
  }
  listRotationFunctions(accountId: string, region: string): Promise<RotationFunctionRecord[]> {
    return this.rot.listFunctions(accountId, region);
  }
  deleteRotationFunction(accountId: string, region: string, name: string): Promise<void> {
    return this.rot.deleteFunction(accountId, region, name);
  }
  async deleteAccessKey(accessKeyId: string): Promise<void> {
    this.st('DELETE FROM access_keys WHERE access_key_id = ?').run(accessKeyId);
  }

  async getSetting(name: string): Promise<Buffer | undefined> {
    const r = this.st('SELECT value FROM settings WHERE name = ?').get(name) as { value: Buffer } | undefined;
    return r?.value;
  }

  async putSetting(name: string, value: Buffer): Promise<void> {
    this.st('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(
      name,
      value,
    );
  }
}
