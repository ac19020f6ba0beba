/**
 * Managed policies as an account sees them: its own customer managed policies (the store) and
 * the AWS managed policies of the built-in catalogue (aws-managed-policies/), which every account
 * shares and nobody can change. Every handler that looks a managed policy up by ARN (GetPolicy,
 * the version operations, attachments, permissions boundaries, session policies, the identity
 * loader, the simulator) goes through here, so an AWS managed policy works wherever a customer
 * managed one does, and an `arn:aws:iam::aws:policy/...` ARN that is not in the catalogue is
 * missing exactly as a customer managed policy that does not exist.
 */
import type { IamManagedPolicyRecord, IamPolicyVersionRecord, StoreTx } from '../store/index.js';
import { AWS_MANAGED_ACCOUNT, awsManagedPolicies, awsManagedPolicy, isAwsManagedPolicyArn } from './aws-managed-policies/catalogue.js';

export { isAwsManagedPolicyArn };

/** An AWS managed policy record (from the catalogue). */
export const isAwsManaged = (p: IamManagedPolicyRecord): boolean => p.accountId === AWS_MANAGED_ACCOUNT;

/**
 * The managed policy with this ARN, whichever account it is in (the catalogue's for
 * `arn:aws:iam::aws:policy/...`, never the store's).
 */
export async function findManagedPolicy(tx: StoreTx, arn: string): Promise<IamManagedPolicyRecord | undefined> {
  if (isAwsManagedPolicyArn(arn)) return awsManagedPolicy(arn)?.record;
  return tx.iam.getManagedPolicy(arn);
}

/** The managed policy with this ARN if the account may use it: its own, or an AWS managed one. */
export async function findUsableManagedPolicy(tx: StoreTx, accountId: string, arn: string): Promise<IamManagedPolicyRecord | undefined> {
  const p = await findManagedPolicy(tx, arn);
  return p && (p.accountId === accountId || isAwsManaged(p)) ? p : undefined;
}

export async function findPolicyVersion(tx: StoreTx, p: IamManagedPolicyRecord, versionId: string): Promise<IamPolicyVersionRecord | undefined> {
  if (isAwsManaged(p)) {
    const v = awsManagedPolicy(p.arn)?.version;
    return v?.versionId === versionId ? v : undefined;
  }
  return tx.iam.getPolicyVersion(p.arn, versionId);
}

/** Versions of a policy, oldest first. */
export async function listPolicyVersions(tx: StoreTx, p: IamManagedPolicyRecord): Promise<IamPolicyVersionRecord[]> {
  if (isAwsManaged(p)) {
    const v = awsManagedPolicy(p.arn)?.version;
    return v ? [v] : [];
  }
  return tx.iam.listPolicyVersions(p.arn);
}

/** The default version's document of the managed policy with this ARN, or undefined when there is none. */
export async function defaultPolicyDocument(tx: StoreTx, arn: string): Promise<string | undefined> {
  const p = await findManagedPolicy(tx, arn);
  return p && (await findPolicyVersion(tx, p, p.defaultVersionId))?.document;
}

/** The AWS managed policies of the catalogue, in name order. */
export function listAwsManagedPolicies(): IamManagedPolicyRecord[] {
  return awsManagedPolicies().map((p) => p.record);
}

export interface PolicyUsage {
  /** Users, groups and roles it is attached to (AttachmentCount). */
  attachments: number;
  /** Users and roles that have it as their permissions boundary (PermissionsBoundaryUsageCount). */
  boundaryUses: number;
}

/**
 * Counts the uses of policies within one account. A customer managed policy is used only in its
 * own account, so the store's counts are the account's. An AWS managed policy is shared: its
 * counts are those of the calling account (in AWS, AttachmentCount of an AWS managed policy is
 * what the calling account has attached), found by walking the account's users, groups and roles
 * once per call: one query per entity, which keeps the store's port unchanged.
 */
export class PolicyUsageCounter {
  private awsUsage?: Promise<Map<string, PolicyUsage>>;

  constructor(
    private readonly tx: StoreTx,
    private readonly accountId: string,
  ) {}

  async usage(p: IamManagedPolicyRecord): Promise<PolicyUsage> {
    if (!isAwsManaged(p)) {
      return { attachments: await this.tx.iam.attachmentCount(p.arn), boundaryUses: await this.tx.iam.boundaryUsageCount(p.arn) };
    }
    this.awsUsage ??= this.countAwsManaged();
    return (await this.awsUsage).get(p.arn) ?? { attachments: 0, boundaryUses: 0 };
  }

  private async countAwsManaged(): Promise<Map<string, PolicyUsage>> {
    const counts = new Map<string, PolicyUsage>();
    const entry = (arn: string): PolicyUsage => {
      let c = counts.get(arn);
      if (!c) counts.set(arn, (c = { attachments: 0, boundaryUses: 0 }));
      return c;
    };
    const iam = this.tx.iam;
    const owners: { id: string; boundary?: string }[] = [
      ...(await iam.listUsers(this.accountId)).map((u) => ({ id: u.principalId, ...(u.permissionsBoundary ? { boundary: u.permissionsBoundary } : {}) })),
      ...(await iam.listGroups(this.accountId)).map((g) => ({ id: g.groupId })),
      ...(await iam.listRoles(this.accountId)).map((r) => ({ id: r.roleId, ...(r.permissionsBoundary ? { boundary: r.permissionsBoundary } : {}) })),
    ];
    for (const o of owners) {
      for (const arn of await iam.attachedPolicies(o.id)) if (isAwsManagedPolicyArn(arn)) entry(arn).attachments++;
      if (o.boundary !== undefined && isAwsManagedPolicyArn(o.boundary)) entry(o.boundary).boundaryUses++;
    }
    return counts;
  }
}
