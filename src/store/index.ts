export { type Store, type StoreTx, InvalidCursorError } from './store.js';
export type * from './records.js';
export { openSqliteStore, SQLITE_FILE } from './sqlite/sqlite-store.js';
