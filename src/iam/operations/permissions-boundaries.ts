/**
 * PutUserPermissionsBoundary, DeleteUserPermissionsBoundary, PutRolePermissionsBoundary,
 * DeleteRolePermissionsBoundary (IAM API Reference; IAM User Guide, "Permissions boundaries for
 * IAM entities"). A boundary is a customer managed policy of the account or an AWS managed policy
 * ("You can use an AWS managed policy or a customer managed policy to set the boundary for an IAM
 * entity"), named by ARN; it grants nothing, it limits what the entity's identity policies (and role-ARN grants of resource
 * policies) can allow. Setting one replaces the previous one; deleting one that is not set
 * changes nothing. The entity is looked up first (NoSuchEntity "The user with name x cannot be
 * found."), then the policy ("Scope ARN: ... does not exist or is not attachable.").
 */
import type { Operation } from '../../operation/index.js';
import { requireBoundaryPolicy, requireRole, requireUser } from '../entities.js';
import { iamOperation, resourceArn, type IamDeps } from '../iam-operation.js';

export function permissionsBoundaryOperations({ store }: IamDeps): Operation[] {
  return [
    iamOperation<{ UserName: string; PermissionsBoundary: string }>({
      name: 'PutUserPermissionsBoundary',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'user', i.UserName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const user = await requireUser(tx, ctx.caller.accountId, i.UserName);
          await tx.iam.setUserPermissionsBoundary(user.principalId, await requireBoundaryPolicy(tx, ctx.caller.accountId, i.PermissionsBoundary));
          return {};
        }),
    }),
    iamOperation<{ UserName: string }>({
      name: 'DeleteUserPermissionsBoundary',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'user', i.UserName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const user = await requireUser(tx, ctx.caller.accountId, i.UserName);
          await tx.iam.setUserPermissionsBoundary(user.principalId, undefined);
          return {};
        }),
    }),
    iamOperation<{ RoleName: string; PermissionsBoundary: string }>({
      name: 'PutRolePermissionsBoundary',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const role = await requireRole(tx, ctx.caller.accountId, i.RoleName);
          await tx.iam.updateRole({ ...role, permissionsBoundary: await requireBoundaryPolicy(tx, ctx.caller.accountId, i.PermissionsBoundary) });
          return {};
        }),
    }),
    iamOperation<{ RoleName: string }>({
      name: 'DeleteRolePermissionsBoundary',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const { permissionsBoundary: _removed, ...role } = await requireRole(tx, ctx.caller.accountId, i.RoleName);
          await tx.iam.updateRole(role);
          return {};
        }),
    }),
  ];
}
