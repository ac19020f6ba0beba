import type { Operation } from '../operation/index.js';
import type { KmsDeps } from './deps.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './operations/aliases.js';
import { createKey } from './operations/create-key.js';
import { generateDataKey, generateDataKeyWithoutPlaintext, generateRandom } from './operations/data-keys.js';
import { decrypt } from './operations/decrypt.js';
import { describeKey } from './operations/describe-key.js';
import { encrypt } from './operations/encrypt.js';
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './operations/key-policies.js';
import { cancelKeyDeletion, disableKey, enableKey, scheduleKeyDeletion, updateKeyDescription } from './operations/key-lifecycle.js';
import { disableKeyRotation, enableKeyRotation, getKeyRotationStatus } from './operations/key-rotation.js';
import { listResourceTags, tagResource, untagResource } from './operations/key-tags.js';
import { listKeys } from './operations/list-keys.js';
import { reEncrypt } from './operations/re-encrypt.js';

/**
 * The KMS subset Coffer serves (target prefix TrentService; model/kms-service-2.json, botocore
 * 1.29.27): symmetric keys, aliases, key policies, tags, automatic rotation, deletion and the
 * cryptographic operations. The model's other operations (asymmetric and HMAC keys, grants,
 * custom key stores, imported material, multi-Region keys) answer UnknownOperationException.
 */
export function kmsOperations(deps: KmsDeps): Operation[] {
  return [
    cancelKeyDeletion(deps),
    createAlias(deps),
    createKey(deps),
    decrypt(deps),
    deleteAlias(deps),
    describeKey(deps),
    disableKey(deps),
    disableKeyRotation(deps),
    enableKey(deps),
    enableKeyRotation(deps),
    encrypt(deps),
    generateDataKey(deps),
    generateDataKeyWithoutPlaintext(deps),
    generateRandom(),
    getKeyPolicy(deps),
    getKeyRotationStatus(deps),
    listAliases(deps),
    listKeyPolicies(deps),
    listKeys(deps),
    listResourceTags(deps),
    putKeyPolicy(deps),
    reEncrypt(deps),
    scheduleKeyDeletion(deps),
    tagResource(deps),
    untagResource(deps),
    updateAlias(deps),
    updateKeyDescription(deps),
  ];
}
