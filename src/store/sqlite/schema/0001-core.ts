/** Accounts, principals, access keys, KMS keys and aliases, secrets, versions, settings. */
export const CORE_SCHEMA = `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE principals (
    arn TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    principal_id TEXT NOT NULL UNIQUE,
    is_account_admin INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY,
    principal_arn TEXT NOT NULL REFERENCES principals(arn),
    account_id TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE kms_keys (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    key_id TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    key_manager TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    sealed_material BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, key_id)
  );
  CREATE TABLE kms_aliases (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    alias_name TEXT NOT NULL,
    target_key_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, alias_name)
  );
  CREATE TABLE secrets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    arn TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    kms_key_id TEXT,
    tags TEXT,
    type TEXT,
    owning_service TEXT,
    created_at INTEGER NOT NULL,
    last_changed_at INTEGER NOT NULL,
    last_accessed_at INTEGER,
    deleted_at INTEGER,
    deletion_date INTEGER,
    UNIQUE (account_id, region, name)
  );
  CREATE INDEX secrets_by_created ON secrets (account_id, region, created_at, seq);
  CREATE INDEX secrets_by_changed ON secrets (account_id, region, last_changed_at, seq);
  CREATE INDEX secrets_by_accessed ON secrets (account_id, region, COALESCE(last_accessed_at, 0), seq);
  CREATE INDEX secrets_by_name ON secrets (account_id, region, name, seq);
  CREATE INDEX secrets_by_deletion ON secrets (deletion_date) WHERE deletion_date IS NOT NULL;
  CREATE TABLE versions (
    secret_arn TEXT NOT NULL REFERENCES secrets(arn) ON DELETE CASCADE,
    version_id TEXT NOT NULL,
    stages TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_accessed_at INTEGER,
    kms_key_arn TEXT NOT NULL,
    wrapped_data_key BLOB,
    ciphertext BLOB,
    value_type TEXT,
    PRIMARY KEY (secret_arn, version_id)
  );
  CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
  );
  `;
