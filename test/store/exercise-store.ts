import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidCursorError, type SecretRecord, type Store, type VersionRecord } from '../../src/store/index.js';
import { exerciseRotationStore } from './exercise-rotation-store.js';
import { exerciseKmsStore } from './exercise-kms-store.js';

/**
 * The store conformance suite: every adapter of the persistence port must pass it
 * (SQLite today; PostgreSQL runs the same suite when it lands).
 */
export function exerciseStore(name: string, factory: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`store conformance: ${name}`, () => {
    const secret = (n: string, at: number, extra: Partial<SecretRecord> = {}): SecretRecord => ({
      arn: `arn:aws:secretsmanager:us-east-1:111111111111:secret:${n}-AbCdEf`,
      accountId: '111111111111',
      region: 'us-east-1',
      name: n,
      createdAt: at,
      lastChangedAt: at,
      ...extra,
    });
    const version = (s: SecretRecord, id: string, stages: string[], at: number): VersionRecord => ({
      secretArn: s.arn,
      versionId: id,
      stages,
      createdAt: at,
      kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/k',
      wrappedDataKey: Buffer.from([1, 2, 3]),
      ciphertext: Buffer.from([4, 5, 6]),
      valueType: 'string',
    });

    it('round-trips secrets, keeping absent members absent and Tags [] distinct from no tags', async () => {
      const { store, cleanup } = await factory();
      try {
        const a = secret('a', 1000, { description: 'd', tags: [{ Key: 'k', Value: 'v' }] });
        const b = secret('b', 2000, { tags: [] });
        const c = secret('c', 3000);
        await store.write(async (tx) => {
          await tx.insertSecret(a);
          await tx.insertSecret(b);
          await tx.insertSecret(c);
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.getSecretByArn(a.arn), a);
          assert.deepEqual(await tx.getSecretByName('111111111111', 'us-east-1', 'b'), b);
          const got = await tx.getSecretByName('111111111111', 'us-east-1', 'c');
          assert.deepEqual(got, c);
          assert.equal('tags' in got!, false);
          assert.equal(await tx.getSecretByName('222222222222', 'us-east-1', 'a'), undefined);
        });
      } finally {
        await cleanup();
      }
    });

    it('rolls back every change of a failed write transaction', async () => {
      const { store, cleanup } = await factory();
      try {
        const a = secret('a', 1000);
        await assert.rejects(
          store.write(async (tx) => {
            await tx.insertSecret(a);
            await tx.insertVersion(version(a, 'v'.repeat(32), ['AWSCURRENT'], 1000));
            throw new Error('boom');
          }),
          /boom/,
        );
        await store.read(async (tx) => {
          assert.equal(await tx.getSecretByArn(a.arn), undefined);
          assert.deepEqual(await tx.listVersions(a.arn), []);
        });
      } finally {
        await cleanup();
      }
    });

    it('rejects a second secret with the same name in one account and region', async () => {
      const { store, cleanup } = await factory();
      try {
        await store.write(async (tx) => tx.insertSecret(secret('a', 1)));
        await assert.rejects(store.write(async (tx) => tx.insertSecret({ ...secret('a', 2), arn: secret('a', 2).arn + 'x' })));
      } finally {
        await cleanup();
      }
    });

    it('keeps versions, finds them by stage, updates and purges them with their secret', async () => {
      const { store, cleanup } = await factory();
      try {
        const a = secret('a', 1000);
        const v1 = version(a, '1'.repeat(32), ['AWSPREVIOUS'], 1000);
        const v2 = version(a, '2'.repeat(32), ['AWSCURRENT', 'X'], 2000);
        const placeholder: VersionRecord = { secretArn: a.arn, versionId: '3'.repeat(32), stages: ['AWSPENDING'], createdAt: 3000, kmsKeyArn: 'k' };
        await store.write(async (tx) => {
          await tx.insertSecret(a);
          await tx.insertVersion(v2);
          await tx.insertVersion(v1);
          await tx.insertVersion(placeholder);
        });
        await store.read(async (tx) => {
          assert.deepEqual((await tx.listVersions(a.arn)).map((v) => v.versionId), [v1.versionId, v2.versionId, placeholder.versionId]);
          assert.deepEqual(await tx.getVersionByStage(a.arn, 'X'), v2);
          assert.deepEqual(await tx.getVersion(a.arn, placeholder.versionId), placeholder);
          assert.equal(await tx.getVersionByStage(a.arn, 'AWSCURR'), undefined);
        });
        await store.write(async (tx) => {
          await tx.updateVersion({ ...v1, stages: [], lastAccessedAt: 86_400_000 });
          await tx.deleteVersions(a.arn, [v2.versionId]);
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.getVersion(a.arn, v1.versionId), { ...v1, stages: [], lastAccessedAt: 86_400_000 });
          assert.equal(await tx.getVersion(a.arn, v2.versionId), undefined);
        });
        await store.write(async (tx) => tx.purgeSecret(a.arn));
        await store.read(async (tx) => {
          assert.equal(await tx.getSecretByArn(a.arn), undefined);
          assert.deepEqual(await tx.listVersions(a.arn), []);
        });
      } finally {
        await cleanup();
      }
    });

    it('scans secrets in sort order with keyset cursors, each exactly once, and skips deleted unless asked', async () => {
      const { store, cleanup } = await factory();
      try {
        const names = Array.from({ length: 23 }, (_, i) => `s${String(i).padStart(2, '0')}`);
        await store.write(async (tx) => {
          // Same created time for several rows: the cursor must still not skip or repeat any.
          for (const [i, n] of names.entries()) {
            await tx.insertSecret(secret(n, 1000 + Math.floor(i / 3), i === 5 ? { deletionDate: 9, deletedAt: 1 } : {}));
          }
        });
        for (const order of ['asc', 'desc'] as const) {
          for (const includeDeleted of [false, true]) {
            const seen: string[] = [];
            let after: string | undefined;
            for (;;) {
              const batch = await store.read((tx) =>
                tx.scanSecrets({ accountId: '111111111111', region: 'us-east-1', includeDeleted, sortBy: 'created-date', sortOrder: order, after, limit: 4 }),
              );
              seen.push(...batch.secrets.map((s) => s.secret.name));
              if (batch.done) break;
              after = batch.secrets.at(-1)!.cursor;
            }
            const expected = names.filter((n) => includeDeleted || n !== 's05');
            assert.deepEqual(seen, order === 'asc' ? expected : [...expected].reverse());
          }
        }
        const byName = await store.read((tx) =>
          tx.scanSecrets({ accountId: '111111111111', region: 'us-east-1', includeDeleted: true, sortBy: 'name', sortOrder: 'desc', limit: 2 }),
        );
        assert.deepEqual(byName.secrets.map((s) => s.secret.name), ['s22', 's21']);
        await assert.rejects(
          store.read((tx) => tx.scanSecrets({ accountId: '111111111111', region: 'us-east-1', includeDeleted: true, sortBy: 'name', sortOrder: 'asc', after: 'garbage', limit: 2 })),
          InvalidCursorError,
        );
      } finally {
        await cleanup();
      }
    });

    it('lists secrets due for purge by deletion date', async () => {
      const { store, cleanup } = await factory();
      try {
        await store.write(async (tx) => {
          await tx.insertSecret(secret('due', 1, { deletedAt: 1, deletionDate: 500 }));
          await tx.insertSecret(secret('later', 1, { deletedAt: 1, deletionDate: 5000 }));
          await tx.insertSecret(secret('live', 1));
        });
        assert.deepEqual(await store.read((tx) => tx.secretsDueForPurge(1000, 10)), [secret('due', 1).arn]);
      } finally {
        await cleanup();
      }
    });

    it('keeps accounts, principals, access keys, KMS keys, aliases and settings', async () => {
      const { store, cleanup } = await factory();
      try {
        await store.write(async (tx) => {
          await tx.insertAccount({ id: '111111111111', name: 'a', createdAt: 1 });
          await tx.insertPrincipal({ arn: 'arn:aws:iam::111111111111:user/u', accountId: '111111111111', type: 'IAMUser', name: 'u', principalId: 'AIDAX', isAccountAdmin: true, createdAt: 1 });
          await tx.insertAccessKey({ accessKeyId: 'AKIAX', principalArn: 'arn:aws:iam::111111111111:user/u', accountId: '111111111111', sealedSecret: Buffer.from('s'), status: 'Active', createdAt: 1 });
          await tx.insertKmsKey({ keyId: 'k1', arn: 'arn:aws:kms:us-east-1:111111111111:key/k1', accountId: '111111111111', region: 'us-east-1', keyManager: 'AWS', description: 'd', state: 'Enabled', sealedMaterial: Buffer.from('m'), createdAt: 1 });
          await tx.insertKmsAlias({ accountId: '111111111111', region: 'us-east-1', aliasName: 'alias/x', targetKeyId: 'k1', createdAt: 1 });
          await tx.putSetting('s', Buffer.from('1'));
          await tx.putSetting('s', Buffer.from('2'));
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.listAccounts(), [{ id: '111111111111', name: 'a', createdAt: 1 }]);
          assert.equal((await tx.getPrincipal('arn:aws:iam::111111111111:user/u'))?.isAccountAdmin, true);
          assert.deepEqual((await tx.getAccessKey('AKIAX'))?.sealedSecret, Buffer.from('s'));
          assert.equal((await tx.getKmsKey('111111111111', 'us-east-1', 'k1'))?.state, 'Enabled');
          assert.equal((await tx.getKmsAlias('111111111111', 'us-east-1', 'alias/x'))?.targetKeyId, 'k1');
          assert.deepEqual(await tx.getSetting('s'), Buffer.from('2'));
          assert.equal(await tx.getSetting('none'), undefined);
        });
      } finally {
        await cleanup();
      }
    });

    it('serialises concurrent write transactions so none loses another one\'s update', async () => {
      const { store, cleanup } = await factory();
      try {
        await store.write(async (tx) => tx.putSetting('n', Buffer.from('0')));
        await Promise.all(
          Array.from({ length: 50 }, () =>
            store.write(async (tx) => {
              const n = Number((await tx.getSetting('n'))!.toString());
              await new Promise((r) => setImmediate(r));
              await tx.putSetting('n', Buffer.from(String(n + 1)));
            }),
          ),
        );
        assert.equal((await store.read((tx) => tx.getSetting('n')))!.toString(), '50');
      } finally {
        await cleanup();
      }
    });

    exerciseRotationStore(factory);
    exerciseKmsStore(factory);
  });
}
