/**
 * Rotation windows as pure functions of a schedule and the time (no clock inside: callers pass
 * `now`, tests pass any instant). A window opens at `start` and closes at `end` (epoch ms, UTC).
 *
 * - The next window after a rotation at `base` is the first one that opens after `base`; for
 *   AutomaticallyAfterDays and rate(N days) that is midnight UTC N days after the day of `base`
 *   ("Secrets Manager calculates the next rotation date based on the previous rotation").
 * - NextRotationDate is "the latest date that rotation will occur": one second before the window
 *   closes (23:59:59 for a window that runs to the end of the day).
 * - The scheduler starts a rotation at a random time in the first half of its window, so a
 *   rotation that needs retries still ends inside it.
 * - A rotation missed because Coffer was down runs at once if its window is still open, otherwise
 *   in the next window of the schedule's daily pattern (its hours, any day), so it never runs
 *   outside the hours the operator chose.
 */
import type { RotationRules } from '../../store/index.js';
import { cronMatchesDay } from './cron-expression.js';
import { DAY, HOUR, parseSchedule, type Schedule } from './rotation-schedule.js';

export interface RotationWindow {
  start: number;
  end: number;
}

/** How far ahead a cron schedule is searched (a valid one fires at least once a year). */
const SEARCH_DAYS = 5 * 366;

export function startOfUtcDay(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

/** The first window of the schedule that opens strictly after `base`. */
export function nextWindow(s: Schedule, base: number): RotationWindow {
  const length = s.windowHours * HOUR;
  if (s.kind === 'days') {
    const start = startOfUtcDay(base) + s.days * DAY;
    return { start, end: start + length };
  }
  const first = startOfUtcDay(base);
  for (let d = 0; d < SEARCH_DAYS; d++) {
    const day = first + d * DAY;
    if (s.kind === 'cron' && !cronMatchesDay(s.cron, day)) continue;
    for (const h of s.hours) {
      const start = day + h * HOUR;
      if (start > base) return { start, end: start + length };
    }
  }
  throw new Error('the schedule has no window in the next five years');
}

/** The window of the schedule's daily pattern that contains `now`, or else the next one. */
export function catchUpWindow(s: Schedule, now: number): RotationWindow {
  const length = s.windowHours * HOUR;
  const today = startOfUtcDay(now);
  for (const day of [today - DAY, today, today + DAY]) {
    for (const h of s.hours) {
      const start = day + h * HOUR;
      if (start + length > now) return { start, end: start + length };
    }
  }
  throw new Error('unreachable: every schedule has a window each day');
}

/** NextRotationDate for a window. */
export function latestRotationTime(w: RotationWindow): number {
  return w.end - 1000;
}

/** When the scheduler starts the rotation of a window: a random time in its first half, not before `notBefore`. */
export function dueTime(w: RotationWindow, random: () => number, notBefore = w.start): number {
  const from = Math.max(w.start, notBefore);
  const half = Math.max(0, Math.floor((w.start + (w.end - w.start) / 2 - from) * random()));
  return from + half;
}

export interface NextRotation {
  /** The rules as DescribeSecret shows them, with AutomaticallyAfterDays computed from the schedule. */
  rules: RotationRules;
  nextRotationAt: number;
  dueAt: number;
}

/** The next scheduled rotation after a rotation (or a configuration without one) at `base`. */
export function planNextRotation(rules: RotationRules, base: number, random: () => number): NextRotation {
  const s = parseSchedule(rules);
  const w = nextWindow(s, base);
  const shown: RotationRules = {
    AutomaticallyAfterDays: s.kind === 'days' ? s.days : Math.max(1, Math.ceil((w.start - base) / DAY)),
  };
  if (rules.ScheduleExpression !== undefined) shown.ScheduleExpression = rules.ScheduleExpression;
  if (rules.Duration !== undefined) shown.Duration = rules.Duration;
  return { rules: shown, nextRotationAt: latestRotationTime(w), dueAt: dueTime(w, random) };
}
