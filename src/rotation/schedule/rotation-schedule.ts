/**
 * RotationRules -> a schedule, with Secrets Manager's checks (api-notes §9; the model's
 * RotationRulesType documentation):
 *
 * - exactly one of AutomaticallyAfterDays (1..1000, the model checks the range) and
 *   ScheduleExpression; both at once is InvalidParameterException "You cannot specify both rotation
 *   frequency and schedule expression together." (quoted from AWS in
 *   hashicorp/terraform-provider-aws#33329);
 * - `rate(N hours|hour)`: 4 <= N < 24, windows open at midnight and every N hours after, 1 hour long
 *   by default; `rate(N days|day)`: 1 <= N <= 1000, windows open at midnight, until the end of the
 *   day by default; `cron(...)`: see cron-expression.ts; no two windows of a day closer than 4 hours;
 *   hourly crons get a 1-hour default window, daily ones one to the end of the day;
 * - Duration `Nh`, 1..24 hours, not past the end of the UTC day and not into the next window.
 *
 * The texts of the other refusals ("Invalid schedule expression.", "Rate in hour should be least 4
 * and less than 24.", ...) are the ones a public CDK pre-flight rule set quotes as RotateSecret's
 * (cdk-preflight secretsmanager rules); they are not in any recording of AWS, so they are
 * unverified. All are InvalidParameterException.
 */
import { errors } from '../../errors/index.js';
import type { RotationRules } from '../../store/index.js';
import { type CronExpression, parseCron } from './cron-expression.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The shortest interval between two rotations. */
export const MIN_INTERVAL_HOURS = 4;

export const SCHEDULE_ERRORS = {
  BOTH: 'You cannot specify both rotation frequency and schedule expression together.',
  NEITHER: 'You must specify either AutomaticallyAfterDays or ScheduleExpression in RotationRules.',
  INVALID: 'Invalid schedule expression.',
  RATE_HOURS: 'Rate in hour should be least 4 and less than 24.',
  RATE_DAYS: 'Rate in day should be greater than 0 and less than 1000.',
  DURATION_RANGE: 'Duration must be at least 1 hour, at most 24 hour.',
  DURATION_RATE: 'Duration cannot be greater than Rate in hour.',
  DURATION_DAY: 'Starting hour and duration must be within a day.',
} as const;

/** A parsed schedule. `hours` are the hours of the day at which windows may open. */
export type Schedule =
  | { kind: 'days'; days: number; windowHours: number; hours: number[] }
  | { kind: 'hours'; every: number; windowHours: number; hours: number[] }
  | { kind: 'cron'; cron: CronExpression; windowHours: number; hours: number[] };

/**
 * Parses stored rules (ScheduleExpression wins over AutomaticallyAfterDays, which DescribeSecret
 * fills in from the schedule). Throws InvalidParameterException for rules AWS would refuse.
 */
export function parseSchedule(rules: RotationRules): Schedule {
  const duration = rules.Duration === undefined ? undefined : parseDuration(rules.Duration);
  const expr = rules.ScheduleExpression?.trim();
  if (expr === undefined) {
    const days = rules.AutomaticallyAfterDays;
    if (days === undefined) throw errors.invalidParameter(SCHEDULE_ERRORS.NEITHER);
    if (!Number.isInteger(days) || days < 1 || days > 1000) throw errors.invalidParameter(SCHEDULE_ERRORS.RATE_DAYS);
    return checkWithinDay({ kind: 'days', days, windowHours: duration ?? 24, hours: [0] });
  }
  const rate = /^rate\(\s*(\d+)\s+(hours?|days?)\s*\)$/i.exec(expr);
  if (rate) {
    const n = Number(rate[1]);
    if (rate[2]!.toLowerCase().startsWith('hour')) {
      if (n < MIN_INTERVAL_HOURS || n >= 24) throw errors.invalidParameter(SCHEDULE_ERRORS.RATE_HOURS);
      const hours: number[] = [];
      for (let h = 0; h < 24; h += n) hours.push(h);
      if (duration !== undefined && duration > n) throw errors.invalidParameter(SCHEDULE_ERRORS.DURATION_RATE);
      return checkWithinDay({ kind: 'hours', every: n, windowHours: duration ?? 1, hours });
    }
    if (n < 1 || n > 1000) throw errors.invalidParameter(SCHEDULE_ERRORS.RATE_DAYS);
    return checkWithinDay({ kind: 'days', days: n, windowHours: duration ?? 24, hours: [0] });
  }
  const cronText = /^cron\((.*)\)$/i.exec(expr);
  const cron = cronText ? parseCron(cronText[1]!) : undefined;
  if (!cron) throw errors.invalidParameter(SCHEDULE_ERRORS.INVALID);
  const hourly = cron.hours.length > 1;
  let minGap = 24;
  for (let i = 1; i < cron.hours.length; i++) minGap = Math.min(minGap, cron.hours[i]! - cron.hours[i - 1]!);
  if (minGap < MIN_INTERVAL_HOURS) throw errors.invalidParameter(SCHEDULE_ERRORS.INVALID);
  if (hourly && duration !== undefined && duration > minGap) {
    throw errors.invalidParameter(SCHEDULE_ERRORS.DURATION_RATE);
  }
  const last = cron.hours.at(-1)!;
  return checkWithinDay({ kind: 'cron', cron, windowHours: duration ?? (hourly ? 1 : 24 - last), hours: cron.hours });
}

function parseDuration(text: string): number {
  const m = /^(\d+)h$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 1 && n <= 24)) throw errors.invalidParameter(SCHEDULE_ERRORS.DURATION_RANGE);
  return n;
}

/** No window may run past midnight UTC. */
function checkWithinDay<S extends Schedule>(s: S): S {
  if (s.hours.at(-1)! + s.windowHours > 24) throw errors.invalidParameter(SCHEDULE_ERRORS.DURATION_DAY);
  return s;
}

/**
 * Checks the RotationRules of a RotateSecret request: the BOTH rule applies to what the caller
 * sent (stored rules carry a computed AutomaticallyAfterDays beside the expression).
 */
export function checkRequestRules(rules: RotationRules): Schedule {
  if (rules.AutomaticallyAfterDays !== undefined && rules.ScheduleExpression !== undefined) {
    throw errors.invalidParameter(SCHEDULE_ERRORS.BOTH);
  }
  return parseSchedule(rules);
}
