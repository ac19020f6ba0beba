/**
 * Rotation: the configuration columns of a secret, the persisted state machine of each secret's
 * latest rotation (with its lease, so that one process at a time drives it), and the rotation
 * functions operators register.
 */
export const ROTATION_SCHEMA = `
  ALTER TABLE secrets ADD COLUMN rotation_enabled INTEGER;
  ALTER TABLE secrets ADD COLUMN rotation_lambda_arn TEXT;
  ALTER TABLE secrets ADD COLUMN rotation_rules TEXT;
  ALTER TABLE secrets ADD COLUMN last_rotated_at INTEGER;
  ALTER TABLE secrets ADD COLUMN next_rotation_at INTEGER;
  ALTER TABLE secrets ADD COLUMN rotation_due_at INTEGER;
  ALTER TABLE secrets ADD COLUMN external_rotation_metadata TEXT;
  ALTER TABLE secrets ADD COLUMN external_rotation_role_arn TEXT;
  CREATE INDEX secrets_by_rotation_due ON secrets (rotation_due_at)
    WHERE rotation_enabled = 1 AND rotation_due_at IS NOT NULL AND deletion_date IS NULL;
  CREATE TABLE rotations (
    secret_arn TEXT PRIMARY KEY REFERENCES secrets(arn) ON DELETE CASCADE,
    token TEXT NOT NULL,
    rotation_token TEXT NOT NULL,
    function_arn TEXT NOT NULL,
    mode TEXT NOT NULL,
    trigger TEXT NOT NULL,
    status TEXT NOT NULL,
    step TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    last_error TEXT,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX rotations_due ON rotations (next_attempt_at) WHERE status = 'InProgress';
  CREATE TABLE rotation_functions (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    command TEXT,
    url TEXT,
    env TEXT,
    access_key_id TEXT NOT NULL,
    sealed_hmac_key BLOB,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, name)
  );
  `;
