import assert from 'node:assert/strict';
import crypto from 'node:crypto';

/** What the SDK v3 throws for a modelled (or unmodelled) service error. */
interface SdkServiceError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Awaits `p` and asserts it fails with the AWS error `name`, HTTP 400 (unless `status` says
 * otherwise) and, when given, the exact `message` (a RegExp matches instead).
 */
export async function expectAwsError(
  p: Promise<unknown>,
  name: string,
  message?: string | RegExp,
  status = 400,
): Promise<SdkServiceError> {
  let err: SdkServiceError | undefined;
  try {
    await p;
  } catch (e) {
    err = e as SdkServiceError;
  }
  assert.ok(err, `expected ${name}, but the call succeeded`);
  assert.equal(err.name, name, `error name (message: ${err.message})`);
  assert.equal(err.$metadata?.httpStatusCode, status, 'HTTP status');
  if (typeof message === 'string') assert.equal(err.message, message);
  else if (message) assert.match(err.message, message);
  return err;
}

/**
 * A name no other test of the run uses: `<prefix>-<10 random digits>`. Digits only, so the random
 * part is one search word that no letter query of the `all` filter can match by accident.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${String(crypto.randomInt(1e9, 1e10))}`;
}

/** Waits until the wall clock has moved on by at least `ms`, so two writes get different timestamps. */
export async function clockTick(ms = 5): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < ms) await new Promise((r) => setTimeout(r, ms));
}

/**
 * Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`
 * (generous: the machines are shared). The last error thrown by `probe`, if any, is reported.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const DAY_MS = 86_400_000;
