import path from 'node:path';
import Database from 'better-sqlite3';
import type { Store, StoreTx } from '../store.js';
import { Mutex } from '../mutex.js';
import { SqliteAuditAppender } from './audit-append.js';
import { migrate } from './migrations.js';
import { SqliteTx } from './sqlite-tx.js';

export const SQLITE_FILE = 'coffer.db';

/** How long a statement waits for a lock another process holds before it fails with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed write
 * survives a crash. One connection writes (transactions serialised, BEGIN IMMEDIATE so several
 * processes on one file take turns), another reads committed snapshots.
 *
 * Taking turns with other processes (cluster workers, admin commands): while another process holds
 * the write lock, BEGIN IMMEDIATE is retried every millisecond from a timer, for up to 5 s, instead
 * of in SQLite's busy handler, which sleeps in the thread and so would stall every call this process
 * is serving (reads included) for as long as the other process's commit and fsync take.
 */
export function openSqliteStore(dataDir: string): Store {
  const file = path.join(dataDir, SQLITE_FILE);
  const writer = connect(file);
  migrate(writer);
  // From here on the writer meets a busy lock only at BEGIN IMMEDIATE, where beginWrite waits for it.
  writer.pragma('busy_timeout = 0');
  const reader = connect(file);
  const writeTx = new SqliteTx(writer);
  const readTx = new SqliteTx(reader);
  const writeLock = new Mutex();
  const readLock = new Mutex();
  const audit = new SqliteAuditAppender(file);

  async function beginWrite(): Promise<void> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      try {
        writer.exec('BEGIN IMMEDIATE');
        return;
      } catch (err) {
        if (!String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  async function inTransaction<T>(
    db: Database.Database,
    begin: () => void | Promise<void>,
    tx: StoreTx,
    fn: (tx: StoreTx) => Promise<T>,
  ): Promise<T> {
    await begin();
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
    write: (fn) => writeLock.run(() => inTransaction(writer, beginWrite, writeTx, fn)),
    read: (fn) => readLock.run(() => inTransaction(reader, () => void reader.exec('BEGIN'), readTx, fn)),
    appendAudit: (rows) => audit.append(rows),
    close: async () => {
      await writeLock.run(async () => undefined);
      await audit.close();
      reader.close();
      writer.close();
    },
  };
}

function connect(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  return db;
}
