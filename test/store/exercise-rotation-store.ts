import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RotationFunctionRecord, RotationRecord, SecretRecord, Store } from '../../src/store/index.js';

/** The rotation part of the store conformance suite (called from exerciseStore). */
export function exerciseRotationStore(factory: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  const secret = (n: string, extra: Partial<SecretRecord> = {}): SecretRecord => ({
    arn: `arn:aws:secretsmanager:us-east-1:111111111111:secret:${n}-AbCdEf`,
    accountId: '111111111111',
    region: 'us-east-1',
    name: n,
    createdAt: 1,
    lastChangedAt: 1,
    ...extra,
  });
  const rotation = (s: SecretRecord, extra: Partial<RotationRecord> = {}): RotationRecord => ({
    secretArn: s.arn,
    token: 't'.repeat(36),
    rotationToken: 'r'.repeat(36),
    functionArn: 'arn:aws:lambda:us-east-1:111111111111:function:f',
    mode: 'rotate',
    trigger: 'api',
    status: 'InProgress',
    step: 'createSecret',
    attempts: 0,
    nextAttemptAt: 100,
    startedAt: 100,
    updatedAt: 100,
    ...extra,
  });

  it('round-trips the rotation members of a secret and finds the secrets due for rotation', async () => {
    const { store, cleanup } = await factory();
    try {
      const configured = secret('configured', {
        rotationEnabled: true,
        rotationLambdaArn: 'arn:aws:lambda:us-east-1:111111111111:function:f',
        rotationRules: { AutomaticallyAfterDays: 14, ScheduleExpression: 'cron(0 16 1,15 * ? *)', Duration: '2h' },
        lastRotatedAt: 10,
        nextRotationAt: 2000,
        rotationDueAt: 500,
        externalRotationMetadata: [{ Key: 'k', Value: 'v' }],
        externalRotationRoleArn: 'arn:aws:iam::111111111111:role/r',
      });
      const disabled = secret('disabled', { rotationEnabled: false, rotationDueAt: 1 });
      const deleted = secret('deleted', { rotationEnabled: true, rotationDueAt: 1, deletedAt: 1, deletionDate: 9 });
      const later = secret('later', { rotationEnabled: true, rotationDueAt: 5000 });
      const never = secret('never');
      await store.write(async (tx) => {
        for (const s of [configured, disabled, deleted, later, never]) await tx.insertSecret(s);
      });
      await store.read(async (tx) => {
        assert.deepEqual(await tx.getSecretByArn(configured.arn), configured);
        assert.deepEqual(await tx.getSecretByArn(never.arn), never);
        assert.equal('rotationEnabled' in (await tx.getSecretByArn(never.arn))!, false);
        assert.equal((await tx.getSecretByArn(disabled.arn))!.rotationEnabled, false);
        assert.deepEqual(await tx.secretsDueForRotation(1000, 10), [configured.arn]);
      });
      await store.write(async (tx) => tx.updateSecret({ ...configured, rotationEnabled: false, rotationDueAt: undefined }));
      assert.deepEqual(await store.read((tx) => tx.secretsDueForRotation(10_000, 10)), [later.arn]);
    } finally {
      await cleanup();
    }
  });

  it('keeps one rotation state machine per secret, replaced on put and purged with the secret', async () => {
    const { store, cleanup } = await factory();
    try {
      const s = secret('s');
      const first = rotation(s, { lastError: 'boom', leaseOwner: 'p1', leaseUntil: 300 });
      await store.write(async (tx) => {
        await tx.insertSecret(s);
        await tx.putRotation(first);
      });
      assert.deepEqual(await store.read((tx) => tx.getRotation(s.arn)), first);
      const second = rotation(s, { token: 'u'.repeat(36), step: 'finishSecret', status: 'Succeeded', attempts: 2, finishedAt: 400 });
      await store.write((tx) => tx.putRotation(second));
      assert.deepEqual(await store.read((tx) => tx.getRotation(s.arn)), second);
      await store.write((tx) => tx.purgeSecret(s.arn));
      assert.equal(await store.read((tx) => tx.getRotation(s.arn)), undefined);
    } finally {
      await cleanup();
    }
  });

  it('claims due in-progress rotations with a lease that excludes other owners until it expires', async () => {
    const { store, cleanup } = await factory();
    try {
      const a = secret('a');
      const b = secret('b');
      const c = secret('c');
      const d = secret('d');
      await store.write(async (tx) => {
        for (const s of [a, b, c, d]) await tx.insertSecret(s);
        await tx.putRotation(rotation(a, { nextAttemptAt: 100 }));
        await tx.putRotation(rotation(b, { nextAttemptAt: 200 }));
        await tx.putRotation(rotation(c, { nextAttemptAt: 5000 })); // not due
        await tx.putRotation(rotation(d, { status: 'Failed' })); // finished
      });
      assert.equal(await store.read((tx) => tx.countLeasedRotations(1000)), 0, 'nothing leased yet');
      const first = await store.write((tx) => tx.claimRotations('p1', 1000, 2000, 1));
      assert.equal(await store.read((tx) => tx.countLeasedRotations(1000)), 1);
      assert.equal(await store.read((tx) => tx.countLeasedRotations(2001)), 0, 'an expired lease is not counted');
      assert.deepEqual(first.map((r) => [r.secretArn, r.leaseOwner, r.leaseUntil]), [[a.arn, 'p1', 2000]]);
      const second = await store.write((tx) => tx.claimRotations('p2', 1000, 2000, 10));
      assert.deepEqual(second.map((r) => r.secretArn), [b.arn], 'a is leased to p1');
      assert.deepEqual(await store.write((tx) => tx.claimRotations('p3', 1500, 2500, 10)), []);
      const afterExpiry = await store.write((tx) => tx.claimRotations('p3', 2001, 3000, 10));
      assert.deepEqual(afterExpiry.map((r) => r.secretArn).sort(), [a.arn, b.arn].sort());
      assert.equal((await store.read((tx) => tx.getRotation(a.arn)))!.leaseOwner, 'p3');
    } finally {
      await cleanup();
    }
  });

  it('keeps rotation functions per account and region, with their roles', async () => {
    const { store, cleanup } = await factory();
    try {
      const f: RotationFunctionRecord = {
        accountId: '111111111111',
        region: 'us-east-1',
        name: 'cmd',
        kind: 'command',
        command: 'python3 x.py',
        env: { A: '1' },
        roleArn: 'arn:aws:iam::111111111111:role/service/rotator',
        createdAt: 5,
      };
      const u: RotationFunctionRecord = { accountId: '111111111111', region: 'us-east-1', name: 'hook', kind: 'url', url: 'https://h/x', roleArn: 'arn:aws:iam::111111111111:role/hook', sealedHmacKey: Buffer.from([1, 2]), createdAt: 6 };
      await store.write(async (tx) => {
        await tx.insertAccount({ id: '111111111111', name: 'a', createdAt: 1 });
        await tx.insertRotationFunction(u);
        await tx.insertRotationFunction(f);
      });
      await store.read(async (tx) => {
        assert.deepEqual(await tx.getRotationFunction('111111111111', 'us-east-1', 'cmd'), f);
        assert.deepEqual(await tx.listRotationFunctions('111111111111', 'us-east-1'), [f, u]);
        assert.deepEqual(await tx.listRotationFunctions('111111111111', 'eu-west-1'), []);
      });
      await assert.rejects(store.write((tx) => tx.insertRotationFunction(f)));
      await store.write(async (tx) => {
        await tx.deleteRotationFunction('111111111111', 'us-east-1', 'cmd');
      });
      await store.read(async (tx) => {
        assert.equal(await tx.getRotationFunction('111111111111', 'us-east-1', 'cmd'), undefined);
        assert.deepEqual(await tx.listRotationFunctions('111111111111', 'us-east-1'), [u]);
      });
    } finally {
      await cleanup();
    }
  });
}
