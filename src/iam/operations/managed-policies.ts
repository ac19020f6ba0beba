/**
 * Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, and their versions:
 * CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion,
 * SetDefaultPolicyVersion. Documents are checked with the evaluator's parser (managed policies
 * must say Version 2012-10-17).
 *
 * The reads answer the account's customer managed policies and the AWS managed policies of the
 * built-in catalogue (../managed-policies.ts); the writes change customer managed policies only:
 * on an AWS managed policy they are refused (requireChangeablePolicy) and change nothing.
 */
import type { Operation } from '../../operation/index.js';
import type { IamManagedPolicyRecord, IamPolicyVersionRecord, StoreTx, Tag } from '../../store/index.js';
import { requireChangeablePolicy, requireManagedPolicy } from '../entities.js';
import { iamErrors } from '../iam-errors.js';
import { iamArn, uniqueId } from '../iam-ids.js';
import { iamOperation, resourceArn, type IamDeps } from '../iam-operation.js';
import { findPolicyVersion, isAwsManaged, listAwsManagedPolicies, listPolicyVersions, PolicyUsageCounter } from '../managed-policies.js';
import { page, withPathPrefix } from '../paging.js';
import { checkPolicyDocument, encodePolicyDocument, policySize } from '../policy-documents.js';
import { mergeTags } from '../tags.js';
import { policyView } from '../views.js';

/** IAM's quotas: managed policy size (characters without white space) and versions kept. */
export const MANAGED_POLICY_SIZE = 6144;
export const MAX_POLICY_VERSIONS = 5;

interface Paging {
  Marker?: string;
  MaxItems?: number;
}

function checkManagedDocument(text: string): void {
  checkPolicyDocument(text, 'identity', true);
  // IAM's text, as users quote it ("LimitExceeded: Cannot exceed quota for PolicySize: 6144").
  if (policySize(text) > MANAGED_POLICY_SIZE) throw iamErrors.limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE}`);
}

function versionView(v: IamPolicyVersionRecord, p: IamManagedPolicyRecord, withDocument: boolean): Record<string, unknown> {
  return {
    ...(withDocument ? { Document: encodePolicyDocument(v.document) } : {}),
    VersionId: v.versionId,
    IsDefaultVersion: v.versionId === p.defaultVersionId,
    CreateDate: new Date(v.createdAt),
  };
}

async function requireVersion(tx: StoreTx, p: IamManagedPolicyRecord, versionId: string): Promise<IamPolicyVersionRecord> {
  const v = await findPolicyVersion(tx, p, versionId);
  if (!v) throw iamErrors.noSuchEntity(`Policy ${p.arn} version ${versionId} does not exist or is not attachable.`);
  return v;
}

const byArn = (i: { PolicyArn: string }) => i.PolicyArn;

export function managedPolicyOperations({ store }: IamDeps): Operation[] {
  /** DeletePolicyVersion / SetDefaultPolicyVersion: look up the policy and the version, then change it. */
  const policyVersionChange = (
    name: string,
    change: (tx: StoreTx, p: IamManagedPolicyRecord, versionId: string, now: number) => Promise<void>,
  ) =>
    iamOperation<{ PolicyArn: string; VersionId: string }>({
      name,
      readOnly: false,
      resource: byArn,
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const p = await requireChangeablePolicy(tx, ctx.caller, name, i.PolicyArn);
          await requireVersion(tx, p, i.VersionId);
          await change(tx, p, i.VersionId, ctx.now);
          return {};
        }),
    });
  return [
    iamOperation<{ PolicyName: string; Path?: string; PolicyDocument: string; Description?: string; Tags?: Tag[] }>({
      name: 'CreatePolicy',
      readOnly: false,
      resource: (i, c) => resourceArn(c, 'policy', i.PolicyName),
      handler: async (ctx, i) => {
        checkManagedDocument(i.PolicyDocument);
        return store.write(async (tx) => {
          const accountId = ctx.caller.accountId;
          if (await tx.iam.getManagedPolicyByName(accountId, i.PolicyName)) {
            throw iamErrors.alreadyExists(`A policy called ${i.PolicyName} already exists. Duplicate names are not allowed.`);
          }
          const path = i.Path ?? '/';
          const policy: IamManagedPolicyRecord = {
            arn: iamArn(accountId, 'policy', path, i.PolicyName),
            accountId,
            name: i.PolicyName,
            path,
            policyId: uniqueId('ANPA'),
            ...(i.Description !== undefined ? { description: i.Description } : {}),
            defaultVersionId: 'v1',
            nextVersion: 2,
            tags: mergeTags([], i.Tags ?? [], 'Policy'),
            createdAt: ctx.now,
            updatedAt: ctx.now,
          };
          await tx.iam.insertManagedPolicy(policy);
          await tx.iam.insertPolicyVersion({ policyArn: policy.arn, versionId: 'v1', document: i.PolicyDocument, createdAt: ctx.now });
          return { Policy: policyView(policy, 0, true) };
        });
      },
    }),
    iamOperation<{ PolicyArn: string }>({
      name: 'GetPolicy',
      readOnly: true,
      resource: byArn,
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const p = await requireManagedPolicy(tx, ctx.caller.accountId, i.PolicyArn);
          const use = await new PolicyUsageCounter(tx, ctx.caller.accountId).usage(p);
          const view = policyView(p, use.attachments, true, use.boundaryUses);
          // GetPolicy of an AWS managed policy carries an empty Tags list (localstack's snapshot
          // test_get_aws_managed_policy, recorded against AWS).
          return { Policy: isAwsManaged(p) ? { ...view, Tags: [] } : view };
        }),
    }),
    iamOperation<{ Scope?: string; OnlyAttached?: boolean; PathPrefix?: string; PolicyUsageFilter?: string } & Paging>({
      name: 'ListPolicies',
      readOnly: true,
      resource: () => undefined,
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          // Scope: "To list only AWS managed policies, set Scope to AWS. To list only the customer
          // managed policies in your AWS account, set Scope to Local. This parameter is optional.
          // If it is not included, or if it is set to All, all policies are returned." (IAM API
          // Reference, ListPolicies). (unverified) AWS's order: Coffer answers the AWS managed ones
          // first, in name order, then the account's, in name order.
          const scope = i.Scope ?? 'All';
          const aws = scope === 'Local' ? [] : listAwsManagedPolicies();
          const local = scope === 'AWS' ? [] : await tx.iam.listManagedPolicies(ctx.caller.accountId);
          const all = withPathPrefix([...aws, ...local], i.PathPrefix);
          const counter = new PolicyUsageCounter(tx, ctx.caller.accountId);
          const rows = [];
          for (const p of all) {
            const { attachments: n, boundaryUses: uses } = await counter.usage(p);
            if (i.OnlyAttached && n === 0) continue;
            // PolicyUsageFilter: "To list only the policies used to set permissions boundaries, set the
            // value to PermissionsBoundary" (IAM API Reference, ListPolicies); (unverified) that
            // PermissionsPolicy keeps the policies attached as permissions policies.
            if (i.PolicyUsageFilter === 'PermissionsBoundary' && uses === 0) continue;
            if (i.PolicyUsageFilter === 'PermissionsPolicy' && n === 0) continue;
            rows.push(policyView({ ...p, tags: [] }, n, false, uses));
          }
          const pg = page(rows, i.Marker, i.MaxItems);
          return { Policies: pg.items, IsTruncated: pg.IsTruncated, Marker: pg.Marker };
        }),
    }),
    iamOperation<{ PolicyArn: string }>({
      name: 'DeletePolicy',
      readOnly: false,
      resource: byArn,
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const p = await requireChangeablePolicy(tx, ctx.caller, 'DeletePolicy', i.PolicyArn);
          // A policy in use as a permissions boundary is "attached" too: IAM refuses with the same
          // DeleteConflict (gruntwork-io/cloud-nuke#972, as AWS answers).
          if ((await tx.iam.attachmentCount(p.arn)) + (await tx.iam.boundaryUsageCount(p.arn)) > 0) {
            throw iamErrors.deleteConflict('Cannot delete a policy attached to entities.');
          }
          if ((await tx.iam.listPolicyVersions(p.arn)).length > 1) {
            // IAM's text, as botocore's DeleteConflictException quotes it in users' reports.
            throw iamErrors.deleteConflict(
              "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
            );
          }
          await tx.iam.deleteManagedPolicy(p.arn);
          return {};
        }),
    }),
    iamOperation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }>({
      name: 'CreatePolicyVersion',
      readOnly: false,
      resource: byArn,
      handler: async (ctx, i) => {
        checkManagedDocument(i.PolicyDocument);
        return store.write(async (tx) => {
          const p = await requireChangeablePolicy(tx, ctx.caller, 'CreatePolicyVersion', i.PolicyArn);
          if ((await tx.iam.listPolicyVersions(p.arn)).length >= MAX_POLICY_VERSIONS) {
            // IAM's text (LimitExceeded, as moto and users' reports give it).
            throw iamErrors.limitExceeded(
              `A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
            );
          }
          const v = { policyArn: p.arn, versionId: `v${p.nextVersion}`, document: i.PolicyDocument, createdAt: ctx.now };
          await tx.iam.insertPolicyVersion(v);
          const updated = { ...p, nextVersion: p.nextVersion + 1, updatedAt: ctx.now, ...(i.SetAsDefault ? { defaultVersionId: v.versionId } : {}) };
          await tx.iam.updateManagedPolicy(updated);
          return { PolicyVersion: versionView(v, updated, false) };
        });
      },
    }),
    iamOperation<{ PolicyArn: string; VersionId: string }>({
      name: 'GetPolicyVersion',
      readOnly: true,
      resource: byArn,
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const p = await requireManagedPolicy(tx, ctx.caller.accountId, i.PolicyArn);
          return { PolicyVersion: versionView(await requireVersion(tx, p, i.VersionId), p, true) };
        }),
    }),
    iamOperation<{ PolicyArn: string } & Paging>({
      name: 'ListPolicyVersions',
      readOnly: true,
      resource: byArn,
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const p = await requireManagedPolicy(tx, ctx.caller.accountId, i.PolicyArn);
          const versions = (await listPolicyVersions(tx, p)).reverse().map((v) => versionView(v, p, false));
          const pg = page(versions, i.Marker, i.MaxItems);
          return { Versions: pg.items, IsTruncated: pg.IsTruncated, Marker: pg.Marker };
        }),
    }),
    policyVersionChange('DeletePolicyVersion', async (tx, p, versionId) => {
      // (unverified) IAM's text
      if (versionId === p.defaultVersionId) throw iamErrors.deleteConflict('Cannot delete the default version of a policy.');
      await tx.iam.deletePolicyVersion(p.arn, versionId);
    }),
    policyVersionChange('SetDefaultPolicyVersion', (tx, p, versionId, now) =>
      tx.iam.updateManagedPolicy({ ...p, defaultVersionId: versionId, updatedAt: now }),
    ),
  ];
}
