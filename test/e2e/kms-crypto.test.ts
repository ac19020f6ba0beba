/**
 * KMS cryptographic operations end to end (@aws-sdk/client-kms and the AWS CLI against a real
 * `coffer serve`): Encrypt/Decrypt/ReEncrypt round trips bound to their encryption context
 * (another context is InvalidCiphertextException with an empty message, as recorded against AWS
 * in localstack's test_encrypt_decrypt_encryption_context), data keys, and automatic key rotation
 * keeping every older ciphertext decryptable (AWS KMS Developer Guide, "Rotating AWS KMS keys").
 * The rotation test makes a key's rotation due by moving `next_rotation_at` into the past in the
 * server's SQLite file (WAL, so the server and the test may both have it open), as a year passing
 * would, and polls until the KMS maintenance task (every COFFER_PURGE_INTERVAL_SECONDS, 0.2 s here)
 * has rotated it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  GetKeyRotationStatusCommand,
  ReEncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { DAY_MS, expectAwsError, uniqueName, waitFor } from '../support/aws-expect.js';
import { startServer, stopAndClean, type CofferServer } from '../support/coffer-server.js';
import { kmsClient } from '../support/kms-client.js';
import { rawCall } from '../support/raw-request.js';

const run = promisify(execFile);

let server: CofferServer;
let kms: KMSClient;

before(async () => {
  server = await startServer({ env: { COFFER_PURGE_INTERVAL_SECONDS: '0.2' } });
  kms = kmsClient(server);
});
after(() => stopAndClean(server));

const newKey = async () => (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => Buffer.from(b!).toString('utf8');

describe('Encrypt and Decrypt', () => {
  test('round-trip with an encryption context; Decrypt needs no KeyId', async () => {
    const k = await newKey();
    const ctx = { purpose: 'test', tenant: 't1' };
    const e = await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: bytes('hello kms'), EncryptionContext: ctx }));
    assert.equal(e.KeyId, k.Arn);
    assert.equal(e.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.equal(Buffer.from(e.CiphertextBlob!).includes(Buffer.from('hello kms')), false);
    const d = await kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, EncryptionContext: { tenant: 't1', purpose: 'test' } }));
    assert.equal(text(d.Plaintext), 'hello kms');
    assert.equal(d.KeyId, k.Arn);
    assert.equal(d.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const again = await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: bytes('hello kms'), EncryptionContext: ctx }));
    assert.notDeepEqual(Buffer.from(again.CiphertextBlob!), Buffer.from(e.CiphertextBlob!), 'a fresh IV every time');
  });

  test('another, a missing or an extra encryption context is InvalidCiphertextException with an empty message', async () => {
    const k = await newKey();
    const e = await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: bytes('x'), EncryptionContext: { a: '1' } }));
    for (const ctx of [{ a: '2' }, undefined, { a: '1', b: '2' }, { A: '1' }] as (Record<string, string> | undefined)[]) {
      const err = await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, EncryptionContext: ctx })), 'InvalidCiphertextException');
      assert.ok(err.message === '' || err.message === 'UnknownError', `message: ${err.message}`);
    }
    const r = await rawCall(server, 'TrentService.Decrypt', { CiphertextBlob: Buffer.from(e.CiphertextBlob!).toString('base64') }, { service: 'kms' });
    assert.deepEqual(r.json, { __type: 'InvalidCiphertextException' }, 'no Message member at all');
    const none = await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: bytes('y') }));
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: none.CiphertextBlob, EncryptionContext: { a: '1' } })), 'InvalidCiphertextException');
  });

  test('KeyId must name the key of the ciphertext; garbage is InvalidCiphertextException', async () => {
    const k = await newKey();
    const other = await newKey();
    const alias = `alias/${uniqueName('c')}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: k.KeyId }));
    const e = await kms.send(new EncryptCommand({ KeyId: alias, Plaintext: bytes('z') }));
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, KeyId: alias }))).Plaintext), 'z');
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, KeyId: k.Arn }))).Plaintext), 'z');
    await expectAwsError(
      kms.send(new DecryptCommand({ CiphertextBlob: e.CiphertextBlob, KeyId: other.KeyId })),
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    );
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: bytes('not a ciphertext blob') })), 'InvalidCiphertextException');
    const flipped = Buffer.from(e.CiphertextBlob!);
    flipped[flipped.length - 1]! ^= 1;
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: flipped })), 'InvalidCiphertextException');
  });

  test('model limits, algorithms, and the SDK members newer than the model', async () => {
    const k = await newKey();
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: new Uint8Array(4097) })),
      'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    const max = await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: new Uint8Array(4096).fill(7) }));
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: max.CiphertextBlob }))).Plaintext!.length, 4096);
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'InvalidKeyUsageException',
      'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
    );
    // DryRun is not in the model Coffer serves: the input validator drops it, and the call runs.
    const dry = await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: bytes('dry'), DryRun: true }));
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: dry.CiphertextBlob, DryRun: true }))).Plaintext), 'dry');
  });
});

describe('data keys', () => {
  test('GenerateDataKey: plaintext and the same key encrypted, bound to the context', async () => {
    const k = await newKey();
    const ctx = { use: 'dek' };
    const g = await kms.send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_256', EncryptionContext: ctx }));
    assert.equal(g.Plaintext!.length, 32);
    assert.equal(g.KeyId, k.Arn);
    const d = await kms.send(new DecryptCommand({ CiphertextBlob: g.CiphertextBlob, EncryptionContext: ctx }));
    assert.deepEqual(Buffer.from(d.Plaintext!), Buffer.from(g.Plaintext!));
    assert.equal((await kms.send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_128' }))).Plaintext!.length, 16);
    assert.equal((await kms.send(new GenerateDataKeyCommand({ KeyId: k.KeyId, NumberOfBytes: 64 }))).Plaintext!.length, 64);
    for (const input of [{ KeyId: k.KeyId }, { KeyId: k.KeyId, KeySpec: 'AES_256' as const, NumberOfBytes: 32 }]) {
      await expectAwsError(kms.send(new GenerateDataKeyCommand(input)), 'ValidationException', 'Please specify either number of bytes or key spec.');
    }
  });

  test('GenerateDataKeyWithoutPlaintext and GenerateRandom', async () => {
    const k = await newKey();
    const g = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: k.KeyId, KeySpec: 'AES_256' }));
    assert.equal((g as { Plaintext?: unknown }).Plaintext, undefined);
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: g.CiphertextBlob }))).Plaintext!.length, 32);
    const r = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 100 }));
    assert.equal(r.Plaintext!.length, 100);
    await expectAwsError(kms.send(new GenerateRandomCommand({})), 'ValidationException', 'NumberOfBytes is required.');
  });
});

describe('ReEncrypt', () => {
  test('moves a ciphertext to another key and context without exposing the plaintext', async () => {
    const a = await newKey();
    const b = await newKey();
    const e = await kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: bytes('moving'), EncryptionContext: { from: 'a' } }));
    const r = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob: e.CiphertextBlob,
        SourceEncryptionContext: { from: 'a' },
        DestinationKeyId: b.KeyId,
        DestinationEncryptionContext: { to: 'b' },
      }),
    );
    assert.equal(r.SourceKeyId, a.Arn);
    assert.equal(r.KeyId, b.Arn);
    assert.equal(r.SourceEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.equal(r.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const d = await kms.send(new DecryptCommand({ CiphertextBlob: r.CiphertextBlob, EncryptionContext: { to: 'b' } }));
    assert.equal(text(d.Plaintext), 'moving');
    assert.equal(d.KeyId, b.Arn);
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: r.CiphertextBlob, EncryptionContext: { from: 'a' } })), 'InvalidCiphertextException');
    await expectAwsError(
      kms.send(new ReEncryptCommand({ CiphertextBlob: e.CiphertextBlob, SourceEncryptionContext: { from: 'x' }, DestinationKeyId: b.KeyId })),
      'InvalidCiphertextException',
    );
    await expectAwsError(
      kms.send(new ReEncryptCommand({ CiphertextBlob: e.CiphertextBlob, SourceKeyId: b.KeyId, SourceEncryptionContext: { from: 'a' }, DestinationKeyId: b.KeyId })),
      'IncorrectKeyException',
    );
  });
});

describe('automatic key rotation', () => {
  function openDb(): Database.Database {
    const db = new Database(path.join(server.dataDir, 'coffer.db'));
    db.pragma('busy_timeout = 10000');
    return db;
  }

  /** Moves a key's next automatic rotation one second into the past, as a year passing would. */
  function makeRotationDue(db: Database.Database, arn: string): void {
    const r = db.prepare('UPDATE kms_keys SET next_rotation_at = ? WHERE arn = ?').run(Date.now() - 1000, arn);
    assert.equal(r.changes, 1, 'one key row moved');
  }

  const keyRow = (db: Database.Database, arn: string) =>
    db.prepare('SELECT material_version, next_rotation_at FROM kms_keys WHERE arn = ?').get(arn) as { material_version: number; next_rotation_at: number | null };

  /** The material version a ciphertext blob names (docs/architecture.md, Key hierarchy). */
  function blobVersion(blob: Uint8Array): number {
    const b = Buffer.from(blob);
    if (b[0] === 1) return 0;
    assert.equal(b[0], 2, 'format 2: a rotated key');
    return b.readUInt32BE(3 + b.readUInt16BE(1));
  }

  /** Encrypts under `keyId` until the ciphertext names material `version`: the rotation has happened. */
  const waitForMaterial = (keyId: string, version: number) =>
    waitFor(`material version ${version} of ${keyId}`, async () => {
      const e = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('probe') }));
      return blobVersion(e.CiphertextBlob!) === version ? e : undefined;
    });

  test('Rotating a key keeps old versions decryptable: new material when due, every older ciphertext still opens', async () => {
    const db = openDb();
    try {
      const k = await newKey();
      const idle = await newKey();
      const disabled = await newKey();
      await kms.send(new EnableKeyRotationCommand({ KeyId: k.KeyId }));
      await kms.send(new EnableKeyRotationCommand({ KeyId: disabled.KeyId }));
      await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
      const blobs: { blob: Uint8Array; ctx: Record<string, string>; plain: string }[] = [];
      const dataKeys: { blob: Uint8Array; plain: Buffer }[] = [];
      const remember = async (gen: number) => {
        const ctx = { gen: String(gen) };
        const e = await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: bytes(`gen${gen}`), EncryptionContext: ctx }));
        assert.equal(blobVersion(e.CiphertextBlob!), gen, `generation ${gen} is encrypted under material ${gen}`);
        blobs.push({ blob: e.CiphertextBlob!, ctx, plain: `gen${gen}` });
        const g = await kms.send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_256' }));
        dataKeys.push({ blob: g.CiphertextBlob!, plain: Buffer.from(g.Plaintext!) });
      };
      await remember(0);
      for (let gen = 1; gen <= 3; gen++) {
        // Keys without rotation, and disabled keys, are not rotated even when their date has passed;
        // moved first, so the maintenance pass that rotates `k` has seen them too.
        db.prepare('UPDATE kms_keys SET next_rotation_at = ? WHERE arn IN (?, ?)').run(Date.now() - 1000, idle.Arn, disabled.Arn);
        makeRotationDue(db, k.Arn!);
        const before = Date.now();
        await waitForMaterial(k.KeyId!, gen);
        const row = keyRow(db, k.Arn!);
        assert.equal(row.material_version, gen);
        assert.ok(Math.abs(row.next_rotation_at! - (before + 365 * DAY_MS)) < 60_000, 'the next rotation a year later');
        await remember(gen);
      }
      assert.equal(keyRow(db, idle.Arn!).material_version, 0, 'rotation not enabled: not rotated');
      assert.equal(keyRow(db, disabled.Arn!).material_version, 0, 'a disabled key is not rotated');
      assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId }))).KeyRotationEnabled, true);
      assert.match(server.output, /KMS key material rotated/);

      // Every older ciphertext still decrypts, with or without KeyId, and only with its context:
      // first from the server's material cache, then after a restart, from the store.
      const decryptAll = async () => {
        for (const { blob, ctx, plain } of blobs) {
          assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: ctx }))).Plaintext), plain);
          assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: ctx, KeyId: k.Arn }))).Plaintext), plain);
          await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { gen: 'other' } })), 'InvalidCiphertextException');
        }
        for (const { blob, plain } of dataKeys) {
          assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!), plain);
        }
      };
      await decryptAll();
      await server.stop();
      await server.start();
      await decryptAll();
      // ReEncrypt moves the oldest ciphertext onto the newest material.
      const r = await kms.send(
        new ReEncryptCommand({ CiphertextBlob: blobs[0]!.blob, SourceEncryptionContext: blobs[0]!.ctx, DestinationKeyId: k.KeyId, DestinationEncryptionContext: blobs[0]!.ctx }),
      );
      assert.equal(blobVersion(r.CiphertextBlob!), 3);
      assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: r.CiphertextBlob, EncryptionContext: blobs[0]!.ctx }))).Plaintext), 'gen0');

      // Disabled, the key decrypts nothing, whatever the material; enabled again, everything.
      await kms.send(new DisableKeyCommand({ KeyId: k.KeyId }));
      await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: blobs[0]!.blob, EncryptionContext: blobs[0]!.ctx })), 'DisabledException');
      await kms.send(new EnableKeyCommand({ KeyId: k.KeyId }));
      assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blobs[1]!.blob, EncryptionContext: blobs[1]!.ctx }))).Plaintext), 'gen1');
    } finally {
      db.close();
    }
  });
});

describe('AWS CLI', () => {
  test('aws kms create-key, create-alias, encrypt, decrypt, list-aliases, describe-key', async () => {
    const env = server.awsEnv();
    const aws = async (...args: string[]) => JSON.parse((await run('/usr/bin/aws', ['kms', ...args, '--endpoint-url', server.url, '--output', 'json'], { env })).stdout || 'null');
    const k = (await aws('create-key', '--description', 'cli key')).KeyMetadata;
    assert.equal(k.Description, 'cli key');
    const alias = `alias/${uniqueName('cli')}`;
    await aws('create-alias', '--alias-name', alias, '--target-key-id', k.KeyId);
    const dir = fs.mkdtempSync(path.join(server.dataDir, 'cli-'));
    const plain = path.join(dir, 'plain.txt');
    fs.writeFileSync(plain, 'from the cli');
    const e = await aws('encrypt', '--key-id', alias, '--plaintext', `fileb://${plain}`, '--encryption-context', 'app=cli');
    assert.equal(e.KeyId, k.Arn);
    const blob = path.join(dir, 'blob.bin');
    fs.writeFileSync(blob, Buffer.from(e.CiphertextBlob, 'base64'));
    const d = await aws('decrypt', '--ciphertext-blob', `fileb://${blob}`, '--encryption-context', 'app=cli');
    assert.equal(Buffer.from(d.Plaintext, 'base64').toString(), 'from the cli');
    const aliases = (await aws('list-aliases')).Aliases.map((a: { AliasName: string }) => a.AliasName);
    assert.ok(aliases.includes('alias/aws/secretsmanager'));
    assert.ok(aliases.includes(alias));
    assert.equal((await aws('describe-key', '--key-id', 'alias/aws/secretsmanager')).KeyMetadata.KeyManager, 'AWS');
    await assert.rejects(
      run('/usr/bin/aws', ['kms', 'decrypt', '--endpoint-url', server.url, '--ciphertext-blob', `fileb://${blob}`], { env }),
      (err: { stderr: string }) => /InvalidCiphertextException/.test(err.stderr),
    );
  });
});
