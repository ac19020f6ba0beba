/**
 * IAM's part of the persistence port: users (the `principals` rows, with path and tags), groups and
 * memberships, roles with their trust policy, inline policies, customer managed policies and
 * their versions, and attachments of managed policies to users, groups and roles.
 *
 * Children are keyed by the owner's stable unique id (AIDA... user, AGPA... group, AROA... role),
 * as IAM does, so that a name reused after a delete never inherits anything.
 * Names are unique per account without regard to case ("Names are not distinguished by case").
 * A user or role may name a managed policy as its permissions boundary (by ARN).
 */
import type { PrincipalRecord, Tag } from './records.js';

/** An IAM user: a principal row with the IAM-only columns. */
export interface IamUserRecord extends PrincipalRecord {
  path: string;
  tags: Tag[];
  /** ARN of the managed policy set as the user's permissions boundary, if any. */
  permissionsBoundary?: string;
}

export interface IamGroupRecord {
  groupId: string;
  accountId: string;
  name: string;
  path: string;
  arn: string;
  createdAt: number;
}

export interface IamRoleRecord {
  roleId: string;
  accountId: string;
  name: string;
  path: string;
  arn: string;
  /** The trust (assume-role) policy, exactly as given. */
  trustPolicy: string;
  description?: string;
  /** Seconds, 3600..43200. */
  maxSessionDuration: number;
  tags: Tag[];
  createdAt: number;
  /** ARN of the managed policy set as the role's permissions boundary, if any. */
  permissionsBoundary?: string;
}

export interface IamInlinePolicyRecord {
  /** AIDA... / AGPA... / AROA... */
  ownerId: string;
  name: string;
  /** The document exactly as given. */
  document: string;
}

export interface IamManagedPolicyRecord {
  arn: string;
  accountId: string;
  name: string;
  path: string;
  policyId: string;
  description?: string;
  defaultVersionId: string;
  /** Number of the next version (v2, v3, ...): version ids are never reused. */
  nextVersion: number;
  tags: Tag[];
  createdAt: number;
  updatedAt: number;
}

export interface IamPolicyVersionRecord {
  policyArn: string;
  versionId: string;
  document: string;
  createdAt: number;
}

export type IamOwnerKind = 'user' | 'group' | 'role';

export interface IamTx {
  getUser(accountId: string, name: string): Promise<IamUserRecord | undefined>;
  getUserByArn(arn: string): Promise<IamUserRecord | undefined>;
  /** Users of an account in name order. */
  listUsers(accountId: string): Promise<IamUserRecord[]>;
  insertUser(u: IamUserRecord): Promise<void>;
  setUserTags(principalId: string, tags: Tag[]): Promise<void>;
  /** Sets (an ARN) or removes (undefined) the user's permissions boundary. */
  setUserPermissionsBoundary(principalId: string, policyArn: string | undefined): Promise<void>;
  deleteUser(principalId: string): Promise<void>;

  listAccessKeyIds(principalArn: string): Promise<string[]>;
  setAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void>;

  getGroup(accountId: string, name: string): Promise<IamGroupRecord | undefined>;
  listGroups(accountId: string): Promise<IamGroupRecord[]>;
  insertGroup(g: IamGroupRecord): Promise<void>;
  deleteGroup(groupId: string): Promise<void>;
  addMember(groupId: string, userId: string): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<void>;
  groupsOfUser(userId: string): Promise<IamGroupRecord[]>;
  membersOfGroup(groupId: string): Promise<IamUserRecord[]>;

  getRole(accountId: string, name: string): Promise<IamRoleRecord | undefined>;
  getRoleById(roleId: string): Promise<IamRoleRecord | undefined>;
  listRoles(accountId: string): Promise<IamRoleRecord[]>;
  insertRole(r: IamRoleRecord): Promise<void>;
  /** Replaces the mutable columns (trust policy, description, max session duration, tags, permissions boundary). */
  updateRole(r: IamRoleRecord): Promise<void>;
  deleteRole(roleId: string): Promise<void>;

  getInlinePolicy(ownerId: string, name: string): Promise<IamInlinePolicyRecord | undefined>;
  /** Inline policies of an owner in name order. */
  listInlinePolicies(ownerId: string): Promise<IamInlinePolicyRecord[]>;
  /** Inserts or replaces. */
  putInlinePolicy(p: IamInlinePolicyRecord): Promise<void>;
  deleteInlinePolicy(ownerId: string, name: string): Promise<void>;

  getManagedPolicy(arn: string): Promise<IamManagedPolicyRecord | undefined>;
  getManagedPolicyByName(accountId: string, name: string): Promise<IamManagedPolicyRecord | undefined>;
  listManagedPolicies(accountId: string): Promise<IamManagedPolicyRecord[]>;
  insertManagedPolicy(p: IamManagedPolicyRecord): Promise<void>;
  updateManagedPolicy(p: IamManagedPolicyRecord): Promise<void>;
  /** Deletes the policy and all its versions. */
  deleteManagedPolicy(arn: string): Promise<void>;
  getPolicyVersion(policyArn: string, versionId: string): Promise<IamPolicyVersionRecord | undefined>;
  /** Versions of a policy, oldest first. */
  listPolicyVersions(policyArn: string): Promise<IamPolicyVersionRecord[]>;
  insertPolicyVersion(v: IamPolicyVersionRecord): Promise<void>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>;

  /** Attaches (no-op when already attached). */
  attachPolicy(ownerId: string, policyArn: string): Promise<void>;
  detachPolicy(ownerId: string, policyArn: string): Promise<void>;
  /** ARNs of the managed policies attached to an owner, in ARN order. */
  attachedPolicies(ownerId: string): Promise<string[]>;
  /** How many users, groups and roles a policy is attached to. */
  attachmentCount(policyArn: string): Promise<number>;
  /** How many users and roles have a policy as their permissions boundary. */
  boundaryUsageCount(policyArn: string): Promise<number>;
}
