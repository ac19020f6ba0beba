import crypto from 'node:crypto';
import { beginRotation } from '../../secrets/index.js';
import type { StoreTx } from '../../store/index.js';
import { parseSchedule } from '../schedule/rotation-schedule.js';
import { catchUpWindow, dueTime } from '../schedule/rotation-window.js';
import { type EngineDeps, leaseLength } from './engine-settings.js';
import { RotationRunner } from './rotation-runner.js';

/**
 * The rotation scheduler. Its queue is the store: secrets whose next scheduled rotation is due
 * (secrets.rotation_due_at) and in-progress rotations whose next attempt is due
 * (rotations.next_attempt_at). Work is taken in write transactions (BEGIN IMMEDIATE on SQLite):
 * a scheduled rotation starts only if the secret is still due and no rotation is in progress, and
 * an in-progress one is claimed with a lease, so two Coffer processes on one store never run the
 * same rotation. At most `concurrency` rotations run at once in the whole deployment: a claim
 * counts, in the same write transaction, the rotations any process holds a live lease on (every
 * running rotation renews its lease at each step), so the bound holds across cluster workers and
 * across processes sharing one store; a crashed process's leases count until they run out.
 */
export class RotationScheduler {
  readonly owner = `${process.pid}-${crypto.randomUUID()}`;
  private readonly running = new Map<string, Promise<void>>();
  private readonly runner: RotationRunner;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly deps: EngineDeps,
    endpoint: () => string,
  ) {
    this.runner = new RotationRunner(deps, this.owner, endpoint);
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.deps.settings.pollMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * Stops taking work and gives the rotations running here a moment to record their step; one
   * that does not is resumed (by any process) when its lease runs out.
   */
  async stop(graceMs = 2_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((r) => (timer = setTimeout(r, graceMs)));
    await Promise.race([Promise.allSettled([this.ticking, ...this.running.values()]), grace]);
    clearTimeout(timer);
  }

  /** Look for work now (after RotateSecret, or when a rotation here ends). */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((err) => this.deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'rotation scheduler failed'))
      .finally(() => {
        this.ticking = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async tick(): Promise<void> {
    const { store, settings } = this.deps;
    const free = () => settings.concurrency - this.running.size;
    if (free() <= 0) return;
    const now = this.now();
    const due = await store.read((tx) => tx.secretsDueForRotation(now, 50));
    for (const arn of due) await store.write((tx) => this.startScheduled(tx, arn));
    if (free() <= 0) return;
    const claimNow = this.now();
    const claimed = await store.write(async (tx) => {
      const limit = Math.min(free(), settings.concurrency - (await tx.countLeasedRotations(claimNow)));
      return limit > 0 ? tx.claimRotations(this.owner, claimNow, claimNow + leaseLength(settings), limit) : [];
    });
    for (const r of claimed) {
      const run = this.runner
        .run(r)
        .catch((err) =>
          this.deps.logger.error({ secretArn: r.secretArn, err: err instanceof Error ? err.message : String(err) }, 'rotation run failed'),
        )
        .finally(() => {
          this.running.delete(r.secretArn);
          this.wake();
        });
      this.running.set(r.secretArn, run);
    }
  }

  /**
   * Starts the scheduled rotation of one secret, re-checking inside the write that it is still
   * due. A rotation missed while Coffer was down starts now if a window of its daily pattern is
   * open, otherwise it is moved to the next such window. (With AutomaticallyAfterDays, a value
   * written by PutSecretValue or UpdateSecret already re-planned the due time when it was written:
   * schedule/manual-rotation.ts.)
   */
  private async startScheduled(tx: StoreTx, arn: string): Promise<void> {
    const secret = await tx.getSecretByArn(arn);
    const now = this.now();
    const random = this.deps.random ?? Math.random;
    if (!secret || !secret.rotationEnabled || secret.rotationDueAt === undefined || secret.rotationDueAt > now) return;
    if (secret.deletionDate !== undefined || !secret.rotationRules || !secret.rotationLambdaArn) return;
    if ((await tx.getRotation(arn))?.status === 'InProgress') {
      delete secret.rotationDueAt; // the running rotation plans the next one when it ends
      await tx.updateSecret(secret);
      return;
    }
    const schedule = parseSchedule(secret.rotationRules);
    const window = catchUpWindow(schedule, now);
    if (window.start > now) {
      secret.rotationDueAt = dueTime(window, random);
      await tx.updateSecret(secret);
      this.deps.logger.info({ secretArn: arn, dueAt: new Date(secret.rotationDueAt).toISOString() }, 'missed rotation moved to the next window');
      return;
    }
    await beginRotation(
      tx,
      this.deps.sealer,
      secret,
      { token: crypto.randomUUID(), functionArn: secret.rotationLambdaArn, mode: 'rotate', trigger: 'schedule', now },
      true,
    );
    delete secret.rotationDueAt;
    secret.lastChangedAt = now;
    await tx.updateSecret(secret);
    this.deps.logger.info({ secretArn: arn }, 'scheduled rotation started');
  }
}
