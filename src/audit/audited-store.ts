import type { Store, StoreTx } from '../store/index.js';
import type { AuditTrail } from './audit-trail.js';
import { currentAuditScope } from './call-scope.js';

/**
 * The store the operations see. A mutating call's first write also appends the call's event (its
 * response elements taken from what the write returns) in the same transaction: the change and
 * its record commit together or not at all. Every other write and every read passes through.
 */
export class AuditedStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly trail: AuditTrail,
  ) {}

  async write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const scope = currentAuditScope();
    if (!scope || scope.readOnly || scope.state !== 'none') return this.inner.write(fn);
    scope.state = 'pending';
    try {
      const result = await this.trail.writeWithEvents(fn, (r) => scope.eventsFor(r), scope.time);
      scope.state = 'recorded';
      return result;
    } catch (err) {
      scope.state = 'none';
      throw err;
    }
  }

  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.inner.read(fn);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
