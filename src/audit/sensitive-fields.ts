import { javaDateText } from './cloudtrail-event.js';
import { TIMESTAMP_MEMBERS } from './secretsmanager-fields.js';

/**
 * Members that never enter an event under any name or nesting: secret values, generated
 * passwords, rotation tokens, key material, credentials. The per-operation tables never list
 * them; this is the second line of defence for tables that forget and for generic operations.
 */
const NEVER = new Set(
  [
    'SecretString',
    'SecretBinary',
    'RandomPassword',
    'RotationToken',
    'Plaintext',
    'CiphertextBlob',
    'SecretAccessKey',
    'SessionToken',
    'Password',
    'Signature',
    'Authorization',
  ].map((k) => k.toLowerCase()),
);

export function isNeverLogged(member: string): boolean {
  const m = member.toLowerCase();
  return NEVER.has(m) || m.endsWith('password') || m.endsWith('secretaccesskey') || m.endsWith('sessiontoken') || m.endsWith('privatekey');
}

/** CloudTrail's member naming: first letter lower-cased; an all-capitals name entirely (`ARN` -> `arn`). */
export function camel(name: string): string {
  if (/^[A-Z0-9]+$/.test(name)) return name.toLowerCase();
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * A value as it goes into requestParameters/responseElements: keys camelCased, never-logged
 * members and binary data dropped, dates rendered as CloudTrail renders them.
 */
export function eventValue(value: unknown, member?: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return javaDateText(value.getTime());
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (typeof value === 'number' && member !== undefined && TIMESTAMP_MEMBERS.has(member)) return javaDateText(value * 1000);
  if (Array.isArray(value)) return value.map((v) => eventValue(v)).filter((v) => v !== undefined);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (isNeverLogged(k)) continue;
      const ev = eventValue(v, k);
      if (ev !== undefined) out[camel(k)] = ev;
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return value;
}

/** Picks `members` of `source` into an event object; null when none is present. */
export function pickMembers(source: unknown, members: string[] | 'all'): Record<string, unknown> | null {
  if (typeof source !== 'object' || source === null) return null;
  const obj = source as Record<string, unknown>;
  const names = members === 'all' ? Object.keys(obj) : members;
  const out: Record<string, unknown> = {};
  for (const m of names) {
    if (isNeverLogged(m) || !Object.hasOwn(obj, m)) continue;
    const v = eventValue(obj[m], m);
    if (v !== undefined) out[camel(m)] = v;
  }
  return Object.keys(out).length ? out : null;
}
