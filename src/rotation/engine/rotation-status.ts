import type { RotationRecord, SecretRecord } from '../../store/index.js';

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

/** What `coffer rotation status SECRET` prints: the secret's rotation configuration and state machine. */
export function rotationStatus(secret: SecretRecord, rotation: RotationRecord | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    secret: secret.arn,
    rotationEnabled: secret.rotationEnabled ?? false,
    rotationFunction: secret.rotationLambdaArn,
    rotationRules: secret.rotationRules,
    lastRotatedDate: iso(secret.lastRotatedAt),
    nextRotationDate: iso(secret.nextRotationAt),
    nextScheduledStart: iso(secret.rotationDueAt),
  };
  if (rotation) {
    out.rotation = {
      versionId: rotation.token,
      function: rotation.functionArn,
      trigger: rotation.trigger,
      mode: rotation.mode,
      status: rotation.status,
      step: rotation.step,
      attempts: rotation.attempts,
      nextAttempt: rotation.status === 'InProgress' ? iso(rotation.nextAttemptAt) : undefined,
      leaseOwner: rotation.leaseOwner,
      leaseUntil: iso(rotation.leaseUntil),
      lastError: rotation.lastError,
      startedAt: iso(rotation.startedAt),
      updatedAt: iso(rotation.updatedAt),
      finishedAt: iso(rotation.finishedAt),
    };
  }
  return JSON.parse(JSON.stringify(out));
}
