import type Database from 'better-sqlite3';

/**
 * Many rows as plain objects (column name -> value), built from the statement in raw mode.
 * better-sqlite3 builds each row object natively, one property at a time; for wide rows (a secret
 * has 25 columns) building it in JavaScript from the row's array costs about a third less, which
 * matters where a listing reads a thousand rows per call. The objects are the same.
 */
export class RawRows<T> {
  private readonly names: string[];

  constructor(private readonly stmt: Database.Statement) {
    this.names = stmt.columns().map((c) => c.name);
    stmt.raw(true);
  }

  all(params: unknown[]): T[] {
    const rows = this.stmt.all(...params) as unknown[][];
    const names = this.names;
    const out: T[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const values = rows[r]!;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) o[names[i]!] = values[i];
      out[r] = o as T;
    }
    return out;
  }
}
