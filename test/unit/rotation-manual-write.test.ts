/**
 * "Manually updating the secret value by calling PutSecretValue or UpdateSecret is considered a
 * valid rotation" for AutomaticallyAfterDays (API reference, RotationRulesType; api-notes §9): the
 * next rotation is planned from the time of the write, with the same planner as after a rotation.
 * Times are passed in (the write's time is the clock); the random start in the window is fixed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planAfterManualWrite, planNextRotation, RotationEngine, type EngineDeps } from '../../src/rotation/index.js';
import type { SecretRecord } from '../../src/store/index.js';

const t = (iso: string) => Date.parse(iso);
const first = () => 0;
const last = () => 0.999;

describe('manual writes and AutomaticallyAfterDays', () => {
  it('plans the next window N days after the day of the write', () => {
    const plan = planAfterManualWrite(true, { AutomaticallyAfterDays: 7 }, t('2025-03-10T15:30:00Z'), first)!;
    assert.equal(plan.nextRotationAt, t('2025-03-17T23:59:59Z'));
    assert.equal(plan.dueAt, t('2025-03-17T00:00:00Z'));
    assert.deepEqual(plan.rules, { AutomaticallyAfterDays: 7 });
    assert.equal(planAfterManualWrite(true, { AutomaticallyAfterDays: 7 }, t('2025-03-10T15:30:00Z'), last)!.dueAt < t('2025-03-17T12:00:00Z'), true);
  });

  it('is the plan a rotation at that time would have made (Duration included)', () => {
    const rules = { AutomaticallyAfterDays: 3, Duration: '4h' };
    const at = t('2025-06-01T08:00:00Z');
    assert.deepEqual(planAfterManualWrite(true, rules, at, first), planNextRotation(rules, at, first));
    assert.equal(planAfterManualWrite(true, rules, at, first)!.nextRotationAt, t('2025-06-04T03:59:59Z'));
  });

  it('leaves a ScheduleExpression, a disabled rotation and a secret without rules alone', () => {
    const at = t('2025-03-10T15:30:00Z');
    assert.equal(planAfterManualWrite(true, { AutomaticallyAfterDays: 7, ScheduleExpression: 'rate(7 days)' }, at, first), undefined);
    assert.equal(planAfterManualWrite(true, { ScheduleExpression: 'cron(0 3 ? * SUN *)' }, at, first), undefined);
    assert.equal(planAfterManualWrite(false, { AutomaticallyAfterDays: 7 }, at, first), undefined);
    assert.equal(planAfterManualWrite(undefined, { AutomaticallyAfterDays: 7 }, at, first), undefined);
    assert.equal(planAfterManualWrite(true, undefined, at, first), undefined);
  });

  it('RotationEngine.manualWrite sets NextRotationDate and the due time on the record, not LastRotatedDate', () => {
    const deps = { settings: { concurrency: 1, stepTimeoutMs: 1000, maxAttempts: 1, retryBaseMs: 1000, pollMs: 1000 }, random: first } as unknown as EngineDeps;
    const engine = new RotationEngine(deps);
    const secret = {
      arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbCdEf',
      rotationEnabled: true,
      rotationRules: { AutomaticallyAfterDays: 30 },
      lastRotatedAt: t('2025-01-01T10:00:00Z'),
      nextRotationAt: t('2025-01-31T23:59:59Z'),
      rotationDueAt: t('2025-01-31T00:00:00Z'),
    } as SecretRecord;
    assert.equal(engine.manualWrite(secret, t('2025-01-20T18:00:00Z')), true);
    assert.equal(secret.nextRotationAt, t('2025-02-19T23:59:59Z'));
    assert.equal(secret.rotationDueAt, t('2025-02-19T00:00:00Z'));
    assert.equal(secret.lastRotatedAt, t('2025-01-01T10:00:00Z'));
    const scheduled = { ...secret, rotationRules: { AutomaticallyAfterDays: 7, ScheduleExpression: 'rate(7 days)' }, nextRotationAt: 1, rotationDueAt: 1 } as SecretRecord;
    assert.equal(engine.manualWrite(scheduled, t('2025-01-20T18:00:00Z')), false);
    assert.deepEqual([scheduled.nextRotationAt, scheduled.rotationDueAt], [1, 1]);
  });
});
