/**
 * The facts loader of IAM's own actions: the resource is the ARN the operation declares (its
 * account from the ARN), and the request carries IAM's condition keys (Service Authorization
 * Reference, "Actions, resources, and condition keys for AWS Identity and Access Management"):
 *
 * - `iam:PermissionsBoundary`: for CreateUser, CreateRole and Put{User,Role}PermissionsBoundary the
 *   boundary the request sets (absent when none is given, so a `StringEquals` on it fails: the
 *   "create only with boundary X" pattern of the IAM User Guide, "Permissions boundaries for IAM
 *   entities", "Delegating responsibility to others using permissions boundaries"); for the
 *   actions that change the permissions of an existing user or role
 *   ({Attach,Detach,Put,Delete}{User,Role}Policy, Delete{User,Role}PermissionsBoundary) the
 *   boundary that user or role has now;
 * - `iam:PolicyARN`: the managed policy of Attach/Detach{User,Group,Role}Policy.
 */
import type { StoreTx } from '../store/index.js';
import type { AuthorizationRequest, ResourceFacts, ResourceFactsLoader } from './authorization.js';
import type { ContextValue } from './policy/index.js';

const SETS_BOUNDARY = new Set(['iam:CreateUser', 'iam:CreateRole', 'iam:PutUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary']);
const USER_BOUNDARY = new Set(['iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:PutUserPolicy', 'iam:DeleteUserPolicy', 'iam:DeleteUserPermissionsBoundary']);
const ROLE_BOUNDARY = new Set(['iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRolePermissionsBoundary']);
const WITH_POLICY_ARN = /^iam:(Attach|Detach)(User|Group|Role)Policy$/;

async function currentBoundary(tx: StoreTx, request: AuthorizationRequest): Promise<string | undefined> {
  const input = request.input ?? {};
  const account = request.caller.accountId;
  if (USER_BOUNDARY.has(request.action) && typeof input.UserName === 'string') {
    return (await tx.iam.getUser(account, input.UserName))?.permissionsBoundary;
  }
  if (ROLE_BOUNDARY.has(request.action) && typeof input.RoleName === 'string') {
    return (await tx.iam.getRole(account, input.RoleName))?.permissionsBoundary;
  }
  return undefined;
}

export const iamFactsLoader: ResourceFactsLoader = async (tx, request) => {
  const resource = request.resource ?? '*';
  const account = resource.startsWith('arn:') ? resource.split(':')[4] : undefined;
  const input = request.input ?? {};
  const context: Record<string, ContextValue> = {};
  const boundary = SETS_BOUNDARY.has(request.action)
    ? typeof input.PermissionsBoundary === 'string'
      ? input.PermissionsBoundary
      : undefined
    : await currentBoundary(tx, request);
  if (boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
  if (WITH_POLICY_ARN.test(request.action) && typeof input.PolicyArn === 'string') context['iam:PolicyARN'] = input.PolicyArn;
  const facts: ResourceFacts = { resource, context };
  if (account && /^\d{12}$/.test(account)) facts.resourceAccount = account;
  return facts;
};
