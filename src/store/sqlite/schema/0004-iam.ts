/**
 * IAM: users keep living in `principals` (now with a path and tags, names unique per account
 * regardless of case), plus groups and memberships, roles with their trust policy, inline
 * policies, customer managed policies with their versions, and attachments.
 */
export const IAM_SCHEMA = `
  ALTER TABLE principals ADD COLUMN path TEXT NOT NULL DEFAULT '/';
  ALTER TABLE principals ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
  CREATE UNIQUE INDEX principals_by_name ON principals (account_id, type, name COLLATE NOCASE);
  CREATE INDEX access_keys_by_principal ON access_keys (principal_arn);
  CREATE TABLE iam_groups (
    group_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX iam_groups_by_name ON iam_groups (account_id, name COLLATE NOCASE);
  CREATE TABLE iam_group_members (
    group_id TEXT NOT NULL REFERENCES iam_groups(group_id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX iam_group_members_by_user ON iam_group_members (user_id);
  CREATE TABLE iam_roles (
    role_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    trust_policy TEXT NOT NULL,
    description TEXT,
    max_session_duration INTEGER NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX iam_roles_by_name ON iam_roles (account_id, name COLLATE NOCASE);
  CREATE TABLE iam_inline_policies (
    owner_id TEXT NOT NULL,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (owner_id, name)
  );
  CREATE TABLE iam_managed_policies (
    arn TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    policy_id TEXT NOT NULL UNIQUE,
    description TEXT,
    default_version_id TEXT NOT NULL,
    next_version INTEGER NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX iam_managed_policies_by_name ON iam_managed_policies (account_id, name COLLATE NOCASE);
  CREATE TABLE iam_policy_versions (
    policy_arn TEXT NOT NULL REFERENCES iam_managed_policies(arn) ON DELETE CASCADE,
    version_id TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (policy_arn, version_id)
  );
  CREATE TABLE iam_attachments (
    owner_id TEXT NOT NULL,
    policy_arn TEXT NOT NULL,
    PRIMARY KEY (owner_id, policy_arn)
  );
  CREATE INDEX iam_attachments_by_policy ON iam_attachments (policy_arn);
  `;
