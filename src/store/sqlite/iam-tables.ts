import type Database from 'better-sqlite3';
import type {
  IamGroupRecord,
  IamInlinePolicyRecord,
  IamManagedPolicyRecord,
  IamPolicyVersionRecord,
  IamRoleRecord,
  IamTx,
  IamUserRecord,
} from '../iam-port.js';
import type { Tag } from '../records.js';
import { groupFromRow, policyFromRow, roleFromRow, userFromRow, versionFromRow, type Row } from './iam-row-mapping.js';

/** The IAM tables of the SQLite adapter. */
export class SqliteIamTables implements IamTx {
  constructor(private readonly st: (sql: string) => Database.Statement) {}

  async getUser(accountId: string, name: string): Promise<IamUserRecord | undefined> {
    const r = this.st(
      "SELECT * FROM principals WHERE account_id = ? AND type = 'IAMUser' AND name = ? COLLATE NOCASE",
    ).get(accountId, name) as Row | undefined;
    return r && userFromRow(r);
  }

  async getUserByArn(arn: string): Promise<IamUserRecord | undefined> {
    const r = this.st("SELECT * FROM principals WHERE arn = ? AND type = 'IAMUser'").get(arn) as Row | undefined;
    return r && userFromRow(r);
  }

  async listUsers(accountId: string): Promise<IamUserRecord[]> {
    const rows = this.st(
      "SELECT * FROM principals WHERE account_id = ? AND type = 'IAMUser' ORDER BY name COLLATE NOCASE, name",
    ).all(accountId) as Row[];
    return rows.map(userFromRow);
  }

  async insertUser(u: IamUserRecord): Promise<void> {
    this.st(
      `INSERT INTO principals (arn, account_id, type, name, principal_id, is_account_admin, created_at, path, tags, permissions_boundary)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      u.arn,
      u.accountId,
      u.type,
      u.name,
      u.principalId,
      u.isAccountAdmin ? 1 : 0,
      u.createdAt,
      u.path,
      JSON.stringify(u.tags),
      u.permissionsBoundary ?? null,
    );
  }

  async setUserTags(principalId: string, tags: Tag[]): Promise<void> {
    this.st('UPDATE principals SET tags = ? WHERE principal_id = ?').run(JSON.stringify(tags), principalId);
  }

  async setUserPermissionsBoundary(principalId: string, policyArn: string | undefined): Promise<void> {
    this.st('UPDATE principals SET permissions_boundary = ? WHERE principal_id = ?').run(policyArn ?? null, principalId);
  }

  async deleteUser(principalId: string): Promise<void> {
    this.st('DELETE FROM iam_group_members WHERE user_id = ?').run(principalId);
    this.st('DELETE FROM principals WHERE principal_id = ?').run(principalId);
  }

  async listAccessKeyIds(principalArn: string): Promise<string[]> {
    const rows = this.st('SELECT access_key_id FROM access_keys WHERE principal_arn = ? ORDER BY created_at, access_key_id').all(
      principalArn,
    ) as { access_key_id: string }[];
    return rows.map((r) => r.access_key_id);
  }

  async setAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void> {
    this.st('UPDATE access_keys SET status = ? WHERE access_key_id = ?').run(status, accessKeyId);
  }

  async getGroup(accountId: string, name: string): Promise<IamGroupRecord | undefined> {
    const r = this.st('SELECT * FROM iam_groups WHERE account_id = ? AND name = ? COLLATE NOCASE').get(accountId, name) as Row | undefined;
    return r && groupFromRow(r);
  }

  async listGroups(accountId: string): Promise<IamGroupRecord[]> {
    const rows = this.st('SELECT * FROM iam_groups WHERE account_id = ? ORDER BY name COLLATE NOCASE, name').all(accountId) as Row[];
    return rows.map(groupFromRow);
  }

  async insertGroup(g: IamGroupRecord): Promise<void> {
    this.st('INSERT INTO iam_groups (group_id, account_id, name, path, arn, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      g.groupId,
      g.accountId,
      g.name,
      g.path,
      g.arn,
      g.createdAt,
    );
  }

  async deleteGroup(groupId: string): Promise<void> {
    this.st('DELETE FROM iam_groups WHERE group_id = ?').run(groupId);
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    this.st('INSERT OR IGNORE INTO iam_group_members (group_id, user_id) VALUES (?, ?)').run(groupId, userId);
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    this.st('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?').run(groupId, userId);
  }

  async groupsOfUser(userId: string): Promise<IamGroupRecord[]> {
    const rows = this.st(
      `SELECT g.* FROM iam_groups g JOIN iam_group_members m ON m.group_id = g.group_id
       WHERE m.user_id = ? ORDER BY g.name COLLATE NOCASE, g.name`,
    ).all(userId) as Row[];
    return rows.map(groupFromRow);
  }

  async membersOfGroup(groupId: string): Promise<IamUserRecord[]> {
    const rows = this.st(
      `SELECT p.* FROM principals p JOIN iam_group_members m ON m.user_id = p.principal_id
       WHERE m.group_id = ? ORDER BY p.name COLLATE NOCASE, p.name`,
    ).all(groupId) as Row[];
    return rows.map(userFromRow);
  }

  async getRole(accountId: string, name: string): Promise<IamRoleRecord | undefined> {
    const r = this.st('SELECT * FROM iam_roles WHERE account_id = ? AND name = ? COLLATE NOCASE').get(accountId, name) as Row | undefined;
    return r && roleFromRow(r);
  }

  async getRoleById(roleId: string): Promise<IamRoleRecord | undefined> {
    const r = this.st('SELECT * FROM iam_roles WHERE role_id = ?').get(roleId) as Row | undefined;
    return r && roleFromRow(r);
  }

  async listRoles(accountId: string): Promise<IamRoleRecord[]> {
    const rows = this.st('SELECT * FROM iam_roles WHERE account_id = ? ORDER BY name COLLATE NOCASE, name').all(accountId) as Row[];
    return rows.map(roleFromRow);
  }

  async insertRole(r: IamRoleRecord): Promise<void> {
    this.st(
      `INSERT INTO iam_roles (role_id, account_id, name, path, arn, trust_policy, description, max_session_duration, tags, created_at,
         permissions_boundary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.roleId,
      r.accountId,
      r.name,
      r.path,
      r.arn,
      r.trustPolicy,
      r.description ?? null,
      r.maxSessionDuration,
      JSON.stringify(r.tags),
      r.createdAt,
      r.permissionsBoundary ?? null,
    );
  }

  async updateRole(r: IamRoleRecord): Promise<void> {
    this.st(
      'UPDATE iam_roles SET trust_policy = ?, description = ?, max_session_duration = ?, tags = ?, permissions_boundary = ? WHERE role_id = ?',
    ).run(r.trustPolicy, r.description ?? null, r.maxSessionDuration, JSON.stringify(r.tags), r.permissionsBoundary ?? null, r.roleId);
  }

  async deleteRole(roleId: string): Promise<void> {
    this.st('DELETE FROM iam_roles WHERE role_id = ?').run(roleId);
  }

  async getInlinePolicy(ownerId: string, name: string): Promise<IamInlinePolicyRecord | undefined> {
    const r = this.st('SELECT * FROM iam_inline_policies WHERE owner_id = ? AND name = ?').get(ownerId, name) as Row | undefined;
    return r && { ownerId: r.owner_id, name: r.name, document: r.document };
  }

  async listInlinePolicies(ownerId: string): Promise<IamInlinePolicyRecord[]> {
    const rows = this.st('SELECT * FROM iam_inline_policies WHERE owner_id = ? ORDER BY name').all(ownerId) as Row[];
    return rows.map((r) => ({ ownerId: r.owner_id, name: r.name, document: r.document }));
  }

  async putInlinePolicy(p: IamInlinePolicyRecord): Promise<void> {
    this.st(
      `INSERT INTO iam_inline_policies (owner_id, name, document) VALUES (?, ?, ?)
       ON CONFLICT (owner_id, name) DO UPDATE SET document = excluded.document`,
    ).run(p.ownerId, p.name, p.document);
  }

  async deleteInlinePolicy(ownerId: string, name: string): Promise<void> {
    this.st('DELETE FROM iam_inline_policies WHERE owner_id = ? AND name = ?').run(ownerId, name);
  }

  async getManagedPolicy(arn: string): Promise<IamManagedPolicyRecord | undefined> {
    const r = this.st('SELECT * FROM iam_managed_policies WHERE arn = ?').get(arn) as Row | undefined;
    return r && policyFromRow(r);
  }

  async getManagedPolicyByName(accountId: string, name: string): Promise<IamManagedPolicyRecord | undefined> {
    const r = this.st('SELECT * FROM iam_managed_policies WHERE account_id = ? AND name = ? COLLATE NOCASE').get(accountId, name) as
      | Row
      | undefined;
    return r && policyFromRow(r);
  }

  async listManagedPolicies(accountId: string): Promise<IamManagedPolicyRecord[]> {
    const rows = this.st('SELECT * FROM iam_managed_policies WHERE account_id = ? ORDER BY name COLLATE NOCASE, name').all(
      accountId,
    ) as Row[];
    return rows.map(policyFromRow);
  }

  async insertManagedPolicy(p: IamManagedPolicyRecord): Promise<void> {
    this.st(
      `INSERT INTO iam_managed_policies (arn, account_id, name, path, policy_id, description, default_version_id,
         next_version, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      p.arn,
      p.accountId,
      p.name,
      p.path,
      p.policyId,
      p.description ?? null,
      p.defaultVersionId,
      p.nextVersion,
      JSON.stringify(p.tags),
      p.createdAt,
      p.updatedAt,
    );
  }

  async updateManagedPolicy(p: IamManagedPolicyRecord): Promise<void> {
    this.st(
      `UPDATE iam_managed_policies SET description = ?, default_version_id = ?, next_version = ?, tags = ?, updated_at = ?
       WHERE arn = ?`,
    ).run(p.description ?? null, p.defaultVersionId, p.nextVersion, JSON.stringify(p.tags), p.updatedAt, p.arn);
  }

  async deleteManagedPolicy(arn: string): Promise<void> {
    this.st('DELETE FROM iam_policy_versions WHERE policy_arn = ?').run(arn);
    this.st('DELETE FROM iam_attachments WHERE policy_arn = ?').run(arn);
    this.st('DELETE FROM iam_managed_policies WHERE arn = ?').run(arn);
  }

  async getPolicyVersion(policyArn: string, versionId: string): Promise<IamPolicyVersionRecord | undefined> {
    const r = this.st('SELECT * FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?').get(policyArn, versionId) as
      | Row
      | undefined;
    return r && versionFromRow(r);
  }

  async listPolicyVersions(policyArn: string): Promise<IamPolicyVersionRecord[]> {
    const rows = this.st('SELECT * FROM iam_policy_versions WHERE policy_arn = ? ORDER BY created_at, rowid').all(policyArn) as Row[];
    return rows.map(versionFromRow);
  }

  async insertPolicyVersion(v: IamPolicyVersionRecord): Promise<void> {
    this.st('INSERT INTO iam_policy_versions (policy_arn, version_id, document, created_at) VALUES (?, ?, ?, ?)').run(
      v.policyArn,
      v.versionId,
      v.document,
      v.createdAt,
    );
  }

  async deletePolicyVersion(policyArn: string, versionId: string): Promise<void> {
    this.st('DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?').run(policyArn, versionId);
  }

  async attachPolicy(ownerId: string, policyArn: string): Promise<void> {
    this.st('INSERT OR IGNORE INTO iam_attachments (owner_id, policy_arn) VALUES (?, ?)').run(ownerId, policyArn);
  }

  async detachPolicy(ownerId: string, policyArn: string): Promise<void> {
    this.st('DELETE FROM iam_attachments WHERE owner_id = ? AND policy_arn = ?').run(ownerId, policyArn);
  }

  async attachedPolicies(ownerId: string): Promise<string[]> {
    const rows = this.st('SELECT policy_arn FROM iam_attachments WHERE owner_id = ? ORDER BY policy_arn').all(ownerId) as {
      policy_arn: string;
    }[];
    return rows.map((r) => r.policy_arn);
  }

  async attachmentCount(policyArn: string): Promise<number> {
    const r = this.st('SELECT COUNT(*) AS n FROM iam_attachments WHERE policy_arn = ?').get(policyArn) as { n: number };
    return r.n;
  }

  async boundaryUsageCount(policyArn: string): Promise<number> {
    const r = this.st(
      `SELECT (SELECT COUNT(*) FROM principals WHERE permissions_boundary = ?)
            + (SELECT COUNT(*) FROM iam_roles WHERE permissions_boundary = ?) AS n`,
    ).get(policyArn, policyArn) as { n: number };
    return r.n;
  }
}
