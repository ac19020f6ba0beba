import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { clockTick, expectAwsError, uniqueName } from '../support/aws-expect.js';
import { assertMembers, assertUnchanged, rawOk, secretState, stagesOf } from '../support/secret-state.js';
import { useServer } from '../support/use-server.js';

// Staging labels (api-notes §6). The sequences marked [LS] replay LocalStack tests whose
// snapshots were recorded against AWS (tests/aws/services/secretsmanager/test_secretsmanager.py).

describe('staging labels', () => {
  const { server, sm } = useServer();

  /** A secret and helpers that speak in version names (v1, v2, ...) instead of ids. */
  async function secret(prefix: string) {
    const name = uniqueName(prefix);
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'S1' }));
    const ids: Record<string, string> = { v1: created.VersionId! };
    const named = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
    return {
      name,
      ids,
      /** PutSecretValue as version `v`; returns the VersionStages of the response. */
      async put(v: string, VersionStages?: string[]): Promise<string[]> {
        const out = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `value of ${v}`, VersionStages }));
        ids[v] = out.VersionId!;
        return out.VersionStages!;
      },
      async move(VersionStage: string, to?: string, from?: string): Promise<void> {
        await sm.send(
          new UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage,
            MoveToVersionId: to && ids[to],
            RemoveFromVersionId: from && ids[from],
          }),
        );
      },
      /** Asserts DescribeSecret's VersionIdsToStages, and that each label reads back its version. */
      async expect(want: Record<string, string[]>): Promise<void> {
        const got: Record<string, string[]> = {};
        for (const [id, stages] of Object.entries(await stagesOf(sm, name))) got[named(id)] = stages;
        assert.deepEqual(got, want);
        for (const [v, stages] of Object.entries(want)) {
          for (const stage of stages) {
            const r = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: stage }));
            assert.equal(named(r.VersionId!), v, `${stage} reads ${named(r.VersionId!)}`);
            assert.deepEqual(r.VersionStages, stages);
          }
        }
      },
    };
  }

  describe('PutSecretValue', () => {
    it('with VersionStages attaches the labels to the new version and leaves AWSCURRENT [LS]', async () => {
      const s = await secret('labels/put-stages');
      assert.deepEqual(await s.put('v2', ['SAMPLESTAGE1', 'SAMPLESTAGE0']), ['SAMPLESTAGE0', 'SAMPLESTAGE1']);
      await s.expect({ v1: ['AWSCURRENT'], v2: ['SAMPLESTAGE0', 'SAMPLESTAGE1'] });
      assert.deepEqual(await s.put('v3', ['SAMPLESTAGE0', 'SAMPLESTAGE1']), ['SAMPLESTAGE0', 'SAMPLESTAGE1']);
      await s.expect({ v1: ['AWSCURRENT'], v3: ['SAMPLESTAGE0', 'SAMPLESTAGE1'] });
      assert.deepEqual(await s.put('v4', ['AWSPENDING']), ['AWSPENDING']);
      await s.expect({ v1: ['AWSCURRENT'], v3: ['SAMPLESTAGE0', 'SAMPLESTAGE1'], v4: ['AWSPENDING'] });
      assert.deepEqual(await s.put('v5'), ['AWSCURRENT']);
      await s.expect({ v1: ['AWSPREVIOUS'], v3: ['SAMPLESTAGE0', 'SAMPLESTAGE1'], v4: ['AWSPENDING'], v5: ['AWSCURRENT'] });
    });

    it('takes over only the labels it names from a version holding more [LS]', async () => {
      const s = await secret('labels/partial');
      assert.deepEqual(await s.put('v2', ['one', 'two', 'three']), ['one', 'three', 'two']);
      assert.deepEqual(await s.put('v3', ['one', 'two', 'four']), ['four', 'one', 'two']);
      await s.expect({ v1: ['AWSCURRENT'], v2: ['three'], v3: ['four', 'one', 'two'] });
    });

    it('with AWSCURRENT in VersionStages gives the old current version AWSPREVIOUS [LS]', async () => {
      const s = await secret('labels/put-current');
      assert.deepEqual(await s.put('v2', ['AWSCURRENT', 'PUT0']), ['AWSCURRENT', 'PUT0']);
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT', 'PUT0'] });
    });

    it('without VersionStages leaves a [AWSCURRENT, AWSPENDING] version with just AWSPREVIOUS [LS]', async () => {
      const s = await secret('labels/current-pending');
      assert.deepEqual(await s.put('v2', ['AWSPENDING']), ['AWSPENDING']);
      await s.move('AWSCURRENT', 'v2', 'v1');
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT', 'AWSPENDING'] });
      assert.deepEqual(await s.put('v3'), ['AWSCURRENT']);
      await s.expect({ v2: ['AWSPREVIOUS'], v3: ['AWSCURRENT'] });
    });

    it('UpdateSecret with a value moves the labels the same way', async () => {
      const s = await secret('labels/update-value');
      await s.put('v2', ['AWSPENDING', 'keep']);
      await s.move('AWSCURRENT', 'v2', 'v1');
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT', 'AWSPENDING', 'keep'] });
      const out = await sm.send(new UpdateSecretCommand({ SecretId: s.name, SecretString: 'S3' }));
      s.ids.v3 = out.VersionId!;
      await s.expect({ v2: ['AWSPREVIOUS', 'keep'], v3: ['AWSCURRENT'] });
    });
  });

  describe('rotation-like cycles', () => {
    it('AWSPENDING put, AWSCURRENT moved onto it, then again [LS current_pending_cycle]', async () => {
      const s = await secret('labels/cycle');
      await s.put('v2', ['AWSPENDING']);
      await s.move('AWSCURRENT', 'v2', 'v1');
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT', 'AWSPENDING'] });
      await s.put('v3', ['AWSPENDING']);
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'], v3: ['AWSPENDING'] });
      await s.move('AWSCURRENT', 'v3', 'v2');
      await s.expect({ v2: ['AWSPREVIOUS'], v3: ['AWSCURRENT', 'AWSPENDING'] });
    });

    it('keeps custom labels on the versions that lose AWSCURRENT and AWSPREVIOUS [LS custom_stages_1]', async () => {
      const s = await secret('labels/custom1');
      assert.deepEqual(await s.put('v2', ['AWSSOMETHING', 'AWSPENDING', 'PUT1']), ['AWSPENDING', 'AWSSOMETHING', 'PUT1']);
      await s.move('AWSCURRENT', 'v2', 'v1');
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT', 'AWSPENDING', 'AWSSOMETHING', 'PUT1'] });
      await s.put('v3', ['AWSPENDING', 'PUT2']);
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT', 'AWSSOMETHING', 'PUT1'], v3: ['AWSPENDING', 'PUT2'] });
      await s.move('AWSCURRENT', 'v3', 'v2');
      await s.expect({ v2: ['AWSPREVIOUS', 'AWSSOMETHING', 'PUT1'], v3: ['AWSCURRENT', 'AWSPENDING', 'PUT2'] });
    });

    it('moves AWSPREVIOUS off a version that keeps a custom label [LS custom_stages_2]', async () => {
      const s = await secret('labels/custom2');
      await s.put('v2', ['AWSCURRENT', 'PUT0']);
      await s.put('v3', ['AWSPENDING', 'PUT1']);
      await s.move('AWSCURRENT', 'v3', 'v2');
      await s.expect({ v2: ['AWSPREVIOUS', 'PUT0'], v3: ['AWSCURRENT', 'AWSPENDING', 'PUT1'] });
      await s.put('v4', ['AWSPENDING', 'PUT2']);
      await s.expect({ v2: ['AWSPREVIOUS', 'PUT0'], v3: ['AWSCURRENT', 'PUT1'], v4: ['AWSPENDING', 'PUT2'] });
      await s.move('AWSCURRENT', 'v4', 'v3');
      await s.expect({ v2: ['PUT0'], v3: ['AWSPREVIOUS', 'PUT1'], v4: ['AWSCURRENT', 'AWSPENDING', 'PUT2'] });
    });

    it('removes a custom label with RemoveFromVersionId alone [LS custom_stages_3]', async () => {
      const s = await secret('labels/custom3');
      await s.put('v2', ['PENDING']);
      await s.move('AWSCURRENT', 'v2', 'v1');
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT', 'PENDING'] });
      await s.move('PENDING', undefined, 'v2');
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] });
    });
  });

  describe('UpdateSecretVersionStage', () => {
    it('answers {ARN, Name}, attaches an unattached label with MoveToVersionId alone, and moves LastChangedDate', async () => {
      const s = await secret('usvs/attach');
      await s.put('v2', ['AWSPENDING']);
      const t0 = (await sm.send(new DescribeSecretCommand({ SecretId: s.name }))).LastChangedDate!.getTime();
      await clockTick(10);
      const out = await rawOk(server, 'UpdateSecretVersionStage', { SecretId: s.name, VersionStage: 'blue', MoveToVersionId: s.ids.v2 });
      assertMembers(out, ['ARN', 'Name']);
      assert.equal(out.Name, s.name);
      await s.expect({ v1: ['AWSCURRENT'], v2: ['AWSPENDING', 'blue'] });
      const t1 = (await sm.send(new DescribeSecretCommand({ SecretId: s.name }))).LastChangedDate!.getTime();
      assert.ok(t1 > t0, 'LastChangedDate did not advance');
    });

    it('rolls AWSCURRENT back onto the AWSPREVIOUS version, which swaps the two labels', async () => {
      const s = await secret('usvs/rollback');
      await s.put('v2');
      await s.expect({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] });
      await s.move('AWSCURRENT', 'v1', 'v2');
      await s.expect({ v1: ['AWSCURRENT'], v2: ['AWSPREVIOUS'] });
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, 'S1');
    });

    it('refuses to move an attached label without RemoveFromVersionId naming its holder', async () => {
      const s = await secret('usvs/remove-empty');
      await s.put('v2', ['AWSPENDING', 'blue']);
      const before = await secretState(sm, s.name);
      for (const label of ['AWSCURRENT', 'blue']) {
        const holder = label === 'AWSCURRENT' ? s.ids.v1 : s.ids.v2;
        const to = label === 'AWSCURRENT' ? s.ids.v2 : s.ids.v1;
        await expectAwsError(
          sm.send(new UpdateSecretVersionStageCommand({ SecretId: s.name, VersionStage: label, MoveToVersionId: to })),
          'InvalidParameterException',
          `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
        );
      }
      await expectAwsError(
        sm.send(new UpdateSecretVersionStageCommand({ SecretId: s.name, VersionStage: 'AWSCURRENT', MoveToVersionId: s.ids.v2, RemoveFromVersionId: s.ids.v2 })),
        'InvalidParameterException',
        `The staging label AWSCURRENT is not attached to version ${s.ids.v2}, so it can't be removed from that version.`,
      );
      await assertUnchanged(sm, s.name, before);
    });

    it('removes a custom label; a version left without labels is deprecated', async () => {
      const s = await secret('usvs/remove');
      await s.put('v2', ['blue']);
      await s.move('blue', undefined, 'v2');
      await s.expect({ v1: ['AWSCURRENT'] });
      const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: s.name }));
      assert.deepEqual(listed.Versions!.map((v) => v.VersionId), [s.ids.v1]);
    });

    it('refuses to remove AWSCURRENT outright, and requests that name no version', async () => {
      const s = await secret('usvs/current');
      await s.put('v2', ['AWSPENDING']);
      const before = await secretState(sm, s.name);
      await expectAwsError(
        sm.send(new UpdateSecretVersionStageCommand({ SecretId: s.name, VersionStage: 'AWSCURRENT', RemoveFromVersionId: s.ids.v1 })),
        'InvalidParameterException',
        'You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.',
      );
      await expectAwsError(
        sm.send(new UpdateSecretVersionStageCommand({ SecretId: s.name, VersionStage: 'AWSPENDING' })),
        'InvalidParameterException',
        'You must specify MoveToVersionId, RemoveFromVersionId, or both.',
      );
      await assertUnchanged(sm, s.name, before);
    });

    it('answers ResourceNotFoundException for unknown version ids and secrets', async () => {
      const s = await secret('usvs/unknown');
      const before = await secretState(sm, s.name);
      const unknown = crypto.randomUUID();
      const cases = [
        { VersionStage: 'blue', MoveToVersionId: unknown },
        { VersionStage: 'AWSCURRENT', MoveToVersionId: unknown, RemoveFromVersionId: s.ids.v1 },
        { VersionStage: 'AWSCURRENT', MoveToVersionId: s.ids.v1, RemoveFromVersionId: unknown },
        { VersionStage: 'blue', RemoveFromVersionId: unknown },
      ];
      for (const c of cases) {
        await expectAwsError(
          sm.send(new UpdateSecretVersionStageCommand({ SecretId: s.name, ...c })),
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for VersionId: ${unknown}`,
        );
      }
      await expectAwsError(
        sm.send(new UpdateSecretVersionStageCommand({ SecretId: uniqueName('usvs/none'), VersionStage: 'blue', MoveToVersionId: unknown })),
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
      await assertUnchanged(sm, s.name, before);
    });

    it('enforces 20 staging labels per secret with LimitExceededException', async () => {
      const s = await secret('usvs/limit');
      const nineteen = Array.from({ length: 19 }, (_, i) => `L${i + 1}`);
      await s.put('v2', nineteen); // with AWSCURRENT on v1: 20 labels in all
      const before = await secretState(sm, s.name);
      const msg = 'A secret can have at most 20 staging labels across all of its versions.';
      await expectAwsError(
        sm.send(new UpdateSecretVersionStageCommand({ SecretId: s.name, VersionStage: 'L20', MoveToVersionId: s.ids.v1 })),
        'LimitExceededException',
        msg,
      );
      await expectAwsError(sm.send(new PutSecretValueCommand({ SecretId: s.name, SecretString: 'x', VersionStages: ['L20'] })), 'LimitExceededException', msg);
      await expectAwsError(
        sm.send(new PutSecretValueCommand({ SecretId: s.name, SecretString: 'x', VersionStages: [...nineteen, 'L20', 'L21'] })),
        'ValidationException',
        /^1 validation error detected: Value '\[L1, .*L21\]' at 'versionStages' failed to satisfy constraint: Member must have length less than or equal to 20$/,
      );
      await assertUnchanged(sm, s.name, before);
      // Moving labels that exist already stays within the limit.
      await s.move('L1', 'v1', 'v2');
      await s.put('v3', ['L2', 'L3']);
      const d = await stagesOf(sm, s.name);
      assert.deepEqual(d[s.ids.v1], ['AWSCURRENT', 'L1']);
      assert.deepEqual(d[s.ids.v3], ['L2', 'L3']);
    });
  });
});
