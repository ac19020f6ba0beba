import { AsyncLocalStorage } from 'node:async_hooks';
import type { CloudTrailEvent } from './cloudtrail-event.js';

/**
 * The call a handler is running for, as the audited store sees it. The pipeline runs every handler
 * inside a scope; the first store write of a mutating call carries the call's events.
 */
export interface AuditCallScope {
  readonly readOnly: boolean;
  /** Request time (epoch ms), the time of the call's events. */
  readonly time: number;
  /** none: no event written yet; pending: a write carrying it is running; recorded: committed. */
  state: 'none' | 'pending' | 'recorded';
  /** The call's events, had it succeeded with `output`. */
  eventsFor(output: unknown): CloudTrailEvent[];
}

const storage = new AsyncLocalStorage<AuditCallScope>();

export function runInAuditScope<T>(scope: AuditCallScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

export function currentAuditScope(): AuditCallScope | undefined {
  return storage.getStore();
}
