/**
 * How the KMS API finds the key a request names (KeyId: key id, key ARN, alias name or alias
 * ARN), with KMS's errors, and the key-state rules of its operations (AWS KMS Developer Guide,
 * "Key states of AWS KMS keys": cryptographic operations need an enabled key; a key pending
 * deletion refuses everything but reads).
 */
import { errors } from '../errors/index.js';
import type { CallContext } from '../operation/index.js';
import type { KmsAliasRecord, KmsKeyRecord, StoreTx } from '../store/index.js';
import { kmsErrors } from './kms-errors.js';

const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const KMS_ARN = /^arn:aws:kms:([^:]*):([^:]*):(key\/.+|alias\/.+)$/;

export const keyArnOf = (accountId: string, region: string, keyId: string): string => `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
export const aliasArnOf = (accountId: string, region: string, aliasName: string): string =>
  `arn:aws:kms:${region}:${accountId}:${aliasName}`;

export interface KeyLookup {
  /** The caller's account and the region this deployment serves. */
  accountId: string;
  region: string;
  /**
   * May the identifier name a key of another account (by key or alias ARN)? Only the
   * cryptographic operations, DescribeKey and the read-only rotation status allow it.
   */
  crossAccount?: boolean;
}

/** Finds the key `identifier` names, or throws KMS's NotFoundException. */
export async function findKey(tx: StoreTx, lookup: KeyLookup, identifier: string): Promise<KmsKeyRecord> {
  let account = lookup.accountId;
  let name = identifier;
  if (identifier.startsWith('arn:')) {
    const m = KMS_ARN.exec(identifier);
    if (!m) throw kmsErrors.invalidKeyId(identifier);
    if (m[1] !== lookup.region) throw kmsErrors.invalidArnRegion(m[1]!);
    account = m[2]!;
    name = m[3]!.startsWith('key/') ? m[3]!.slice(4) : m[3]!;
    if (account !== lookup.accountId && !lookup.crossAccount) {
      throw name.startsWith('alias/') ? kmsErrors.aliasNotFound(identifier) : kmsErrors.keyDoesNotExist(identifier);
    }
  }
  if (name.startsWith('alias/')) {
    const alias = await tx.getKmsAlias(account, lookup.region, name);
    const key = alias && (await tx.getKmsKey(account, lookup.region, alias.targetKeyId));
    if (!key) throw kmsErrors.aliasNotFound(aliasArnOf(account, lookup.region, name));
    return key;
  }
  if (!KEY_ID.test(name)) throw kmsErrors.invalidKeyId(name);
  const key = await tx.getKmsKey(account, lookup.region, name);
  if (!key) throw kmsErrors.keyDoesNotExist(keyArnOf(account, lookup.region, name));
  return key;
}

/** An alias of the caller's account by name or alias ARN, or KMS's NotFoundException. */
export async function findAlias(tx: StoreTx, lookup: KeyLookup, aliasName: string): Promise<KmsAliasRecord> {
  const alias = await tx.getKmsAlias(lookup.accountId, lookup.region, aliasName);
  if (!alias) throw kmsErrors.aliasNotFound(aliasArnOf(lookup.accountId, lookup.region, aliasName));
  return alias;
}

/** Cryptographic operations and rotation settings: an enabled key only. */
export function requireEnabled(key: KmsKeyRecord): void {
  if (key.state === 'Disabled') throw kmsErrors.disabled(key.arn);
  if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
}

/** Management operations (enable, disable, tags, aliases, description): not a key pending deletion. */
export function requireNotPendingDeletion(key: KmsKeyRecord): void {
  if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
}

/**
 * AWS-managed keys (aws/secretsmanager) cannot be managed by customers: their key policy grants
 * the account only Describe*, Get* and List*, so AWS answers AccessDeniedException naming the key
 * policy. The authoriser refuses these calls first (key policies take part in every KMS call); this
 * check stays as defence in depth, with the same text (KMS ends it with a period).
 */
export function refuseAwsManaged(ctx: CallContext, key: KmsKeyRecord, operation: string): void {
  if (key.keyManager !== 'AWS') return;
  const action = `kms:${operation}`;
  throw errors.accessDenied(
    `User: ${ctx.caller.arn} is not authorized to perform: ${action} on resource: ${key.arn} because no resource-based policy allows the ${action} action.`,
  );
}

/** Alias names for CreateAlias, UpdateAlias and DeleteAlias (the model's pattern is checked before). */
export function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw kmsErrors.validation(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
  }
  if (name.startsWith('alias/aws/')) throw kmsErrors.notAuthorized();
  if (name.includes(':')) throw kmsErrors.validation(`${name} contains invalid characters for an alias`);
  // Coffer's text: the name after the prefix is empty.
  if (name === 'alias/') throw kmsErrors.invalidAliasName('Alias name must not be empty after the "alias/" prefix.');
}
