/** CreateRole (with an optional permissions boundary), GetRole, ListRoles, DeleteRole, TagRole, UntagRole, ListRoleTags, UpdateAssumeRolePolicy. */
import type { Operation } from '../../operation/index.js';
import type { Tag } from '../../store/index.js';
import { requireBoundaryPolicy, requireRole } from '../entities.js';
import { entityExists, iamErrors } from '../iam-errors.js';
import { iamArn, uniqueId } from '../iam-ids.js';
import { iamOperation, resourceArn, type IamDeps } from '../iam-operation.js';
import { page, withPathPrefix } from '../paging.js';
import { checkPolicyDocument } from '../policy-documents.js';
import { mergeTags, removeTags } from '../tags.js';
import { roleView } from '../views.js';

interface Paging {
  Marker?: string;
  MaxItems?: number;
}

export const DEFAULT_MAX_SESSION_DURATION = 3600;

export function roleOperations({ store }: IamDeps): Operation[] {
  return [
    iamOperation<{
      RoleName: string;
      Path?: string;
      AssumeRolePolicyDocument: string;
      Description?: string;
      MaxSessionDuration?: number;
      Tags?: Tag[];
      PermissionsBoundary?: string;
    }>({
      name: 'CreateRole',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) => {
        checkPolicyDocument(i.AssumeRolePolicyDocument, 'trust');
        return store.write(async (tx) => {
          const accountId = ctx.caller.accountId;
          if (await tx.iam.getRole(accountId, i.RoleName)) throw entityExists('role', i.RoleName);
          const boundary = i.PermissionsBoundary === undefined ? undefined : await requireBoundaryPolicy(tx, accountId, i.PermissionsBoundary);
          const path = i.Path ?? '/';
          const role = {
            roleId: uniqueId('AROA'),
            accountId,
            name: i.RoleName,
            path,
            arn: iamArn(accountId, 'role', path, i.RoleName),
            trustPolicy: i.AssumeRolePolicyDocument,
            ...(i.Description !== undefined ? { description: i.Description } : {}),
            maxSessionDuration: i.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
            tags: mergeTags([], i.Tags ?? [], 'Role'),
            createdAt: ctx.now,
            ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
          };
          await tx.iam.insertRole(role);
          return { Role: roleView(role, false) };
        });
      },
    }),
    iamOperation<{ RoleName: string }>({
      name: 'GetRole',
      readOnly: true,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) => store.read(async (tx) => ({ Role: roleView(await requireRole(tx, ctx.caller.accountId, i.RoleName), true) })),
    }),
    iamOperation<{ PathPrefix?: string } & Paging>({
      name: 'ListRoles',
      readOnly: true,
      resource: () => undefined,
      handler: async (ctx, i) => {
        const roles = await store.read((tx) => tx.iam.listRoles(ctx.caller.accountId));
        const p = page(withPathPrefix(roles, i.PathPrefix), i.Marker, i.MaxItems);
        // ListRoles leaves out tags and the permissions boundary ("This operation does not return the
        // following attributes ...: PermissionsBoundary, RoleLastUsed, Tags", IAM API Reference, ListRoles).
        return {
          Roles: p.items.map(({ permissionsBoundary: _boundary, ...r }) => roleView({ ...r, tags: [] }, false)),
          IsTruncated: p.IsTruncated,
          Marker: p.Marker,
        };
      },
    }),
    iamOperation<{ RoleName: string }>({
      name: 'DeleteRole',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const role = await requireRole(tx, ctx.caller.accountId, i.RoleName);
          if ((await tx.iam.listInlinePolicies(role.roleId)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
          }
          if ((await tx.iam.attachedPolicies(role.roleId)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
          }
          await tx.iam.deleteRole(role.roleId);
          return {};
        }),
    }),
    iamOperation<{ RoleName: string; Tags: Tag[] }>({
      name: 'TagRole',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const role = await requireRole(tx, ctx.caller.accountId, i.RoleName);
          await tx.iam.updateRole({ ...role, tags: mergeTags(role.tags, i.Tags, 'Role') });
          return {};
        }),
    }),
    iamOperation<{ RoleName: string; TagKeys: string[] }>({
      name: 'UntagRole',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const role = await requireRole(tx, ctx.caller.accountId, i.RoleName);
          await tx.iam.updateRole({ ...role, tags: removeTags(role.tags, i.TagKeys) });
          return {};
        }),
    }),
    iamOperation<{ RoleName: string } & Paging>({
      name: 'ListRoleTags',
      readOnly: true,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) => {
        const role = await store.read((tx) => requireRole(tx, ctx.caller.accountId, i.RoleName));
        const p = page(role.tags, i.Marker, i.MaxItems);
        return { Tags: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
      },
    }),
    iamOperation<{ RoleName: string; PolicyDocument: string }>({
      name: 'UpdateAssumeRolePolicy',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'role', i.RoleName),
      handler: async (ctx, i) => {
        checkPolicyDocument(i.PolicyDocument, 'trust');
        return store.write(async (tx) => {
          const role = await requireRole(tx, ctx.caller.accountId, i.RoleName);
          await tx.iam.updateRole({ ...role, trustPolicy: i.PolicyDocument });
          return {};
        });
      },
    }),
  ];
}
