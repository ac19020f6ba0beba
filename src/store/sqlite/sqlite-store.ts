import path from 'node:path';
import Database from 'better-sqlite3';
import type { Store, StoreTx } from '../store.js';
import { Mutex } from '../mutex.js';
import { migrate } from './migrations.js';
import { SqliteTx } from './sqlite-tx.js';

export const SQLITE_FILE = 'coffer.db';

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed write
 * survives a crash. One connection writes (transactions serialised, BEGIN IMMEDIATE so several
 * processes on one file take turns), another reads committed snapshots.
 */
export function openSqliteStore(dataDir: string): Store {
  const file = path.join(dataDir, SQLITE_FILE);
  const writer = connect(file);
  migrate(writer);
  const reader = connect(file);
  const writeTx = new SqliteTx(writer);
  const readTx = new SqliteTx(reader);
  const writeLock = new Mutex();
  const readLock = new Mutex();

  async function inTransaction<T>(
    db: Database.Database,
    begin: string,
    tx: StoreTx,
    fn: (tx: StoreTx) => Promise<T>,
  ): Promise<T> {
    db.exec(begin);
    try {
      const result = await fn(tx);
      db.exec('COMMIT');
      return result;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }

  return {
    write: (fn) => writeLock.run(() => inTransaction(writer, 'BEGIN IMMEDIATE', writeTx, fn)),
    read: (fn) => readLock.run(() => inTransaction(reader, 'BEGIN', readTx, fn)),
    close: async () => {
      await writeLock.run(async () => undefined);
      reader.close();
      writer.close();
    },
  };
}

function connect(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}
