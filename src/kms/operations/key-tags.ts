import type { Operation } from '../../operation/index.js';
import type { KmsTag } from '../../store/index.js';
import type { KmsDeps } from '../deps.js';
import { checkNewTags, mergeKeyTags } from '../kms-tags.js';
import { page } from '../kms-paging.js';
import { findKey, refuseAwsManaged, requireNotPendingDeletion } from '../key-lookup.js';
import { kmsOperation, lookupFor } from './kms-operation.js';

/** TagResource: adds tags or overwrites their values; not on a key pending deletion. */
export function tagResource(deps: KmsDeps): Operation<{ KeyId: string; Tags: KmsTag[] }> {
  return kmsOperation('TagResource', false, (i) => i.KeyId, async (ctx, input) => {
    checkNewTags(input.Tags);
    return deps.store.write(async (tx) => {
      const key = await findKey(tx, lookupFor(ctx), input.KeyId);
      refuseAwsManaged(ctx, key, 'TagResource');
      requireNotPendingDeletion(key);
      key.tags = mergeKeyTags(key.tags, input.Tags);
      await tx.kms.updateKey(key);
      return {};
    });
  });
}

/** UntagResource: removing a tag the key does not have is not an error. */
export function untagResource(deps: KmsDeps): Operation<{ KeyId: string; TagKeys: string[] }> {
  return kmsOperation('UntagResource', false, (i) => i.KeyId, async (ctx, input) =>
    deps.store.write(async (tx) => {
      const key = await findKey(tx, lookupFor(ctx), input.KeyId);
      refuseAwsManaged(ctx, key, 'UntagResource');
      requireNotPendingDeletion(key);
      const drop = new Set(input.TagKeys);
      key.tags = (key.tags ?? []).filter((t) => !drop.has(t.TagKey));
      await tx.kms.updateKey(key);
      return {};
    }),
  );
}

interface ListInput {
  KeyId: string;
  Limit?: number;
  Marker?: string;
}

/** ListResourceTags: any key state; 50 a page (the most a key can have). */
export function listResourceTags(deps: KmsDeps): Operation<ListInput> {
  return kmsOperation('ListResourceTags', true, (i) => i.KeyId, async (ctx, input) => {
    const key = await deps.store.read((tx) => findKey(tx, lookupFor(ctx), input.KeyId));
    const { items, ...rest } = page(key.tags ?? [], input.Limit, input.Marker, 50);
    return { Tags: items, ...rest };
  });
}
