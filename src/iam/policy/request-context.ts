/**
 * Builds the request context the conditions and policy variables read (IAM User Guide, "AWS
 * global condition context keys" and "IAM policy elements: Variables and tags", "Principal key
 * values"). Keys derived from the principal:
 * - aws:PrincipalArn: the user's ARN; for a role session the role's ARN (not the session's);
 *   `arn:aws:iam::<acct>:root` for the root user;
 * - aws:PrincipalAccount; aws:PrincipalType: `User`, `AssumedRole` or `Account` (root);
 * - aws:userid (AIDA..., ARO...:<session>, the account id for root); aws:username (users only:
 *   "not present" for roles and root);
 * - aws:PrincipalTag/<key> from the principal's tags; aws:PrincipalServiceName for a service;
 * - aws:ResourceAccount, aws:CurrentTime and aws:EpochTime when the request gives them.
 * Keys given in the request's context are added over these. Key names are case-insensitive.
 */
import type { RequestContext } from './condition-compiler.js';
import type { ContextValue, EvaluationRequest } from './policy-types.js';
import type { VariableLookup } from './policy-variables.js';
import { sessionRoleArn } from './principal-spec.js';

function values(v: ContextValue): string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

export function buildContext(request: EvaluationRequest): Map<string, string[]> {
  const ctx = new Map<string, string[]>();
  const set = (key: string, v: ContextValue): void => {
    const list = values(v);
    if (list) ctx.set(key.toLowerCase(), list);
  };
  const p = request.principal;
  if (p.type === 'Service') set('aws:PrincipalServiceName', p.arn);
  else {
    set('aws:PrincipalAccount', p.accountId);
    set('aws:PrincipalType', p.type === 'Root' ? 'Account' : p.type);
    set('aws:PrincipalArn', p.type === 'AssumedRole' ? sessionRoleArn(p) : p.arn);
    set('aws:userid', p.userId ?? (p.type === 'Root' ? p.accountId : undefined));
    if (p.type === 'User') set('aws:username', p.userName ?? p.arn.slice(p.arn.lastIndexOf('/') + 1));
    for (const [k, v] of Object.entries(p.tags ?? {})) set(`aws:PrincipalTag/${k}`, v);
  }
  if (request.resourceAccount !== undefined) set('aws:ResourceAccount', request.resourceAccount);
  if (request.now !== undefined) {
    set('aws:CurrentTime', new Date(request.now).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    set('aws:EpochTime', String(Math.floor(request.now / 1000)));
  }
  for (const [k, v] of Object.entries(request.context ?? {})) {
    if (v === undefined) ctx.delete(k.toLowerCase());
    else set(k, v);
  }
  return ctx;
}

/** A policy variable resolves only to a single value (a multivalued key cannot be substituted). */
export function variableLookup(ctx: RequestContext): VariableLookup {
  return (key) => {
    const v = ctx.get(key);
    return v && v.length === 1 ? v[0] : undefined;
  };
}
