/** CreateGroup, GetGroup, ListGroups, ListGroupsForUser, DeleteGroup, AddUserToGroup, RemoveUserFromGroup. */
import type { Operation } from '../../operation/index.js';
import type { StoreTx } from '../../store/index.js';
import { requireGroup, requireUser } from '../entities.js';
import { entityExists, iamErrors } from '../iam-errors.js';
import { iamArn, uniqueId } from '../iam-ids.js';
import { iamOperation, resourceArn, type IamDeps } from '../iam-operation.js';
import { page, withPathPrefix } from '../paging.js';
import { groupView, userView } from '../views.js';

interface Paging {
  Marker?: string;
  MaxItems?: number;
}

export function groupOperations({ store }: IamDeps): Operation[] {
  /** AddUserToGroup / RemoveUserFromGroup: both look up the group and the user, then change the membership. */
  const membershipOperation = (name: string, change: (tx: StoreTx, groupId: string, principalId: string) => Promise<void>) =>
    iamOperation<{ GroupName: string; UserName: string }>({
      name,
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'group', i.GroupName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const group = await requireGroup(tx, ctx.caller.accountId, i.GroupName);
          const user = await requireUser(tx, ctx.caller.accountId, i.UserName);
          await change(tx, group.groupId, user.principalId);
          return {};
        }),
    });
  return [
    iamOperation<{ GroupName: string; Path?: string }>({
      name: 'CreateGroup',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'group', i.GroupName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const accountId = ctx.caller.accountId;
          if (await tx.iam.getGroup(accountId, i.GroupName)) throw entityExists('group', i.GroupName);
          const path = i.Path ?? '/';
          const group = {
            groupId: uniqueId('AGPA'),
            accountId,
            name: i.GroupName,
            path,
            arn: iamArn(accountId, 'group', path, i.GroupName),
            createdAt: ctx.now,
          };
          await tx.iam.insertGroup(group);
          return { Group: groupView(group) };
        }),
    }),
    iamOperation<{ GroupName: string } & Paging>({
      name: 'GetGroup',
      readOnly: true,
      resource: (i, c) => resourceArn(c, 'group', i.GroupName),
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const group = await requireGroup(tx, ctx.caller.accountId, i.GroupName);
          const p = page(await tx.iam.membersOfGroup(group.groupId), i.Marker, i.MaxItems);
          return { Group: groupView(group), Users: p.items.map((u) => userView(u, false)), IsTruncated: p.IsTruncated, Marker: p.Marker };
        }),
    }),
    iamOperation<{ PathPrefix?: string } & Paging>({
      name: 'ListGroups',
      readOnly: true,
      resource: () => undefined,
      handler: async (ctx, i) => {
        const groups = await store.read((tx) => tx.iam.listGroups(ctx.caller.accountId));
        const p = page(withPathPrefix(groups, i.PathPrefix), i.Marker, i.MaxItems);
        return { Groups: p.items.map(groupView), IsTruncated: p.IsTruncated, Marker: p.Marker };
      },
    }),
    iamOperation<{ UserName: string } & Paging>({
      name: 'ListGroupsForUser',
      readOnly: true,
      resource: (i, c) => resourceArn(c, 'user', i.UserName),
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const user = await requireUser(tx, ctx.caller.accountId, i.UserName);
          const p = page(await tx.iam.groupsOfUser(user.principalId), i.Marker, i.MaxItems);
          return { Groups: p.items.map(groupView), IsTruncated: p.IsTruncated, Marker: p.Marker };
        }),
    }),
    iamOperation<{ GroupName: string }>({
      name: 'DeleteGroup',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'group', i.GroupName),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const group = await requireGroup(tx, ctx.caller.accountId, i.GroupName);
          if ((await tx.iam.membersOfGroup(group.groupId)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must remove users from group first.');
          }
          if ((await tx.iam.listInlinePolicies(group.groupId)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
          }
          if ((await tx.iam.attachedPolicies(group.groupId)).length > 0) {
            throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
          }
          await tx.iam.deleteGroup(group.groupId);
          return {};
        }),
    }),
    membershipOperation('AddUserToGroup', (tx, groupId, principalId) => tx.iam.addMember(groupId, principalId)),
    // Removing a user who is not a member succeeds (localstack snapshot recorded against IAM).
    membershipOperation('RemoveUserFromGroup', (tx, groupId, principalId) => tx.iam.removeMember(groupId, principalId)),
  ];
}
