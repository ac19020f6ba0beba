import type { PlannedRotation, RotationControl } from '../../secrets/index.js';
import type { RotationRules, SecretRecord, StoreTx } from '../../store/index.js';
import { resolveFunction } from '../functions/function-registry.js';
import { planAfterManualWrite } from '../schedule/manual-rotation.js';
import { checkRequestRules, parseSchedule } from '../schedule/rotation-schedule.js';
import { planNextRotation } from '../schedule/rotation-window.js';
import type { EngineDeps } from './engine-settings.js';
import { RotationScheduler } from './rotation-scheduler.js';

/**
 * The rotation engine: implements the domain's RotationControl port (schedules, function lookup,
 * waking the scheduler) and owns the scheduler. Built by the composition root.
 */
export class RotationEngine implements RotationControl {
  private readonly scheduler: RotationScheduler;
  private serverUrl = '';

  constructor(private readonly deps: EngineDeps) {
    this.scheduler = new RotationScheduler(deps, () => deps.settings.endpoint ?? this.serverUrl);
  }

  planRequest(rules: RotationRules, base: number): PlannedRotation {
    checkRequestRules(rules);
    return planNextRotation(rules, base, this.deps.random ?? Math.random);
  }

  plan(rules: RotationRules, base: number): PlannedRotation {
    parseSchedule(rules);
    return planNextRotation(rules, base, this.deps.random ?? Math.random);
  }

  async canInvoke(tx: StoreTx, accountId: string, region: string, functionArn: string): Promise<boolean> {
    return (await resolveFunction(tx, accountId, region, functionArn)) !== undefined;
  }

  wake(): void {
    this.scheduler.wake();
  }

  manualWrite(secret: SecretRecord, writtenAt: number): boolean {
    const plan = planAfterManualWrite(secret.rotationEnabled, secret.rotationRules, writtenAt, this.deps.random ?? Math.random);
    if (!plan) return false;
    secret.nextRotationAt = plan.nextRotationAt;
    secret.rotationDueAt = plan.dueAt;
    return true;
  }

  /** Starts the scheduler; `serverUrl` is the endpoint functions call back unless configured. */
  start(serverUrl: string): void {
    this.serverUrl = serverUrl;
    this.scheduler.start();
  }

  stop(): Promise<void> {
    return this.scheduler.stop();
  }
}
