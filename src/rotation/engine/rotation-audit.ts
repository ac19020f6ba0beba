import type { StoreTx } from '../../store/index.js';

/**
 * The service events AWS records for rotation (CloudTrail `AwsServiceEvent`, event source
 * secretsmanager.amazonaws.com, additionalEventData `{ SecretId: <secret ARN> }`): the `Test...`
 * names for a RotateImmediately=false run, which only invokes testSecret.
 */
export type RotationEventName =
  | 'RotationStarted'
  | 'RotationSucceeded'
  | 'RotationFailed'
  | 'TestRotationStarted'
  | 'TestRotationSucceeded'
  | 'TestRotationFailed';

/** One rotation service event. It names the secret; it never carries a value or an error text. */
export interface RotationServiceEvent {
  eventName: RotationEventName;
  secretArn: string;
  region: string;
  /** Epoch milliseconds. */
  time: number;
}

/**
 * The rotation engine's port to the audit trail (The audit guarantee): a store write whose
 * service events commit with it. Implemented by `audit/AuditTrail` and injected by
 * `app/coffer-app.ts`; `rotation/` never imports `audit/`. Without it (COFFER_AUDIT_SINKS=none)
 * the engine writes to the store directly and records nothing.
 */
export interface RotationAudit {
  transaction<T>(fn: (tx: StoreTx, emit: (e: RotationServiceEvent) => void) => Promise<T>): Promise<T>;
}

export const ROTATION_EVENTS: Record<'rotate' | 'test', Record<'started' | 'succeeded' | 'failed', RotationEventName>> = {
  rotate: { started: 'RotationStarted', succeeded: 'RotationSucceeded', failed: 'RotationFailed' },
  test: { started: 'TestRotationStarted', succeeded: 'TestRotationSucceeded', failed: 'TestRotationFailed' },
};
