import type { KmsTag } from '../store/index.js';
import { kmsErrors } from './kms-errors.js';

/** A KMS key has at most 50 tags (AWS KMS quotas). */
export const MAX_KEY_TAGS = 50;

/**
 * Tags given to CreateKey or TagResource, with KMS's TagException texts (recorded against AWS
 * in localstack's KMS snapshot): duplicates in one request, the reserved `aws:` prefix.
 */
export function checkNewTags(tags: KmsTag[]): void {
  if (new Set(tags.map((t) => t.TagKey)).size < tags.length) throw kmsErrors.tag('Duplicate tag keys');
  if (tags.length > MAX_KEY_TAGS) throw kmsErrors.tag('Too many tags');
  if (tags.some((t) => t.TagKey.toLowerCase().startsWith('aws:'))) throw kmsErrors.tag('Tags beginning with aws: are reserved');
}

/** TagResource: the same key overwrites its value; new keys are added; at most 50 in all. */
export function mergeKeyTags(current: KmsTag[] | undefined, added: KmsTag[]): KmsTag[] {
  const out = (current ?? []).map((t) => ({ ...t }));
  for (const t of added) {
    const found = out.find((o) => o.TagKey === t.TagKey);
    if (found) found.TagValue = t.TagValue;
    else out.push({ TagKey: t.TagKey, TagValue: t.TagValue });
  }
  if (out.length > MAX_KEY_TAGS) throw kmsErrors.tag('Too many tags');
  return out;
}
