import { errors } from '../errors/index.js';
import type { VersionRecord } from '../store/index.js';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';

/** Labels on one version and across all versions of a secret (api-notes §6, §11). */
export const MAX_LABELS = 20;

/**
 * Staging-label rules over a secret's versions, applied in memory; `changed` collects the
 * versions to write back. A label sits on at most one version.
 */
export class LabelSet {
  readonly changed = new Set<VersionRecord>();

  constructor(private readonly versions: VersionRecord[]) {}

  holder(label: string): VersionRecord | undefined {
    return this.versions.find((v) => v.stages.includes(label));
  }

  /**
   * Puts `label` on `target`, taking it from its holder. When AWSCURRENT moves, its old holder
   * receives AWSPREVIOUS (taken from wherever it was); with `dropPending` the old holder also loses
   * AWSPENDING, as PutSecretValue and UpdateSecret do (api-notes §6).
   */
  attach(label: string, target: VersionRecord, dropPending = false): void {
    const from = this.holder(label);
    if (from === target) return;
    if (from) this.remove(from, label);
    this.add(target, label);
    if (label === AWSCURRENT && from) {
      if (dropPending) this.remove(from, AWSPENDING);
      const prev = this.holder(AWSPREVIOUS);
      if (prev && prev !== from) this.remove(prev, AWSPREVIOUS);
      this.add(from, AWSPREVIOUS);
    }
  }

  detach(label: string, from: VersionRecord): void {
    this.remove(from, label);
  }

  /** LimitExceededException when a version or the secret carries more than 20 labels. */
  checkLimits(): void {
    const all = new Set<string>();
    for (const v of this.versions) {
      if (v.stages.length > MAX_LABELS) {
        throw errors.limitExceeded(`A secret version can have at most ${MAX_LABELS} staging labels.`);
      }
      for (const s of v.stages) all.add(s);
    }
    if (all.size > MAX_LABELS) {
      throw errors.limitExceeded(`A secret can have at most ${MAX_LABELS} staging labels across all of its versions.`);
    }
  }

  private add(v: VersionRecord, label: string): void {
    if (v.stages.includes(label)) return;
    v.stages = [...v.stages, label];
    this.changed.add(v);
  }

  private remove(v: VersionRecord, label: string): void {
    if (!v.stages.includes(label)) return;
    v.stages = v.stages.filter((s) => s !== label);
    this.changed.add(v);
  }
}

/** Labels as AWS returns them: sorted lexicographically (observed, api-notes §6). */
export function sortedStages(v: VersionRecord): string[] {
  return [...v.stages].sort();
}
