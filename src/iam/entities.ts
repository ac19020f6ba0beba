/** Looking up the entity a request names, with IAM's NoSuchEntity texts. */
import type { Caller } from '../operation/index.js';
import type { IamGroupRecord, IamManagedPolicyRecord, IamRoleRecord, IamUserRecord, StoreTx } from '../store/index.js';
import { boundaryInvalid, boundaryNotFound, entityNotFound, iamErrors, userNameRequired } from './iam-errors.js';
import { parseIamArn } from './iam-ids.js';

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

/** A customer managed policy of the caller's account, by ARN. */
export async function requireManagedPolicy(tx: StoreTx, accountId: string, arn: string): Promise<IamManagedPolicyRecord> {
  checkPolicyArn(arn);
  const p = await tx.iam.getManagedPolicy(arn);
  if (!p || p.accountId !== accountId) throw policyNotFound(arn);
  return p;
}

/** An ARN that does not parse: "Invalid ARN:  Could not be parsed!" (ValidationError; localstack snapshot, AttachRolePolicy). */
export function checkPolicyArn(arn: string): void {
  if (!/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/.test(arn)) throw iamErrors.validation('Invalid ARN:  Could not be parsed!');
  if (!parseIamArn(arn, 'policy') && !arn.startsWith('arn:aws:iam::')) throw iamErrors.validation('Invalid ARN:  Could not be parsed!');
}

/**
 * The managed policy a PermissionsBoundary names (CreateUser, CreateRole,
 * Put{User,Role}PermissionsBoundary): it must be a policy ARN and exist in the caller's account
 * (Coffer has no AWS managed policies). Returns the ARN as stored.
 */
export async function requireBoundaryPolicy(tx: StoreTx, accountId: string, arn: string): Promise<string> {
  if (!parseIamArn(arn, 'policy')) throw boundaryInvalid(arn);
  const p = await tx.iam.getManagedPolicy(arn);
  if (!p || p.accountId !== accountId) throw boundaryNotFound(arn);
  return p.arn;
}
