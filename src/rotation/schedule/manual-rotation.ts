/**
 * "Secrets Manager calculates the next rotation date based on the previous rotation. Manually
 * updating the secret value by calling PutSecretValue or UpdateSecret is considered a valid
 * rotation." (API reference, RotationRulesType.AutomaticallyAfterDays; api-notes §9.)
 *
 * So when a new value becomes AWSCURRENT through one of those calls, a secret rotated with
 * AutomaticallyAfterDays gets its next rotation planned from the time of that write, exactly as
 * after a rotation. A ScheduleExpression (rate() or cron()) names its windows itself and keeps
 * them. Rotation disabled (CancelRotateSecret): nothing is planned. LastRotatedDate is not
 * changed by a manual write (unverified: AWS documents only the effect on the next date).
 */
import type { RotationRules } from '../../store/index.js';
import { planNextRotation, type NextRotation } from './rotation-window.js';

export function planAfterManualWrite(
  rotationEnabled: boolean | undefined,
  rules: RotationRules | undefined,
  writtenAt: number,
  random: () => number,
): NextRotation | undefined {
  if (!rotationEnabled || !rules || rules.ScheduleExpression !== undefined || rules.AutomaticallyAfterDays === undefined) return undefined;
  return planNextRotation(rules, writtenAt, random);
}
