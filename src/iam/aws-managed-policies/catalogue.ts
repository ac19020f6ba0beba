/**
 * The built-in catalogue of AWS managed policies: present in every deployment, shared by every
 * account, read-only (IAM User Guide, "AWS managed policies": "You cannot change the permissions
 * defined in AWS managed policies"). The data are AWS's published reference pages
 * (data/*.json; README.md in this folder says where each field comes from).
 *
 * A policy here has the shape of a customer managed policy's record (`accountId` is `aws`, as in
 * its ARN `arn:aws:iam::aws:policy/<path><name>`) and one version, its default, so the handlers
 * can answer it with the same views.
 */
import type { IamManagedPolicyRecord, IamPolicyVersionRecord } from '../../store/index.js';
import AdministratorAccess from './data/AdministratorAccess.json' with { type: 'json' };
import AWSKeyManagementServicePowerUser from './data/AWSKeyManagementServicePowerUser.json' with { type: 'json' };
import IAMFullAccess from './data/IAMFullAccess.json' with { type: 'json' };
import IAMReadOnlyAccess from './data/IAMReadOnlyAccess.json' with { type: 'json' };
import SecretsManagerReadWrite from './data/SecretsManagerReadWrite.json' with { type: 'json' };

/** The account part of AWS managed policies' ARNs. */
export const AWS_MANAGED_ACCOUNT = 'aws';
const AWS_MANAGED_POLICY_ARN_PREFIX = 'arn:aws:iam::aws:policy/';

/** One data file, as published. */
export interface AwsManagedPolicySource {
  '//': string[];
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description: string;
  DefaultVersionId: string;
  CreateDate: string;
  UpdateDate: string;
  Document: unknown;
}

export interface AwsManagedPolicy {
  record: IamManagedPolicyRecord;
  /** The default version, the only one kept. */
  version: IamPolicyVersionRecord;
  source: AwsManagedPolicySource;
}

/** The published files, in name order (the order ListPolicies answers them in). */
export const AWS_MANAGED_POLICY_SOURCES: readonly AwsManagedPolicySource[] = [
  AdministratorAccess,
  AWSKeyManagementServicePowerUser,
  IAMFullAccess,
  IAMReadOnlyAccess,
  SecretsManagerReadWrite,
];

function load(s: AwsManagedPolicySource): AwsManagedPolicy {
  const createdAt = Date.parse(s.CreateDate);
  const updatedAt = Date.parse(s.UpdateDate);
  if (s.Arn !== `${AWS_MANAGED_POLICY_ARN_PREFIX}${s.Path.slice(1)}${s.PolicyName}` || Number.isNaN(createdAt) || Number.isNaN(updatedAt)) {
    throw new Error(`AWS managed policy catalogue: ${s.PolicyName} is inconsistent`);
  }
  const record: IamManagedPolicyRecord = {
    arn: s.Arn,
    accountId: AWS_MANAGED_ACCOUNT,
    name: s.PolicyName,
    path: s.Path,
    policyId: s.PolicyId,
    description: s.Description,
    defaultVersionId: s.DefaultVersionId,
    nextVersion: Number(s.DefaultVersionId.slice(1)) + 1,
    tags: [],
    createdAt,
    updatedAt,
  };
  // (unverified) the white space of the text AWS answers (URL-encoded); the AWS CLI and boto3
  // decode it to the same JSON either way.
  const document = JSON.stringify(s.Document, null, 4);
  return { record, version: { policyArn: s.Arn, versionId: s.DefaultVersionId, document, createdAt: updatedAt }, source: s };
}

const CATALOGUE: readonly AwsManagedPolicy[] = AWS_MANAGED_POLICY_SOURCES.map(load);
const BY_ARN = new Map(CATALOGUE.map((p) => [p.record.arn, p]));

/** Every AWS managed policy of the catalogue, in name order. */
export function awsManagedPolicies(): readonly AwsManagedPolicy[] {
  return CATALOGUE;
}

/** The AWS managed policy with this ARN, or undefined (also for a made-up `arn:aws:iam::aws:policy/...`). */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return BY_ARN.get(arn);
}

/** Whether the ARN names an AWS managed policy (one that exists or not). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return arn.startsWith(AWS_MANAGED_POLICY_ARN_PREFIX);
}
