/**
 * COFFER_WORKERS: one process, or a node:cluster primary with workers sharing the port and the
 * SQLite file. The rest of the suite runs with the default (one worker per core); this file pins
 * the process model itself: start-up lines once, writes from every worker, SIGTERM stops all,
 * a dead worker is replaced.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { BIN, CofferServer, ROOT, tempDataDir } from '../support/coffer-server.js';
import { childrenOf } from '../support/process-tree.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const lines = (text: string, needle: string) => text.split('\n').filter((l) => l.includes(needle));

describe('COFFER_WORKERS=3: a primary and three workers', () => {
  const server = new CofferServer({ env: { COFFER_WORKERS: '3' } });
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  test('start-up: three workers, the start-up lines once, every worker serves reads and writes', async () => {
    await server.start();
    await until('three workers', () => childrenOf(server.proc!.pid!).length === 3);
    assert.equal(lines(server.output, 'coffer is listening').length, 1, server.output);
    assert.equal(lines(server.output, 'first start').length, 1, server.output);
    assert.match(lines(server.output, 'coffer is listening')[0]!, /"workers":3/);

    // Fresh connections are dealt to the workers in turn: concurrent writes from all of them
    // take turns on the one SQLite file, and each is read back by any of them.
    const clients = Array.from({ length: 6 }, () => server.client());
    await Promise.all(clients.map((c, i) => c.send(new CreateSecretCommand({ Name: `cluster/s${i}`, SecretString: `v${i}` }))));
    await Promise.all(
      clients.flatMap((c, i) => Array.from({ length: 5 }, (_, k) => c.send(new PutSecretValueCommand({ SecretId: `cluster/s${i}`, SecretString: `v${i}.${k}` })))),
    );
    for (const [i, c] of clients.entries()) {
      const got = await clients[(i + 1) % clients.length]!.send(new GetSecretValueCommand({ SecretId: `cluster/s${i}` }));
      assert.match(got.SecretString!, new RegExp(`^v${i}\\.[0-4]$`));
      c.destroy();
    }
  });

  test('a worker that dies is replaced, and serving goes on', async () => {
    const before = childrenOf(server.proc!.pid!);
    process.kill(before[0]!, 'SIGKILL');
    await until('a replacement worker', () => {
      const now = childrenOf(server.proc!.pid!);
      return now.length === 3 && !now.includes(before[0]!);
    });
    assert.equal(lines(server.output, 'a worker exited unexpectedly').length, 1, server.output);
    const c = server.client();
    await until('the replacement to serve', async () => {
      const r = await fetch(`${server.url}/health`).catch(() => undefined);
      return r?.status === 200;
    });
    assert.equal((await c.send(new GetSecretValueCommand({ SecretId: 'cluster/s0' }))).SecretString?.startsWith('v0'), true);
    c.destroy();
  });

  test('SIGTERM to the primary stops every worker, then the primary exits 0', async () => {
    const workers = childrenOf(server.proc!.pid!);
    const exited = new Promise<number | null>((r) => server.proc!.once('exit', (code) => r(code)));
    server.proc!.kill('SIGTERM');
    assert.equal(await exited, 0);
    for (const pid of workers) assert.equal(alive(pid), false, `worker ${pid} is gone`);
  });
});

describe('COFFER_WORKERS=1', () => {
  const server = new CofferServer({ env: { COFFER_WORKERS: '1' } });
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  test('serves from the one process, with no workers', async () => {
    await server.start();
    assert.deepEqual(childrenOf(server.proc!.pid!), []);
    const c = server.client();
    await c.send(new CreateSecretCommand({ Name: 'single', SecretString: 'one' }));
    assert.equal((await c.send(new GetSecretValueCommand({ SecretId: 'single' }))).SecretString, 'one');
    c.destroy();
  });
});

describe('a bad COFFER_WORKERS', () => {
  test('stops the start with one line naming the variable', async () => {
    const dataDir = tempDataDir();
    try {
      for (const bad of ['0', '65', 'two']) {
        const r = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
          execFile(
            process.execPath,
            [BIN, 'serve'],
            { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', COFFER_DATA_DIR: `${dataDir}/d`, COFFER_WORKERS: bad }, timeout: 20_000 },
            (err, _stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr: String(stderr) }),
          ),
        );
        assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
        assert.match(r.stderr, /^coffer: invalid configuration: COFFER_WORKERS must be a whole number from 1 to 64\n$/);
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
