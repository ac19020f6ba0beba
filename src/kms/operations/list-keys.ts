import type { Operation } from '../../operation/index.js';
import type { KmsDeps } from '../deps.js';
import { page } from '../kms-paging.js';
import { kmsOperation } from './kms-operation.js';

interface Input {
  Limit?: number;
  Marker?: string;
}

/** ListKeys: every key of the account and region (AWS-managed ones too), oldest first; 100 a page by default. */
export function listKeys(deps: KmsDeps): Operation<Input> {
  return kmsOperation('ListKeys', true, () => undefined, async (ctx, input) => {
    const keys = await deps.store.read((tx) => tx.kms.listKeys(ctx.caller.accountId, ctx.region));
    const { items, ...rest } = page(keys, input.Limit, input.Marker, 100);
    return { Keys: items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...rest };
  });
}
