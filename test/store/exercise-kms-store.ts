import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KmsKeyRecord, Store } from '../../src/store/index.js';

/**
 * Conformance of the KMS part of the store (StoreTx.kms and the key and alias lookups): every
 * adapter must keep a key's policy, tags, rotation and deletion settings, its material versions,
 * and list, update and delete keys and aliases the same way.
 */
export function exerciseKmsStore(factory: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  const ACCT = '222222222222';
  const key = (id: string, at: number, extra: Partial<KmsKeyRecord> = {}): KmsKeyRecord => ({
    keyId: id,
    arn: `arn:aws:kms:us-east-1:${ACCT}:key/${id}`,
    accountId: ACCT,
    region: 'us-east-1',
    keyManager: 'CUSTOMER',
    description: '',
    state: 'Enabled',
    sealedMaterial: Buffer.from(`m-${id}`),
    createdAt: at,
    ...extra,
  });

  describe('KMS keys, aliases and key material', () => {
    it('round-trips every member of a key, keeping absent members absent', async () => {
      const { store, cleanup } = await factory();
      try {
        const full = key('k-full', 5, {
          materialVersion: 3,
          policy: '{"Version":"2012-10-17","Statement":[]}',
          tags: [{ TagKey: 'a', TagValue: '' }, { TagKey: 'b', TagValue: 'x' }],
          rotationEnabled: true,
          rotationPeriodDays: 90,
          nextRotationAt: 99,
          state: 'PendingDeletion',
          deletionDate: 1234,
          pendingWindowDays: 7,
        });
        const bare = key('k-bare', 6);
        await store.write(async (tx) => {
          await tx.insertKmsKey(full);
          await tx.insertKmsKey(bare);
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.getKmsKey(ACCT, 'us-east-1', 'k-full'), full);
          assert.deepEqual(await tx.getKmsKey(ACCT, 'us-east-1', 'k-bare'), bare);
          assert.equal(await tx.getKmsKey(ACCT, 'us-west-2', 'k-bare'), undefined, 'keys are per region');
        });
      } finally {
        await cleanup();
      }
    });

    it('updates keys, lists them oldest first, and finds the ones due for rotation or deletion', async () => {
      const { store, cleanup } = await factory();
      try {
        await store.write(async (tx) => {
          await tx.insertKmsKey(key('k2', 20));
          await tx.insertKmsKey(key('k1', 10, { rotationEnabled: true, nextRotationAt: 100 }));
          await tx.insertKmsKey(key('k3', 30, { state: 'PendingDeletion', deletionDate: 150 }));
          await tx.insertKmsKey(key('k4', 40, { state: 'Disabled', rotationEnabled: true, nextRotationAt: 50 }));
        });
        await store.read(async (tx) => {
          assert.deepEqual((await tx.kms.listKeys(ACCT, 'us-east-1')).map((k) => k.keyId), ['k1', 'k2', 'k3', 'k4']);
          assert.deepEqual(await tx.kms.listKeys('333333333333', 'us-east-1'), []);
          assert.deepEqual((await tx.kms.keysDue(99, 10)).map((k) => k.keyId), [], 'nothing due yet');
          assert.deepEqual((await tx.kms.keysDue(100, 10)).map((k) => k.keyId), ['k1'], 'a disabled key does not rotate');
          assert.deepEqual((await tx.kms.keysDue(200, 10)).map((k) => k.keyId).sort(), ['k1', 'k3']);
        });
        await store.write(async (tx) => {
          const k = (await tx.getKmsKey(ACCT, 'us-east-1', 'k2'))!;
          k.description = 'changed';
          k.state = 'Disabled';
          k.tags = [{ TagKey: 't', TagValue: 'v' }];
          k.sealedMaterial = Buffer.from('new');
          k.materialVersion = 1;
          await tx.kms.updateKey(k);
          const one = (await tx.getKmsKey(ACCT, 'us-east-1', 'k1'))!;
          delete one.rotationEnabled;
          delete one.nextRotationAt;
          await tx.kms.updateKey(one);
        });
        await store.read(async (tx) => {
          const k = (await tx.getKmsKey(ACCT, 'us-east-1', 'k2'))!;
          assert.equal(k.description, 'changed');
          assert.equal(k.state, 'Disabled');
          assert.deepEqual(k.tags, [{ TagKey: 't', TagValue: 'v' }]);
          assert.deepEqual(k.sealedMaterial, Buffer.from('new'));
          assert.equal(k.materialVersion, 1);
          assert.equal(k.createdAt, 20, 'the creation time does not change');
          const one = (await tx.getKmsKey(ACCT, 'us-east-1', 'k1'))!;
          assert.equal(one.rotationEnabled, undefined);
          assert.equal(one.nextRotationAt, undefined);
        });
      } finally {
        await cleanup();
      }
    });

    it('lists, updates and deletes aliases; deleting a key removes its aliases and material versions', async () => {
      const { store, cleanup } = await factory();
      try {
        const k = key('k1', 1);
        await store.write(async (tx) => {
          await tx.insertKmsKey(k);
          await tx.insertKmsKey(key('k2', 2));
          await tx.insertKmsAlias({ accountId: ACCT, region: 'us-east-1', aliasName: 'alias/b', targetKeyId: 'k1', createdAt: 1 });
          await tx.insertKmsAlias({ accountId: ACCT, region: 'us-east-1', aliasName: 'alias/a', targetKeyId: 'k2', createdAt: 2, lastUpdatedAt: 3 });
          await tx.kms.insertMaterial({ keyArn: k.arn, version: 0, sealedMaterial: Buffer.from('v0'), createdAt: 1 });
          await tx.kms.insertMaterial({ keyArn: k.arn, version: 1, sealedMaterial: Buffer.from('v1'), createdAt: 5, rotationType: 'ON_DEMAND' });
        });
        await store.read(async (tx) => {
          assert.deepEqual((await tx.kms.listAliases(ACCT, 'us-east-1')).map((a) => a.aliasName), ['alias/a', 'alias/b']);
          assert.deepEqual(await tx.getKmsAlias(ACCT, 'us-east-1', 'alias/a'), {
            accountId: ACCT,
            region: 'us-east-1',
            aliasName: 'alias/a',
            targetKeyId: 'k2',
            createdAt: 2,
            lastUpdatedAt: 3,
          });
          assert.deepEqual(await tx.kms.getMaterial(k.arn, 0), { keyArn: k.arn, version: 0, sealedMaterial: Buffer.from('v0'), createdAt: 1 });
          assert.deepEqual((await tx.kms.listMaterials(k.arn)).map((m) => [m.version, m.rotationType]), [
            [0, undefined],
            [1, 'ON_DEMAND'],
          ]);
          assert.equal(await tx.kms.getMaterial(k.arn, 2), undefined);
        });
        await store.write(async (tx) => {
          await tx.kms.updateAlias({ accountId: ACCT, region: 'us-east-1', aliasName: 'alias/a', targetKeyId: 'k1', createdAt: 2, lastUpdatedAt: 9 });
          await tx.kms.deleteAlias(ACCT, 'us-east-1', 'alias/b');
        });
        await store.read(async (tx) => {
          const aliases = await tx.kms.listAliases(ACCT, 'us-east-1');
          assert.deepEqual(aliases.map((a) => [a.aliasName, a.targetKeyId, a.createdAt, a.lastUpdatedAt]), [['alias/a', 'k1', 2, 9]]);
        });
        await store.write((tx) => tx.kms.deleteKey(ACCT, 'us-east-1', 'k1'));
        await store.read(async (tx) => {
          assert.equal(await tx.getKmsKey(ACCT, 'us-east-1', 'k1'), undefined);
          assert.ok(await tx.getKmsKey(ACCT, 'us-east-1', 'k2'), 'other keys stay');
          assert.deepEqual(await tx.kms.listAliases(ACCT, 'us-east-1'), []);
          assert.deepEqual(await tx.kms.listMaterials(k.arn), []);
        });
      } finally {
        await cleanup();
      }
    });

    it('keeps a secret resource policy, and absent stays absent', async () => {
      const { store, cleanup } = await factory();
      try {
        const arn = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:p-AbCdEf`;
        const s = { arn, accountId: ACCT, region: 'us-east-1', name: 'p', createdAt: 1, lastChangedAt: 1 };
        await store.write((tx) => tx.insertSecret({ ...s }));
        assert.equal((await store.read((tx) => tx.getSecretByArn(arn)))!.resourcePolicy, undefined);
        await store.write((tx) => tx.updateSecret({ ...s, resourcePolicy: '{"Version":"2012-10-17"}' }));
        assert.equal((await store.read((tx) => tx.getSecretByArn(arn)))!.resourcePolicy, '{"Version":"2012-10-17"}');
        await store.write((tx) => tx.updateSecret({ ...s }));
        assert.equal((await store.read((tx) => tx.getSecretByArn(arn)))!.resourcePolicy, undefined);
      } finally {
        await cleanup();
      }
    });
  });
}
