/**
 * "Manually updating the secret value by calling PutSecretValue or UpdateSecret is considered a
 * valid rotation" (API reference, RotationRulesType.AutomaticallyAfterDays; api-notes §9): such a
 * write re-plans NextRotationDate (and the scheduled start) from its own time; LastRotatedDate
 * stays. A ScheduleExpression keeps its windows. To see a difference within one test day, the
 * last rotation is moved three days back in the store first, as if it had happened then.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  UpdateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { openDb } from '../support/audit.js';
import { CofferServer } from '../support/coffer-server.js';
import { createCommandFunction, rotationEnv, rotationStatus, TEST_FUNCTION_COMMAND, waitForRotationEnd } from '../support/rotation.js';

const DAY = 86_400_000;

describe('manual writes count as a rotation for AutomaticallyAfterDays', () => {
  const server = new CofferServer({ env: rotationEnv() });
  let sm: SecretsManagerClient;
  let fn: string;

  before(async () => {
    await server.start();
    sm = server.client();
    fn = await createCommandFunction(server, 'good', TEST_FUNCTION_COMMAND);
  });
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  /** Creates a secret, rotates it with `rules`, then moves its rotation dates three days back. */
  async function rotatedThreeDaysAgo(name: string, rules: { AutomaticallyAfterDays?: number; ScheduleExpression?: string }): Promise<string> {
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: '{"password":"0"}' }));
    await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: fn, RotationRules: rules }));
    assert.equal((await waitForRotationEnd(server, name)).status, 'Succeeded');
    const db = openDb(server.dataDir);
    try {
      db.prepare(
        `UPDATE secrets SET last_rotated_at = last_rotated_at - ?, next_rotation_at = next_rotation_at - ?, rotation_due_at = rotation_due_at - ? WHERE arn = ?`,
      ).run(3 * DAY, 3 * DAY, 3 * DAY, ARN);
    } finally {
      db.close();
    }
    return ARN!;
  }

  const describeSecret = (id: string) => sm.send(new DescribeSecretCommand({ SecretId: id }));

  /** The window N days after today (UTC): NextRotationDate is its last second; the start is in its first half. */
  function expectPlannedFromToday(d: { NextRotationDate?: Date }, status: any, days: number): void {
    const today = Math.floor(Date.now() / DAY) * DAY;
    assert.equal(d.NextRotationDate!.getTime(), today + days * DAY + DAY - 1000);
    const start = Date.parse(status.nextScheduledStart);
    assert.ok(start >= today + days * DAY && start <= today + days * DAY + DAY / 2, status.nextScheduledStart);
  }

  it('PutSecretValue re-plans NextRotationDate from the write; LastRotatedDate stays', async () => {
    await rotatedThreeDaysAgo('manual-put', { AutomaticallyAfterDays: 7 });
    const before = await describeSecret('manual-put');
    const today = Math.floor(Date.now() / DAY) * DAY;
    assert.equal(before.NextRotationDate!.getTime(), today + 4 * DAY + DAY - 1000, 'seven days after the rotation three days ago');

    // A value staged without AWSCURRENT changes nothing.
    await sm.send(new PutSecretValueCommand({ SecretId: 'manual-put', SecretString: '{"password":"staged"}', VersionStages: ['STAGED'] }));
    assert.equal((await describeSecret('manual-put')).NextRotationDate!.getTime(), before.NextRotationDate!.getTime());

    await sm.send(new PutSecretValueCommand({ SecretId: 'manual-put', SecretString: '{"password":"by hand"}' }));
    const afterPut = await describeSecret('manual-put');
    expectPlannedFromToday(afterPut, rotationStatus(server, 'manual-put'), 7);
    assert.equal(afterPut.LastRotatedDate!.getTime(), before.LastRotatedDate!.getTime());
    assert.deepEqual(afterPut.RotationRules, { AutomaticallyAfterDays: 7 });
  });

  it('UpdateSecret with a value re-plans too; without one it does not', async () => {
    await rotatedThreeDaysAgo('manual-update', { AutomaticallyAfterDays: 5 });
    const before = await describeSecret('manual-update');
    await sm.send(new UpdateSecretCommand({ SecretId: 'manual-update', Description: 'metadata only' }));
    assert.equal((await describeSecret('manual-update')).NextRotationDate!.getTime(), before.NextRotationDate!.getTime());
    await sm.send(new UpdateSecretCommand({ SecretId: 'manual-update', SecretString: '{"password":"by hand"}' }));
    const after = await describeSecret('manual-update');
    expectPlannedFromToday(after, rotationStatus(server, 'manual-update'), 5);
    assert.equal(after.LastRotatedDate!.getTime(), before.LastRotatedDate!.getTime());
  });

  it('a ScheduleExpression secret keeps its date', async () => {
    await rotatedThreeDaysAgo('manual-scheduled', { ScheduleExpression: 'rate(7 days)' });
    const before = await describeSecret('manual-scheduled');
    const due = rotationStatus(server, 'manual-scheduled').nextScheduledStart;
    await sm.send(new PutSecretValueCommand({ SecretId: 'manual-scheduled', SecretString: '{"password":"by hand"}' }));
    await sm.send(new UpdateSecretCommand({ SecretId: 'manual-scheduled', SecretString: '{"password":"by hand again"}' }));
    const after = await describeSecret('manual-scheduled');
    assert.equal(after.NextRotationDate!.getTime(), before.NextRotationDate!.getTime());
    assert.equal(rotationStatus(server, 'manual-scheduled').nextScheduledStart, due);
  });
});
