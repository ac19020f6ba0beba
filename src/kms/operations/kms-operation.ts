import type { CallContext, Operation } from '../../operation/index.js';
import type { KeyLookup } from '../key-lookup.js';

/** Declares a KMS operation (IAM action `kms:<name>`). */
export function kmsOperation<I>(
  name: string,
  readOnly: boolean,
  resource: (input: I) => string | undefined,
  handler: (ctx: CallContext, input: I) => Promise<unknown>,
): Operation<I> {
  return { service: 'kms', name, readOnly, resource, handler };
}

/** Keys in the caller's account and this deployment's region; `crossAccount` lets an ARN name another account. */
export function lookupFor(ctx: CallContext, crossAccount = false): KeyLookup {
  return { accountId: ctx.caller.accountId, region: ctx.region, crossAccount };
}

export const b64 = (b: Buffer): string => b.toString('base64');
