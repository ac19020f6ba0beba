import type { RotationStep } from '../../store/index.js';
import type { FunctionCredentials } from '../functions/function-credentials.js';

/** The Lambda event of one rotation step, as Secrets Manager sends it (api-notes §9). */
export interface RotationEvent {
  Step: RotationStep;
  /** The secret's ARN. */
  SecretId: string;
  /** The version id of the new version. */
  ClientRequestToken: string;
  RotationToken: string;
}

/** What a rotator gets besides the event. */
export interface InvocationContext {
  /** Coffer's endpoint the function calls back (SECRETS_MANAGER_ENDPOINT). */
  endpoint: string;
  region: string;
  /** The credentials the function calls Coffer with: a session of its role (or the built-ins' key). */
  credentials: FunctionCredentials;
  /** The function's name (AWS_LAMBDA_FUNCTION_NAME). */
  functionName: string;
  timeoutMs: number;
  /** Aborted when the step times out. */
  signal: AbortSignal;
}

/**
 * One way of running a rotation function: a built-in database rotator, a local command in the
 * Lambda handler contract, or an HTTP endpoint. Resolves when the step succeeded; rejects with an
 * Error whose message says why it did not (never containing a secret value).
 */
export interface Rotator {
  invoke(event: RotationEvent, ctx: InvocationContext): Promise<void>;
}

/**
 * A function's diagnostic output without the credentials it was given (a function may print its
 * environment, or an endpoint echo its request), so that they never reach a rotation's last error,
 * the log or `coffer rotation status`.
 */
export function withoutCredentials(text: string, c: FunctionCredentials): string {
  let out = text;
  for (const v of [c.secretAccessKey, c.sessionToken]) if (v) out = out.split(v).join('[credential]');
  return out;
}

/** The last `max` characters of a function's diagnostic output, on one line. */
export function tail(text: string, max = 500): string {
  const one = text.trim().replace(/\s+/g, ' ');
  return one.length <= max ? one : '…' + one.slice(one.length - max);
}
