import type { Operation } from '../../operation/index.js';
import type { KmsDeps } from '../deps.js';
import { kmsErrors } from '../kms-errors.js';
import { findKey, refuseAwsManaged } from '../key-lookup.js';
import { checkKeyPolicy, DEFAULT_POLICY_NAME, keyPolicyOf } from '../key-policy.js';
import { kmsOperation, lookupFor } from './kms-operation.js';

/**
 * A key has one policy, named "default" (KMS API reference, GetKeyPolicy). The model Coffer serves
 * requires PolicyName in GetKeyPolicy and PutKeyPolicy (later KMS versions made it optional).
 */
function checkPolicyName(name: string): void {
  if (name !== DEFAULT_POLICY_NAME) throw kmsErrors.notFound('No such policy exists');
}

interface GetInput {
  KeyId: string;
  PolicyName: string;
}

export function getKeyPolicy(deps: KmsDeps): Operation<GetInput> {
  return kmsOperation('GetKeyPolicy', true, (i) => i.KeyId, async (ctx, input) => {
    checkPolicyName(input.PolicyName);
    const key = await deps.store.read((tx) => findKey(tx, lookupFor(ctx), input.KeyId));
    return { Policy: keyPolicyOf(key) };
  });
}

interface PutInput {
  KeyId: string;
  PolicyName: string;
  Policy: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
}

/**
 * PutKeyPolicy: the document is checked by the policy evaluator's grammar
 * (MalformedPolicyDocumentException) and AWS's lockout safety check before anything changes.
 */
export function putKeyPolicy(deps: KmsDeps): Operation<PutInput> {
  return kmsOperation('PutKeyPolicy', false, (i) => i.KeyId, async (ctx, input) => {
    checkPolicyName(input.PolicyName);
    return deps.store.write(async (tx) => {
      const key = await findKey(tx, lookupFor(ctx), input.KeyId);
      refuseAwsManaged(ctx, key, 'PutKeyPolicy');
      checkKeyPolicy(input.Policy, ctx.caller, key.arn, key.accountId, input.BypassPolicyLockoutSafetyCheck === true);
      key.policy = input.Policy;
      await tx.kms.updateKey(key);
      return {};
    });
  });
}

export function listKeyPolicies(deps: KmsDeps): Operation<{ KeyId: string }> {
  return kmsOperation('ListKeyPolicies', true, (i) => i.KeyId, async (ctx, input) => {
    await deps.store.read((tx) => findKey(tx, lookupFor(ctx), input.KeyId));
    return { PolicyNames: [DEFAULT_POLICY_NAME], Truncated: false };
  });
}
