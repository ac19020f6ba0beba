/**
 * Migration 0006 (rotation functions run as roles) on a data file of the five earlier migrations:
 * a function registered before it is kept without a role, and the admin access key it was issued
 * is deleted; other access keys stay.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/index.js';
import { CORE_SCHEMA } from '../../src/store/sqlite/schema/0001-core.js';
import { ROTATION_SCHEMA } from '../../src/store/sqlite/schema/0002-rotation.js';
import { AUDIT_SCHEMA } from '../../src/store/sqlite/schema/0003-audit.js';
import { IAM_SCHEMA } from '../../src/store/sqlite/schema/0004-iam.js';
import { KMS_AND_POLICIES_SCHEMA } from '../../src/store/sqlite/schema/0005-kms-and-policies.js';
import { tempStoreDir } from './sqlite-fixture.js';

it('sqlite migration 0006: keeps functions registered before roles (without one) and deletes their access keys', async () => {
  const dir = tempStoreDir();
  try {
    const db = new Database(path.join(dir, SQLITE_FILE));
    db.pragma('journal_mode = WAL');
    for (const m of [CORE_SCHEMA, ROTATION_SCHEMA, AUDIT_SCHEMA, KMS_AND_POLICIES_SCHEMA, IAM_SCHEMA]) db.exec(m);
    db.pragma('user_version = 5');
    const acct = '111111111111';
    const admin = `arn:aws:iam::${acct}:user/admin`;
    db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)').run(acct, 'a', 1);
    db.prepare('INSERT INTO principals (arn, account_id, type, name, principal_id, is_account_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      admin,
      acct,
      'IAMUser',
      'admin',
      'AIDAADMIN',
      1,
      1,
    );
    const key = db.prepare('INSERT INTO access_keys (access_key_id, principal_arn, account_id, sealed_secret, status, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    key.run('AKIAADMINOWN', admin, acct, Buffer.from('s'), 'Active', 1);
    key.run('AKIAFUNCTION', admin, acct, Buffer.from('s'), 'Active', 2);
    db.prepare(
      `INSERT INTO rotation_functions (account_id, region, name, kind, command, url, env, access_key_id, sealed_hmac_key, created_at)
       VALUES (?, 'us-east-1', 'old', 'command', 'true', NULL, NULL, 'AKIAFUNCTION', NULL, 3)`,
    ).run(acct);
    db.close();

    const store = openSqliteStore(dir);
    try {
      await store.read(async (tx) => {
        assert.deepEqual(await tx.getRotationFunction(acct, 'us-east-1', 'old'), {
          accountId: acct,
          region: 'us-east-1',
          name: 'old',
          kind: 'command',
          command: 'true',
          createdAt: 3,
        });
        assert.equal(await tx.getAccessKey('AKIAFUNCTION'), undefined, "the function's admin key is gone");
        assert.equal((await tx.getAccessKey('AKIAADMINOWN'))?.status, 'Active', "the admin's own key stays");
      });
    } finally {
      await store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
