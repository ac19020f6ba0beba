import type Database from 'better-sqlite3';
import { CORE_SCHEMA } from './schema/0001-core.js';

/**
 * Versioned schema migrations, one file each under schema/, applied in this order; `PRAGMA
 * user_version` records how many have run. Append only: never edit or reorder a released entry.
 */
const MIGRATIONS: string[] = [CORE_SCHEMA];

/** Applies the pending migrations in one IMMEDIATE transaction, so processes starting together take turns. */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let i = current; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]!);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
