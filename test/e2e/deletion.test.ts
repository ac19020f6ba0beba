/**
 * DeleteSecret / RestoreSecret and the background purger end to end, through the official SDK v3
 * against a real `coffer serve` (api-notes §5 DeleteSecret/RestoreSecret, §8). The purger tests
 * move a deletion date into the past directly in the server's SQLite file (WAL, so the server
 * and the test may both have it open) and poll until the secret is gone.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  UpdateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DAY_MS, expectAwsError, uniqueName, waitFor } from '../support/aws-expect.js';
import { MARKED_FOR_DELETION as MARKED, NOT_FOUND } from '../support/aws-messages.js';
import { CofferServer, startServer, stopAndClean } from '../support/coffer-server.js';
import { rawCall } from '../support/raw-request.js';
import { useServer } from '../support/use-server.js';

const WINDOW_RANGE = 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).';
const ARN_RE = (name: string) => new RegExp(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-[A-Za-z0-9]{6}$`);

const { server, sm } = useServer({ env: { COFFER_PURGE_INTERVAL_SECONDS: '0.2' } });

async function create(prefix = 'del', value = 'v1'): Promise<{ name: string; arn: string }> {
  const name = uniqueName(prefix);
  const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  return { name, arn: c.ARN! };
}

/** Asserts `date` lies within [t0, t1] shifted by `offsetMs`, allowing 1 s for rounding. */
function assertAround(date: Date | undefined, t0: number, t1: number, offsetMs: number): void {
  assert.ok(date instanceof Date, 'a date');
  const t = date.getTime();
  assert.ok(t >= t0 + offsetMs - 1000 && t <= t1 + offsetMs + 1000, `${date.toISOString()} ≈ now + ${offsetMs / DAY_MS} d`);
}

function openDb(dataDir: string): Database.Database {
  const db = new Database(path.join(dataDir, 'coffer.db'));
  db.pragma('busy_timeout = 10000');
  return db;
}

/** Moves a scheduled secret's deletion date one second into the past. */
function expire(db: Database.Database, arn: string): void {
  const r = db.prepare('UPDATE secrets SET deletion_date = ? WHERE arn = ? AND deletion_date IS NOT NULL').run(Date.now() - 1000, arn);
  assert.equal(r.changes, 1, 'one scheduled secret moved');
}

function rowCounts(db: Database.Database, arn: string): { secrets: number; versions: number } {
  const secrets = (db.prepare('SELECT COUNT(*) AS n FROM secrets WHERE arn = ?').get(arn) as { n: number }).n;
  const versions = (db.prepare('SELECT COUNT(*) AS n FROM versions WHERE secret_arn = ?').get(arn) as { n: number }).n;
  return { secrets, versions };
}

/** Polls DescribeSecret until it says ResourceNotFoundException. */
async function waitUntilGone(client: SecretsManagerClient, id: string): Promise<void> {
  await waitFor(`${id} to be purged`, async () => {
    try {
      await client.send(new DescribeSecretCommand({ SecretId: id }));
      return undefined;
    } catch (e) {
      if ((e as Error).name === 'ResourceNotFoundException') return true;
      throw e;
    }
  });
}

describe('DeleteSecret', () => {
  test('default recovery window is 30 days; the answer is exactly ARN, DeletionDate, Name', async () => {
    const s = await create();
    const t0 = Date.now();
    const r = await rawCall(server, 'secretsmanager.DeleteSecret', { SecretId: s.name });
    const t1 = Date.now();
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['ARN', 'DeletionDate', 'Name']);
    assert.equal(r.json.ARN, s.arn);
    assert.equal(r.json.Name, s.name);
    assertAround(new Date(r.json.DeletionDate * 1000), t0, t1, 30 * DAY_MS);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: s.name }));
    assert.equal(d.DeletedDate?.getTime(), r.json.DeletionDate * 1000);
  });

  test('RecoveryWindowInDays 7 and 30 are accepted', async () => {
    for (const days of [7, 30]) {
      const s = await create();
      const t0 = Date.now();
      const r = await sm.send(new DeleteSecretCommand({ SecretId: s.arn, RecoveryWindowInDays: days }));
      assertAround(r.DeletionDate, t0, Date.now(), days * DAY_MS);
      assert.equal(r.Name, s.name);
    }
    // ForceDeleteWithoutRecovery=false with a window is a plain scheduled deletion.
    const s = await create();
    const t0 = Date.now();
    const r = await sm.send(new DeleteSecretCommand({ SecretId: s.name, RecoveryWindowInDays: 10, ForceDeleteWithoutRecovery: false }));
    assertAround(r.DeletionDate, t0, Date.now(), 10 * DAY_MS);
  });

  test('a window outside 7..30 is InvalidParameterException, even with Force; nothing changes', async () => {
    const s = await create();
    for (const days of [6, 31, 0]) {
      await expectAwsError(sm.send(new DeleteSecretCommand({ SecretId: s.name, RecoveryWindowInDays: days })), 'InvalidParameterException', WINDOW_RANGE);
    }
    await expectAwsError(
      sm.send(new DeleteSecretCommand({ SecretId: s.name, RecoveryWindowInDays: 0, ForceDeleteWithoutRecovery: true })),
      'InvalidParameterException',
      WINDOW_RANGE,
    );
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, 'v1');
  });

  test('ForceDeleteWithoutRecovery with a window is InvalidParameterException', async () => {
    const s = await create();
    await expectAwsError(
      sm.send(new DeleteSecretCommand({ SecretId: s.name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })),
      'InvalidParameterException',
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: s.name }))).DeletedDate, undefined);
  });

  test('force-deleting a secret that does not exist succeeds, with Name = the given id', async () => {
    const name = uniqueName('never');
    const t0 = Date.now();
    const r = await sm.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    assert.equal(r.Name, name);
    assert.match(r.ARN!, ARN_RE(name));
    assertAround(r.DeletionDate, t0, Date.now(), 0);
    await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: name })), 'ResourceNotFoundException', NOT_FOUND);
  });

  test('deleting an unknown secret without Force is ResourceNotFoundException', async () => {
    await expectAwsError(sm.send(new DeleteSecretCommand({ SecretId: uniqueName('never') })), 'ResourceNotFoundException', NOT_FOUND);
  });

  test('deleting twice is InvalidRequestException', async () => {
    const s = await create();
    const first = await sm.send(new DeleteSecretCommand({ SecretId: s.name, RecoveryWindowInDays: 7 }));
    await expectAwsError(
      sm.send(new DeleteSecretCommand({ SecretId: s.name })),
      'InvalidRequestException',
      "You tried to perform the operation on a secret that's currently marked deleted.",
    );
    const d = await sm.send(new DescribeSecretCommand({ SecretId: s.name }));
    assert.equal(d.DeletedDate?.getTime(), first.DeletionDate?.getTime(), 'the first schedule stands');
  });

  test('a scheduled secret refuses reads, writes and re-creation of its name', async () => {
    const s = await create();
    await sm.send(new DeleteSecretCommand({ SecretId: s.name }));
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: s.name })), 'InvalidRequestException', MARKED);
    await expectAwsError(sm.send(new PutSecretValueCommand({ SecretId: s.name, SecretString: 'x' })), 'InvalidRequestException', MARKED);
    await expectAwsError(sm.send(new UpdateSecretCommand({ SecretId: s.name, Description: 'x' })), 'InvalidRequestException', MARKED);
    await expectAwsError(
      sm.send(new CreateSecretCommand({ Name: s.name, SecretString: 'again' })),
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
    await expectAwsError(
      sm.send(new CreateSecretCommand({ Name: s.name })),
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
  });

  test('ForceDeleteWithoutRecovery removes at once; the name can be re-created with a new ARN', async () => {
    const s = await create('del', 'old');
    const r = await sm.send(new DeleteSecretCommand({ SecretId: s.name, ForceDeleteWithoutRecovery: true }));
    assert.equal(r.ARN, s.arn);
    assert.equal(r.Name, s.name);
    await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: s.name })), 'ResourceNotFoundException', NOT_FOUND);
    await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: s.arn })), 'ResourceNotFoundException', NOT_FOUND);
    await expectAwsError(sm.send(new RestoreSecretCommand({ SecretId: s.name })), 'ResourceNotFoundException', NOT_FOUND);
    const again = await sm.send(new CreateSecretCommand({ Name: s.name, SecretString: 'new' }));
    assert.match(again.ARN!, ARN_RE(s.name));
    assert.notEqual(again.ARN, s.arn, 'a new random suffix');
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, 'new');
    await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: s.arn })), 'ResourceNotFoundException', NOT_FOUND);
  });

  test('ForceDeleteWithoutRecovery on a scheduled secret purges it', async () => {
    const s = await create();
    await sm.send(new DeleteSecretCommand({ SecretId: s.name, RecoveryWindowInDays: 7 }));
    const r = await sm.send(new DeleteSecretCommand({ SecretId: s.name, ForceDeleteWithoutRecovery: true }));
    assert.equal(r.ARN, s.arn);
    await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: s.name })), 'ResourceNotFoundException', NOT_FOUND);
  });
});

describe('RestoreSecret', () => {
  test('cancels the scheduled deletion: readable, listed, no DeletedDate', async () => {
    const s = await create('rst', 'keep me');
    await sm.send(new DeleteSecretCommand({ SecretId: s.name }));
    const r = await rawCall(server, 'secretsmanager.RestoreSecret', { SecretId: s.name });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { ARN: s.arn, Name: s.name });
    const d = await rawCall(server, 'secretsmanager.DescribeSecret', { SecretId: s.name });
    assert.equal('DeletedDate' in d.json, false);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, 'keep me');
    const l = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [s.name] }] }));
    assert.deepEqual(l.SecretList!.map((e) => e.Name), [s.name]);
    // And it can be scheduled again.
    await sm.send(new DeleteSecretCommand({ SecretId: s.arn, RecoveryWindowInDays: 7 }));
  });

  test('an unknown secret is ResourceNotFoundException', async () => {
    await expectAwsError(sm.send(new RestoreSecretCommand({ SecretId: uniqueName('never') })), 'ResourceNotFoundException', NOT_FOUND);
  });
});

describe('the deletion purger', () => {
  test('deletes a secret whose recovery window has passed, versions included, and nothing else', async () => {
    const s = await create('purge');
    await sm.send(new PutSecretValueCommand({ SecretId: s.name, SecretString: 'v2' }));
    const keep = await create('purge');
    await sm.send(new DeleteSecretCommand({ SecretId: s.name, RecoveryWindowInDays: 7 }));
    await sm.send(new DeleteSecretCommand({ SecretId: keep.name, RecoveryWindowInDays: 7 }));
    const db = openDb(server.dataDir);
    try {
      assert.deepEqual(rowCounts(db, s.arn), { secrets: 1, versions: 2 });
      expire(db, s.arn);
      await waitUntilGone(sm, s.name);
      assert.deepEqual(rowCounts(db, s.arn), { secrets: 0, versions: 0 });
      assert.deepEqual(rowCounts(db, keep.arn), { secrets: 1, versions: 1 }, 'a secret still in its window stays');
    } finally {
      db.close();
    }
    const d = await sm.send(new DescribeSecretCommand({ SecretId: keep.name }));
    assert.ok(d.DeletedDate);
    assert.ok(server.output.includes(s.arn), 'the purge is logged');
    // The name is free again.
    const again = await sm.send(new CreateSecretCommand({ Name: s.name, SecretString: 'x' }));
    assert.notEqual(again.ARN, s.arn);
  });

  test('a restarted server purges what expired while it was down', async () => {
    // Its own server and data directory: this test stops and restarts it. A long interval
    // shows that the purge comes from the pass the purger makes at start.
    const env = { COFFER_PURGE_INTERVAL_SECONDS: '3600' };
    const first = await startServer({ env });
    let second: CofferServer | undefined;
    try {
      const client = first.client();
      const name = uniqueName('restart');
      const c = await client.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
      await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
      const creds = first.credentials();
      await first.stop();

      const db = openDb(first.dataDir);
      try {
        expire(db, c.ARN!);
      } finally {
        db.close();
      }
      second = new CofferServer({ dataDir: first.dataDir, env });
      await second.start();
      await waitUntilGone(second.client(creds), name);
      const db2 = openDb(first.dataDir);
      try {
        assert.deepEqual(rowCounts(db2, c.ARN!), { secrets: 0, versions: 0 });
      } finally {
        db2.close();
      }
    } finally {
      await second?.stop();
      await stopAndClean(first);
    }
  });
});
