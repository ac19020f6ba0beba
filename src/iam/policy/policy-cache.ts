/**
 * Parse once, evaluate many: a bounded least-recently-used cache of compiled policies keyed by
 * (kind, options, document text). Compiled policies are immutable, so sharing them is safe.
 * A malformed document is not cached (its error is raised every time).
 */
import { parsePolicy, type ParseOptions } from './policy-parser.js';
import type { Policy, PolicyKind } from './policy-types.js';

export class PolicyCache {
  private readonly entries = new Map<string, Policy>();

  constructor(private readonly capacity = 1000) {}

  get(text: string, kind: PolicyKind, options: ParseOptions = {}): Policy {
    const key = `${kind}${options.managed ? '+m' : ''}\u0000${text}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const policy = parsePolicy(text, kind, options);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, policy);
    return policy;
  }

  get size(): number {
    return this.entries.size;
  }
}
