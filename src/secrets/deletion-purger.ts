import type { Store } from '../store/index.js';

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
          await this.store.write(async (tx) => {
            const s = await tx.getSecretByArn(arn);
            // Re-checked inside the write: a RestoreSecret may have come in between.
            if (s?.deletionDate !== undefined && s.deletionDate <= now) {
              await tx.purgeSecret(arn);
              purged.push(arn);
              this.onPurged(arn);
            }
          });
        }
      }
    } catch (err) {
      this.onError(err);
      return purged;
    }
  }
}
