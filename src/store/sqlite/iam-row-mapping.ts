import type { IamGroupRecord, IamManagedPolicyRecord, IamPolicyVersionRecord, IamRoleRecord, IamUserRecord } from '../iam-port.js';
import type { Tag } from '../records.js';

/** Conversions from the SQLite rows of the IAM tables to records: NULL columns become absent members. */

export type Row = Record<string, any>;

export function userFromRow(r: Row): IamUserRecord {
  const user: IamUserRecord = {
    arn: r.arn,
    accountId: r.account_id,
    type: r.type,
    name: r.name,
    principalId: r.principal_id,
    isAccountAdmin: r.is_account_admin === 1,
    createdAt: r.created_at,
    path: r.path,
    tags: JSON.parse(r.tags) as Tag[],
  };
  if (r.permissions_boundary != null) user.permissionsBoundary = r.permissions_boundary;
  return user;
}

export function groupFromRow(r: Row): IamGroupRecord {
  return { groupId: r.group_id, accountId: r.account_id, name: r.name, path: r.path, arn: r.arn, createdAt: r.created_at };
}

export function roleFromRow(r: Row): IamRoleRecord {
  const role: IamRoleRecord = {
    roleId: r.role_id,
    accountId: r.account_id,
    name: r.name,
    path: r.path,
    arn: r.arn,
    trustPolicy: r.trust_policy,
    maxSessionDuration: r.max_session_duration,
    tags: JSON.parse(r.tags) as Tag[],
    createdAt: r.created_at,
  };
  if (r.description !== null) role.description = r.description;
  if (r.permissions_boundary != null) role.permissionsBoundary = r.permissions_boundary;
  return role;
}

export function policyFromRow(r: Row): IamManagedPolicyRecord {
  const p: IamManagedPolicyRecord = {
    arn: r.arn,
    accountId: r.account_id,
    name: r.name,
    path: r.path,
    policyId: r.policy_id,
    defaultVersionId: r.default_version_id,
    nextVersion: r.next_version,
    tags: JSON.parse(r.tags) as Tag[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.description !== null) p.description = r.description;
  return p;
}

export const versionFromRow = (r: Row): IamPolicyVersionRecord => ({
  policyArn: r.policy_arn,
  versionId: r.version_id,
  document: r.document,
  createdAt: r.created_at,
});
