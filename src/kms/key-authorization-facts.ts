/**
 * What the authoriser needs to know about a KMS request (AWS KMS Developer Guide, "Key policies"
 * and "Condition keys for AWS KMS"): the key the request names (key id, key ARN, alias name or
 * alias ARN; another account's only by ARN), evaluated with its key policy, which must allow
 * (directly or by delegating to IAM in the key's account); `kms:CallerAccount`,
 * `kms:EncryptionContext:<k>` from the input's EncryptionContext, and the key's tags as
 * `aws:ResourceTag/<k>`. KMS's AccessDenied names the key ARN and ends with a period.
 *
 * A key that does not exist (or an alias about to be created, or an alias under `alias/aws/`
 * that CreateAlias, UpdateAlias or DeleteAlias names) has no key policy: only the
 * caller's identity policies decide, on the ARN the request names; an allowed caller then gets
 * the operation's own NotFoundException.
 */
import type { ContextValue } from '../iam/policy/index.js';
import type { Caller } from '../operation/index.js';
import type { StoreTx } from '../store/index.js';
import { loadKeyAuthorizationFacts } from './key-authorization.js';
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

function requestContext(request: KeyAuthorizationRequest): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = { 'kms:CallerAccount': request.caller.accountId };
  const ec = request.input?.EncryptionContext;
  if (ec && typeof ec === 'object') {
    for (const [k, v] of Object.entries(ec as Record<string, unknown>)) if (typeof v === 'string') out[`kms:EncryptionContext:${k}`] = v;
  }
  return out;
}

/** The ARN a missing key or alias would have. */
function namedArn(request: KeyAuthorizationRequest, id: string): string {
  if (id.startsWith('arn:')) return id;
  const prefix = `arn:aws:kms:${request.region}:${request.caller.accountId}:`;
  return id.startsWith('alias/') ? `${prefix}${id}` : `${prefix}key/${id}`;
}

export function kmsFactsLoader(keys: KeyService) {
  return async (tx: StoreTx, request: KeyAuthorizationRequest): Promise<KeyRequestFacts> => {
    const context = requestContext(request);
    const id = request.resource;
    if (id === undefined) return { resource: '*', context, period: true };
    // Aliases of AWS-managed keys are no customer's to manage: the operation answers KMS's
    // NotAuthorizedException to whoever IAM lets ask (the key policy is not the question).
    const managing = /^kms:(Create|Update|Delete)Alias$/.test(request.action) && id.startsWith('alias/aws/');
    const facts = managing ? undefined : await loadKeyAuthorizationFacts(tx, keys, request.caller.accountId, request.region, id);
    if (!facts) {
      const arn = namedArn(request, id);
      const account = arn.split(':')[4];
      return { resource: arn, ...(account && /^\d{12}$/.test(account) ? { resourceAccount: account } : {}), context, messageResource: arn, period: true };
    }
    for (const [k, v] of Object.entries(facts.resourceTags)) context[`aws:ResourceTag/${k}`] = v;
    return {
      resource: facts.keyArn,
      resourceAccount: facts.accountId,
      keyPolicy: facts.policy,
      context,
      messageResource: facts.keyArn,
      period: true,
    };
  };
}
