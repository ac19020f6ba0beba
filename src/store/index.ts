export { type Store, type StoreTx, InvalidCursorError } from './store.js';
export { Mutex } from './mutex.js';
export type * from './records.js';
export type * from './audit-port.js';
export type * from './kms-port.js';
export type * from './iam-port.js';
export { openSqliteStore, SQLITE_FILE } from './sqlite/sqlite-store.js';
