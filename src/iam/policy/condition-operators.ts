/**
 * The condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators").
 * Each operator compiles its policy values once into a test of one request value that answers
 * "does it match any of the values" (values of one key are ORed). Negated operators
 * (StringNotEquals, NumericNotEquals, DateNotEquals, NotIpAddress, ArnNotEquals, ArnNotLike,
 * StringNotLike, StringNotEqualsIgnoreCase) share the test of their positive twin and are
 * negated by the caller (so their values combine as NOR, as the page says).
 * Policy variables work only with the String and Arn operators ("Variables and tags":
 * "You can't use a policy variable with other operators").
 */
import { cidrContains, parseCidr } from './ip-cidr.js';
import { parseTemplate, resolveString, type VariableLookup } from './policy-variables.js';
import { compileTemplates } from './wildcard.js';

/** true/false: matches any policy value or not; undefined: a policy variable was unresolvable. */
export type ValueTest = (requestValue: string, lookup: VariableLookup) => boolean | undefined;

export interface OperatorSpec {
  negated: boolean;
  compile(values: readonly string[], variablesEnabled: boolean): ValueTest;
}

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const parseNumber = (s: string): number | undefined => (NUMBER.test(s) ? Number(s) : undefined);

const ISO =
  /^(-?\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:t(\d{1,2})?(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?(z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const MAX_EPOCH = 9223372036854775807n;

/**
 * A Date operator value: ISO 8601 (`2019-07-01T13:20:15Z`, `2016-12-13T21:20:37.593194+00:00`,
 * `2019-07-01`) or epoch seconds (`1561987215`). Returns epoch milliseconds, NaN for a value that
 * is well-formed but beyond the calendar, or undefined for one IAM refuses ("The policy failed
 * legacy parsing"; accepted and refused forms recorded in moto's test_iam_policies.py).
 */
export function parseDate(s: string): number | undefined {
  if (/^\d+$/.test(s)) return BigInt(s) <= MAX_EPOCH ? Number(s) * 1000 : undefined;
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const n = (x: string): number => Number(x);
  const year = n(y as string);
  if (year < -292275054 || year > 292278993) return undefined;
  if (n(mo) < 1 || n(mo) > 12 || n(d) < 1 || n(d) > 31 || n(h) > 23 || n(mi) > 59 || n(sec) > 59) return undefined;
  let offset = 0;
  if (zone && zone.toLowerCase() !== 'z') {
    const zh = n(zone.slice(1, 3));
    const zm = zone.length > 3 ? n(zone.slice(-2)) : 0;
    if (zh > 23 || zm > 59) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm) * 60_000;
  }
  const ms = Number(`0.${frac || '0'}`) * 1000;
  const date = new Date(0);
  date.setUTCFullYear(year, n(mo) - 1, n(d));
  date.setUTCHours(n(h), n(mi), n(sec), ms);
  return date.getTime() - offset;
}

const stringOp = (negated: boolean, eq: (policy: string, request: string) => boolean): OperatorSpec => ({
  negated,
  compile(values, variablesEnabled) {
    const templates = values.map((v) => parseTemplate(v, variablesEnabled));
    return (request, lookup) => {
      let unresolved = false;
      for (const t of templates) {
        const v = resolveString(t, lookup);
        if (v === undefined) unresolved = true;
        else if (eq(v, request)) return true;
      }
      return unresolved ? undefined : false;
    };
  },
});

const likeOp = (negated: boolean): OperatorSpec => ({
  negated,
  compile: (values, variablesEnabled) => compileTemplates(values, 'plain', variablesEnabled),
});

const arnOp = (negated: boolean): OperatorSpec => ({
  negated,
  compile: (values, variablesEnabled) => compileTemplates(values, 'arn', variablesEnabled),
});

const ordered = (negated: boolean, parse: (s: string) => number | undefined, cmp: (request: number, policy: number) => boolean): OperatorSpec => ({
  negated,
  compile(values) {
    const policy = values.map(parse).filter((x): x is number => x !== undefined && !Number.isNaN(x));
    return (request) => {
      const r = parse(request);
      return r !== undefined && !Number.isNaN(r) && policy.some((p) => cmp(r, p));
    };
  },
});

const fixed = (negated: boolean, build: (values: readonly string[]) => (request: string) => boolean): OperatorSpec => ({
  negated,
  compile: (values) => {
    const test = build(values);
    return (request) => test(request);
  },
});

const base64 = (s: string): Buffer => Buffer.from(s, 'base64');
const ipTest = (values: readonly string[]) => {
  const cidrs = values.map(parseCidr).filter((c) => c !== undefined);
  return (request: string) => cidrs.some((c) => cidrContains(c, request));
};

const eq = (a: number, b: number) => a === b;
const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;

const OPERATORS: Record<string, OperatorSpec> = {
  StringEquals: stringOp(false, (p, r) => p === r),
  StringNotEquals: stringOp(true, (p, r) => p === r),
  StringEqualsIgnoreCase: stringOp(false, (p, r) => p.toLowerCase() === r.toLowerCase()),
  StringNotEqualsIgnoreCase: stringOp(true, (p, r) => p.toLowerCase() === r.toLowerCase()),
  StringLike: likeOp(false),
  StringNotLike: likeOp(true),
  NumericEquals: ordered(false, parseNumber, eq),
  NumericNotEquals: ordered(true, parseNumber, eq),
  NumericLessThan: ordered(false, parseNumber, lt),
  NumericLessThanEquals: ordered(false, parseNumber, le),
  NumericGreaterThan: ordered(false, parseNumber, gt),
  NumericGreaterThanEquals: ordered(false, parseNumber, ge),
  DateEquals: ordered(false, parseDate, eq),
  DateNotEquals: ordered(true, parseDate, eq),
  DateLessThan: ordered(false, parseDate, lt),
  DateLessThanEquals: ordered(false, parseDate, le),
  DateGreaterThan: ordered(false, parseDate, gt),
  DateGreaterThanEquals: ordered(false, parseDate, ge),
  Bool: fixed(false, (values) => {
    const want = new Set(values.map((v) => v.toLowerCase()));
    return (r) => want.has(r.toLowerCase());
  }),
  BinaryEquals: fixed(false, (values) => {
    const want = values.map(base64);
    return (r) => want.some((w) => w.equals(base64(r)));
  }),
  IpAddress: fixed(false, ipTest),
  NotIpAddress: fixed(true, ipTest),
  ArnEquals: arnOp(false),
  ArnLike: arnOp(false),
  ArnNotEquals: arnOp(true),
  ArnNotLike: arnOp(true),
};

/** The operator named (without `ForAnyValue:`/`ForAllValues:` and `IfExists`), if it exists. */
export function operatorSpec(name: string): OperatorSpec | undefined {
  return Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
}

/** Every operator name the grammar accepts besides `Null`. */
export const OPERATOR_NAMES: readonly string[] = Object.keys(OPERATORS);
