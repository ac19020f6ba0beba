import crypto from 'node:crypto';
import { tail, withoutCredentials, type InvocationContext, type RotationEvent, type Rotator } from './rotator.js';

/** Headers of a signed event. The signature is HMAC-SHA256(key, `${timestamp}.${body}`), hex. */
export const SIGNATURE_HEADER = 'x-coffer-signature';
export const TIMESTAMP_HEADER = 'x-coffer-timestamp';

export function signEvent(key: Buffer, timestamp: string, body: string): string {
  return 'v1=' + crypto.createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * What a URL function receives: the Lambda event, and the temporary credentials of a session of
 * the function's role, which Lambda would have put in the function's environment. They travel in
 * the body, so the one HMAC over `${timestamp}.${body}` covers them with the event: a receiver
 * that checked the signature knows both came from Coffer together and unaltered. `Expiration`
 * is ISO 8601, as in STS's Credentials.
 *
 *   {"event": {"Step", "SecretId", "ClientRequestToken", "RotationToken"},
 *    "credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}}
 *
 * The body holds a secret (the session's); the endpoint should be HTTPS unless it is local.
 */
export interface SignedInvocation {
  event: RotationEvent;
  credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string; Expiration?: string };
}

/**
 * Sends the event to an operator's HTTP(S) endpoint (`coffer function create --url`) as a JSON
 * POST signed with the function's HMAC key (see SignedInvocation). A 2xx answer is success. The
 * receiver checks the signature and the timestamp, then calls Coffer with the credentials given.
 */
export class HttpRotator implements Rotator {
  constructor(
    private readonly url: string,
    private readonly hmacKey: Buffer,
    private readonly arn: string,
  ) {}

  async invoke(event: RotationEvent, ctx: InvocationContext): Promise<void> {
    const c = ctx.credentials;
    const invocation: SignedInvocation = {
      event,
      credentials: {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        ...(c.sessionToken !== undefined ? { SessionToken: c.sessionToken } : {}),
        ...(c.expiresAt !== undefined ? { Expiration: new Date(c.expiresAt).toISOString() } : {}),
      },
    };
    const body = JSON.stringify(invocation);
    const timestamp = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signEvent(this.hmacKey, timestamp, body),
          'x-coffer-function-arn': this.arn,
        },
        body,
        signal: ctx.signal,
        redirect: 'error',
      });
    } catch (err) {
      if (ctx.signal.aborted) throw new Error(`the function did not answer within ${ctx.timeoutMs} ms`);
      throw new Error(`could not reach the function: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text().catch(() => '');
    if (res.status < 200 || res.status > 299) {
      throw new Error(`the function answered HTTP ${res.status}${text.trim() ? `: ${tail(withoutCredentials(text, ctx.credentials), 300)}` : ''}`);
    }
  }
}
