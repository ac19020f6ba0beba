import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/errors/index.js';
import { KeyService, secretVersionContext } from '../../src/kms/index.js';
import { openFileRootKey, rootKeyFromBytes, SealError } from '../../src/seal/index.js';
import { openSqliteStore } from '../../src/store/index.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf';
const V1 = 'a'.repeat(32);
const V2 = 'b'.repeat(32);

async function withKeys<T>(fn: (keys: KeyService, key: Awaited<ReturnType<KeyService['ensureSecretsManagerKey']>>) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-kms-'));
  const store = openSqliteStore(dir);
  try {
    const keys = new KeyService(rootKeyFromBytes(crypto.randomBytes(32)));
    const key = await store.write((tx) => keys.ensureSecretsManagerKey(tx, '111111111111', 'us-east-1', 1));
    return await fn(keys, key);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('envelope encryption', () => {
  it('round-trips a value and uses a fresh data key (and IV) for every seal', async () => {
    await withKeys(async (keys, key) => {
      const plain = Buffer.from('hunter2-correct-horse');
      const a = keys.seal(key, plain, secretVersionContext(ARN, V1), 1);
      const b = keys.seal(key, plain, secretVersionContext(ARN, V1), 1);
      assert.notDeepEqual(a.ciphertext, b.ciphertext);
      assert.notDeepEqual(a.wrappedDataKey, b.wrappedDataKey);
      assert.equal(a.ciphertext.includes(plain), false);
      assert.deepEqual(keys.open(key, a, secretVersionContext(ARN, V1), 1), plain);
    });
  });

  it('refuses a ciphertext moved to another version or secret (AAD binds ARN and version id)', async () => {
    await withKeys(async (keys, key) => {
      const sealed = keys.seal(key, Buffer.from('x'), secretVersionContext(ARN, V1), 1);
      for (const ctx of [secretVersionContext(ARN, V2), secretVersionContext(ARN + 'x', V1)]) {
        assert.throws(
          () => keys.open(key, sealed, ctx, 1),
          (e: unknown) => e instanceof AwsError && e.code === 'DecryptionFailure' && e.message === "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
        );
      }
    });
  });

  it('refuses a tampered ciphertext or wrapped data key', async () => {
    await withKeys(async (keys, key) => {
      const sealed = keys.seal(key, Buffer.from('value'), secretVersionContext(ARN, V1), 1);
      const flip = (b: Buffer, i: number) => {
        const c = Buffer.from(b);
        c[i]! ^= 1;
        return c;
      };
      assert.throws(() => keys.open(key, { ...sealed, ciphertext: flip(sealed.ciphertext, sealed.ciphertext.length - 1) }, secretVersionContext(ARN, V1), 1), AwsError);
      assert.throws(() => keys.open(key, { ...sealed, wrappedDataKey: flip(sealed.wrappedDataKey, sealed.wrappedDataKey.length - 1) }, secretVersionContext(ARN, V1), 1), AwsError);
    });
  });

  it('refuses to seal or open under a disabled key with EncryptionFailure / DecryptionFailure', async () => {
    await withKeys(async (keys, key) => {
      const sealed = keys.seal(key, Buffer.from('v'), secretVersionContext(ARN, V1), 1);
      const disabled = { ...key, state: 'Disabled' as const };
      assert.throws(() => keys.seal(disabled, Buffer.from('v'), secretVersionContext(ARN, V1), 1), (e: unknown) => e instanceof AwsError && e.code === 'EncryptionFailure');
      assert.throws(() => keys.open(disabled, sealed, secretVersionContext(ARN, V1), 1), (e: unknown) => e instanceof AwsError && e.code === 'DecryptionFailure');
    });
  });

  it('a wrapped data key names its KMS key', async () => {
    await withKeys(async (keys, key) => {
      const sealed = keys.seal(key, Buffer.from('v'), secretVersionContext(ARN, V1), 1);
      assert.ok(sealed.wrappedDataKey.includes(Buffer.from(key.arn)));
      assert.equal(sealed.wrappedDataKey[0], 1, 'format version byte');
    });
  });
});

describe('root key', () => {
  it('wraps with AAD: another AAD or another root key does not open it', () => {
    const a = rootKeyFromBytes(crypto.randomBytes(32));
    const b = rootKeyFromBytes(crypto.randomBytes(32));
    const sealed = a.wrap(Buffer.from('material'), 'arn:1');
    assert.deepEqual(a.unwrap(sealed, 'arn:1'), Buffer.from('material'));
    assert.throws(() => a.unwrap(sealed, 'arn:2'), SealError);
    assert.throws(() => b.unwrap(sealed, 'arn:1'), SealError);
  });

  it('the key file is created with mode 0600 and refused when others can read it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-root-'));
    try {
      const first = openFileRootKey(dir);
      const file = path.join(dir, 'root.key');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const sealed = first.wrap(Buffer.from('m'), 'x');
      assert.deepEqual(openFileRootKey(dir).unwrap(sealed, 'x'), Buffer.from('m'), 'reopened file holds the same key');
      fs.chmodSync(file, 0o644);
      assert.throws(() => openFileRootKey(dir), (e: unknown) => e instanceof SealError && /readable by other users/.test(e.message));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
