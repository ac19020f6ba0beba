import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
  GetRandomPasswordCommand,
} from '@aws-sdk/client-secrets-manager';
import { rawCall } from '../support/raw-request.js';
import { useServer } from '../support/use-server.js';

/** Every byte of every file under the data directory (database, WAL, shared memory, keys, audit files). */
function dataDirBytes(dir: string): Buffer {
  return Buffer.concat(
    fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? dataDirBytes(p) : e.isFile() ? fs.readFileSync(p) : Buffer.alloc(0);
    }),
  );
}

describe('a secret value never leaks into logs, errors or the database file', () => {
  const { server, sm } = useServer();
  const planted = `PLANTED-${crypto.randomUUID()}`;
  const plantedBinary = crypto.randomBytes(48);
  const seen: string[] = [];

  it('plants the value through every write and read path, including failing ones', async () => {
    const token = crypto.randomUUID();
    await sm.send(new CreateSecretCommand({ Name: 'hygiene', SecretString: planted, ClientRequestToken: token }));
    await sm.send(new CreateSecretCommand({ Name: 'hygiene-bin', SecretBinary: plantedBinary }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'hygiene', SecretString: `${planted}-2` }));
    await sm.send(new UpdateSecretCommand({ SecretId: 'hygiene', SecretString: `${planted}-3` }));
    const got = await sm.send(new GetSecretValueCommand({ SecretId: 'hygiene' }));
    assert.equal(got.SecretString, `${planted}-3`);
    const batch = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['hygiene', 'hygiene-bin'] }));
    assert.equal(batch.SecretValues?.length, 2);
    const pw = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 64, ExcludePunctuation: true }));
    seen.push(pw.RandomPassword!);

    // Failing calls that carry the value: token reuse with another value, an oversized value,
    // both kinds of value at once, invalid JSON around the value, a value on a missing secret.
    await assert.rejects(sm.send(new PutSecretValueCommand({ SecretId: 'hygiene', ClientRequestToken: token, SecretString: `${planted}-other` })), (e: Error) => !e.message.includes(planted));
    await assert.rejects(sm.send(new PutSecretValueCommand({ SecretId: 'hygiene', SecretString: planted + 'x'.repeat(65536) })), (e: Error) => !e.message.includes(planted));
    await assert.rejects(sm.send(new PutSecretValueCommand({ SecretId: 'no-such-secret', SecretString: planted })), (e: Error) => !e.message.includes(planted));
    const both = await rawCall(server, 'secretsmanager.PutSecretValue', {
      SecretId: 'hygiene',
      ClientRequestToken: crypto.randomUUID(),
      SecretString: planted,
      SecretBinary: plantedBinary.toString('base64'),
    });
    assert.equal(both.status, 400);
    const badJson = await rawCall(server, 'secretsmanager.PutSecretValue', `{"SecretId":"hygiene","SecretString":"${planted}"`);
    assert.equal(badJson.json.__type, 'SerializationException');
    const wrongType = await rawCall(server, 'secretsmanager.PutSecretValue', { SecretId: 'hygiene', ClientRequestToken: crypto.randomUUID(), SecretString: { v: planted } });
    assert.equal(wrongType.status, 400);
    for (const r of [both, badJson, wrongType]) assert.equal(r.text.includes(planted), false, r.text);
  });

  it('the server output holds neither the values, the password, the secret access key nor a signature', async () => {
    await server.stop();
    const out = server.output;
    assert.ok(out.length > 0 && out.includes('"msg":"call"'), 'the server logged its calls');
    assert.equal(out.includes(planted), false);
    assert.equal(out.includes(plantedBinary.toString('base64')), false);
    for (const pw of seen) assert.equal(out.includes(pw), false);
    assert.equal(out.includes(server.credentials().secretAccessKey), false);
    assert.equal(/Signature=[0-9a-f]{64}/.test(out), false);
    await server.start();
  });

  it('no file of the data directory holds a value in clear, as text or base64', () => {
    const bytes = dataDirBytes(server.dataDir);
    assert.ok(bytes.length > 0);
    for (const needle of [planted, plantedBinary.toString('base64')]) {
      assert.equal(bytes.includes(Buffer.from(needle)), false, `found ${needle.slice(0, 12)}...`);
    }
    assert.equal(bytes.includes(plantedBinary), false);
  });

  it('a ciphertext moved to another version fails with DecryptionFailure and reveals nothing', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'victim', SecretString: 'victim-value' }));
    const db = new Database(path.join(server.dataDir, 'coffer.db'));
    db.pragma('busy_timeout = 5000');
    try {
      const src = db.prepare(
        `SELECT v.wrapped_data_key, v.ciphertext FROM versions v JOIN secrets s ON s.arn = v.secret_arn
         WHERE s.name = 'hygiene' AND v.stages LIKE '%AWSCURRENT%'`,
      ).get() as { wrapped_data_key: Buffer; ciphertext: Buffer };
      const moved = db.prepare(
        `UPDATE versions SET wrapped_data_key = ?, ciphertext = ? WHERE secret_arn = (SELECT arn FROM secrets WHERE name = 'victim')`,
      ).run(src.wrapped_data_key, src.ciphertext);
      assert.equal(moved.changes, 1);
    } finally {
      db.close();
    }
    const r = await rawCall(server, 'secretsmanager.GetSecretValue', { SecretId: 'victim' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { __type: 'DecryptionFailure', Message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key." });
    assert.equal(r.text.includes(planted), false);
    assert.equal(/\bat .*\.js:\d+/.test(server.output), false, 'no stack trace in the log');
  });
});
