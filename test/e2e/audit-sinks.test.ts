/**
 * Audit sinks: the store (default), JSON-lines files with size rotation, stdout; required sinks
 * fail calls closed (InternalServiceError, nothing changed), a stuck optional sink never slows a
 * call, a stuck required one fails calls within its timeout and recovers when it does.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CofferServer, tempDataDir } from '../support/coffer-server.js';
import { cloudTrail, coffer, lookupAll, openDb, sleep } from '../support/audit.js';

const dirs: string[] = [];
const servers: CofferServer[] = [];
after(async () => {
  // A failed assertion must not leave a server behind (it would keep the test process alive).
  for (const s of servers) await s.kill9();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function server(env: Record<string, string>, dataDir?: string): Promise<CofferServer> {
  const s = new CofferServer({ dataDir, env: { COFFER_WORKERS: '1', ...env } });
  servers.push(s);
  if (!dataDir) dirs.push(s.dataDir);
  await s.start();
  return s;
}

async function timed<T>(p: Promise<T>): Promise<{ ms: number; value?: T; error?: any }> {
  const t = Date.now();
  try {
    const value = await p;
    return { ms: Date.now() - t, value };
  } catch (error) {
    return { ms: Date.now() - t, error };
  }
}

describe('audit sinks', () => {
  it('a JSON-lines file sink with size rotation verifies offline, all files together', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, 'trail', 'audit.jsonl');
    const s = await server({ COFFER_AUDIT_SINKS: 'store,file', COFFER_AUDIT_FILE: file, COFFER_AUDIT_FILE_MAX_BYTES: '20000' });
    const sm = s.client();
    await sm.send(new CreateSecretCommand({ Name: 'f', SecretString: 'v' }));
    for (let i = 0; i < 40; i++) await sm.send(new GetSecretValueCommand({ SecretId: 'f' }));
    await s.stop();
    const files = fs.readdirSync(path.dirname(file)).sort();
    assert.ok(files.length >= 2, `rotated: ${files.join(', ')}`);
    assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');
    const ordered = [...files.filter((f) => f !== 'audit.jsonl'), 'audit.jsonl'].map((f) => path.join(path.dirname(file), f));
    for (const f of ordered) {
      assert.ok(fs.statSync(f).size <= 20000 + 4000, `${f} stays near the limit`);
      for (const line of fs.readFileSync(f, 'utf8').split('\n').filter(Boolean)) {
        const r = JSON.parse(line);
        assert.equal(r.v, 1);
        assert.match(r.hash, /^[0-9a-f]{64}$/);
      }
    }
    const key = (await coffer(['audit', 'public-key'], s.dataDir)).stdout.trim();
    const r = await coffer(['audit', 'verify', '--file', ...ordered, '--public-key', key], s.dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const storeRecords = /(\d+) records/.exec((await coffer(['audit', 'verify'], s.dataDir)).stdout)![1];
    assert.match(r.stdout, new RegExp(`${storeRecords} records`), 'the file holds what the store holds');
  });

  it('the file as the only sink, and stdout: records as JSON lines', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, 'only.jsonl');
    const s = await server({ COFFER_AUDIT_SINKS: 'file,stdout', COFFER_AUDIT_FILE: file });
    const sm = s.client();
    await sm.send(new CreateSecretCommand({ Name: 'o', SecretString: 'v' }));
    assert.deepEqual((await cloudTrail(s).send(new LookupEventsCommand({}))).Events, [], 'nothing in the store');
    await s.stop();
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.ok(lines.some((r) => r.kind === 'event' && r.body.eventName === 'CreateSecret'));
    const out = s.output.split('\n').filter((l) => l.startsWith('{"body"')).map((l) => JSON.parse(l));
    assert.deepEqual(out.map((r) => r.hash), lines.map((r) => r.hash), 'stdout carries the same records');
    const key = (await coffer(['audit', 'public-key'], s.dataDir)).stdout.trim();
    const r = await coffer(['audit', 'verify', '--file', file, '--public-key', key], s.dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('a stuck optional file sink (a FIFO whose reader stopped) does not slow calls down; a missing reader neither', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const fifo = path.join(dir, 'stuck.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: 'ignore' });
    try {
      const s = await server({ COFFER_AUDIT_SINKS: 'store,file', COFFER_AUDIT_REQUIRED: 'store', COFFER_AUDIT_FILE: fifo, COFFER_AUDIT_SINK_TIMEOUT_MS: '5000' });
      const sm = s.client();
      await sm.send(new CreateSecretCommand({ Name: 'stuck', SecretString: 'v' }));
      reader.kill('SIGSTOP');
      let worst = 0;
      for (let i = 0; i < 150; i++) {
        const t = await timed(sm.send(new GetSecretValueCommand({ SecretId: 'stuck' })));
        assert.equal(t.error, undefined);
        worst = Math.max(worst, t.ms);
      }
      assert.ok(worst < 2500, `slowest read ${worst} ms: nothing waited for the sink's 5 s timeout`);
      reader.kill('SIGKILL');
      for (let i = 0; i < 20; i++) assert.equal((await timed(sm.send(new GetSecretValueCommand({ SecretId: 'stuck' })))).error, undefined);
      const t = Date.now();
      await s.stop();
      assert.ok(Date.now() - t < 10_000, 'stops despite the stuck sink');
      assert.equal((await coffer(['audit', 'verify'], s.dataDir)).code, 0);
    } finally {
      reader.kill('SIGKILL');
    }
  });

  it('a stuck required file sink fails calls within its timeout (then at once), changes nothing, and recovers', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const fifo = path.join(dir, 'slow.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: 'ignore' });
    try {
      const s = await server({ COFFER_AUDIT_SINKS: 'store,file', COFFER_AUDIT_REQUIRED: 'store,file', COFFER_AUDIT_FILE: fifo, COFFER_AUDIT_SINK_TIMEOUT_MS: '1000' });
      const sm = s.client();
      await sm.send(new CreateSecretCommand({ Name: 'req', SecretString: 'v' }));
      reader.kill('SIGSTOP');
      let failed: { ms: number; error?: any } | undefined;
      for (let i = 0; i < 400 && !failed; i++) {
        const t = await timed(sm.send(new GetSecretValueCommand({ SecretId: 'req' })));
        if (t.error) failed = t;
      }
      assert.ok(failed, 'the pipe filled up and a call failed');
      assert.equal(failed.error.name, 'InternalServiceError');
      assert.equal(failed.error.$metadata.httpStatusCode, 500);
      assert.ok(failed.ms >= 950 && failed.ms < 5000, `first failure after the timeout: ${failed.ms} ms`);
      const next = await timed(sm.send(new GetSecretValueCommand({ SecretId: 'req' })));
      assert.equal(next.error?.name, 'InternalServiceError');
      assert.ok(next.ms < 900, `then at once: ${next.ms} ms`);
      const create = await timed(sm.send(new CreateSecretCommand({ Name: 'never', SecretString: 'v' })));
      assert.equal(create.error?.name, 'InternalServiceError');
      reader.kill('SIGCONT');
      let recovered = false;
      for (let i = 0; i < 50 && !recovered; i++) {
        recovered = (await timed(sm.send(new GetSecretValueCommand({ SecretId: 'req' })))).error === undefined;
        if (!recovered) await sleep(100);
      }
      assert.ok(recovered, 'calls succeed again once the sink drains');
      await assert.rejects(sm.send(new DescribeSecretCommand({ SecretId: 'never' })), { name: 'ResourceNotFoundException' });
      await s.stop();
      const v = await coffer(['audit', 'verify'], s.dataDir);
      assert.equal(v.code, 0, v.stdout);
    } finally {
      reader.kill('SIGCONT');
      reader.kill('SIGKILL');
    }
  });

  it('when the store cannot keep the event, the call fails with InternalServiceError and changes nothing', async () => {
    const s = await server({});
    const sm = s.client();
    await sm.send(new CreateSecretCommand({ Name: 'exists', SecretString: 'before' }));
    const db = openDb(s.dataDir);
    db.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_records BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    try {
      const create = await timed(sm.send(new CreateSecretCommand({ Name: 'ghost', SecretString: 'v' })));
      assert.equal(create.error?.name, 'InternalServiceError');
      assert.equal(create.error?.message, 'An internal error occurred.');
      const put = await timed(sm.send(new PutSecretValueCommand({ SecretId: 'exists', SecretString: 'after' })));
      assert.equal(put.error?.name, 'InternalServiceError');
      const read = await timed(sm.send(new GetSecretValueCommand({ SecretId: 'exists' })));
      assert.equal(read.error?.name, 'InternalServiceError', 'no value leaves without its event');
    } finally {
      db.exec('DROP TRIGGER no_audit');
      db.close();
    }
    await assert.rejects(sm.send(new DescribeSecretCommand({ SecretId: 'ghost' })), { name: 'ResourceNotFoundException' });
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'exists' }))).SecretString, 'before');
    await s.stop();
    assert.equal((await coffer(['audit', 'verify'], s.dataDir)).code, 0);
  });

  it('a stuck store (another process holds the write lock) fails reads within the sink timeout, then recovers', async () => {
    const s = await server({ COFFER_AUDIT_SINK_TIMEOUT_MS: '500' });
    const sm = s.client();
    await sm.send(new CreateSecretCommand({ Name: 'locked', SecretString: 'v' }));
    await sm.send(new GetSecretValueCommand({ SecretId: 'locked' })); // today's LastAccessedDate is written
    const db = openDb(s.dataDir);
    db.exec('BEGIN IMMEDIATE');
    let first: Awaited<ReturnType<typeof timed>>;
    let second: Awaited<ReturnType<typeof timed>>;
    try {
      first = await timed(sm.send(new GetSecretValueCommand({ SecretId: 'locked' })));
      second = await timed(sm.send(new GetSecretValueCommand({ SecretId: 'locked' })));
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
    for (const t of [first!, second!]) {
      assert.equal(t.error?.name, 'InternalServiceError');
      assert.ok(t.ms >= 450 && t.ms < 3000, `failed after ${t.ms} ms, not after SQLite's 5 s busy timeout`);
    }
    let ok = false;
    for (let i = 0; i < 50 && !ok; i++) {
      ok = (await timed(sm.send(new GetSecretValueCommand({ SecretId: 'locked' })))).error === undefined;
      if (!ok) await sleep(100);
    }
    assert.ok(ok, 'reads succeed again once the lock is gone');
    await s.stop();
    assert.equal((await coffer(['audit', 'verify'], s.dataDir)).code, 0);
  });

  it('COFFER_AUDIT_SINKS=none (a measurement aid) records nothing and says so', async () => {
    const s = await server({ COFFER_AUDIT_SINKS: 'none' });
    await s.client().send(new CreateSecretCommand({ Name: 'n', SecretString: 'v' }));
    assert.equal((await lookupAll(s)).length, 0);
    assert.match(s.output, /audit trail is OFF/);
    await s.stop();
  });
});
