/**
 * No secret value, generated password, secret access key or signature ever enters the audit trail:
 * values are planted through every operation that carries one (and through failing calls), then
 * searched for in every event LookupEvents returns, in an export, in the file sink, in the stdout
 * sink and the log, and in every byte of the data directory.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { tempDataDir } from '../support/coffer-server.js';
import { rawCall } from '../support/raw-request.js';
import { coffer, lookupAll } from '../support/audit.js';
import { useServer } from '../support/use-server.js';

/** Every byte under `dir`, but the credentials file the first start writes for the admin on purpose. */
function bytesOf(dir: string): Buffer {
  const out: Buffer[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'credentials') continue;
    const p = path.join(dir, e.name);
    out.push(e.isDirectory() ? bytesOf(p) : fs.readFileSync(p));
  }
  return Buffer.concat(out);
}

describe('the audit trail never holds a secret', () => {
  const work = tempDataDir();
  const auditFile = path.join(work, 'audit.jsonl');
  const { server, sm } = useServer({ env: { COFFER_AUDIT_SINKS: 'store,file,stdout', COFFER_AUDIT_FILE: auditFile, COFFER_AUDIT_DIGEST_INTERVAL_SECONDS: '0.5' } });
  const planted = `PLANTED-${crypto.randomUUID()}`;
  const plantedBinary = crypto.randomBytes(48);
  const passwords: string[] = [];

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('plants values through every operation that carries one, successful and failing', async () => {
    const token = crypto.randomUUID();
    await sm.send(new CreateSecretCommand({ Name: 'h', SecretString: planted, ClientRequestToken: token }));
    await sm.send(new CreateSecretCommand({ Name: 'h-bin', SecretBinary: plantedBinary }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'h', SecretString: `${planted}-2` }));
    await sm.send(new UpdateSecretCommand({ SecretId: 'h', SecretString: `${planted}-3` }));
    await sm.send(new GetSecretValueCommand({ SecretId: 'h' }));
    await sm.send(new GetSecretValueCommand({ SecretId: 'h-bin' }));
    await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['h', 'h-bin'] }));
    for (let i = 0; i < 3; i++) passwords.push((await sm.send(new GetRandomPasswordCommand({ PasswordLength: 64 }))).RandomPassword!);
    await sm.send(new PutSecretValueCommand({ SecretId: 'h', ClientRequestToken: token, SecretString: `${planted}-other` })).catch(() => undefined);
    await sm.send(new PutSecretValueCommand({ SecretId: 'h', SecretString: planted + 'x'.repeat(65536) })).catch(() => undefined);
    await sm.send(new PutSecretValueCommand({ SecretId: 'missing', SecretString: planted })).catch(() => undefined);
    await rawCall(server, 'secretsmanager.PutSecretValue', { SecretId: 'h', ClientRequestToken: crypto.randomUUID(), SecretString: planted, SecretBinary: plantedBinary.toString('base64') });
    await rawCall(server, 'secretsmanager.PutSecretValue', `{"SecretId":"h","SecretString":"${planted}"`);
    await rawCall(server, 'secretsmanager.PutSecretValue', { SecretId: 'h', ClientRequestToken: crypto.randomUUID(), SecretString: { v: planted } });
    await rawCall(server, 'secretsmanager.CreateSecret', { Name: planted, SecretString: planted }, { creds: { ...server.credentials(), secretAccessKey: 'z'.repeat(40) } });
    // A client that puts its secret key where the key id goes: the event must not keep it.
    const secret = server.credentials().secretAccessKey;
    await rawCall(server, 'secretsmanager.ListSecrets', {}, { mutate: (r) => (r.headers.authorization = r.headers.authorization!.replace(/Credential=[^/]+/, `Credential=${secret}`)) });
    await rawCall(server, 'secretsmanager.ListSecrets', {}, { mutate: (r) => (r.headers.authorization = r.headers.authorization!.replace('SignedHeaders=', `Junk=${secret} SignedHeaders=`)) });
  });

  it('no event, export, sink, log line or file of the data directory holds them', async () => {
    const events = await lookupAll(server);
    assert.ok(events.length >= 15);
    const key = (await coffer(['audit', 'public-key'], server.dataDir)).stdout.trim();
    await server.stop();
    const exportFile = path.join(work, 'export.jsonl');
    assert.equal((await coffer(['audit', 'export', '--out', exportFile], server.dataDir)).code, 0);
    assert.equal((await coffer(['audit', 'verify', '--file', exportFile, '--public-key', key], server.dataDir)).code, 0);
    const haystacks: [string, Buffer][] = [
      ['LookupEvents', Buffer.from(JSON.stringify(events))],
      ['export', fs.readFileSync(exportFile)],
      ['file sink', fs.readFileSync(auditFile)],
      ['stdout sink and log', Buffer.from(server.output)],
      ['data directory', bytesOf(server.dataDir)],
    ];
    assert.ok(server.output.includes('"kind":"event"'), 'the stdout sink wrote records');
    const secret = server.credentials().secretAccessKey;
    const needles = [planted, plantedBinary.toString('base64'), ...passwords, secret];
    for (const [where, hay] of haystacks) {
      for (const n of needles) assert.equal(hay.includes(Buffer.from(n)), false, `${where} holds ${n.slice(0, 10)}...`);
      assert.equal(hay.includes(plantedBinary), false, `${where} holds the binary value`);
      assert.equal(/Signature=[0-9a-f]{64}/.test(hay.toString('latin1')), false, `${where} holds a signature`);
    }
    await server.start();
  });
});
