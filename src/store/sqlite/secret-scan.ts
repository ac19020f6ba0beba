import type { SecretSortKey } from '../records.js';
import type { SecretRow } from './row-mapping.js';
import { InvalidCursorError } from '../store.js';

/** Keyset pagination over secrets: the cursor is (sort value, seq) of the last row returned. */


const COLUMNS: Record<SecretSortKey, { expr: string; value: (r: SecretRow) => string | number }> = {
  'created-date': { expr: 'created_at', value: (r) => r.created_at },
  'last-changed-date': { expr: 'last_changed_at', value: (r) => r.last_changed_at },
  'last-accessed-date': { expr: 'COALESCE(last_accessed_at, 0)', value: (r) => r.last_accessed_at ?? 0 },
  name: { expr: 'name', value: (r) => r.name },
};

export function scanSql(
  sortBy: SecretSortKey,
  order: 'asc' | 'desc',
  hasCursor: boolean,
): { sql: string; sortValue: (r: SecretRow) => string | number } {
  const col = COLUMNS[sortBy];
  const cmp = order === 'asc' ? '>' : '<';
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  // A row value, not `col > ? OR (col = ? AND seq > ?)`: SQLite seeks the index to the cursor with
  // it, where the OR form makes it walk the index from the first row (every page costing as much as
  // all the pages before it).
  const after = hasCursor ? `AND (${col.expr}, seq) ${cmp} (?, ?)` : '';
  return {
    sql: `SELECT * FROM secrets WHERE account_id = ? AND region = ? AND (deletion_date IS NULL OR ? = 1) ${after}
          ORDER BY ${col.expr} ${dir}, seq ${dir} LIMIT ?`,
    sortValue: col.value,
  };
}

export function encodeCursor(value: string | number, seq: number): string {
  // One per row read: for a number, String() is its JSON, without JSON.stringify's array walk.
  const json = typeof value === 'number' ? `[${value},${seq}]` : JSON.stringify([value, seq]);
  return Buffer.from(json, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string | number, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && Number.isInteger(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
