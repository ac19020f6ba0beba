/**
 * The optional TLS listener (COFFER_TLS_CERT_FILE, COFFER_TLS_KEY_FILE) against a real
 * `coffer serve`, with a throwaway CA and server certificate made by `openssl` at test time: the
 * SDK v3 (trusting the CA through its NodeHttpHandler's https.Agent) and the AWS CLI
 * (`--ca-bundle`) over HTTPS, plain HTTP refused on that port, aws:SecureTransport true over TLS
 * (a Deny on `"aws:SecureTransport": "false"` applies only to a plain-HTTP server), the audit
 * event's tlsDetails as CloudTrail records them, cluster workers serving TLS, and bad files
 * stopping the start with one line that holds no PEM.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { BIN, CofferServer, REGION, ROOT, stopAndClean, tempDataDir, type Credentials } from '../support/coffer-server.js';
import { makeTestCertificates } from '../support/tls-certs.js';
import { iamClient } from '../support/identity-clients.js';
import { useServer } from '../support/use-server.js';

const certs = makeTestCertificates();
after(() => certs.remove());
const TLS_ENV = { COFFER_TLS_CERT_FILE: certs.certFile, COFFER_TLS_KEY_FILE: certs.keyFile };

/** SDK clients over HTTPS: the default NodeHttpHandler, given an https.Agent that trusts the test CA. */
function tlsOptions(server: CofferServer, creds: () => Credentials, agent: https.Agent) {
  return {
    endpoint: async () => ({ url: new URL(server.url) }),
    credentials: async () => creds(),
    region: REGION,
    maxAttempts: 1,
    requestHandler: { httpsAgent: agent },
  };
}

function get(url: string, opts: https.RequestOptions = {}): Promise<{ status: number; body: string; protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { agent: false, ...opts }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, protocol: (res.socket as import('node:tls').TLSSocket).getProtocol?.() ?? null }));
    });
    req.on('error', reject);
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>, timeout = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, timeout }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const denyInsecure = (principal?: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        ...(principal !== undefined ? { Principal: principal } : {}),
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });

/**
 * A secret whose resource policy denies every call not made over TLS, and a user whose identity
 * policy allows reading secrets but denies everything not made over TLS: returns the user's key.
 */
async function secureOnlySetup(sm: SecretsManagerClient, iam: IAMClient, name: string, value: string): Promise<Credentials> {
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: denyInsecure('*') }));
  const user = uniqueName('tls-user');
  await iam.send(new CreateUserCommand({ UserName: user }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: user,
      PolicyName: 'read-over-tls',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
          JSON.parse(denyInsecure()).Statement[0],
        ],
      }),
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: user }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

describe('HTTPS listener (one process)', () => {
  const server = new CofferServer({ env: { ...TLS_ENV, COFFER_WORKERS: '1' }, ca: certs.ca });
  const agent = new https.Agent({ ca: certs.ca, keepAlive: true });
  const agent12 = new https.Agent({ ca: certs.ca, keepAlive: true, maxVersion: 'TLSv1.2' });
  const admin = () => server.credentials();
  const sm = new SecretsManagerClient(tlsOptions(server, admin, agent));
  const iam = new IAMClient(tlsOptions(server, admin, agent));
  const trail = new CloudTrailClient(tlsOptions(server, admin, agent));
  before(() => server.start());
  after(async () => {
    sm.destroy();
    iam.destroy();
    trail.destroy();
    agent.destroy();
    agent12.destroy();
    await stopAndClean(server);
  });

  async function eventOf(requestId: string | undefined, name: string): Promise<any> {
    for await (const page of paginateLookupEvents({ client: trail, pageSize: 50 }, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] })) {
      for (const e of page.Events ?? []) {
        const event = JSON.parse(e.CloudTrailEvent!);
        if (event.requestID === requestId) return event;
      }
    }
    assert.fail(`no ${name} event for request ${requestId}`);
  }

  test('announces an https:// endpoint, and GET /health answers over TLS 1.3 (and 1.2)', async () => {
    assert.ok(server.output.includes(`"url":"https://127.0.0.1:${server.port}"`), server.output);
    assert.ok(!server.output.includes('PRIVATE KEY') && !server.output.includes('-----BEGIN'), 'no PEM in the log');
    const h = await get(`${server.url}/health`, { ca: certs.ca });
    assert.equal(h.status, 200);
    assert.equal(JSON.parse(h.body).status, 'ok');
    assert.equal(h.protocol, 'TLSv1.3');
    const h12 = await get(`${server.url}/health`, { ca: certs.ca, maxVersion: 'TLSv1.2' });
    assert.equal(h12.status, 200);
    assert.equal(h12.protocol, 'TLSv1.2');
  });

  test('TLS 1.1 and older are refused', async () => {
    await assert.rejects(get(`${server.url}/health`, { ca: certs.ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }));
  });

  test('plain HTTP to the TLS port gets no answer', async () => {
    await assert.rejects(fetch(`http://127.0.0.1:${server.port}/health`));
  });

  test('a client that does not trust the CA is refused by its own verification', async () => {
    await assert.rejects(get(`${server.url}/health`), /self[- ]signed|unable to (get|verify)|certificate/i);
  });

  test('the SDK creates and reads a secret over HTTPS; the audit events carry tlsDetails as CloudTrail writes them', async () => {
    const name = uniqueName('tls/sdk');
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'tls-value-1' }));
    const got = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    assert.equal(got.SecretString, 'tls-value-1');

    const host = `127.0.0.1:${server.port}`;
    const ce = await eventOf(created.$metadata.requestId, 'CreateSecret');
    assert.deepEqual(ce.tlsDetails, { tlsVersion: 'TLSv1.3', cipherSuite: ce.tlsDetails.cipherSuite, clientProvidedHostHeader: host });
    assert.match(ce.tlsDetails.cipherSuite, /^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
    assert.deepEqual(Object.keys(ce.tlsDetails), ['tlsVersion', 'cipherSuite', 'clientProvidedHostHeader']);
    assert.equal(Object.keys(ce).at(-1), 'tlsDetails', 'the last member, as CloudTrail writes it');
    const ge = await eventOf(got.$metadata.requestId, 'GetSecretValue');
    assert.equal(ge.tlsDetails.tlsVersion, 'TLSv1.3');
    assert.equal(ge.tlsDetails.clientProvidedHostHeader, host);
    assert.ok(!JSON.stringify(ce).includes('tls-value-1') && !JSON.stringify(ge).includes('tls-value-1'));

    // TLS 1.2: the cipher suite by its OpenSSL name, as in CloudTrail's own examples
    // ("ECDHE-RSA-AES128-GCM-SHA256"), not the IANA "TLS_ECDHE_..." form.
    const sm12 = new SecretsManagerClient(tlsOptions(server, admin, agent12));
    try {
      const got12 = await sm12.send(new GetSecretValueCommand({ SecretId: name }));
      assert.equal(got12.SecretString, 'tls-value-1');
      const e12 = await eventOf(got12.$metadata.requestId, 'GetSecretValue');
      assert.equal(e12.tlsDetails.tlsVersion, 'TLSv1.2');
      assert.match(e12.tlsDetails.cipherSuite, /^ECDHE-ECDSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
    } finally {
      sm12.destroy();
    }
    assert.ok(!server.output.includes('tls-value-1'), 'the value never reaches the log');
  });

  test('the AWS CLI works with --ca-bundle (and refuses the certificate without it)', async () => {
    const name = uniqueName('tls/cli');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'tls-cli-value' }));
    const env = { ...server.awsEnv() };
    const ok = await run('/usr/bin/aws', ['--endpoint-url', server.url, '--ca-bundle', certs.caFile, '--output', 'json', 'secretsmanager', 'get-secret-value', '--secret-id', name], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).SecretString, 'tls-cli-value');
    const bad = await run('/usr/bin/aws', ['--endpoint-url', server.url, '--output', 'json', 'secretsmanager', 'describe-secret', '--secret-id', name], env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /SSL|certificate/i);
  });

  test('aws:SecureTransport is true over TLS: Deny statements on "false" do not apply', async () => {
    const name = uniqueName('tls/secure-only');
    const user = await secureOnlySetup(sm, iam, name, 'tls-secure-value');
    const asUser = new SecretsManagerClient(tlsOptions(server, () => user, agent));
    try {
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'tls-secure-value');
      // A new key may take a moment to be known everywhere; the user's first call is over TLS too.
      assert.equal((await asUser.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'tls-secure-value');
    } finally {
      asUser.destroy();
    }
  });
});

describe('plain HTTP server: the same Deny statements apply', () => {
  const { server, sm } = useServer({ env: { COFFER_WORKERS: '1' } });

  test('aws:SecureTransport is false over HTTP', async () => {
    const name = uniqueName('http/secure-only');
    const user = await secureOnlySetup(sm, iamClient(server), name, 'http-secure-value');
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: name })), 'AccessDeniedException');
    await expectAwsError(server.client(user).send(new GetSecretValueCommand({ SecretId: name })), 'AccessDeniedException');
  });
});

describe('HTTPS listener (cluster workers)', () => {
  const server = new CofferServer({ env: { ...TLS_ENV, COFFER_WORKERS: '2' }, ca: certs.ca });
  const agent = new https.Agent({ ca: certs.ca, keepAlive: false });
  before(() => server.start());
  after(async () => {
    agent.destroy();
    await stopAndClean(server);
  });

  test('every worker serves HTTPS on the shared port', async () => {
    assert.ok(server.output.includes(`"url":"https://127.0.0.1:${server.port}"`), 'the primary announces https://');
    const sm = new SecretsManagerClient(tlsOptions(server, () => server.credentials(), agent));
    try {
      const name = uniqueName('tls/cluster');
      await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'cluster-tls-value' }));
      // New connections each time: node:cluster hands them to both workers.
      for (let i = 0; i < 6; i++) assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'cluster-tls-value');
    } finally {
      sm.destroy();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${server.port}/health`));
  });
});

describe('bad TLS files', () => {
  const garbage = path.join(certs.dir, 'garbage.pem');
  fs.writeFileSync(garbage, 'not a pem file\n');
  const encrypted = path.join(certs.dir, 'encrypted.key');
  const cases: Array<{ what: string; env: Record<string, string>; names: string[] }> = [
    { what: 'only the certificate', env: { COFFER_TLS_CERT_FILE: certs.certFile }, names: ['COFFER_TLS_CERT_FILE', 'COFFER_TLS_KEY_FILE'] },
    { what: 'only the key', env: { COFFER_TLS_KEY_FILE: certs.keyFile }, names: ['COFFER_TLS_CERT_FILE', 'COFFER_TLS_KEY_FILE'] },
    { what: 'a missing key file', env: { ...TLS_ENV, COFFER_TLS_KEY_FILE: path.join(certs.dir, 'nope.key') }, names: ['COFFER_TLS_KEY_FILE', path.join(certs.dir, 'nope.key'), 'ENOENT'] },
    { what: 'a key file that is no key', env: { ...TLS_ENV, COFFER_TLS_KEY_FILE: garbage }, names: ['COFFER_TLS_KEY_FILE', garbage] },
    { what: 'the certificate as the key', env: { ...TLS_ENV, COFFER_TLS_KEY_FILE: certs.certFile }, names: ['COFFER_TLS_KEY_FILE', certs.certFile] },
    { what: 'the key as the certificate', env: { ...TLS_ENV, COFFER_TLS_CERT_FILE: certs.keyFile }, names: ['COFFER_TLS_CERT_FILE', certs.keyFile] },
    { what: 'the key of another certificate', env: { ...TLS_ENV, COFFER_TLS_KEY_FILE: certs.otherKeyFile }, names: ['COFFER_TLS_KEY_FILE', certs.otherKeyFile, 'not the private key'] },
    { what: 'an encrypted key', env: { ...TLS_ENV, COFFER_TLS_KEY_FILE: encrypted }, names: ['COFFER_TLS_KEY_FILE', encrypted, 'encrypted'] },
    { what: 'a bad key file with workers', env: { ...TLS_ENV, COFFER_TLS_KEY_FILE: certs.otherKeyFile, COFFER_WORKERS: '2' }, names: ['COFFER_TLS_KEY_FILE'] },
  ];

  test('stop the start with one line naming the variable and the file, no PEM, and create nothing', async () => {
    await new Promise<void>((resolve, reject) =>
      execFile('openssl', ['pkey', '-in', certs.keyFile, '-aes256', '-passout', 'pass:hunter22', '-out', encrypted], (err) => (err ? reject(err) : resolve())),
    );
    const base = tempDataDir();
    try {
      const results = await Promise.all(
        cases.map(async (c, i) => {
          const dataDir = path.join(base, `data-${i}`);
          const r = await run(process.execPath, [BIN, 'serve'], { COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', ...c.env }, 20_000);
          return { c, r, dataDir };
        }),
      );
      const pems = [certs.ca, fs.readFileSync(certs.keyFile, 'utf8'), fs.readFileSync(certs.certFile, 'utf8')];
      for (const { c, r, dataDir } of results) {
        assert.equal(r.code, 2, `${c.what}: exit code ${r.code}: ${r.stderr}`);
        assert.equal(r.stdout, '', `${c.what}: nothing on stdout`);
        const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
        assert.equal(lines.length, 1, `${c.what}: one line, got ${JSON.stringify(r.stderr)}`);
        assert.match(lines[0]!, /^coffer: invalid configuration: /);
        for (const n of c.names) assert.ok(r.stderr.includes(n), `${c.what}: names ${n}: ${r.stderr}`);
        assert.ok(!r.stderr.includes('-----BEGIN') && !r.stderr.includes('PRIVATE KEY'), `${c.what}: no PEM in ${r.stderr}`);
        for (const pem of pems) {
          const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
          for (const l of body) assert.ok(!r.stderr.includes(l), `${c.what}: no PEM content`);
        }
        assert.ok(!fs.existsSync(dataDir), `${c.what}: no data directory was created`);
      }
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
