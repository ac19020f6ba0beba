import type { KmsKeyRecord, StoreTx } from '../store/index.js';
import { keyPolicyOf } from './key-policy.js';
import type { KeyService } from './key-service.js';

/**
 * What the authoriser needs to evaluate a KMS key policy (AWS KMS Developer Guide, "Key
 * policies"): the key named by a request (key id, key ARN, alias name or alias ARN, in the
 * caller's account unless an ARN names another), its account (cross-account evaluation), its
 * state and the policy document (parse it with the policy evaluator, kind 'key').
 */
export interface KeyAuthorizationFacts {
  keyArn: string;
  keyId: string;
  accountId: string;
  region: string;
  state: KmsKeyRecord['state'];
  keyManager: KmsKeyRecord['keyManager'];
  /** The key policy (JSON text): the stored one, or the default of its kind of key. */
  policy: string;
  /** The key's tags as aws:ResourceTag/<key> values. */
  resourceTags: Record<string, string>;
}

export function keyAuthorizationFactsOf(key: KmsKeyRecord): KeyAuthorizationFacts {
  return {
    keyArn: key.arn,
    keyId: key.keyId,
    accountId: key.accountId,
    region: key.region,
    state: key.state,
    keyManager: key.keyManager,
    policy: keyPolicyOf(key),
    resourceTags: Object.fromEntries((key.tags ?? []).map((t) => [t.TagKey, t.TagValue])),
  };
}

/**
 * Loads the facts for `identifier` as the caller named it; undefined when no such key exists
 * (then the operation itself answers KMS's NotFoundException).
 */
export async function loadKeyAuthorizationFacts(
  tx: StoreTx,
  keys: KeyService,
  callerAccountId: string,
  region: string,
  identifier: string,
): Promise<KeyAuthorizationFacts | undefined> {
  const key = await keys.resolve(tx, callerAccountId, region, identifier);
  return key && keyAuthorizationFactsOf(key);
}
