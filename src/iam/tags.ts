import type { Tag } from '../store/index.js';
import { iamErrors } from './iam-errors.js';

/** IAM's quota of tags per user, role or policy. */
export const MAX_TAGS = 50;

/**
 * Adds or replaces tags (IAM tag keys are not case sensitive for users and roles: a key that
 * differs only in case replaces the old one). Duplicate keys in one request are InvalidInput.
 */
export function mergeTags(existing: Tag[], added: Tag[], entity: 'User' | 'Role' | 'Policy'): Tag[] {
  const seen = new Set<string>();
  for (const t of added) {
    const k = t.Key.toLowerCase();
    // (unverified) IAM's text for duplicate keys in one request
    if (seen.has(k)) throw iamErrors.invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  const out = existing.filter((t) => !seen.has(t.Key.toLowerCase()));
  out.push(...added.map((t) => ({ Key: t.Key, Value: t.Value })));
  // (unverified) quota text
  if (out.length > MAX_TAGS) throw iamErrors.limitExceeded(`Cannot exceed quota for TagsPer${entity}: ${MAX_TAGS}`);
  return out;
}

export function removeTags(existing: Tag[], keys: string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}
