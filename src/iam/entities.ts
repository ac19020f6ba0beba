/** Looking up the entity a request names, with IAM's NoSuchEntity texts. */
import type { Caller } from '../operation/index.js';
import type { IamGroupRecord, IamManagedPolicyRecord, IamRoleRecord, IamUserRecord, StoreTx } from '../store/index.js';
import { boundaryInvalid, boundaryNotFound, entityNotFound, iamErrors, userNameRequired } from './iam-errors.js';
import { parseIamArn } from './iam-ids.js';
import { findUsableManagedPolicy, isAwsManaged } from './managed-policies.js';
import { accessDeniedMessage } from './policy/index.js';

export async function requireUser(tx: StoreTx, accountId: string, name: string): Promise<IamUserRecord> {
  const u = await tx.iam.getUser(accountId, name);
  if (!u) throw entityNotFound('user', name);
  return u;
}

export async function requireGroup(tx: StoreTx, accountId: string, name: string): Promise<IamGroupRecord> {
  const g = await tx.iam.getGroup(accountId, name);
  if (!g) throw entityNotFound('group', name);
  return g;
}

export async function requireRole(tx: StoreTx, accountId: string, name: string): Promise<IamRoleRecord> {
  const r = await tx.iam.getRole(accountId, name);
  if (!r) throw entityNotFound('role', name);
  return r;
}

/**
 * The user a request names, or (UserName absent) the calling user; a role session must name one
 * ("Must specify userName when calling with non-User credentials").
 */
export async function namedOrCallingUser(tx: StoreTx, caller: Caller, name: string | undefined): Promise<IamUserRecord> {
  if (name !== undefined) return requireUser(tx, caller.accountId, name);
  if ((caller.type ?? 'IAMUser') !== 'IAMUser') throw userNameRequired();
  const u = await tx.iam.getUserByArn(caller.arn);
  if (!u) throw entityNotFound('user', caller.userName);
  return u;
}

/** "Policy <arn> was not found." (GetPolicy, DeletePolicy, DetachXPolicy: localstack snapshots.) */
export const policyNotFound = (arn: string) => iamErrors.noSuchEntity(`Policy ${arn} was not found.`);

/**
 * A managed policy the caller's account can see, by ARN: one of its customer managed policies or
 * an AWS managed policy of the catalogue. Anything else (another account's, a made-up
 * `arn:aws:iam::aws:policy/...`) is not found.
 */
export async function requireManagedPolicy(tx: StoreTx, accountId: string, arn: string): Promise<IamManagedPolicyRecord> {
  checkPolicyArn(arn);
  const p = await findUsableManagedPolicy(tx, accountId, arn);
  if (!p) throw policyNotFound(arn);
  return p;
}

/**
 * A managed policy that the caller is about to change (DeletePolicy, CreatePolicyVersion,
 * DeletePolicyVersion, SetDefaultPolicyVersion): a customer managed policy of the caller's
 * account. An AWS managed policy exists but belongs to AWS ("You cannot change the permissions
 * defined in AWS managed policies", IAM User Guide, "AWS managed policies"): the request is refused
 * as a request on another account's resource that no resource-based policy allows, AccessDenied
 * (403) "User: <caller> is not authorized to perform: iam:<Action> on resource: policy <policy ARN>"
 * (IAM's way of naming a policy, iam-authorization-facts.ts), and nothing changes. (unverified) AWS's exact code and text for this refusal.
 */
export async function requireChangeablePolicy(tx: StoreTx, caller: Caller, action: string, arn: string): Promise<IamManagedPolicyRecord> {
  const p = await requireManagedPolicy(tx, caller.accountId, arn);
  if (isAwsManaged(p)) throw iamErrors.accessDenied(accessDeniedMessage(caller.arn, `iam:${action}`, `policy ${p.arn}`, { decision: 'ImplicitDeny' }));
  return p;
}

/** An ARN that does not parse: "Invalid ARN:  Could not be parsed!" (ValidationError; localstack snapshot, AttachRolePolicy). */
export function checkPolicyArn(arn: string): void {
  if (!/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/.test(arn)) throw iamErrors.validation('Invalid ARN:  Could not be parsed!');
  if (!parseIamArn(arn, 'policy') && !arn.startsWith('arn:aws:iam::')) throw iamErrors.validation('Invalid ARN:  Could not be parsed!');
}

/**
 * The managed policy a PermissionsBoundary names (CreateUser, CreateRole,
 * Put{User,Role}PermissionsBoundary): it must be a policy ARN and be a customer managed policy of
 * the caller's account or an AWS managed policy ("You can use an AWS managed policy or a customer
 * managed policy to set the boundary for an IAM entity", IAM User Guide, "Permissions boundaries
 * for IAM entities"). Returns the ARN as stored.
 */
export async function requireBoundaryPolicy(tx: StoreTx, accountId: string, arn: string): Promise<string> {
  if (!parseIamArn(arn, 'policy')) throw boundaryInvalid(arn);
  const p = await findUsableManagedPolicy(tx, accountId, arn);
  if (!p) throw boundaryNotFound(arn);
  return p.arn;
}
