import type { Operation } from '../../operation/index.js';
import type { KmsKeyRecord } from '../../store/index.js';
import type { KmsDeps } from '../deps.js';
import { kmsErrors } from '../kms-errors.js';
import { findKey, refuseAwsManaged, requireNotPendingDeletion } from '../key-lookup.js';
import { daysToMs, seconds } from '../key-metadata.js';
import { kmsOperation, lookupFor } from './kms-operation.js';

interface KeyInput {
  KeyId: string;
}

/** A write to one key of the caller's account, refused for AWS-managed keys. */
function keyWrite<I extends KeyInput>(
  deps: KmsDeps,
  name: string,
  check: (k: KmsKeyRecord) => void,
  change: (k: KmsKeyRecord, input: I) => void,
  answer?: (k: KmsKeyRecord) => unknown,
): Operation<I> {
  return kmsOperation(name, false, (i) => i.KeyId, async (ctx, input) =>
    deps.store.write(async (tx) => {
      const key = await findKey(tx, lookupFor(ctx), input.KeyId);
      refuseAwsManaged(ctx, key, name);
      check(key);
      change(key, input);
      await tx.kms.updateKey(key);
      return answer ? answer(key) : {};
    }),
  );
}

/** EnableKey: a disabled (or enabled) key becomes enabled; not a key pending deletion. */
export function enableKey(deps: KmsDeps): Operation<KeyInput> {
  return keyWrite(deps, 'EnableKey', requireNotPendingDeletion, (k) => (k.state = 'Enabled'));
}

/** DisableKey: the key stops working for every cryptographic operation at once. */
export function disableKey(deps: KmsDeps): Operation<KeyInput> {
  return keyWrite(deps, 'DisableKey', requireNotPendingDeletion, (k) => (k.state = 'Disabled'));
}

interface DescriptionInput extends KeyInput {
  Description: string;
}

export function updateKeyDescription(deps: KmsDeps): Operation<DescriptionInput> {
  return keyWrite<DescriptionInput>(deps, 'UpdateKeyDescription', requireNotPendingDeletion, (k, i) => (k.description = i.Description));
}

interface ScheduleInput extends KeyInput {
  PendingWindowInDays?: number;
}

/**
 * ScheduleKeyDeletion: 7 to 30 days (30 by default); the key is PendingDeletion (unusable) until
 * then and deleted for good by the KMS maintenance task at DeletionDate.
 */
export function scheduleKeyDeletion(deps: KmsDeps): Operation<ScheduleInput> {
  return kmsOperation('ScheduleKeyDeletion', false, (i) => i.KeyId, async (ctx, input) => {
    const days = input.PendingWindowInDays ?? 30;
    if (days < 7 || days > 30) throw kmsErrors.validation('PendingWindowInDays must be between 7 and 30');
    return deps.store.write(async (tx) => {
      const key = await findKey(tx, lookupFor(ctx), input.KeyId);
      refuseAwsManaged(ctx, key, 'ScheduleKeyDeletion');
      requireNotPendingDeletion(key);
      key.state = 'PendingDeletion';
      key.deletionDate = ctx.now + daysToMs(days);
      key.pendingWindowDays = days;
      await tx.kms.updateKey(key);
      return { KeyId: key.arn, DeletionDate: seconds(key.deletionDate), KeyState: key.state, PendingWindowInDays: days };
    });
  });
}

/** CancelKeyDeletion: a key pending deletion comes back disabled, as in AWS. */
export function cancelKeyDeletion(deps: KmsDeps): Operation<KeyInput> {
  return keyWrite(
    deps,
    'CancelKeyDeletion',
    (k) => {
      if (k.state !== 'PendingDeletion') throw kmsErrors.notPendingDeletion(k.arn);
    },
    (k) => {
      k.state = 'Disabled';
      delete k.deletionDate;
      delete k.pendingWindowDays;
    },
    (k) => ({ KeyId: k.arn }),
  );
}
