import crypto from 'node:crypto';
import { errors } from '../errors/index.js';
import type { RotationRecord, SecretRecord, StoreTx, VersionRecord } from '../store/index.js';
import type { VersionSealer } from './secret-value.js';
import { AWSCURRENT, AWSPENDING, LabelSet } from './staging-labels.js';

export const ROTATION_IN_PROGRESS = "A previous rotation isn't complete. That rotation will be reattempted.";

export interface RotationStart {
  token: string;
  functionArn: string;
  /** 'rotate': all four steps; 'test': testSecret only, against a temporary copy (RotateImmediately=false). */
  mode: 'rotate' | 'test';
  trigger: 'api' | 'schedule';
  now: number;
}

/**
 * Starts a rotation inside the caller's write: records the value-less AWSPENDING version whose id
 * is the token (as AWS does before invoking createSecret) or, in test mode, a temporary AWSPENDING
 * copy of the current value; then the state machine, at its first step. A scheduled start
 * (`replaceStalePending`) first takes AWSPENDING off a version a failed rotation left behind.
 */
export async function beginRotation(
  tx: StoreTx,
  sealer: VersionSealer,
  secret: SecretRecord,
  start: RotationStart,
  replaceStalePending = false,
): Promise<RotationRecord> {
  const versions = await tx.listVersions(secret.arn);
  const previous = await tx.getRotation(secret.arn);
  if (previous?.status === 'InProgress') throw errors.invalidRequest(ROTATION_IN_PROGRESS);
  const labels = new LabelSet(versions);
  const stale = labels.holder(AWSPENDING);
  if (stale && stale !== labels.holder(AWSCURRENT) && !replaceStalePending) {
    throw errors.invalidRequest(ROTATION_IN_PROGRESS);
  }
  if (versions.some((v) => v.versionId === start.token)) {
    throw errors.invalidRequest(
      `You can't use ClientRequestToken ${start.token} because that value is already in use for a version of secret ${secret.arn}.`,
    );
  }
  const key = await sealer.keyFor(tx, secret);
  const version: VersionRecord = {
    secretArn: secret.arn,
    versionId: start.token,
    stages: [],
    createdAt: start.now,
    kmsKeyArn: key.arn,
  };
  if (start.mode === 'test') {
    const current = labels.holder(AWSCURRENT);
    const value = current && (await sealer.open(tx, secret.arn, current, start.now));
    if (value) {
      sealer.seal(key, secret.arn, version, value, start.now);
      value.bytes.fill(0);
    }
  }
  versions.push(version);
  labels.attach(AWSPENDING, version);
  labels.checkLimits();
  await tx.insertVersion(version);
  for (const v of labels.changed) if (v !== version) await tx.updateVersion(v);
  const rotation: RotationRecord = {
    secretArn: secret.arn,
    token: start.token,
    rotationToken: crypto.randomUUID(),
    functionArn: start.functionArn,
    mode: start.mode,
    trigger: start.trigger,
    status: 'InProgress',
    step: start.mode === 'test' ? 'testSecret' : 'createSecret',
    attempts: 0,
    nextAttemptAt: start.now,
    startedAt: start.now,
    updatedAt: start.now,
  };
  await tx.putRotation(rotation);
  return rotation;
}
