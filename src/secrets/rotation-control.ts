import type { RotationRules, SecretRecord, StoreTx } from '../store/index.js';

/** The next scheduled rotation of a secret, as the secret's record keeps it. */
export interface PlannedRotation {
  /** The rules as DescribeSecret shows them (AutomaticallyAfterDays computed from the schedule). */
  rules: RotationRules;
  /** NextRotationDate. */
  nextRotationAt: number;
  /** When the scheduler starts it. */
  dueAt: number;
}

/**
 * The port through which RotateSecret and CancelRotateSecret reach the rotation engine
 * (rotation/ implements it; the composition root injects it). The domain decides what is stored;
 * the engine knows schedules, functions, and when to run queued work.
 */
export interface RotationControl {
  /**
   * Checks the RotationRules of a request as AWS does (InvalidParameterException with AWS's
   * texts) and plans the first scheduled rotation after `base`.
   */
  planRequest(rules: RotationRules, base: number): PlannedRotation;
  /** Plans the next scheduled rotation of already accepted (stored) rules after `base`. */
  plan(rules: RotationRules, base: number): PlannedRotation;
  /** Can Coffer invoke this function (Lambda ARN) for a secret of this account and region? */
  canInvoke(tx: StoreTx, accountId: string, region: string, functionArn: string): Promise<boolean>;
  /** A rotation was queued in the store: start working on it soon. */
  wake(): void;
  /**
   * A new value became AWSCURRENT through PutSecretValue or UpdateSecret at `writtenAt`. With
   * AutomaticallyAfterDays that counts as a rotation: the next one is planned from `writtenAt`
   * (NextRotationDate and the scheduled start are set on `secret`, which the caller then saves).
   * Returns whether anything changed. LastRotatedDate stays.
   */
  manualWrite(secret: SecretRecord, writtenAt: number): boolean;
}
