import type { Operation } from '../../operation/index.js';
import type { KmsDeps } from '../deps.js';
import { findKey, refuseAwsManaged, requireEnabled } from '../key-lookup.js';
import { daysToMs } from '../key-metadata.js';
import { DEFAULT_ROTATION_DAYS } from '../key-service.js';
import { kmsOperation, lookupFor } from './kms-operation.js';

/*
 * Automatic rotation as the KMS model Coffer serves has it (model/README.md): a key's material is
 * replaced every 365 days once rotation is enabled; there is no rotation period to choose and no
 * on-demand rotation. The replacement itself is done by the KMS maintenance task
 * (key-maintenance.ts); every earlier material is kept, so older ciphertexts still decrypt.
 */

interface KeyInput {
  KeyId: string;
}

/**
 * EnableKeyRotation: the first rotation is due 365 days from now; enabling it again changes
 * nothing. An enabled customer key only (AWS-managed keys always rotate yearly).
 */
export function enableKeyRotation(deps: KmsDeps): Operation<KeyInput> {
  return kmsOperation('EnableKeyRotation', false, (i) => i.KeyId, async (ctx, input) =>
    deps.store.write(async (tx) => {
      const key = await findKey(tx, lookupFor(ctx), input.KeyId);
      refuseAwsManaged(ctx, key, 'EnableKeyRotation');
      requireEnabled(key);
      if (key.rotationEnabled) return {};
      key.rotationEnabled = true;
      key.rotationPeriodDays = DEFAULT_ROTATION_DAYS;
      key.nextRotationAt = ctx.now + daysToMs(DEFAULT_ROTATION_DAYS);
      await tx.kms.updateKey(key);
      return {};
    }),
  );
}

export function disableKeyRotation(deps: KmsDeps): Operation<KeyInput> {
  return kmsOperation('DisableKeyRotation', false, (i) => i.KeyId, async (ctx, input) =>
    deps.store.write(async (tx) => {
      const key = await findKey(tx, lookupFor(ctx), input.KeyId);
      refuseAwsManaged(ctx, key, 'DisableKeyRotation');
      requireEnabled(key);
      delete key.rotationEnabled;
      delete key.nextRotationAt;
      await tx.kms.updateKey(key);
      return {};
    }),
  );
}

/** GetKeyRotationStatus: any key state, a key of another account by ARN. */
export function getKeyRotationStatus(deps: KmsDeps): Operation<KeyInput> {
  return kmsOperation('GetKeyRotationStatus', true, (i) => i.KeyId, async (ctx, input) => {
    const key = await deps.store.read((tx) => findKey(tx, lookupFor(ctx, true), input.KeyId));
    return { KeyRotationEnabled: key.rotationEnabled === true };
  });
}
