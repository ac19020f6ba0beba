import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/errors/index.js';
import {
  catchUpWindow,
  checkRequestRules,
  dueTime,
  latestRotationTime,
  nextWindow,
  parseSchedule,
  planNextRotation,
  SCHEDULE_ERRORS,
} from '../../src/rotation/index.js';
import type { RotationRules } from '../../src/store/index.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The window after `base` for a ScheduleExpression (and optional Duration), as ISO strings. */
function windowAfter(expr: string, base: string, duration?: string): [string, string] {
  const rules: RotationRules = { ScheduleExpression: expr };
  if (duration) rules.Duration = duration;
  const w = nextWindow(parseSchedule(rules), t(base));
  return [iso(w.start), iso(w.end)];
}

function refusal(rules: RotationRules, message: string): void {
  assert.throws(
    () => checkRequestRules(rules),
    (e: unknown) => e instanceof AwsError && e.code === 'InvalidParameterException' && e.message === message,
    JSON.stringify(rules),
  );
}

describe('rotation schedules: the User Guide cron examples (UTC)', () => {
  it('every day at 10:00: cron(0 10 * * ? *), window to the end of the day', () => {
    assert.deepEqual(windowAfter('cron(0 10 * * ? *)', '2024-01-10T12:00:00Z'), ['2024-01-11T10:00:00Z', '2024-01-12T00:00:00Z']);
    assert.deepEqual(windowAfter('cron(0 10 * * ? *)', '2024-01-10T09:59:59Z'), ['2024-01-10T10:00:00Z', '2024-01-11T00:00:00Z']);
  });
  it('every Saturday at 18:00: cron(0 18 ? * SAT *)', () => {
    assert.deepEqual(windowAfter('cron(0 18 ? * SAT *)', '2024-01-10T00:00:00Z')[0], '2024-01-13T18:00:00Z');
  });
  it('the first day of every month at 08:00: cron(0 8 1 * ? *)', () => {
    assert.deepEqual(windowAfter('cron(0 8 1 * ? *)', '2024-01-10T00:00:00Z')[0], '2024-02-01T08:00:00Z');
  });
  it('every three months on Sunday at 01:00: cron(0 1 * 1/3 SUN *)', () => {
    assert.deepEqual(windowAfter('cron(0 1 * 1/3 SUN *)', '2024-01-10T00:00:00Z')[0], '2024-01-14T01:00:00Z');
    assert.deepEqual(windowAfter('cron(0 1 * 1/3 SUN *)', '2024-02-01T00:00:00Z')[0], '2024-04-07T01:00:00Z');
  });
  it('the last day of every month at 17:00: cron(0 17 L * ? *)', () => {
    assert.deepEqual(windowAfter('cron(0 17 L * ? *)', '2024-02-10T00:00:00Z')[0], '2024-02-29T17:00:00Z');
    assert.deepEqual(windowAfter('cron(0 17 L * ? *)', '2023-02-10T00:00:00Z')[0], '2023-02-28T17:00:00Z');
  });
  it('Monday through Friday at 08:00: cron(0 8 ? * MON-FRI *)', () => {
    assert.deepEqual(windowAfter('cron(0 8 ? * MON-FRI *)', '2024-01-12T09:00:00Z')[0], '2024-01-15T08:00:00Z');
  });
  it('the 1st and 15th at 16:00: cron(0 16 1,15 * ? *), AutomaticallyAfterDays 14 as in the model example', () => {
    assert.deepEqual(windowAfter('cron(0 16 1,15 * ? *)', '2024-01-01T16:30:00Z')[0], '2024-01-15T16:00:00Z');
    const plan = planNextRotation({ ScheduleExpression: 'cron(0 16 1,15 * ? *)', Duration: '2h' }, t('2024-01-01T16:30:00Z'), () => 0);
    assert.deepEqual(plan.rules, { AutomaticallyAfterDays: 14, ScheduleExpression: 'cron(0 16 1,15 * ? *)', Duration: '2h' });
    assert.equal(iso(plan.nextRotationAt), '2024-01-15T17:59:59Z');
  });
  it('the first Sunday of every month at midnight: cron(0 0 ? * SUN#1 *)', () => {
    assert.deepEqual(windowAfter('cron(0 0 ? * SUN#1 *)', '2024-01-10T00:00:00Z')[0], '2024-02-04T00:00:00Z');
  });
  it('the last Friday of the month: cron(0 9 ? * FRIL *) and 6L', () => {
    assert.deepEqual(windowAfter('cron(0 9 ? * FRIL *)', '2024-01-01T00:00:00Z')[0], '2024-01-26T09:00:00Z');
    assert.deepEqual(windowAfter('cron(0 9 ? * 6L *)', '2024-01-01T00:00:00Z')[0], '2024-01-26T09:00:00Z');
  });
  it('hour increments reset daily: cron(0 4/12 * * ? *) is 04:00 and 16:00, with a one-hour window', () => {
    assert.deepEqual(windowAfter('cron(0 4/12 * * ? *)', '2024-01-10T05:00:00Z'), ['2024-01-10T16:00:00Z', '2024-01-10T17:00:00Z']);
    assert.deepEqual(windowAfter('cron(0 4/12 * * ? *)', '2024-01-10T16:00:00Z')[0], '2024-01-11T04:00:00Z');
  });
  it('month names and ranges: cron(0 10 ? FEB,MAY,AUG,NOV TUE#2 *)', () => {
    assert.deepEqual(windowAfter('cron(0 10 ? FEB,MAY,AUG,NOV TUE#2 *)', '2024-01-01T00:00:00Z')[0], '2024-02-13T10:00:00Z');
  });
});

describe('rotation schedules: rate() and AutomaticallyAfterDays', () => {
  it('rate(10 days): the window opens at midnight ten days after the last rotation and closes at the end of that day', () => {
    assert.deepEqual(windowAfter('rate(10 days)', '2024-01-10T15:00:00Z'), ['2024-01-20T00:00:00Z', '2024-01-21T00:00:00Z']);
    const plan = planNextRotation({ ScheduleExpression: 'rate(10 days)' }, t('2024-01-10T15:00:00Z'), () => 0);
    assert.equal(iso(plan.nextRotationAt), '2024-01-20T23:59:59Z');
    assert.deepEqual(plan.rules, { AutomaticallyAfterDays: 10, ScheduleExpression: 'rate(10 days)' });
  });
  it('rate(1 day) and rate(4 hours): windows from midnight, one hour long for hours', () => {
    assert.deepEqual(windowAfter('rate(1 day)', '2024-01-10T23:00:00Z')[0], '2024-01-11T00:00:00Z');
    assert.deepEqual(windowAfter('rate(4 hours)', '2024-01-10T05:30:00Z'), ['2024-01-10T08:00:00Z', '2024-01-10T09:00:00Z']);
    assert.deepEqual(windowAfter('rate(5 hours)', '2024-01-10T21:00:00Z')[0], '2024-01-11T00:00:00Z');
    assert.deepEqual(windowAfter('rate(6 hours)', '2024-01-10T05:30:00Z', '3h'), ['2024-01-10T06:00:00Z', '2024-01-10T09:00:00Z']);
  });
  it('AutomaticallyAfterDays: N days after the last rotation, Duration shortens the window', () => {
    const plan = planNextRotation({ AutomaticallyAfterDays: 30, Duration: '3h' }, t('2024-01-10T15:00:00Z'), () => 0);
    assert.deepEqual(plan.rules, { AutomaticallyAfterDays: 30, Duration: '3h' });
    assert.equal(iso(plan.nextRotationAt), '2024-02-09T02:59:59Z');
    assert.equal(iso(plan.dueAt), '2024-02-09T00:00:00Z');
  });
  it('the scheduled start is a random time in the first half of the window', () => {
    const w = { start: t('2024-01-10T00:00:00Z'), end: t('2024-01-11T00:00:00Z') };
    assert.equal(dueTime(w, () => 0), w.start);
    assert.ok(dueTime(w, () => 0.999) < t('2024-01-10T12:00:00Z'));
    assert.ok(dueTime(w, () => 0.999) > t('2024-01-10T11:00:00Z'));
    assert.equal(iso(latestRotationTime(w)), '2024-01-10T23:59:59Z');
  });
});

describe('rotation schedules: missed windows', () => {
  const s = parseSchedule({ ScheduleExpression: 'cron(0 10 1 * ? *)', Duration: '2h' });
  it('a window of the daily pattern that is still open is used at once', () => {
    const w = catchUpWindow(s, t('2024-03-05T11:00:00Z'));
    assert.deepEqual([iso(w.start), iso(w.end)], ['2024-03-05T10:00:00Z', '2024-03-05T12:00:00Z']);
  });
  it('otherwise the next window of the daily pattern', () => {
    const w = catchUpWindow(s, t('2024-03-05T13:00:00Z'));
    assert.deepEqual([iso(w.start), iso(w.end)], ['2024-03-06T10:00:00Z', '2024-03-06T12:00:00Z']);
  });
});

describe('rotation schedules: refusals (InvalidParameterException)', () => {
  it('AutomaticallyAfterDays and ScheduleExpression together', () => {
    refusal({ AutomaticallyAfterDays: 7, ScheduleExpression: 'rate(7 days)' }, SCHEDULE_ERRORS.BOTH);
  });
  it('neither of them', () => refusal({ Duration: '2h' }, SCHEDULE_ERRORS.NEITHER));
  it('rates below four hours, or 24 hours and more', () => {
    for (const e of ['rate(3 hours)', 'rate(1 hour)', 'rate(24 hours)', 'rate(0 hours)']) refusal({ ScheduleExpression: e }, SCHEDULE_ERRORS.RATE_HOURS);
  });
  it('rates in days outside 1..1000', () => {
    for (const e of ['rate(0 days)', 'rate(1001 days)']) refusal({ ScheduleExpression: e }, SCHEDULE_ERRORS.RATE_DAYS);
  });
  it('malformed expressions and crons Secrets Manager does not take', () => {
    for (const e of [
      'rate(5 minutes)',
      'rate(a days)',
      'every day',
      'cron(0 10 * * ?)', // five fields
      'cron(30 10 * * ? *)', // minutes must be 0
      'cron(0 10 * * ? 2025)', // year must be *
      'cron(0 10 ? * ? *)', // both day fields '?'
      'cron(0 10 1 * MON *)', // both day fields set
      'cron(0 24 * * ? *)',
      'cron(0 10 32 * ? *)',
      'cron(0 10 ? * SUN#6 *)',
      'cron(0 0/2 * * ? *)', // windows two hours apart: below the four-hour minimum
      'cron(0 1,3 * * ? *)',
    ]) {
      refusal({ ScheduleExpression: e }, SCHEDULE_ERRORS.INVALID);
    }
  });
  it('Duration out of 1..24 hours, longer than the interval, or past midnight', () => {
    refusal({ AutomaticallyAfterDays: 1, Duration: '0h' }, SCHEDULE_ERRORS.DURATION_RANGE);
    refusal({ ScheduleExpression: 'rate(2 days)', Duration: '25h' }, SCHEDULE_ERRORS.DURATION_RANGE);
    refusal({ ScheduleExpression: 'rate(6 hours)', Duration: '7h' }, SCHEDULE_ERRORS.DURATION_RATE);
    refusal({ ScheduleExpression: 'cron(0 4/6 * * ? *)', Duration: '7h' }, SCHEDULE_ERRORS.DURATION_RATE);
    refusal({ ScheduleExpression: 'cron(0 22 * * ? *)', Duration: '3h' }, SCHEDULE_ERRORS.DURATION_DAY);
    refusal({ ScheduleExpression: 'rate(5 hours)', Duration: '5h' }, SCHEDULE_ERRORS.DURATION_DAY);
  });
  it('accepts what the User Guide shows', () => {
    for (const e of ['cron(0 10 * * ? *)', 'cron(0 1 * 1/3 SUN *)', 'cron(0 17 L * ? *)', 'rate(4 hours)', 'rate(23 hours)', 'rate(1000 days)']) {
      checkRequestRules({ ScheduleExpression: e });
    }
    checkRequestRules({ ScheduleExpression: 'cron(0 20 * * ? *)', Duration: '4h' });
    checkRequestRules({ AutomaticallyAfterDays: 1000, Duration: '24h' });
  });
});
