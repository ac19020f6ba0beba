/**
 * The thread behind SqliteAuditAppender: its own connection to the store file, appending audit
 * rows in transactions of their own. It may wait for the write lock and for fsync as long as it
 * takes; the main thread keeps serving meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { AuditRow } from '../audit-port.js';
import { AuditTables } from './audit-tables.js';

const db = new Database(workerData.file as string);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const statements = new Map<string, Database.Statement>();
const tables = new AuditTables((sql) => {
  let s = statements.get(sql);
  if (!s) statements.set(sql, (s = db.prepare(sql)));
  return s;
});

parentPort!.on('message', (m: { id: number; rows: AuditRow[] }) => {
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      tables.insertNow(m.rows);
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
    parentPort!.postMessage({ id: m.id });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
