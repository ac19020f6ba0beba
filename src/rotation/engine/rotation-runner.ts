import { AWSCURRENT, AWSPENDING, LabelSet } from '../../secrets/index.js';
import type { RotationRecord, RotationStep, SecretRecord, StoreTx } from '../../store/index.js';
import { builtInKey, type FunctionCredentials } from '../functions/function-credentials.js';
import { resolveFunction, type ResolvedFunction } from '../functions/function-registry.js';
import { functionSession } from '../functions/function-role.js';
import { secretTexts, withoutTexts } from './failure-text.js';
import { rotatorFor } from '../rotators/rotator-factory.js';
import type { RotationEvent } from '../rotators/rotator.js';
import { nextWindow, dueTime, planNextRotation } from '../schedule/rotation-window.js';
import { parseSchedule } from '../schedule/rotation-schedule.js';
import { type EngineDeps, leaseLength, retryDelay } from './engine-settings.js';
import { ROTATION_EVENTS, type RotationServiceEvent } from './rotation-audit.js';

/** The step a rotation starts with (beginRotation): testSecret alone in test mode. */
const FIRST: Record<RotationRecord['mode'], RotationStep> = { rotate: 'createSecret', test: 'testSecret' };

type Emit = (e: RotationServiceEvent) => void;

const NEXT: Record<RotationStep, RotationStep | undefined> = {
  createSecret: 'setSecret',
  setSecret: 'testSecret',
  testSecret: 'finishSecret',
  finishSecret: undefined,
};

type Outcome = { ok: true } | { ok: false; error: string };

/**
 * Drives one claimed rotation through its steps: the state is written before each invocation
 * (step, attempt, lease), the function runs under the step timeout, and the outcome is written
 * after it. A step that fails is retried later with backoff (the lease is released, so any
 * process may pick it up); after `maxAttempts` the rotation is marked Failed, AWSPENDING stays on
 * the new version for diagnosis, and RotationFailed is logged. After finishSecret the runner checks
 * that AWSCURRENT moved to the new version. With the audit port, the service events RotationStarted
 * (first invocation of the first step), RotationSucceeded and RotationFailed (TestRotation... in
 * test mode) commit together with the write that records them. Every write re-checks that this process still holds
 * the lease and the rotation is still the same one, so a cancelled or taken-over rotation stops.
 */
export class RotationRunner {
  constructor(
    private readonly deps: EngineDeps,
    private readonly owner: string,
    private readonly endpoint: () => string,
  ) {}

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  /** A store write; its service events commit with it when the audit trail is on. */
  private write<T>(fn: (tx: StoreTx, emit: Emit) => Promise<T>): Promise<T> {
    const audit = this.deps.audit;
    if (audit) return audit.transaction(fn);
    return this.deps.store.write((tx) => fn(tx, () => undefined));
  }

  async run(claimed: RotationRecord): Promise<void> {
    let current: RotationRecord | undefined = claimed;
    while (current) current = await this.runStep(current);
  }

  private async runStep(r: RotationRecord): Promise<RotationRecord | undefined> {
    const { settings, logger } = this.deps;
    const prepared = await this.write(async (tx, emit) => {
      const cur = await this.stillOurs(tx, r);
      if (!cur) return undefined;
      const secret = await tx.getSecretByArn(cur.secretArn);
      const now = this.now();
      if (!secret || secret.deletionDate !== undefined) {
        const error = 'the secret was deleted';
        await this.finish(tx, cur, 'Failed', error, now);
        const eventName = ROTATION_EVENTS[cur.mode].failed;
        emit({ eventName, secretArn: cur.secretArn, region: secret?.region ?? regionOf(cur.secretArn), time: now });
        return { failed: { secretArn: cur.secretArn, step: cur.step, versionId: cur.token, eventName, error } };
      }
      cur.attempts += 1;
      cur.updatedAt = now;
      cur.leaseUntil = now + leaseLength(settings);
      await tx.putRotation(cur);
      // The first invocation of the first step: a crash or a retry re-invokes it as attempt 2+.
      const starting = cur.step === FIRST[cur.mode] && cur.attempts === 1;
      if (starting) emit({ eventName: ROTATION_EVENTS[cur.mode].started, secretArn: cur.secretArn, region: secret.region, time: now });
      const fn = await resolveFunction(tx, secret.accountId, secret.region, cur.functionArn);
      return { rotation: cur, secret, fn, starting };
    });
    if (!prepared) return undefined;
    if ('failed' in prepared) {
      logger.error(prepared.failed, 'rotation failed');
      return undefined;
    }
    const { rotation, secret, fn, starting } = prepared;
    const log = { secretArn: rotation.secretArn, step: rotation.step, attempt: rotation.attempts, versionId: rotation.token };
    if (starting) logger.info({ secretArn: rotation.secretArn, versionId: rotation.token, eventName: ROTATION_EVENTS[rotation.mode].started }, 'rotation started');
    logger.info(log, 'rotation step started');
    const outcome = await this.invoke(rotation, secret, fn);
    if (!outcome.ok) {
      const texts = await this.deps.store.read((tx) => secretTexts(tx, this.deps.sealer, rotation.secretArn, this.now()));
      outcome.error = withoutTexts(outcome.error, texts);
    }
    return this.write(async (tx, emit) => {
      const cur = await this.stillOurs(tx, rotation);
      if (!cur) {
        logger.warn(log, 'rotation step finished after the rotation was cancelled or taken over');
        return undefined;
      }
      const now = this.now();
      if (!outcome.ok) {
        cur.lastError = outcome.error;
        if (cur.attempts >= settings.maxAttempts) {
          await this.finish(tx, cur, 'Failed', outcome.error, now);
          emit({ eventName: ROTATION_EVENTS[cur.mode].failed, secretArn: cur.secretArn, region: secret.region, time: now });
          logger.error({ ...log, eventName: 'RotationFailed', error: outcome.error }, 'rotation failed');
          return undefined;
        }
        cur.nextAttemptAt = now + retryDelay(settings, cur.attempts);
        delete cur.leaseOwner;
        delete cur.leaseUntil;
        cur.updatedAt = now;
        await tx.putRotation(cur);
        logger.warn({ ...log, error: outcome.error, retryAt: new Date(cur.nextAttemptAt).toISOString() }, 'rotation step failed');
        return undefined;
      }
      logger.info(log, 'rotation step succeeded');
      const next = cur.mode === 'test' ? undefined : NEXT[cur.step];
      if (!next) {
        await this.finish(tx, cur, 'Succeeded', undefined, now);
        emit({ eventName: ROTATION_EVENTS[cur.mode].succeeded, secretArn: cur.secretArn, region: secret.region, time: now });
        logger.info({ secretArn: cur.secretArn, versionId: cur.token, eventName: 'RotationSucceeded' }, 'rotation succeeded');
        return undefined;
      }
      cur.step = next;
      cur.attempts = 0;
      delete cur.lastError;
      cur.nextAttemptAt = now;
      cur.updatedAt = now;
      await tx.putRotation(cur);
      return cur;
    });
  }

  /** The rotation as stored, if it is still this one, in progress, and leased by this process. */
  private async stillOurs(tx: StoreTx, r: RotationRecord): Promise<RotationRecord | undefined> {
    const cur = await tx.getRotation(r.secretArn);
    if (!cur || cur.status !== 'InProgress' || cur.token !== r.token || cur.leaseOwner !== this.owner) return undefined;
    return cur;
  }

  private async invoke(r: RotationRecord, secret: SecretRecord, fn: ResolvedFunction | undefined): Promise<Outcome> {
    const { settings, root, store } = this.deps;
    if (!fn) return { ok: false, error: `the rotation function ${r.functionArn} does not exist` };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), settings.stepTimeoutMs);
    try {
      // A registered function runs as a fresh session of its role for every invocation, as Lambda
      // assumes a function's execution role; the built-ins use their key (function-credentials.ts).
      let credentials: FunctionCredentials;
      if (fn.kind === 'builtin') credentials = await builtInKey(store, root, secret.accountId, this.now());
      else {
        const session = await store.read((tx) => functionSession(tx, this.deps.sessions, fn.record, settings.stepTimeoutMs, this.now()));
        if ('problem' in session) return { ok: false, error: session.problem };
        credentials = session.credentials;
      }
      const event: RotationEvent = {
        Step: r.step,
        SecretId: r.secretArn,
        ClientRequestToken: r.token,
        RotationToken: r.rotationToken,
      };
      const run = rotatorFor(fn, root).invoke(event, {
        endpoint: this.endpoint(),
        region: secret.region,
        credentials,
        functionName: fn.kind === 'builtin' ? fn.name : fn.record.name,
        timeoutMs: settings.stepTimeoutMs,
        signal: abort.signal,
      });
      const timedOut = new Promise<never>((_, reject) =>
        abort.signal.addEventListener('abort', () =>
          reject(new Error(`the step did not finish within ${settings.stepTimeoutMs} ms`)),
        ),
      );
      run.catch(() => undefined);
      await Promise.race([run, timedOut]);
      if (r.step === 'finishSecret' && r.mode === 'rotate') {
        const moved = await store.read(async (tx) => (await tx.getVersionByStage(r.secretArn, AWSCURRENT))?.versionId === r.token);
        if (!moved) return { ok: false, error: `finishSecret returned but AWSCURRENT is not on version ${r.token}` };
      }
      return { ok: true };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Ends a rotation. Success records LastRotatedDate and plans the next scheduled rotation from
   * it; failure plans the next window from now, leaving NextRotationDate (which may now be in the
   * past, as on AWS). A test-mode rotation removes its temporary AWSPENDING version either way.
   */
  private async finish(tx: StoreTx, r: RotationRecord, status: 'Succeeded' | 'Failed', error: string | undefined, now: number) {
    r.status = status;
    r.finishedAt = now;
    r.updatedAt = now;
    delete r.leaseOwner;
    delete r.leaseUntil;
    if (error !== undefined) r.lastError = error;
    else delete r.lastError;
    await tx.putRotation(r);
    const secret = await tx.getSecretByArn(r.secretArn);
    if (!secret) return;
    // After a test run the temporary version goes; after a successful rotation AWSPENDING leaves
    // the new (now AWSCURRENT) version, as AWS's recorded rotations end.
    if (r.mode === 'test' || status === 'Succeeded') {
      const versions = await tx.listVersions(secret.arn);
      const temp = versions.find((v) => v.versionId === r.token);
      if (temp?.stages.includes(AWSPENDING)) {
        const labels = new LabelSet(versions);
        labels.detach(AWSPENDING, temp);
        for (const v of labels.changed) await tx.updateVersion(v);
      }
    }
    if (status === 'Succeeded' && r.mode === 'rotate') secret.lastRotatedAt = now;
    if (secret.rotationEnabled && secret.rotationRules) {
      const random = this.deps.random ?? Math.random;
      if (status === 'Succeeded' && r.mode === 'rotate') {
        const plan = planNextRotation(secret.rotationRules, now, random);
        secret.rotationRules = plan.rules;
        secret.nextRotationAt = plan.nextRotationAt;
        secret.rotationDueAt = plan.dueAt;
      } else if (secret.rotationDueAt === undefined) {
        secret.rotationDueAt = dueTime(nextWindow(parseSchedule(secret.rotationRules), now), random);
      }
    }
    await tx.updateSecret(secret);
  }
}

/** The region named in a secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME). */
function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}
