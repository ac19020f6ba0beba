import type { Operation } from '../../operation/index.js';
import type { KmsDeps } from '../deps.js';
import { findKey } from '../key-lookup.js';
import { keyMetadata } from '../key-metadata.js';
import { kmsOperation, lookupFor } from './kms-operation.js';

interface Input {
  KeyId: string;
}

/** DescribeKey: any key state; a key of another account by key or alias ARN. */
export function describeKey(deps: KmsDeps): Operation<Input> {
  return kmsOperation('DescribeKey', true, (i) => i.KeyId, async (ctx, input) =>
    deps.store.read(async (tx) => ({ KeyMetadata: keyMetadata(await findKey(tx, lookupFor(ctx, true), input.KeyId)) })),
  );
}
