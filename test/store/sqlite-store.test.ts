import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/index.js';
import { schemaVersion } from '../../src/store/sqlite/migrations.js';
import { exerciseStore } from './exercise-store.js';
import { freshSqliteStore, tempStoreDir } from './sqlite-fixture.js';

exerciseStore('sqlite', freshSqliteStore);

it('sqlite: opens the file in WAL mode and migrates once', async () => {
  const dir = tempStoreDir();
  try {
    const store = openSqliteStore(dir);
    await store.close();
    const again = openSqliteStore(dir);
    await again.close();
    const db = new Database(path.join(dir, SQLITE_FILE), { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), schemaVersion());
    assert.ok(schemaVersion() >= 1);
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
