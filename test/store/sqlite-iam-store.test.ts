import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/store/index.js';
import { exerciseIamStore } from './exercise-iam-store.js';

exerciseIamStore('sqlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-iam-store-'));
  const store = openSqliteStore(dir);
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
