import fs from 'node:fs';
import type { Config } from '../config/index.js';
import { KeyService } from '../kms/index.js';
import { openFileRootKey } from '../seal/index.js';
import { openSqliteStore } from '../store/index.js';
import { bootstrap, type BootstrapResult } from './bootstrap.js';

/**
 * What a cluster's primary does once before it forks its workers: the data directory, the root key
 * (refused when others can read it), the schema migrations and the first-start bootstrap (account,
 * aws/secretsmanager key, admin access key, credentials file), with a check that the root key opens
 * what the store holds. The store is closed again: the primary serves nothing.
 */
export async function prepareDataDir(config: Config): Promise<BootstrapResult> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const root = openFileRootKey(config.dataDir);
  const store = openSqliteStore(config.dataDir);
  try {
    return await bootstrap(config, store, new KeyService(root), root, Date.now());
  } finally {
    await store.close();
  }
}
