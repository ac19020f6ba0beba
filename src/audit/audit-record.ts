import crypto from 'node:crypto';
import type { AuditRecordKind } from '../store/index.js';
import { canonicalJson } from './canonical-json.js';

export const RECORD_VERSION = 1;
/** The `prev` of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One link of a writer's hash chain. `prev` is the hash of the writer's previous record; the
 * record's own hash is SHA-256 over its canonical JSON (see canonical-json.ts).
 */
export interface AuditRecord {
  v: number;
  writer: string;
  seq: number;
  prev: string;
  kind: AuditRecordKind;
  /** Epoch milliseconds. */
  time: number;
  body: Record<string, unknown>;
}

/** A record with its canonical text (what is hashed and stored) and hash. */
export interface SealedRecord {
  record: AuditRecord;
  text: string;
  hash: string;
}

export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sealRecord(record: AuditRecord): SealedRecord {
  const text = canonicalJson(record);
  return { record, text, hash: sha256Hex(text) };
}

/** The JSON line files carry (sinks, exports): the record's members plus `hash`. */
export function recordLine(s: SealedRecord): string {
  return canonicalJson({ ...s.record, hash: s.hash });
}

const KINDS = new Set(['start', 'event', 'digest']);

/** Checks that a parsed value has a record's shape; returns why not, or undefined. */
export function recordShapeError(r: Record<string, unknown>): string | undefined {
  if (r.v !== RECORD_VERSION) return `unknown record version ${JSON.stringify(r.v)}`;
  if (typeof r.writer !== 'string' || !/^[0-9a-f]{16,64}$/.test(r.writer)) return 'writer is not a writer id';
  if (!Number.isSafeInteger(r.seq) || (r.seq as number) < 1) return 'seq is not a positive integer';
  if (typeof r.prev !== 'string' || !/^[0-9a-f]{64}$/.test(r.prev)) return 'prev is not a SHA-256 hash';
  if (typeof r.kind !== 'string' || !KINDS.has(r.kind)) return 'kind is not start, event or digest';
  if (!Number.isSafeInteger(r.time)) return 'time is not a whole number of milliseconds';
  if (typeof r.body !== 'object' || r.body === null || Array.isArray(r.body)) return 'body is not an object';
  return undefined;
}

/** Parses a record's stored canonical text; throws with a reason when it is not one. */
export function parseRecordText(text: string): AuditRecord {
  const r = JSON.parse(text) as Record<string, unknown>;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new Error('not a JSON object');
  const problem = recordShapeError(r);
  if (problem) throw new Error(problem);
  return r as unknown as AuditRecord;
}
