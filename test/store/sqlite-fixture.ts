import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore, type Store } from '../../src/store/index.js';

/** A directory for one SQLite store of a test. */
export function tempStoreDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-store-'));
}

/** A fresh SQLite store in its own directory, for the conformance suites; cleanup closes it and removes the directory. */
export async function freshSqliteStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const dir = tempStoreDir();
  const store = openSqliteStore(dir);
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
