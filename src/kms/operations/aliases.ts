import type { CallContext, Operation } from '../../operation/index.js';
import type { KmsKeyRecord, StoreTx } from '../../store/index.js';
import type { KmsDeps } from '../deps.js';
import { kmsErrors } from '../kms-errors.js';
import { page } from '../kms-paging.js';
import { aliasArnOf, checkAliasName, findAlias, findKey, refuseAwsManaged, requireNotPendingDeletion } from '../key-lookup.js';
import { seconds } from '../key-metadata.js';
import { kmsOperation, lookupFor } from './kms-operation.js';

interface AliasInput {
  AliasName: string;
  TargetKeyId: string;
}

/** The key an alias is to point at: a key (not an alias) of the caller's account, not pending deletion. */
async function targetKey(tx: StoreTx, ctx: CallContext, operation: string, targetKeyId: string): Promise<KmsKeyRecord> {
  if (targetKeyId.startsWith('alias/') || /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(targetKeyId)) {
    throw kmsErrors.validation('Aliases must refer to keys. Not aliases');
  }
  const key = await findKey(tx, lookupFor(ctx), targetKeyId);
  refuseAwsManaged(ctx, key, operation);
  requireNotPendingDeletion(key);
  return key;
}

/**
 * The alias operations are authorised on the alias and on every key they affect (the pipeline asks
 * with the AliasName; key-authorization-facts.ts answers the alias ARN, then the current and new
 * keys): CreateAlias on the alias and the target key, UpdateAlias on the alias, its current key and
 * the new one, DeleteAlias on the alias and its key. Developer Guide, "Controlling access to
 * aliases" (https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html).
 */
/**
 * The pipeline authorised the call on the key the alias pointed at when it looked; another call
 * may have re-pointed the alias since. Inside the write, the key it points at now is authorised
 * again (as a key part of the alias action), so an alias is never moved or deleted away from a key
 * the caller may not manage.
 */
async function reauthorizeCurrentKey(tx: StoreTx, ctx: CallContext, action: string, targetKeyId: string): Promise<void> {
  const current = await tx.getKmsKey(ctx.caller.accountId, ctx.region, targetKeyId);
  if (current) await ctx.authorize(action, current.arn, { tx });
}

export function createAlias(deps: KmsDeps): Operation<AliasInput> {
  return kmsOperation('CreateAlias', false, (i) => i.AliasName, async (ctx, input) => {
    checkAliasName(input.AliasName);
    const { accountId } = ctx.caller;
    return deps.store.write(async (tx) => {
      const key = await targetKey(tx, ctx, 'CreateAlias', input.TargetKeyId);
      if (await tx.getKmsAlias(accountId, ctx.region, input.AliasName)) {
        throw kmsErrors.alreadyExists(`An alias with the name ${aliasArnOf(accountId, ctx.region, input.AliasName)} already exists`);
      }
      await tx.insertKmsAlias({ accountId, region: ctx.region, aliasName: input.AliasName, targetKeyId: key.keyId, createdAt: ctx.now, lastUpdatedAt: ctx.now });
      return {};
    });
  });
}

/** UpdateAlias: points an existing alias at another key (names only, not alias ARNs, as in AWS). */
export function updateAlias(deps: KmsDeps): Operation<AliasInput> {
  return kmsOperation('UpdateAlias', false, (i) => i.AliasName, async (ctx, input) => {
    checkAliasName(input.AliasName);
    return deps.store.write(async (tx) => {
      const alias = await findAlias(tx, lookupFor(ctx), input.AliasName);
      await reauthorizeCurrentKey(tx, ctx, 'kms:UpdateAlias', alias.targetKeyId);
      const key = await targetKey(tx, ctx, 'UpdateAlias', input.TargetKeyId);
      alias.targetKeyId = key.keyId;
      alias.lastUpdatedAt = ctx.now;
      await tx.kms.updateAlias(alias);
      return {};
    });
  });
}

export function deleteAlias(deps: KmsDeps): Operation<{ AliasName: string }> {
  return kmsOperation('DeleteAlias', false, (i) => i.AliasName, async (ctx, input) => {
    checkAliasName(input.AliasName);
    return deps.store.write(async (tx) => {
      const alias = await findAlias(tx, lookupFor(ctx), input.AliasName);
      await reauthorizeCurrentKey(tx, ctx, 'kms:DeleteAlias', alias.targetKeyId);
      await tx.kms.deleteAlias(ctx.caller.accountId, ctx.region, input.AliasName);
      return {};
    });
  });
}

interface ListInput {
  KeyId?: string;
  Limit?: number;
  Marker?: string;
}

/**
 * ListAliases: the account's aliases by name (alias/aws/secretsmanager included), or those of one
 * key; 50 a page. Authorised on `*` even with a KeyId: "this policy isn't related to any particular
 * KMS key or alias resource" (Developer Guide, "Controlling access to aliases", kms:ListAliases).
 */
export function listAliases(deps: KmsDeps): Operation<ListInput> {
  return kmsOperation('ListAliases', true, () => undefined, async (ctx, input) => {
    const aliases = await deps.store.read(async (tx) => {
      const all = await tx.kms.listAliases(ctx.caller.accountId, ctx.region);
      if (input.KeyId === undefined) return all;
      const key = await findKey(tx, lookupFor(ctx), input.KeyId);
      return all.filter((a) => a.targetKeyId === key.keyId);
    });
    const { items, ...rest } = page(aliases, input.Limit, input.Marker, 50);
    return {
      Aliases: items.map((a) => ({
        AliasName: a.aliasName,
        AliasArn: aliasArnOf(a.accountId, a.region, a.aliasName),
        TargetKeyId: a.targetKeyId,
        CreationDate: seconds(a.createdAt),
        LastUpdatedDate: seconds(a.lastUpdatedAt ?? a.createdAt),
      })),
      ...rest,
    };
  });
}
