/**
 * KMS key material versions and the ciphertext blob format (src/kms/data-key-blob.ts,
 * key-service.ts, key-maintenance.ts): rotation keeps every earlier material so older ciphertexts
 * still decrypt (AWS KMS Developer Guide, "Rotating AWS KMS keys": "KMS retains all key material
 * for a key"), blobs of the first format still open, the encryption context is bound in, a
 * disabled key is refused even while its material is cached, and keys past their deletion date
 * are deleted for good with their aliases.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/errors/index.js';
import { readBlobHeader, wrapDataKey } from '../../src/kms/data-key-blob.js';
import { canonicalContext, KeyMaintenance, KeyService, secretVersionContext } from '../../src/kms/index.js';
import { rootKeyFromBytes, type RootKey } from '../../src/seal/index.js';
import { openSqliteStore, type KmsKeyRecord, type Store } from '../../src/store/index.js';

const ACCT = '111111111111';
const REGION = 'us-east-1';
const DAY = 86_400_000;

async function withStore<T>(fn: (store: Store, keys: KeyService, root: RootKey) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-kms-material-'));
  const store = openSqliteStore(dir);
  try {
    const root = rootKeyFromBytes(crypto.randomBytes(32));
    return await fn(store, new KeyService(root), root);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const newKey = (store: Store, keys: KeyService, now = 1) => store.write((tx) => keys.createKey(tx, ACCT, REGION, 'CUSTOMER', 'k', now));
const reload = (store: Store, k: KmsKeyRecord) => store.read(async (tx) => (await tx.getKmsKey(k.accountId, k.region, k.keyId))!);
const rotate = (store: Store, keys: KeyService, k: KmsKeyRecord, now = 2) =>
  store.write(async (tx) => {
    const key = (await tx.getKmsKey(k.accountId, k.region, k.keyId))!;
    await keys.rotateMaterial(tx, key, now);
    await tx.kms.updateKey(key);
    return key;
  });

describe('ciphertext blob format', () => {
  it('writes format 1 (no version field) for a key never rotated, and names the key', async () => {
    await withStore(async (store, keys) => {
      const key = await newKey(store, keys);
      const blob = keys.encryptRaw(key, Buffer.from('p'), {}, 1);
      assert.equal(blob[0], 1);
      assert.deepEqual(readBlobHeader(blob), { keyArn: key.arn, materialVersion: 0, body: 3 + Buffer.byteLength(key.arn) });
    });
  });

  it('writes format 2 with the material version after a rotation', async () => {
    await withStore(async (store, keys) => {
      const key = await rotate(store, keys, await newKey(store, keys));
      const blob = keys.encryptRaw(key, Buffer.from('p'), {}, 1);
      assert.equal(blob[0], 2);
      assert.equal(readBlobHeader(blob)?.materialVersion, 1);
      assert.equal(readBlobHeader(blob)?.keyArn, key.arn);
    });
  });

  it('reads nothing from malformed blobs', () => {
    for (const b of [Buffer.alloc(0), Buffer.of(1), Buffer.of(3, 0, 1, 65, 9), Buffer.of(1, 0, 0, 9), Buffer.of(1, 0, 5, 65), Buffer.of(2, 0, 1, 65, 0, 0, 0)]) {
      assert.equal(readBlobHeader(b), undefined, b.toString('hex'));
    }
  });

  it('opens a format-1 blob made the way every blob was made before rotation existed', async () => {
    await withStore(async (store, keys, root) => {
      const key = await newKey(store, keys);
      // The material as the first release sealed it: root key AAD = the key ARN.
      const material = root.unwrap(key.sealedMaterial, key.arn);
      const ctx = { a: 'b' };
      const old = wrapDataKey(key.arn, material, Buffer.from('legacy'), canonicalContext(ctx));
      assert.deepEqual(await store.read((tx) => keys.decryptRaw(tx, key, old, ctx, 1)), Buffer.from('legacy'));
      const rotated = await rotate(store, keys, key);
      assert.deepEqual(await store.read((tx) => keys.decryptRaw(tx, rotated, old, ctx, 1)), Buffer.from('legacy'), 'still after rotation');
    });
  });
});

describe('key rotation keeps older material', () => {
  it('decrypts ciphertexts of every material version, and encrypts with the newest', async () => {
    await withStore(async (store, keys, root) => {
      let key = await newKey(store, keys);
      const blobs: Buffer[] = [];
      for (let i = 0; i < 4; i++) {
        blobs.push(keys.encryptRaw(key, Buffer.from(`v${i}`), { n: String(i) }, 1));
        key = await rotate(store, keys, key, 10 + i);
      }
      assert.equal(key.materialVersion, 4);
      // A fresh KeyService: nothing cached, every version comes from the store.
      const fresh = new KeyService(root);
      for (let i = 0; i < 4; i++) {
        assert.deepEqual(await store.read((tx) => fresh.decryptRaw(tx, key, blobs[i]!, { n: String(i) }, 1)), Buffer.from(`v${i}`));
      }
      const materials = await store.read((tx) => tx.kms.listMaterials(key.arn));
      assert.deepEqual(materials.map((m) => [m.version, m.rotationType, m.createdAt]), [
        [0, undefined, 1],
        [1, 'AUTOMATIC', 10],
        [2, 'AUTOMATIC', 11],
        [3, 'AUTOMATIC', 12],
        [4, 'AUTOMATIC', 13],
      ]);
    });
  });

  it('refuses the wrong encryption context, a changed version field and another key', async () => {
    await withStore(async (store, keys) => {
      const key = await rotate(store, keys, await newKey(store, keys));
      const other = await newKey(store, keys);
      const blob = keys.encryptRaw(key, Buffer.from('x'), { a: '1' }, 1);
      const read = (k: KmsKeyRecord, b: Buffer, ctx: Record<string, string>) => store.read((tx) => keys.decryptRaw(tx, k, b, ctx, 1));
      assert.equal(await read(key, blob, { a: '2' }), undefined);
      assert.equal(await read(key, blob, {}), undefined);
      assert.equal(await read(other, blob, { a: '1' }), undefined);
      const changed = Buffer.from(blob);
      changed.writeUInt32BE(0, 3 + Buffer.byteLength(key.arn));
      assert.equal(await read(key, changed, { a: '1' }), undefined, 'version 0 material with the version field changed');
      assert.deepEqual(await read(key, blob, { a: '1' }), Buffer.from('x'));
    });
  });

  it('opens secret versions sealed before the key rotated (Secrets Manager envelope)', async () => {
    await withStore(async (store, keys) => {
      const key = await newKey(store, keys);
      const ctx = secretVersionContext('arn:aws:secretsmanager:us-east-1:111111111111:secret:s-AbCdEf', 'a'.repeat(32));
      const sealed = keys.seal(key, Buffer.from('before'), ctx, 1);
      const rotated = await rotate(store, keys, key);
      assert.throws(() => keys.open(rotated, sealed, ctx, 1), AwsError, 'the synchronous path knows only the current material');
      assert.deepEqual(await store.read((tx) => keys.openSealed(tx, rotated, sealed, ctx, 1)), Buffer.from('before'));
      const after = keys.seal(rotated, Buffer.from('after'), ctx, 1);
      assert.deepEqual(keys.open(rotated, after, ctx, 1), Buffer.from('after'));
    });
  });

  it('a disabled key is refused even while its material is cached', async () => {
    await withStore(async (store, keys) => {
      const key = await newKey(store, keys);
      const ctx = { SecretARN: 'arn', SecretVersionId: 'v' };
      const sealed = keys.seal(key, Buffer.from('x'), ctx, 1);
      assert.deepEqual(keys.open(key, sealed, ctx, 1), Buffer.from('x'), 'material now cached');
      await store.write(async (tx) => tx.kms.updateKey({ ...key, state: 'Disabled' }));
      const disabled = await reload(store, key);
      await assert.rejects(store.read((tx) => keys.openSealed(tx, disabled, sealed, ctx, 1)), (e: unknown) => e instanceof AwsError && e.code === 'DecryptionFailure');
      assert.throws(() => keys.seal(disabled, Buffer.from('y'), ctx, 1), (e: unknown) => e instanceof AwsError && e.code === 'EncryptionFailure');
    });
  });
});

describe('KMS maintenance', () => {
  it('rotates keys when rotation is due, and only then', async () => {
    await withStore(async (store, keys) => {
      const key = await newKey(store, keys);
      await store.write((tx) => tx.kms.updateKey({ ...key, rotationEnabled: true, rotationPeriodDays: 365, nextRotationAt: 100 * DAY }));
      const blob = keys.encryptRaw(key, Buffer.from('old'), {}, 1);
      const events: string[] = [];
      const m = new KeyMaintenance(store, keys, 60_000, (e, arn) => events.push(`${e} ${arn}`), (err) => assert.fail(String(err)));
      assert.equal(await m.runOnce(100 * DAY - 1), 0);
      assert.equal(await m.runOnce(100 * DAY), 1);
      const after = await reload(store, key);
      assert.equal(after.materialVersion, 1);
      assert.equal(after.nextRotationAt, 465 * DAY, 'the next one a year later');
      assert.deepEqual(events, [`rotated ${key.arn}`]);
      assert.equal(await m.runOnce(101 * DAY), 0, 'not again until the next period');
      assert.deepEqual(await store.read((tx) => keys.decryptRaw(tx, after, blob, {}, 1)), Buffer.from('old'));
      assert.deepEqual((await store.read((tx) => tx.kms.listMaterials(key.arn))).map((x) => x.rotationType), [undefined, 'AUTOMATIC']);
    });
  });

  it('deletes keys at the end of their waiting period, with their aliases', async () => {
    await withStore(async (store, keys) => {
      const doomed = await newKey(store, keys);
      const kept = await newKey(store, keys);
      await store.write(async (tx) => {
        await tx.kms.updateKey({ ...doomed, state: 'PendingDeletion', deletionDate: 7 * DAY, pendingWindowDays: 7 });
        await tx.insertKmsAlias({ accountId: ACCT, region: REGION, aliasName: 'alias/doomed', targetKeyId: doomed.keyId, createdAt: 1 });
      });
      const m = new KeyMaintenance(store, keys, 60_000, () => undefined, (err) => assert.fail(String(err)));
      assert.equal(await m.runOnce(7 * DAY - 1), 0);
      assert.equal(await m.runOnce(7 * DAY), 1);
      await store.read(async (tx) => {
        assert.equal(await tx.getKmsKey(ACCT, REGION, doomed.keyId), undefined);
        assert.equal(await tx.getKmsAlias(ACCT, REGION, 'alias/doomed'), undefined);
        assert.ok(await tx.getKmsKey(ACCT, REGION, kept.keyId));
      });
    });
  });
});
