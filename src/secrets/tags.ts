import { errors } from '../errors/index.js';
import type { Tag } from '../store/index.js';

/** AWS's tagging quota: 50 tags per resource; keys beginning with 'aws:' are reserved. */
export const MAX_TAGS = 50;

export function checkTagKeys(keys: string[]): void {
  for (const k of keys) {
    // The model does not mark Tag.Key required, so a raw request can leave it out; refuse that as
    // a bad parameter rather than failing (AWS's text for it is not recorded anywhere we know of).
    if (typeof k !== 'string') throw errors.invalidParameter('Each tag must have a Key.');
    if (k.toLowerCase().startsWith('aws:')) {
      throw errors.invalidParameter(`Invalid tag key: ${k}. Tag keys that start with 'aws:' are reserved for AWS use.`);
    }
  }
}

/** Merges `add` into `current` (same key: value replaced), keeping order of first appearance. */
export function mergeTags(current: Tag[] | undefined, add: Tag[]): Tag[] {
  checkTagKeys(add.map((t) => t.Key));
  const out = current ? current.map((t) => ({ ...t })) : [];
  for (const t of add) {
    const found = out.find((o) => o.Key === t.Key);
    if (found) found.Value = t.Value;
    else out.push({ Key: t.Key, Value: t.Value });
  }
  if (out.length > MAX_TAGS) {
    throw errors.limitExceeded(`A secret can have at most ${MAX_TAGS} tags.`);
  }
  return out;
}

export function removeTags(current: Tag[] | undefined, keys: string[]): Tag[] {
  return (current ?? []).filter((t) => !keys.includes(t.Key));
}
