import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { openFileRootKey, ROOT_KEY_FILE, type RootKey } from '../seal/index.js';
import { openSqliteStore, SQLITE_FILE, type Store } from '../store/index.js';

export interface DataSession {
  store: Store;
  root: RootKey;
}

/** No Coffer data directory where the configuration points. */
export class NoDataError extends Error {}

/**
 * Opens an existing data directory (root key and store) for an administrative command that runs
 * beside a server, or without one; the store takes turns with the server's writes.
 */
export async function withDataSession<T>(config: Config, fn: (s: DataSession) => Promise<T>): Promise<T> {
  if (!fs.existsSync(path.join(config.dataDir, SQLITE_FILE)) || !fs.existsSync(path.join(config.dataDir, ROOT_KEY_FILE))) {
    throw new NoDataError(`no Coffer data in ${config.dataDir}: start the server once (coffer serve) or set COFFER_DATA_DIR`);
  }
  const root = openFileRootKey(config.dataDir);
  const store = openSqliteStore(config.dataDir);
  try {
    return await fn({ store, root });
  } finally {
    await store.close();
  }
}
