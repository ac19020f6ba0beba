/** CreateUser (with an optional permissions boundary), GetUser, ListUsers, DeleteUser, TagUser, UntagUser, ListUserTags. */
import type { Operation } from '../../operation/index.js';
import type { Tag } from '../../store/index.js';
import { namedOrCallingUser, requireBoundaryPolicy, requireUser } from '../entities.js';
import { entityExists, iamErrors } from '../iam-errors.js';
import { iamArn, uniqueId } from '../iam-ids.js';
import { iamOperation, resourceArn, type IamDeps } from '../iam-operation.js';
import { page, withPathPrefix } from '../paging.js';
import { mergeTags, removeTags } from '../tags.js';
import { userView } from '../views.js';

interface Paging {
  Marker?: string;
  MaxItems?: number;
}

export function userOperations({ store }: IamDeps): Operation[] {
  return [
    iamOperation<{ UserName: string; Path?: string; Tags?: Tag[]; PermissionsBoundary?: string }>({
      name: 'CreateUser',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'user', i.UserName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const accountId = ctx.caller.accountId;
          if (await tx.iam.getUser(accountId, i.UserName)) throw entityExists('user', i.UserName);
          const boundary = i.PermissionsBoundary === undefined ? undefined : await requireBoundaryPolicy(tx, accountId, i.PermissionsBoundary);
          const path = i.Path ?? '/';
          const user = {
            arn: iamArn(accountId, 'user', path, i.UserName),
            accountId,
            type: 'IAMUser' as const,
            name: i.UserName,
            principalId: uniqueId('AIDA'),
            isAccountAdmin: false,
            createdAt: ctx.now,
            path,
            tags: mergeTags([], i.Tags ?? [], 'User'),
            ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
          };
          await tx.iam.insertUser(user);
          return { User: userView(user, true) };
        }),
    }),
    iamOperation<{ UserName?: string }>({
      name: 'GetUser',
      readOnly: true,
      resource: (i, c) => (i.UserName === undefined ? c.arn : resourceArn(c, 'user', i.UserName)),
      handler: async (ctx, i) => store.read(async (tx) => ({ User: userView(await namedOrCallingUser(tx, ctx.caller, i.UserName), true) })),
    }),
    iamOperation<{ PathPrefix?: string } & Paging>({
      name: 'ListUsers',
      readOnly: true,
      resource: () => undefined,
      handler: async (ctx, i) => {
        const users = await store.read((tx) => tx.iam.listUsers(ctx.caller.accountId));
        const p = page(withPathPrefix(users, i.PathPrefix), i.Marker, i.MaxItems);
        return { Users: p.items.map((u) => userView(u, false)), IsTruncated: p.IsTruncated, Marker: p.Marker };
      },
    }),
    iamOperation<{ UserName: string }>({
      name: 'DeleteUser',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'user', i.UserName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const user = await requireUser(tx, ctx.caller.accountId, i.UserName);
          // Conflicts in the order IAM's API reference lists the prerequisites; texts: localstack
          // snapshots (policies) and public reports (access keys, groups).
          if ((await tx.iam.listAccessKeyIds(user.arn)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must delete access keys first.');
          }
          if ((await tx.iam.listInlinePolicies(user.principalId)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
          }
          if ((await tx.iam.attachedPolicies(user.principalId)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
          }
          if ((await tx.iam.groupsOfUser(user.principalId)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must remove user from all groups first.');
          }
          await tx.iam.deleteUser(user.principalId);
          return {};
        }),
    }),
    iamOperation<{ UserName: string; Tags: Tag[] }>({
      name: 'TagUser',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'user', i.UserName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const user = await requireUser(tx, ctx.caller.accountId, i.UserName);
          await tx.iam.setUserTags(user.principalId, mergeTags(user.tags, i.Tags, 'User'));
          return {};
        }),
    }),
    iamOperation<{ UserName: string; TagKeys: string[] }>({
      name: 'UntagUser',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'user', i.UserName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const user = await requireUser(tx, ctx.caller.accountId, i.UserName);
          await tx.iam.setUserTags(user.principalId, removeTags(user.tags, i.TagKeys));
          return {};
        }),
    }),
    iamOperation<{ UserName: string } & Paging>({
      name: 'ListUserTags',
      readOnly: true,
      resource: (i, c) => resourceArn(c, 'user', i.UserName),
      handler: async (ctx, i) => {
        const user = await store.read((tx) => requireUser(tx, ctx.caller.accountId, i.UserName));
        const p = page(user.tags, i.Marker, i.MaxItems);
        return { Tags: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
      },
    }),
  ];
}
