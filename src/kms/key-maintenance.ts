import type { Store } from '../store/index.js';
import { DAY_MS, DEFAULT_ROTATION_DAYS, type KeyService } from './key-service.js';

/**
 * KMS's own clock-driven work: automatic key rotation when it is due (enabled keys with rotation
 * on), and the deletion for good of keys whose waiting period is over (with their material and
 * their aliases; whatever they encrypted can no longer be decrypted, as in AWS). Runs at start and
 * then every `intervalMs` (the server passes the deletion purger's interval,
 * COFFER_PURGE_INTERVAL_SECONDS); each key is handled in its own write, re-read inside it, so
 * several processes on one store are safe. A key is due when rotation is enabled, it is Enabled
 * and its `nextRotationAt` has passed (store port `keysDue`); the rotation sets the next one a
 * rotation period (365 days) later.
 */
export class KeyMaintenance {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly store: Store,
    private readonly keys: KeyService,
    private readonly intervalMs: number,
    private readonly onEvent: (event: 'rotated' | 'deleted', keyArn: string) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.runOnce(Date.now()).then(() => undefined, this.onError);
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Handles every key due at `now`; answers how many it changed. */
  async runOnce(now: number): Promise<number> {
    let changed = 0;
    for (;;) {
      const due = await this.store.read((tx) => tx.kms.keysDue(now, 100));
      let progressed = 0;
      for (const candidate of due) {
        const event = await this.store.write(async (tx) => {
          const key = await tx.getKmsKey(candidate.accountId, candidate.region, candidate.keyId);
          if (!key) return undefined;
          if (key.state === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= now) {
            await tx.kms.deleteKey(key.accountId, key.region, key.keyId);
            this.keys.forget(key.arn, key.materialVersion ?? 0);
            return 'deleted' as const;
          }
          if (key.state === 'Enabled' && key.rotationEnabled && key.nextRotationAt !== undefined && key.nextRotationAt <= now) {
            await this.keys.rotateMaterial(tx, key, now);
            key.nextRotationAt = now + (key.rotationPeriodDays ?? DEFAULT_ROTATION_DAYS) * DAY_MS;
            await tx.kms.updateKey(key);
            return 'rotated' as const;
          }
          return undefined;
        });
        if (event) {
          progressed++;
          this.onEvent(event, candidate.arn);
        }
      }
      changed += progressed;
      if (due.length < 100 || progressed === 0) return changed;
    }
  }
}
