import type { AuditTrail, ServiceEventInput } from '../audit/index.js';
import type { Store, StoreTx } from '../store/index.js';

/**
 * Deletes for good the secrets whose recovery window has passed. Runs at start and then on an
 * interval; safe with several processes on one store (each purge is an idempotent delete).
 */
export class DeletionPurger {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly intervalMs: number,
    private readonly onPurged: (arn: string) => void,
    private readonly onError: (err: unknown) => void,
    private readonly clock: () => number = Date.now,
    /** When set, each purge commits together with its EndSecretVersionDelete service event. */
    private readonly audit?: Pick<AuditTrail, 'transaction'>,
  ) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass; returns the ARNs purged. */
  async runOnce(): Promise<string[]> {
    const purged: string[] = [];
    try {
      for (;;) {
        const now = this.clock();
        const due = await this.store.read((tx) => tx.secretsDueForPurge(now, 100));
        if (due.length === 0) return purged;
        for (const arn of due) {
          const purgeOne = async (tx: StoreTx, emit?: (e: ServiceEventInput) => void) => {
            const s = await tx.getSecretByArn(arn);
            // Re-checked inside the write: a RestoreSecret may have come in between.
            if (s?.deletionDate !== undefined && s.deletionDate <= now) {
              await tx.purgeSecret(arn);
              emit?.({ eventName: 'EndSecretVersionDelete', secretArn: arn, region: s.region, time: now });
              purged.push(arn);
              this.onPurged(arn);
            }
          };
          if (this.audit) await this.audit.transaction((tx, emit) => purgeOne(tx, emit));
          else await this.store.write((tx) => purgeOne(tx));
        }
      }
    } catch (err) {
      this.onError(err);
      return purged;
    }
  }
}
