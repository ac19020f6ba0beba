/**
 * Compilers of scalar shapes (string, blob, numbers, boolean, timestamp) into nodes: the
 * conversion of the JSON value and the checks of its own constraints. `show` says whether the
 * value may be echoed in messages.
 */
import type { BlobShape, NumberShape, ShapeRef, StringShape, TimestampShape } from '../model/index.js';
import { decodeBase64 } from './base64-blob.js';
import type { Node, OwnCheck } from './compiled-node.js';
import { compileJavaPattern } from './java-regex.js';
import { TYPE_NAMES, throwType } from './serialization-errors.js';
import { sizeCheck } from './size-check.js';
import { fail, javaDate, javaDouble, join } from './validation-messages.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

export function compileString(shape: StringShape, show: boolean): Partial<Node> {
  const target = TYPE_NAMES.string as string;
  const parse = (v: unknown): unknown => (typeof v === 'string' ? v : throwType(v, target));
  const render = show ? (v: unknown) => v as string : null;
  const re = shape.pattern !== undefined ? compileJavaPattern(shape.pattern) : null;
  const enumSet = shape.enum !== undefined ? new Set(shape.enum) : null;
  const min = shape.min ?? -1;
  const max = shape.max ?? Infinity;
  const descs: string[] = [];
  if (shape.max !== undefined) descs.push(`Member must have length less than or equal to ${shape.max}`);
  if (shape.min !== undefined) descs.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.pattern !== undefined) descs.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enum !== undefined) descs.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  if (descs.length === 0) return { parse, render };
  const patternMsg = `Member must satisfy regular expression pattern: ${shape.pattern}`;
  const minMsg = `Member must have length greater than or equal to ${shape.min}`;
  const maxMsg = `Member must have length less than or equal to ${shape.max}`;
  const enumMsg = `Member must satisfy enum value set: [${(shape.enum ?? []).join(', ')}]`;
  // Order for one member: pattern before length, as DynamoDB reports them (dynalite).
  const own: OwnCheck = (v, prefix, name, errs) => {
    const s = v as string;
    const shown = show ? s : undefined;
    if (re !== null && !re.test(s)) errs.push(fail(shown, join(prefix, name), patternMsg));
    if (s.length < min) errs.push(fail(shown, join(prefix, name), minMsg));
    else if (s.length > max) errs.push(fail(shown, join(prefix, name), maxMsg));
    if (enumSet !== null && !enumSet.has(s)) errs.push(fail(shown, join(prefix, name), enumMsg));
  };
  const ok = (v: unknown): boolean => {
    const s = v as string;
    return s.length >= min && s.length <= max && (re === null || re.test(s)) && (enumSet === null || enumSet.has(s));
  };
  return { parse, render, own, ok, descs: `[${descs.join(', ')}]` };
}

export function compileBlob(shape: BlobShape, hidden: boolean): Partial<Node> {
  const sensitive = hidden || shape.sensitive === true;
  const target = TYPE_NAMES.blob as string;
  const parse = (v: unknown): unknown => (typeof v === 'string' ? decodeBase64(v, sensitive) : throwType(v, target));
  // Blob values are never printed (Coral would print a ByteBuffer); bounds apply to the bytes.
  return { parse, ...sizeCheck(shape, (v) => (v as Buffer).length, null) };
}

export function compileNumber(shape: NumberShape, show: boolean): Partial<Node> {
  const whole = shape.type === 'integer' || shape.type === 'long';
  const target = TYPE_NAMES[shape.type] as string;
  const parse = (v: unknown): unknown => {
    if (typeof v !== 'number') return throwType(v, target);
    // (unverified) Coral appears to truncate decimals for integers; Coffer refuses them
    // ("NUMBER_VALUE can not be converted to an Integer").
    if (whole && !Number.isInteger(v)) return throwType(v, target);
    return v;
  };
  const fmt = whole ? (n: number) => String(n) : javaDouble;
  const render = show ? (v: unknown) => fmt(v as number) : null;
  const descs: string[] = [];
  if (shape.max !== undefined) descs.push(`Member must have value less than or equal to ${fmt(shape.max)}`);
  if (shape.min !== undefined) descs.push(`Member must have value greater than or equal to ${fmt(shape.min)}`);
  if (descs.length === 0) return { parse, render };
  const min = shape.min ?? -Infinity;
  const max = shape.max ?? Infinity;
  const minMsg = `Member must have value greater than or equal to ${fmt(min)}`;
  const maxMsg = `Member must have value less than or equal to ${fmt(max)}`;
  // Athena (measured) prints no value for an integer beyond Java's int range.
  const int32 = shape.type === 'integer';
  const own: OwnCheck = (v, prefix, name, errs) => {
    const n = v as number;
    if (n >= min && n <= max) return;
    const shown = !show || (int32 && (n > INT_MAX || n < INT_MIN)) ? undefined : fmt(n);
    errs.push(fail(shown, join(prefix, name), n < min ? minMsg : maxMsg));
  };
  const ok = (v: unknown): boolean => (v as number) >= min && (v as number) <= max;
  return { parse, render, own, ok, descs: `[${descs.join(', ')}]` };
}

export function compileTimestamp(shape: TimestampShape, ref: ShapeRef, show: boolean): Partial<Node> {
  const format = ref.timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp';
  const target = TYPE_NAMES.timestamp as string;
  const parse = (v: unknown): unknown => {
    if (typeof v === 'number') return new Date(v * 1000);
    if (typeof v === 'string' && format !== 'unixTimestamp') {
      const ms = Date.parse(v);
      if (!Number.isNaN(ms)) return new Date(ms);
    }
    return throwType(v, target); // (unverified) text for a timestamp of the wrong kind
  };
  return { parse, render: show ? (v) => javaDate(v as Date) : null };
}

export function compileBoolean(show: boolean): Partial<Node> {
  return {
    parse: (v) => (typeof v === 'boolean' ? v : throwType(v, TYPE_NAMES.boolean as string)),
    render: show ? (v) => String(v) : null,
  };
}
