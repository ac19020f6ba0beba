/**
 * Conformance of an adapter's IAM tables (store/iam-port.ts): users with paths and tags, names
 * unique per account regardless of case, groups and memberships, roles, inline policies, managed
 * policies with versions, attachments and their counts, permissions boundaries of users and roles
 * and their use counts, and what deletes take with them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../src/store/index.js';

const A = '111111111111';

export function exerciseIamStore(name: string, factory: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`iam store conformance: ${name}`, () => {
    it('keeps users, groups, roles, policies and attachments', async () => {
      const { store, cleanup } = await factory();
      try {
        const user = { arn: `arn:aws:iam::${A}:user/p/Bob`, accountId: A, type: 'IAMUser' as const, name: 'Bob', principalId: 'AIDAB', isAccountAdmin: false, createdAt: 1, path: '/p/', tags: [{ Key: 'k', Value: 'v' }] };
        await store.write(async (tx) => {
          await tx.insertAccount({ id: A, name: 'a', createdAt: 1 });
          await tx.iam.insertUser(user);
          await tx.iam.insertGroup({ groupId: 'AGPAG', accountId: A, name: 'devs', path: '/', arn: `arn:aws:iam::${A}:group/devs`, createdAt: 2 });
          await tx.iam.addMember('AGPAG', 'AIDAB');
          await tx.iam.addMember('AGPAG', 'AIDAB');
          await tx.iam.insertRole({ roleId: 'AROAR', accountId: A, name: 'reader', path: '/', arn: `arn:aws:iam::${A}:role/reader`, trustPolicy: '{}', maxSessionDuration: 3600, tags: [], createdAt: 3 });
          await tx.iam.putInlinePolicy({ ownerId: 'AIDAB', name: 'p1', document: 'one' });
          await tx.iam.putInlinePolicy({ ownerId: 'AIDAB', name: 'p1', document: 'two' });
          const arn = `arn:aws:iam::${A}:policy/m`;
          await tx.iam.insertManagedPolicy({ arn, accountId: A, name: 'm', path: '/', policyId: 'ANPAM', defaultVersionId: 'v1', nextVersion: 2, tags: [], createdAt: 4, updatedAt: 4 });
          await tx.iam.insertPolicyVersion({ policyArn: arn, versionId: 'v1', document: 'doc', createdAt: 4 });
          await tx.iam.attachPolicy('AIDAB', arn);
          await tx.iam.attachPolicy('AIDAB', arn);
          await tx.iam.attachPolicy('AROAR', arn);
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.iam.getUser(A, 'BOB'), user, 'names are not case sensitive');
          assert.deepEqual(await tx.iam.getUserByArn(user.arn), user);
          assert.equal(await tx.iam.getUser('222222222222', 'Bob'), undefined);
          assert.deepEqual((await tx.iam.groupsOfUser('AIDAB')).map((g) => g.name), ['devs']);
          assert.deepEqual((await tx.iam.membersOfGroup('AGPAG')).map((u) => u.name), ['Bob']);
          assert.equal((await tx.iam.getRole(A, 'Reader'))?.roleId, 'AROAR');
          assert.equal((await tx.iam.getInlinePolicy('AIDAB', 'p1'))?.document, 'two');
          assert.equal(await tx.iam.attachmentCount(`arn:aws:iam::${A}:policy/m`), 2);
          assert.deepEqual(await tx.iam.attachedPolicies('AIDAB'), [`arn:aws:iam::${A}:policy/m`]);
          assert.equal((await tx.iam.getManagedPolicyByName(A, 'M'))?.policyId, 'ANPAM');
        });
        await assert.rejects(store.write((tx) => tx.iam.insertUser({ ...user, arn: `arn:aws:iam::${A}:user/bob`, name: 'bob', principalId: 'AIDAC' })));
        await store.write(async (tx) => {
          await tx.iam.deleteUser('AIDAB');
          await tx.iam.deleteManagedPolicy(`arn:aws:iam::${A}:policy/m`);
          await tx.iam.deleteGroup('AGPAG');
        });
        await store.read(async (tx) => {
          assert.equal(await tx.iam.getUser(A, 'Bob'), undefined);
          assert.deepEqual(await tx.iam.attachedPolicies('AROAR'), [], 'a deleted policy is detached everywhere');
          assert.deepEqual(await tx.iam.listPolicyVersions(`arn:aws:iam::${A}:policy/m`), []);
          assert.deepEqual(await tx.iam.listGroups(A), []);
        });
      } finally {
        await cleanup();
      }
    });

    it('keeps the permissions boundary of users and roles, and counts its uses', async () => {
      const { store, cleanup } = await factory();
      try {
        const boundary = `arn:aws:iam::${A}:policy/boundary`;
        const other = `arn:aws:iam::${A}:policy/other`;
        const user = { arn: `arn:aws:iam::${A}:user/Ann`, accountId: A, type: 'IAMUser' as const, name: 'Ann', principalId: 'AIDAANN', isAccountAdmin: false, createdAt: 1, path: '/', tags: [], permissionsBoundary: boundary };
        const plain = { ...user, arn: `arn:aws:iam::${A}:user/Cid`, name: 'Cid', principalId: 'AIDACID' };
        delete (plain as { permissionsBoundary?: string }).permissionsBoundary;
        const role = { roleId: 'AROAB', accountId: A, name: 'bounded', path: '/', arn: `arn:aws:iam::${A}:role/bounded`, trustPolicy: '{}', maxSessionDuration: 3600, tags: [], createdAt: 2, permissionsBoundary: boundary };
        await store.write(async (tx) => {
          await tx.insertAccount({ id: A, name: 'a', createdAt: 1 });
          await tx.iam.insertUser(user);
          await tx.iam.insertUser(plain);
          await tx.iam.insertRole(role);
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.iam.getUser(A, 'Ann'), user);
          assert.deepEqual(await tx.iam.getUser(A, 'Cid'), plain, 'no boundary: the member is absent');
          assert.deepEqual(await tx.iam.getRoleById('AROAB'), role);
          assert.equal((await tx.iam.listUsers(A)).find((u) => u.name === 'Ann')?.permissionsBoundary, boundary);
          assert.equal(await tx.iam.boundaryUsageCount(boundary), 2);
          assert.equal(await tx.iam.boundaryUsageCount(other), 0);
          assert.equal(await tx.iam.attachmentCount(boundary), 0, 'a boundary is not an attachment');
        });
        await store.write(async (tx) => {
          await tx.iam.setUserPermissionsBoundary('AIDAANN', undefined);
          await tx.iam.setUserPermissionsBoundary('AIDACID', other);
          await tx.iam.updateRole({ ...role, permissionsBoundary: other });
        });
        await store.read(async (tx) => {
          assert.equal((await tx.iam.getUser(A, 'Ann'))?.permissionsBoundary, undefined);
          assert.equal((await tx.iam.getUser(A, 'Cid'))?.permissionsBoundary, other);
          assert.equal((await tx.iam.getRole(A, 'bounded'))?.permissionsBoundary, other);
          assert.equal(await tx.iam.boundaryUsageCount(boundary), 0);
          assert.equal(await tx.iam.boundaryUsageCount(other), 2);
        });
        await store.write(async (tx) => {
          const r = await tx.iam.getRoleById('AROAB');
          const { permissionsBoundary: _drop, ...rest } = r!;
          await tx.iam.updateRole(rest);
          await tx.iam.deleteUser('AIDACID');
        });
        await store.read(async (tx) => {
          assert.equal((await tx.iam.getRoleById('AROAB'))?.permissionsBoundary, undefined);
          assert.equal(await tx.iam.boundaryUsageCount(other), 0, 'a deleted user no longer uses its boundary');
        });
      } finally {
        await cleanup();
      }
    });
  });
}
