import type Database from 'better-sqlite3';
import { CORE_SCHEMA } from './schema/0001-core.js';
import { ROTATION_SCHEMA } from './schema/0002-rotation.js';
import { AUDIT_SCHEMA } from './schema/0003-audit.js';
import { KMS_AND_POLICIES_SCHEMA } from './schema/0005-kms-and-policies.js';
import { IAM_SCHEMA } from './schema/0004-iam.js';
import { FUNCTION_ROLES_SCHEMA } from './schema/0006-function-roles.js';
import { PERMISSIONS_BOUNDARIES_SCHEMA } from './schema/0007-permissions-boundaries.js';

/**
 * Versioned schema migrations, one file each under schema/, applied in this order; `PRAGMA
 * user_version` records how many have run. Append only: never edit or reorder a released entry.
 */
const MIGRATIONS: string[] = [CORE_SCHEMA, ROTATION_SCHEMA, AUDIT_SCHEMA, KMS_AND_POLICIES_SCHEMA, IAM_SCHEMA, FUNCTION_ROLES_SCHEMA, PERMISSIONS_BOUNDARIES_SCHEMA];

/** The schema version a fully migrated file records in `PRAGMA user_version`. */
export function schemaVersion(): number {
  return MIGRATIONS.length;
}

/** Applies the pending migrations in one IMMEDIATE transaction, so processes starting together take turns. */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let i = current; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]!);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
