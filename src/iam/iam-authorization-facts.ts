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
 *
 * IAM's AccessDenied names the resource its own way (iamMessageResource).
 */
import type { StoreTx } from '../store/index.js';
import type { AuthorizationRequest, ResourceFactsLoader } from './authorization.js';
import { arnResourceFacts } from './policy-authorizer.js';
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

const CREATES_ENTITY = new Set(['iam:CreateUser', 'iam:CreateGroup', 'iam:CreateRole']);
const ENTITY_ARN = /^arn:[^:]+:iam::\d{12}:(user|group|role)\/(?:.*\/)?([^/]+)$/;
const POLICY_ARN = /^arn:[^:]+:iam::[^:]+:policy\/(?:.*\/)?([^/]+)$/;

/**
 * The resource as IAM's AccessDenied text names it. IAM writes `user <name>`, `role <name>`,
 * `group <name>` for the actions on an existing (or named) user, role or group, and `policy
 * <name>` for CreatePolicy, `policy <ARN>` for the actions on a managed policy; but the ARN for
 * CreateUser, CreateGroup and CreateRole, and for the actions on no one entity (ListRoles:
 * `arn:aws:iam::<account>:role/`). Seen in many AWS answers quoted in public issues, e.g.
 * "... iam:GetRole on resource: role sagemaker_execution_role because no identity-based policy
 * allows the iam:GetRole action", "... iam:CreateAccessKey on resource: user mella-admin ...",
 * "... iam:GetGroup on resource: group deploy-group ...", "... iam:CreatePolicy on resource:
 * policy ch5 ...", "... iam:DeletePolicyVersion on resource: policy
 * arn:aws:iam::<account>:policy/Route53TerraformDeploy ...", "... iam:CreateUser on resource:
 * arn:aws:iam::<account>:user/prueba ...", "... iam:CreateGroup on resource:
 * arn:aws:iam::<account>:group/S3-Analysts ...".
 */
function iamMessageResource(action: string, resource: string): string {
  if (CREATES_ENTITY.has(action)) return resource;
  const entity = ENTITY_ARN.exec(resource);
  if (entity) return `${entity[1]} ${entity[2]}`;
  const policy = POLICY_ARN.exec(resource);
  if (policy) return action === 'iam:CreatePolicy' ? `policy ${policy[1]}` : `policy ${resource}`;
  return resource;
}

export const iamFactsLoader: ResourceFactsLoader = async (tx, request) => {
  const facts = arnResourceFacts(request);
  const input = request.input ?? {};
  const context: Record<string, ContextValue> = {};
  const boundary = SETS_BOUNDARY.has(request.action)
    ? typeof input.PermissionsBoundary === 'string'
      ? input.PermissionsBoundary
      : undefined
    : await currentBoundary(tx, request);
  if (boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
  if (WITH_POLICY_ARN.test(request.action) && typeof input.PolicyArn === 'string') context['iam:PolicyARN'] = input.PolicyArn;
  return { ...facts, context, messageResource: iamMessageResource(request.action, facts.resource) };
};
