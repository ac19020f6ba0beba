/**
 * Session tags of AssumeRole: the new tags, the transitive ones, and the transitive tags a chained
 * session inherits from the calling session (AWS "Passing session tags in AWS STS"; error texts
 * recorded against STS in localstack's snapshots, InvalidParameterValue 400).
 */
import { AwsError } from '../../errors/index.js';
import type { Caller } from '../../operation/index.js';

const invalid = (m: string) => new AwsError('InvalidParameterValue', m, 400);

export interface SessionTags {
  tags: Record<string, string>;
  /** Lower-cased. */
  transitiveTagKeys: string[];
}

export function sessionTags(caller: Caller, tags: { Key: string; Value: string }[], transitive: string[]): SessionTags {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw invalid('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  for (const k of transitive) {
    if (!seen.has(k.toLowerCase())) throw invalid('The specified transitive tag key must be included in the requested tags.');
  }
  const out: Record<string, string> = {};
  const keys = new Set<string>();
  const parent = caller.session;
  if (parent) {
    for (const [k, v] of Object.entries(parent.tags)) {
      if (!parent.transitiveTagKeys.includes(k.toLowerCase())) continue;
      if (seen.has(k.toLowerCase())) {
        throw invalid("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
      }
      out[k] = v;
      keys.add(k.toLowerCase());
    }
  }
  for (const t of tags) out[t.Key] = t.Value;
  for (const k of transitive) keys.add(k.toLowerCase());
  return { tags: out, transitiveTagKeys: [...keys] };
}
