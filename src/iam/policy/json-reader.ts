/**
 * A strict JSON reader (RFC 8259, the grammar JSON.parse accepts) that also records where each
 * object starts and ends, so the policy simulator can report a matched statement's position
 * (SimulatePrincipalPolicy's StartPosition/EndPosition are 1-based line and column).
 * Objects are built without a prototype, so keys such as `__proto__` are plain data.
 * Duplicate keys: the last one wins, as with JSON.parse.
 */
import type { Position } from './policy-types.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface JsonDocument {
  value: JsonValue;
  /** Where each object of the document starts (`{`) and ends (`}`). */
  spans: WeakMap<object, { start: Position; end: Position }>;
}

export class JsonSyntaxError extends Error {}

const MAX_DEPTH = 64;

export function readJson(text: string): JsonDocument {
  const spans = new WeakMap<object, { start: Position; end: Position }>();
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const here = (): Position => ({ line, column: i - lineStart + 1 });
  const fail = (): never => {
    throw new JsonSyntaxError(`invalid JSON at line ${line}, column ${i - lineStart + 1}`);
  };
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else if (c === 0x0a) {
        i++;
        line++;
        lineStart = i;
      } else return;
    }
  };
  const expect = (ch: string): void => {
    if (text[i] !== ch) fail();
    i++;
  };

  const readString = (): string => {
    expect('"');
    let out = '';
    let from = i;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(from, i);
        i++;
        return out;
      }
      if (c < 0x20) fail();
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(from, i);
      const e = text[i + 1];
      i += 2;
      if (e === 'u') {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail();
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else {
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === undefined || !(e in simple)) fail();
        out += simple[e as string];
      }
      from = i;
    }
  };

  const readNumber = (): number => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
    return Number((m as RegExpExecArray)[0]);
  };

  const readValue = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail();
    skipSpace();
    const c = text[i];
    if (c === '{') {
      const start = here();
      i++;
      const obj: JsonObject = Object.create(null);
      skipSpace();
      if (text[i] === '}') {
        spans.set(obj, { start, end: here() });
        i++;
        return obj;
      }
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        expect(':');
        obj[key] = readValue(depth + 1);
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] !== '}') fail();
        spans.set(obj, { start, end: here() });
        i++;
        return obj;
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(readValue(depth + 1));
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']');
        return arr;
      }
    }
    if (c === '"') return readString();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    return readNumber();
  };

  // A leading byte-order mark is tolerated, as by most JSON front ends (the AWS CLI strips it).
  if (text.charCodeAt(0) === 0xfeff) i = lineStart = 1;
  const value = readValue(0);
  skipSpace();
  if (i !== text.length) fail();
  return { value, spans };
}

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
