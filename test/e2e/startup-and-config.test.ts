/**
 * `bin/coffer` as an operator meets it: bad configuration, the first start (admin key, files and
 * their modes), a second start on the same data directory, a root key file others can read.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';

import { BIN, CofferServer, freePort, ROOT, tempDataDir } from '../support/coffer-server.js';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/coffer` to completion (a server that did start is killed by the timeout). */
function runCoffer(args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
      timeout: timeoutMs,
    }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

const ADMIN_ID = 'AKIACOFFERTESTADMIN1';
const ADMIN_SECRET = 'cofferTestSecret/Key+With=Symbols1234567';
const cleanup: Array<() => Promise<void> | void> = [];

after(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('bad configuration', () => {
  const cases: Array<{ env: Record<string, string>; names: string[]; secret?: string }> = [
    { env: { COFFER_PORT: 'abc' }, names: ['COFFER_PORT'] },
    { env: { COFFER_PORT: '70000' }, names: ['COFFER_PORT'] },
    { env: { COFFER_REGION: 'Nowhere' }, names: ['COFFER_REGION'] },
    { env: { COFFER_ACCOUNT_ID: '123' }, names: ['COFFER_ACCOUNT_ID'] },
    { env: { COFFER_LOG_LEVEL: 'loud' }, names: ['COFFER_LOG_LEVEL'] },
    { env: { COFFER_ADMIN_ACCESS_KEY_ID: ADMIN_ID }, names: ['COFFER_ADMIN_ACCESS_KEY_ID', 'COFFER_ADMIN_SECRET_ACCESS_KEY'] },
    {
      env: { COFFER_ADMIN_SECRET_ACCESS_KEY: ADMIN_SECRET },
      names: ['COFFER_ADMIN_ACCESS_KEY_ID', 'COFFER_ADMIN_SECRET_ACCESS_KEY'],
      secret: ADMIN_SECRET,
    },
    {
      // A malformed secret key is reported by name, never by value.
      env: { COFFER_ADMIN_ACCESS_KEY_ID: ADMIN_ID, COFFER_ADMIN_SECRET_ACCESS_KEY: 'short secret!' },
      names: ['COFFER_ADMIN_SECRET_ACCESS_KEY'],
      secret: 'short secret!',
    },
  ];

  test('exits non-zero with exactly one line on stderr naming the variable, and creates nothing', async () => {
    const base = tempDataDir();
    cleanup.push(() => fs.rmSync(base, { recursive: true, force: true }));
    const results = await Promise.all(cases.map(async (c, i) => {
      const dataDir = path.join(base, `data-${i}`);
      const r = await runCoffer(['serve'], { COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', ...c.env });
      return { c, r, dataDir };
    }));
    for (const { c, r, dataDir } of results) {
      const label = JSON.stringify(c.env);
      assert.ok(r.code !== 0 && r.code !== null, `${label}: exit code ${r.code}`);
      assert.equal(r.stdout, '', `${label}: nothing on stdout`);
      assert.ok(r.stderr.endsWith('\n'), label);
      assert.equal(lines(r.stderr).length, 1, `${label}: one line, got ${JSON.stringify(r.stderr)}`);
      for (const n of c.names) assert.ok(r.stderr.includes(n), `${label}: names ${n}: ${r.stderr}`);
      if (c.secret) assert.ok(!r.stderr.includes(c.secret), `${label}: the secret is not printed`);
      assert.ok(!fs.existsSync(dataDir), `${label}: no data directory was created`);
    }
  });
});

describe('first and second start', () => {
  const parent = tempDataDir();
  // A data directory that does not exist yet: Coffer creates it.
  const dataDir = path.join(parent, 'nested', 'coffer-data');
  cleanup.push(() => fs.rmSync(parent, { recursive: true, force: true }));
  const env = { COFFER_ADMIN_ACCESS_KEY_ID: ADMIN_ID, COFFER_ADMIN_SECRET_ACCESS_KEY: ADMIN_SECRET };
  let arn = '';

  test('the admin key from the environment is set on first start and never printed', async () => {
    const server = new CofferServer({ dataDir, env });
    cleanup.push(() => server.stop());
    await server.start();
    try {
      assert.deepEqual(server.credentials(), { accessKeyId: ADMIN_ID, secretAccessKey: ADMIN_SECRET });
      const client = server.client({ accessKeyId: ADMIN_ID, secretAccessKey: ADMIN_SECRET });
      const created = await client.send(new CreateSecretCommand({ Name: 'startup/kept', SecretString: 'survives restarts' }));
      arn = created.ARN!;
      const got = await client.send(new GetSecretValueCommand({ SecretId: 'startup/kept' }));
      assert.equal(got.SecretString, 'survives restarts');
      client.destroy();
    } finally {
      await server.stop();
    }
    assert.ok(!server.output.includes(ADMIN_SECRET), 'the secret key never appears in the output');
    assert.ok(!server.output.includes('survives restarts'), 'nor does a secret value');
    const firstStart = lines(server.output).filter((l) => l.includes('first start'));
    assert.equal(firstStart.length, 1, server.output);
    assert.ok(firstStart[0]!.includes(ADMIN_ID), 'the first-start line names the access key id');
  });

  test('files: credentials [coffer] 0600, root key 0600, coffer.db, data dir 0700', () => {
    const credentials = path.join(dataDir, 'credentials');
    assert.equal(modeOf(credentials), 0o600);
    assert.equal(
      fs.readFileSync(credentials, 'utf8'),
      `[coffer]\naws_access_key_id = ${ADMIN_ID}\naws_secret_access_key = ${ADMIN_SECRET}\n`,
    );
    assert.equal(modeOf(path.join(dataDir, 'root.key')), 0o600);
    assert.ok(fs.statSync(path.join(dataDir, 'coffer.db')).isFile());
    assert.equal(modeOf(dataDir), 0o700);
    // The root key never reaches the database file.
    const rootKey = Buffer.from(fs.readFileSync(path.join(dataDir, 'root.key'), 'utf8').trim(), 'base64');
    assert.equal(rootKey.length, 32);
    for (const f of fs.readdirSync(dataDir).filter((n) => n.startsWith('coffer.db'))) {
      assert.ok(!fs.readFileSync(path.join(dataDir, f)).includes(rootKey), `${f} does not hold the root key`);
    }
  });

  test('a second start keeps the credentials and data and prints no first-start line', async () => {
    const before = fs.readFileSync(path.join(dataDir, 'credentials'), 'utf8');
    // Without the admin variables this time: the stored key is what counts.
    const server = new CofferServer({ dataDir });
    cleanup.push(() => server.stop());
    await server.start();
    try {
      assert.equal(fs.readFileSync(path.join(dataDir, 'credentials'), 'utf8'), before);
      const client = server.client({ accessKeyId: ADMIN_ID, secretAccessKey: ADMIN_SECRET });
      const got = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      assert.equal(got.SecretString, 'survives restarts');
      client.destroy();
    } finally {
      await server.stop();
    }
    assert.ok(!server.output.includes('first start'), server.output);
    assert.ok(!server.output.includes(ADMIN_SECRET));
  });

  test('a root key file others can read stops the start with one clear line', async () => {
    const rootKey = path.join(dataDir, 'root.key');
    fs.chmodSync(rootKey, 0o644);
    try {
      const r = await runCoffer(['serve'], { COFFER_DATA_DIR: dataDir, COFFER_PORT: String(await freePort()) });
      assert.equal(r.code, 1, `exit code ${r.code}: ${r.stdout}${r.stderr}`);
      assert.equal(lines(r.stderr).length, 1, JSON.stringify(r.stderr));
      assert.match(r.stderr, /^coffer: cannot start: root key file .*root\.key is readable by other users \(mode 644\); chmod 600 it\n$/);
      assert.equal(lines(r.stdout).length, 0, r.stdout);
    } finally {
      fs.chmodSync(rootKey, 0o600);
    }
  });

  test('another root key stops the start with one clear line instead of failing every request', async () => {
    const rootKey = path.join(dataDir, 'root.key');
    const original = fs.readFileSync(rootKey);
    fs.writeFileSync(rootKey, crypto.randomBytes(32).toString('base64') + '\n');
    try {
      const r = await runCoffer(['serve'], { COFFER_DATA_DIR: dataDir, COFFER_PORT: String(await freePort()) });
      assert.equal(r.code, 1, `exit code ${r.code}: ${r.stdout}${r.stderr}`);
      assert.equal(lines(r.stderr).length, 1, JSON.stringify(r.stderr));
      assert.match(r.stderr, /^coffer: cannot start: the root key does not open the keys stored in .*coffer-data; /);
      assert.equal(lines(r.stdout).length, 0, r.stdout);
    } finally {
      fs.writeFileSync(rootKey, original);
    }
  });
});

describe('the port', () => {
  test('a port already in use stops the start with one line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    const dataDir = tempDataDir();
    try {
      const r = await runCoffer(['serve'], { COFFER_DATA_DIR: dataDir, COFFER_PORT: String(port) });
      assert.equal(r.code, 1, `exit code ${r.code}: ${r.stdout}${r.stderr}`);
      assert.equal(lines(r.stderr).length, 1, JSON.stringify(r.stderr));
      assert.match(r.stderr, new RegExp(`^coffer: cannot start: .*EADDRINUSE.*127\\.0\\.0\\.1:${port}\\n$`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the command', () => {
  test('bin/coffer --help lists serve', async () => {
    const r = await runCoffer(['--help'], {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: coffer /m);
    assert.match(r.stdout, /^\s+serve\b/m);
  });

  test('package.json declares bin.coffer, an executable node script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.bin?.coffer, 'bin/coffer');
    const bin = path.join(ROOT, pkg.bin.coffer);
    assert.ok(modeOf(bin) & 0o111, 'bin/coffer is executable');
    assert.ok(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'));
  });
});
