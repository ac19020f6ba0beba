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
} from './records.js';
import type { AuditRow, AuditTx } from './audit-port.js';
import type { KmsTx } from './kms-port.js';
import type { IamTx } from './iam-port.js';

/**
 * The persistence port. Every adapter (SQLite today, PostgreSQL next) implements it; the
 * conformance suite in test/store exercises any adapter through it.
 */
export interface Store {
  /** Runs fn in one write transaction: committed durably when fn resolves, rolled back when it throws. */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs fn over a consistent snapshot of committed data. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Appends audit rows in a transaction of their own, durable when the promise resolves, possibly
   * committed off the main thread (SQLite: a worker thread with its own connection) so that the
   * process keeps serving while the disk syncs. Optional: without it the trail uses write().
   */
  appendAudit?(rows: AuditRow[]): Promise<void>;
  close(): Promise<void>;
}

export interface StoreTx {
  /** The audit trail's records (appended in the same transaction as the change they describe). */
  readonly audit: AuditTx;
  /** KMS keys, aliases and key material versions beyond the lookups below. */
  readonly kms: KmsTx;
  /** IAM users, groups, roles, inline and managed policies, attachments. */
  readonly iam: IamTx;

  getAccount(id: string): Promise<AccountRecord | undefined>;
  insertAccount(a: AccountRecord): Promise<void>;
  listAccounts(): Promise<AccountRecord[]>;

  getPrincipal(arn: string): Promise<PrincipalRecord | undefined>;
  insertPrincipal(p: PrincipalRecord): Promise<void>;

  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  insertAccessKey(k: AccessKeyRecord): Promise<void>;

  getKmsKey(accountId: string, region: string, keyId: string): Promise<KmsKeyRecord | undefined>;
  insertKmsKey(k: KmsKeyRecord): Promise<void>;
  getKmsAlias(accountId: string, region: string, aliasName: string): Promise<KmsAliasRecord | undefined>;
  insertKmsAlias(a: KmsAliasRecord): Promise<void>;

  getSecretByArn(arn: string): Promise<SecretRecord | undefined>;
  getSecretByName(accountId: string, region: string, name: string): Promise<SecretRecord | undefined>;
  insertSecret(s: SecretRecord): Promise<void>;
  /** Replaces the row with the same ARN. */
  updateSecret(s: SecretRecord): Promise<void>;
  /** Removes the secret and all of its versions for good. */
  purgeSecret(arn: string): Promise<void>;
  scanSecrets(q: SecretScanQuery): Promise<SecretScanBatch>;
  /** ARNs of secrets whose deletion date is at or before `now`. */
  secretsDueForPurge(now: number, limit: number): Promise<string[]>;

  listVersions(secretArn: string): Promise<VersionRecord[]>;
  getVersion(secretArn: string, versionId: string): Promise<VersionRecord | undefined>;
  /** The version holding `stage`, if any. */
  getVersionByStage(secretArn: string, stage: string): Promise<VersionRecord | undefined>;
  insertVersion(v: VersionRecord): Promise<void>;
  /** Replaces the row with the same (secretArn, versionId). */
  updateVersion(v: VersionRecord): Promise<void>;
  deleteVersions(secretArn: string, versionIds: string[]): Promise<void>;

  /** ARNs of live secrets with rotation enabled whose next scheduled rotation is due at `now`. */
  secretsDueForRotation(now: number, limit: number): Promise<string[]>;

  /** The state machine of the secret's latest rotation, if any. */
  getRotation(secretArn: string): Promise<RotationRecord | undefined>;
  /** Inserts or replaces the secret's rotation row. */
  putRotation(r: RotationRecord): Promise<void>;
  /**
   * Claims up to `limit` in-progress rotations whose next attempt is due and whose lease is free
   * or expired: sets lease_owner/lease_until on them and returns them. Run it in a write
   * transaction so two processes never claim the same rotation.
   */
  claimRotations(owner: string, now: number, leaseUntil: number, limit: number): Promise<RotationRecord[]>;
  /** How many in-progress rotations some process holds an unexpired lease on at `now` (running now). */
  countLeasedRotations(now: number): Promise<number>;

  getRotationFunction(accountId: string, region: string, name: string): Promise<RotationFunctionRecord | undefined>;
  insertRotationFunction(f: RotationFunctionRecord): Promise<void>;
  listRotationFunctions(accountId: string, region: string): Promise<RotationFunctionRecord[]>;
  deleteRotationFunction(accountId: string, region: string, name: string): Promise<void>;
  deleteAccessKey(accessKeyId: string): Promise<void>;

  /** Small key/value settings of the deployment (for example the idempotency digest key). */
  getSetting(name: string): Promise<Buffer | undefined>;
  putSetting(name: string, value: Buffer): Promise<void>;
}

/** Thrown by scanSecrets for a cursor it did not produce. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}
