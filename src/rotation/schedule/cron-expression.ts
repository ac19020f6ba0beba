/**
 * Secrets Manager's cron(): `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, UTC
 * (User Guide, "Schedule expressions in Secrets Manager rotation"):
 *
 * - Minutes must be 0 (windows open on the hour); Year must be `*`.
 * - Hours 0-23 with `, - * /`; Day-of-month 1-31 with `, - * ? / L`; Month 1-12 or JAN-DEC with
 *   `, - * /`; Day-of-week 1-7 (1 = SUN) or SUN-SAT with `, - * ? / L #` (`TUE#3` = third
 *   Tuesday, `FRIL` or `6L` = last Friday of the month).
 * - One of Day-of-month and Day-of-week is `?`. The guide's own example `cron(0 1 * 1/3 SUN *)`
 *   ("every three months on Sunday") puts `*` in the other one; Coffer accepts `*` there and reads
 *   it as "no restriction", so only `?` with `?`, or two real restrictions, are refused.
 * - Hour increments reset daily: `4/12` is 04:00 and 16:00.
 *
 * Parsing returns undefined for anything malformed; rotation-schedule.ts turns that into AWS's
 * error text.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export interface CronExpression {
  /** Hours of the day the windows open, ascending. */
  hours: number[];
  months: Set<number>; // 1-12
  /** Day-of-month rule; undefined = no restriction. */
  dayOfMonth?: { days: Set<number>; last: boolean };
  /** Day-of-week rule (1 = Sunday); undefined = no restriction. */
  dayOfWeek?: { days: Set<number>; lastOf?: number; nth?: { day: number; n: number } };
}

/** Values of a `, - * /` field in [min, max]; names map to numbers starting at `min`. */
function parseList(text: string, min: number, max: number, names?: string[]): Set<number> | undefined {
  const out = new Set<number>();
  const value = (s: string): number | undefined => {
    const upper = s.toUpperCase();
    if (names) {
      const i = names.indexOf(upper);
      if (i >= 0) return i + min;
    }
    if (!/^\d{1,2}$/.test(s)) return undefined;
    const n = Number(s);
    return n >= min && n <= max ? n : undefined;
  };
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') return undefined;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d{1,3}$/.test(stepText) || Number(stepText) === 0) return undefined;
      step = Number(stepText);
    }
    let lo: number | undefined;
    let hi: number | undefined;
    if (range === '*') {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a, b, c] = range.split('-');
      if (c !== undefined) return undefined;
      lo = value(a!);
      hi = value(b!);
      if (lo === undefined || hi === undefined || lo > hi) return undefined;
    } else {
      lo = value(range);
      if (lo === undefined) return undefined;
      hi = stepText === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function parseDayOfWeek(text: string): CronExpression['dayOfWeek'] | undefined {
  const hash = /^([A-Za-z]{3}|[1-7])#([1-5])$/.exec(text);
  if (hash) {
    const day = parseList(hash[1]!, 1, 7, DAYS);
    if (!day || day.size !== 1) return undefined;
    return { days: new Set(), nth: { day: [...day][0]!, n: Number(hash[2]) } };
  }
  const last = /^([A-Za-z]{3}|[1-7])L$/.exec(text);
  if (last) {
    const day = parseList(last[1]!, 1, 7, DAYS);
    if (!day || day.size !== 1) return undefined;
    return { days: new Set(), lastOf: [...day][0]! };
  }
  if (text === 'L') return { days: new Set([7]) };
  const days = parseList(text, 1, 7, DAYS);
  return days && { days };
}

function parseDayOfMonth(text: string): CronExpression['dayOfMonth'] | undefined {
  if (text === 'L') return { days: new Set(), last: true };
  const days = parseList(text, 1, 31);
  return days && { days, last: false };
}

/** Parses the inside of `cron(...)`; undefined when it is not a valid Secrets Manager cron. */
export function parseCron(body: string): CronExpression | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (minutes !== '0' || year !== '*') return undefined;
  const hourSet = parseList(hours, 0, 23);
  const months = parseList(month, 1, 12, MONTHS);
  if (!hourSet || !months || hourSet.size === 0) return undefined;
  if (dom === '?' && dow === '?') return undefined;
  const expr: CronExpression = { hours: [...hourSet].sort((a, b) => a - b), months };
  if (dom !== '?' && dom !== '*') {
    const d = parseDayOfMonth(dom);
    if (!d) return undefined;
    expr.dayOfMonth = d;
  }
  if (dow !== '?' && dow !== '*') {
    const d = parseDayOfWeek(dow);
    if (!d) return undefined;
    expr.dayOfWeek = d;
  }
  if (expr.dayOfMonth && expr.dayOfWeek) return undefined;
  return expr;
}

/** Does the UTC day starting at `dayStart` (midnight, epoch ms) match the date fields? */
export function cronMatchesDay(expr: CronExpression, dayStart: number): boolean {
  const d = new Date(dayStart);
  const month = d.getUTCMonth() + 1;
  if (!expr.months.has(month)) return false;
  const dom = d.getUTCDate();
  const dow = d.getUTCDay() + 1; // 1 = Sunday
  const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), month, 0)).getUTCDate();
  if (expr.dayOfMonth) {
    const m = expr.dayOfMonth;
    if (!(m.last ? dom === daysInMonth : m.days.has(dom))) return false;
  }
  if (expr.dayOfWeek) {
    const w = expr.dayOfWeek;
    if (w.nth) return dow === w.nth.day && Math.ceil(dom / 7) === w.nth.n;
    if (w.lastOf !== undefined) return dow === w.lastOf && dom + 7 > daysInMonth;
    return w.days.has(dow);
  }
  return true;
}
