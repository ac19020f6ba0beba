/**
 * KMS keys as KMS has them (key policy, tags, rotation, scheduled deletion, key material
 * versions kept after rotation so older ciphertexts still open), alias update times, and the
 * resource policy of a secret.
 *
 * Key material: `kms_keys.sealed_material` holds the key's current material (version
 * `material_version`). Once a key rotates, `kms_key_materials` holds every version (the first
 * with the key's creation time, each later one with the time and type of the rotation that made
 * it), so ciphertexts of any version open and ListKeyRotations can answer.
 * AWS-managed keys (aws/secretsmanager) rotate every year, as in AWS.
 */
export const KMS_AND_POLICIES_SCHEMA = `
  ALTER TABLE kms_keys ADD COLUMN material_version INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE kms_keys ADD COLUMN policy TEXT;
  ALTER TABLE kms_keys ADD COLUMN tags TEXT;
  ALTER TABLE kms_keys ADD COLUMN rotation_enabled INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE kms_keys ADD COLUMN rotation_period_days INTEGER;
  ALTER TABLE kms_keys ADD COLUMN next_rotation_at INTEGER;
  ALTER TABLE kms_keys ADD COLUMN deletion_date INTEGER;
  ALTER TABLE kms_keys ADD COLUMN pending_window_days INTEGER;
  UPDATE kms_keys SET rotation_enabled = 1, rotation_period_days = 365,
    next_rotation_at = created_at + 365 * 86400000 WHERE key_manager = 'AWS';
  CREATE INDEX kms_keys_rotation_due ON kms_keys (next_rotation_at) WHERE rotation_enabled = 1;
  CREATE INDEX kms_keys_deletion_due ON kms_keys (deletion_date) WHERE deletion_date IS NOT NULL;
  CREATE TABLE kms_key_materials (
    key_arn TEXT NOT NULL,
    version INTEGER NOT NULL,
    sealed_material BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    rotation_type TEXT,
    PRIMARY KEY (key_arn, version)
  );
  ALTER TABLE kms_aliases ADD COLUMN last_updated_at INTEGER;
  ALTER TABLE secrets ADD COLUMN resource_policy TEXT;
  `;
