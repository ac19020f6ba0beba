import type Database from 'better-sqlite3';
import type { RotationFunctionRecord, RotationRecord } from '../records.js';

interface RotationRow {
  secret_arn: string;
  token: string;
  rotation_token: string;
  function_arn: string;
  mode: RotationRecord['mode'];
  trigger: RotationRecord['trigger'];
  status: RotationRecord['status'];
  step: RotationRecord['step'];
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  started_at: number;
  updated_at: number;
  finished_at: number | null;
}

function rotationFromRow(r: RotationRow): RotationRecord {
  const out: RotationRecord = {
    secretArn: r.secret_arn,
    token: r.token,
    rotationToken: r.rotation_token,
    functionArn: r.function_arn,
    mode: r.mode,
    trigger: r.trigger,
    status: r.status,
    step: r.step,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
  };
  if (r.lease_owner !== null) out.leaseOwner = r.lease_owner;
  if (r.lease_until !== null) out.leaseUntil = r.lease_until;
  if (r.last_error !== null) out.lastError = r.last_error;
  if (r.finished_at !== null) out.finishedAt = r.finished_at;
  return out;
}

function rotationToParams(r: RotationRecord): RotationRow {
  return {
    secret_arn: r.secretArn,
    token: r.token,
    rotation_token: r.rotationToken,
    function_arn: r.functionArn,
    mode: r.mode,
    trigger: r.trigger,
    status: r.status,
    step: r.step,
    attempts: r.attempts,
    next_attempt_at: r.nextAttemptAt,
    lease_owner: r.leaseOwner ?? null,
    lease_until: r.leaseUntil ?? null,
    last_error: r.lastError ?? null,
    started_at: r.startedAt,
    updated_at: r.updatedAt,
    finished_at: r.finishedAt ?? null,
  };
}

interface FunctionRow {
  account_id: string;
  region: string;
  name: string;
  kind: 'command' | 'url';
  command: string | null;
  url: string | null;
  env: string | null;
  role_arn: string | null;
  sealed_hmac_key: Buffer | null;
  created_at: number;
}

function functionFromRow(r: FunctionRow): RotationFunctionRecord {
  const f: RotationFunctionRecord = {
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    kind: r.kind,
    createdAt: r.created_at,
  };
  if (r.role_arn !== null) f.roleArn = r.role_arn;
  if (r.command !== null) f.command = r.command;
  if (r.url !== null) f.url = r.url;
  if (r.env !== null) f.env = JSON.parse(r.env);
  if (r.sealed_hmac_key !== null) f.sealedHmacKey = r.sealed_hmac_key;
  return f;
}

/** The rotation tables of the SQLite adapter (state machines and registered functions). */
export class RotationTables {
  constructor(private readonly st: (sql: string) => Database.Statement) {}

  async secretsDueForRotation(now: number, limit: number): Promise<string[]> {
    const rows = this.st(
      `SELECT arn FROM secrets WHERE rotation_enabled = 1 AND rotation_due_at IS NOT NULL AND deletion_date IS NULL
         AND rotation_due_at <= ? ORDER BY rotation_due_at LIMIT ?`,
    ).all(now, limit) as { arn: string }[];
    return rows.map((r) => r.arn);
  }

  async getRotation(secretArn: string): Promise<RotationRecord | undefined> {
    const r = this.st('SELECT * FROM rotations WHERE secret_arn = ?').get(secretArn) as RotationRow | undefined;
    return r && rotationFromRow(r);
  }

  async putRotation(r: RotationRecord): Promise<void> {
    this.st(
      `INSERT INTO rotations (secret_arn, token, rotation_token, function_arn, mode, trigger, status, step, attempts,
         next_attempt_at, lease_owner, lease_until, last_error, started_at, updated_at, finished_at)
       VALUES (@secret_arn, @token, @rotation_token, @function_arn, @mode, @trigger, @status, @step, @attempts,
         @next_attempt_at, @lease_owner, @lease_until, @last_error, @started_at, @updated_at, @finished_at)
       ON CONFLICT (secret_arn) DO UPDATE SET token = excluded.token, rotation_token = excluded.rotation_token,
         function_arn = excluded.function_arn, mode = excluded.mode, trigger = excluded.trigger,
         status = excluded.status, step = excluded.step, attempts = excluded.attempts,
         next_attempt_at = excluded.next_attempt_at, lease_owner = excluded.lease_owner,
         lease_until = excluded.lease_until, last_error = excluded.last_error, started_at = excluded.started_at,
         updated_at = excluded.updated_at, finished_at = excluded.finished_at`,
    ).run(rotationToParams(r));
  }

  /** The claim is one UPDATE over the due rows: inside BEGIN IMMEDIATE no other writer runs between. */
  async claimRotations(owner: string, now: number, leaseUntil: number, limit: number): Promise<RotationRecord[]> {
    const rows = this.st(
      `UPDATE rotations SET lease_owner = ?, lease_until = ?
       WHERE secret_arn IN (
         SELECT secret_arn FROM rotations
         WHERE status = 'InProgress' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
         ORDER BY next_attempt_at LIMIT ?)
       RETURNING *`,
    ).all(owner, leaseUntil, now, now, limit) as RotationRow[];
    return rows.map(rotationFromRow);
  }

  async countLeasedRotations(now: number): Promise<number> {
    const row = this.st(`SELECT COUNT(*) AS n FROM rotations WHERE status = 'InProgress' AND lease_until >= ?`).get(now) as { n: number };
    return row.n;
  }

  async getFunction(accountId: string, region: string, name: string): Promise<RotationFunctionRecord | undefined> {
    const r = this.st('SELECT * FROM rotation_functions WHERE account_id = ? AND region = ? AND name = ?').get(
      accountId,
      region,
      name,
    ) as FunctionRow | undefined;
    return r && functionFromRow(r);
  }

  async insertFunction(f: RotationFunctionRecord): Promise<void> {
    this.st(
      `INSERT INTO rotation_functions (account_id, region, name, kind, command, url, env, role_arn,
         sealed_hmac_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      f.accountId,
      f.region,
      f.name,
      f.kind,
      f.command ?? null,
      f.url ?? null,
      f.env === undefined ? null : JSON.stringify(f.env),
      f.roleArn ?? null,
      f.sealedHmacKey ?? null,
      f.createdAt,
    );
  }

  async listFunctions(accountId: string, region: string): Promise<RotationFunctionRecord[]> {
    const rows = this.st('SELECT * FROM rotation_functions WHERE account_id = ? AND region = ? ORDER BY name').all(
      accountId,
      region,
    ) as FunctionRow[];
    return rows.map(functionFromRow);
  }

  async deleteFunction(accountId: string, region: string, name: string): Promise<void> {
    this.st('DELETE FROM rotation_functions WHERE account_id = ? AND region = ? AND name = ?').run(accountId, region, name);
  }
}
