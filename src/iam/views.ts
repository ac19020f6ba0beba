/** The IAM output structures (model shapes User, Group, Role, Policy, Tag) from records. */
import type { IamGroupRecord, IamManagedPolicyRecord, IamRoleRecord, IamUserRecord, Tag } from '../store/index.js';
import { encodePolicyDocument } from './policy-documents.js';

const tagsOrNothing = (tags: Tag[]) => (tags.length > 0 ? { Tags: tags } : {});

/** AttachedPermissionsBoundary: the type is always `Policy` (awsdocs/iam-user-guide#82, GetRole as recorded). */
const boundaryOrNothing = (arn: string | undefined) =>
  arn === undefined ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } };

/**
 * User; Tags and PermissionsBoundary appear in GetUser and CreateUser, not in ListUsers ("This
 * operation does not return the following attributes ...: PermissionsBoundary, Tags", IAM API
 * Reference, ListUsers).
 */
export function userView(u: IamUserRecord, detail: boolean): Record<string, unknown> {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.principalId,
    Arn: u.arn,
    CreateDate: new Date(u.createdAt),
    ...(detail ? boundaryOrNothing(u.permissionsBoundary) : {}),
    ...(detail ? tagsOrNothing(u.tags) : {}),
  };
}

export function groupView(g: IamGroupRecord): Record<string, unknown> {
  return { Path: g.path, GroupName: g.name, GroupId: g.groupId, Arn: g.arn, CreateDate: new Date(g.createdAt) };
}

/** Role as CreateRole and GetRole answer it (trust policy URL-encoded). */
export function roleView(r: IamRoleRecord, detail: boolean): Record<string, unknown> {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: new Date(r.createdAt),
    AssumeRolePolicyDocument: encodePolicyDocument(r.trustPolicy),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    MaxSessionDuration: r.maxSessionDuration,
    ...boundaryOrNothing(r.permissionsBoundary),
    ...tagsOrNothing(r.tags),
    ...(detail ? { RoleLastUsed: {} } : {}),
  };
}

/** Policy; `boundaryUses`: how many users and roles have it as their permissions boundary. */
export function policyView(p: IamManagedPolicyRecord, attachments: number, detail: boolean, boundaryUses = 0): Record<string, unknown> {
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: boundaryUses,
    IsAttachable: true,
    ...(detail && p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: new Date(p.createdAt),
    UpdateDate: new Date(p.updatedAt),
    ...tagsOrNothing(p.tags),
  };
}
