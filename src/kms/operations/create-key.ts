import type { Operation } from '../../operation/index.js';
import type { KmsTag } from '../../store/index.js';
import type { KmsDeps } from '../deps.js';
import { kmsErrors } from '../kms-errors.js';
import { checkNewTags } from '../kms-tags.js';
import { keyArnOf } from '../key-lookup.js';
import { keyMetadata } from '../key-metadata.js';
import { checkKeyPolicy } from '../key-policy.js';
import { kmsOperation } from './kms-operation.js';

interface Input {
  Policy?: string;
  Description?: string;
  KeyUsage?: string;
  CustomerMasterKeySpec?: string;
  KeySpec?: string;
  Origin?: string;
  CustomKeyStoreId?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Tags?: KmsTag[];
  MultiRegion?: boolean;
  XksKeyId?: string;
}

const SYMMETRIC = 'SYMMETRIC_DEFAULT';

/**
 * CreateKey: symmetric encryption keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, origin AWS_KMS,
 * single-region). KeySpec/KeyUsage mismatches answer KMS's ValidationException texts; key specs,
 * origins and key stores Coffer does not offer answer UnsupportedOperationException (Coffer's texts).
 */
export function createKey(deps: KmsDeps): Operation<Input> {
  return kmsOperation('CreateKey', false, () => undefined, async (ctx, input) => {
    const spec = checkSpec(input);
    if (input.Origin !== undefined && input.Origin !== 'AWS_KMS') {
      throw kmsErrors.unsupported(`Origin ${input.Origin} is not supported by this Coffer deployment: keys have origin AWS_KMS.`);
    }
    if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) {
      throw kmsErrors.unsupported('Custom key stores are not supported by this Coffer deployment.');
    }
    if (input.MultiRegion) throw kmsErrors.unsupported('Multi-Region keys are not supported by this Coffer deployment.');
    if (spec !== SYMMETRIC) {
      throw kmsErrors.unsupported(`KeySpec ${spec} is not supported by this Coffer deployment: only symmetric encryption keys (SYMMETRIC_DEFAULT) can be created.`);
    }
    if (input.Tags) checkNewTags(input.Tags);
    const { accountId } = ctx.caller;
    return deps.store.write(async (tx) => {
      const key = await deps.keys.createKey(tx, accountId, ctx.region, 'CUSTOMER', input.Description ?? '', ctx.now, {
        ...(input.Tags?.length ? { tags: input.Tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })) } : {}),
      });
      if (input.Policy !== undefined) {
        // The key ARN is known only now; a refused policy rolls the whole key back.
        checkKeyPolicy(input.Policy, ctx.caller, keyArnOf(accountId, ctx.region, key.keyId), accountId, input.BypassPolicyLockoutSafetyCheck === true);
        key.policy = input.Policy;
        await tx.kms.updateKey(key);
      }
      return { KeyMetadata: keyMetadata(key) };
    });
  });
}

/** The key spec asked for, with KMS's checks of KeySpec against KeyUsage. */
function checkSpec(input: Input): string {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    // Coffer's text: CustomerMasterKeySpec is the deprecated name of KeySpec.
    throw kmsErrors.validation('You cannot specify both KeySpec and CustomerMasterKeySpec; use KeySpec.');
  }
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? SYMMETRIC;
  if (spec !== SYMMETRIC && input.KeyUsage === undefined) {
    throw kmsErrors.validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  if (spec === SYMMETRIC && input.KeyUsage !== undefined && input.KeyUsage !== 'ENCRYPT_DECRYPT') {
    throw kmsErrors.validation(`KeyUsage ${input.KeyUsage} is not compatible with KeySpec ${spec}`);
  }
  return spec;
}
