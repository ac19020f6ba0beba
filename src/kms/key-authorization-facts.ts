/**
 * What the authoriser needs to know about a KMS request (AWS KMS Developer Guide, "Key policies"
 * and "AWS KMS condition keys", https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html):
 * the key the request names (key id, key ARN, alias name or alias ARN; another account's only by
 * ARN), evaluated with its key policy, which must allow (directly or by delegating to IAM in the
 * key's account); `kms:CallerAccount`, `kms:EncryptionContext:<k>` from the input's
 * EncryptionContext, the key's tags as `aws:ResourceTag/<k>`, and its aliases as
 * `kms:ResourceAliases` (multivalued: the alias names of the key in its own account and Region; an
 * empty set when it has none). `kms:RequestAlias` is the alias name when a cryptographic operation
 * or DescribeKey names its key by alias name or alias ARN ("the value of the KeyId parameter in the
 * request must be a matching alias name or alias ARN"); any other identifier leaves it absent.
 * KMS's AccessDenied for a key names the key ARN and ends with a period.
 *
 * Alias operations (Developer Guide, "Controlling access to aliases",
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html) are authorised on
 * several resources, in this order (Coffer's; AWS does not document one):
 * - the alias, `arn:aws:kms:<region>:<account>:alias/<name>` in the caller's account: identity
 *   policies only (an alias has no policy of its own), and no condition keys of KMS ("You can't
 *   use condition keys in a policy statement where the resource is an alias"). AWS's text names the
 *   alias ARN and has no final period ("... on resource: arn:aws:kms:us-west-2:<acct>:alias/eks/
 *   eks-workshop because no identity-based policy allows the kms:CreateAlias action", as reported
 *   in aws-samples/eks-workshop-v2#1177 and #1091);
 * - CreateAlias: the target key; UpdateAlias: the key the alias points at now, then the new target
 *   key; DeleteAlias: the key the alias points at. Each as any key operation (key policy + IAM).
 * An alias under `alias/aws/` is authorised on the alias only: the operation then answers KMS's
 * NotAuthorizedException to whoever IAM lets ask.
 *
 * A key that does not exist (or an alias about to be created) has no key policy: only the caller's
 * identity policies decide, on the ARN the request names; an allowed caller then gets the
 * operation's own NotFoundException.
 */
import type { ContextValue } from '../iam/policy/index.js';
import type { Caller } from '../operation/index.js';
import type { KmsKeyRecord, StoreTx } from '../store/index.js';
import { keyAuthorizationFactsOf } from './key-authorization.js';
import { aliasArnOf } from './key-lookup.js';
import type { KeyService } from './key-service.js';

/** The shapes of iam/'s AuthorizationRequest and ResourceFacts (app/ wires this loader in). */
export interface KeyAuthorizationRequest {
  caller: Caller;
  action: string;
  resource: string | undefined;
  input?: Record<string, unknown>;
  region: string;
}

export interface KeyRequestFacts {
  resource: string;
  resourceAccount?: string;
  keyPolicy?: string;
  context?: Record<string, ContextValue>;
  messageResource?: string;
  period?: boolean;
}

/**
 * The operations whose KeyId sets kms:RequestAlias: the cryptographic operations, DescribeKey and
 * GetPublicKey (conditions-kms.html, kms:RequestAlias). ReEncrypt is authorised as ReEncryptFrom
 * and ReEncryptTo.
 */
const REQUEST_ALIAS_ACTIONS = new Set(
  [
    'Decrypt',
    'DescribeKey',
    'Encrypt',
    'GenerateDataKey',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'GenerateDataKeyWithoutPlaintext',
    'GenerateMac',
    'GetPublicKey',
    'ReEncryptFrom',
    'ReEncryptTo',
    'Sign',
    'Verify',
    'VerifyMac',
  ].map((a) => `kms:${a}`),
);

const ALIAS_ACTION = /^kms:(Create|Update|Delete)Alias$/;
const KEY_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:key\//;

/** The alias name an identifier names (`alias/x`, or the `alias/x` of an alias ARN), if any. */
function requestAliasOf(id: string): string | undefined {
  if (id.startsWith('alias/')) return id;
  return /^arn:[^:]+:kms:[^:]*:[^:]*:(alias\/.+)$/.exec(id)?.[1];
}

function requestContext(request: KeyAuthorizationRequest, id: string | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = { 'kms:CallerAccount': request.caller.accountId };
  const ec = request.input?.EncryptionContext;
  if (ec && typeof ec === 'object') {
    for (const [k, v] of Object.entries(ec as Record<string, unknown>)) if (typeof v === 'string') out[`kms:EncryptionContext:${k}`] = v;
  }
  const alias = id !== undefined && REQUEST_ALIAS_ACTIONS.has(request.action) ? requestAliasOf(id) : undefined;
  if (alias !== undefined) out['kms:RequestAlias'] = alias;
  return out;
}

const accountOf = (arn: string): string | undefined => {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
};

/** The ARN a missing key or alias would have. */
function namedArn(request: KeyAuthorizationRequest, id: string): string {
  if (id.startsWith('arn:')) return id;
  const prefix = `arn:aws:kms:${request.region}:${request.caller.accountId}:`;
  return id.startsWith('alias/') ? `${prefix}${id}` : `${prefix}key/${id}`;
}

/** Identity policies only, on the ARN the request names. */
function namedFacts(arn: string, context: Record<string, ContextValue>, period: boolean): KeyRequestFacts {
  const account = accountOf(arn);
  return { resource: arn, ...(account ? { resourceAccount: account } : {}), context, messageResource: arn, period };
}

async function keyFacts(tx: StoreTx, key: KmsKeyRecord, base: Record<string, ContextValue>): Promise<KeyRequestFacts> {
  const facts = keyAuthorizationFactsOf(key);
  const context: Record<string, ContextValue> = { ...base };
  for (const [k, v] of Object.entries(facts.resourceTags)) context[`aws:ResourceTag/${k}`] = v;
  const aliases = await tx.kms.listAliases(key.accountId, key.region);
  context['kms:ResourceAliases'] = aliases.filter((a) => a.targetKeyId === key.keyId).map((a) => a.aliasName);
  return { resource: facts.keyArn, resourceAccount: facts.accountId, keyPolicy: facts.policy, context, messageResource: facts.keyArn, period: true };
}

async function namedKeyFacts(tx: StoreTx, keys: KeyService, request: KeyAuthorizationRequest, id: string, base: Record<string, ContextValue>) {
  const key = await keys.resolve(tx, request.caller.accountId, request.region, id);
  return key ? keyFacts(tx, key, base) : namedFacts(namedArn(request, id), base, true);
}

/** CreateAlias, UpdateAlias, DeleteAlias: the alias, then the keys it affects. */
async function aliasOperationFacts(tx: StoreTx, keys: KeyService, request: KeyAuthorizationRequest, name: string): Promise<KeyRequestFacts[]> {
  const { accountId } = request.caller;
  const aliasArn = name.startsWith('arn:') ? name : aliasArnOf(accountId, request.region, name);
  const out = [namedFacts(aliasArn, {}, false)];
  if (name.startsWith('alias/aws/')) return out;
  const base = requestContext(request, undefined);
  if (request.action !== 'kms:CreateAlias') {
    const alias = await tx.getKmsAlias(accountId, request.region, name);
    const current = alias && (await tx.getKmsKey(accountId, request.region, alias.targetKeyId));
    if (current) out.push(await keyFacts(tx, current, base));
  }
  const target = request.input?.TargetKeyId;
  if (request.action !== 'kms:DeleteAlias' && typeof target === 'string') out.push(await namedKeyFacts(tx, keys, request, target, base));
  return out;
}

export function kmsFactsLoader(keys: KeyService) {
  return async (tx: StoreTx, request: KeyAuthorizationRequest): Promise<KeyRequestFacts | KeyRequestFacts[]> => {
    const id = request.resource;
    if (id === undefined) return { resource: '*', context: requestContext(request, undefined), period: true };
    // An alias operation names its alias; a key ARN is a key part of one (the policy simulator asks so).
    if (ALIAS_ACTION.test(request.action) && !KEY_ARN.test(id)) return aliasOperationFacts(tx, keys, request, id);
    return namedKeyFacts(tx, keys, request, id, requestContext(request, id));
  };
}
