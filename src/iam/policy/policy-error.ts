/**
 * The error a malformed policy document raises, with the service's code and message.
 *
 * Codes (from the service models in /work/shared/reference): IAM and STS answer
 * `MalformedPolicyDocument`; Secrets Manager and KMS `MalformedPolicyDocumentException`.
 *
 * Messages, by the service that reads the document (IAM texts for identity, session and trust
 * policies; Secrets Manager for secret resource policies; KMS for key policies):
 * - IAM texts and the order in which IAM checks are those recorded against AWS in moto's
 *   tests/test_iam/test_iam_policies.py (getmoto/moto): "Syntax errors in policy.", "Policy
 *   document must be version 2012-10-17 or greater.", "The policy failed legacy parsing",
 *   "Statement IDs (SID) in a single policy must be unique.", "Policy statement must contain
 *   actions.", "Policy statement must contain resources.", the Resource format texts and the
 *   Action vendor texts (see resource-format.ts).
 * - "Policy document should not specify a principal.": PutRolePolicy with a Principal
 *   (hashicorp/terraform#13449, hashicorp/terraform-provider-aws#10419).
 * - `Invalid principal in policy: "AWS":"arn:aws:iam::...:role/x"`: UpdateAssumeRolePolicy
 *   (aws-actions/configure-aws-credentials#332, databrickslabs/ucx#2269).
 * - "Has prohibited field Resource": IAM's wording for an element a policy type forbids (the
 *   IAM console's "Has prohibited field Principal", hashicorp/terraform#4730).
 * - "Missing required field Principal": S3's text for a resource policy without Principal
 *   (humanmade/S3-Uploads#191, jschneier/django-storages#876); Secrets Manager's own text for this
 *   case is not on record, so the same words are used.
 * - Secrets Manager: "This policy has invalid syntax." (PutResourcePolicy with Version
 *   "2019-10-19", awsdocs/aws-cloudformation-user-guide#623) for every syntax-level error.
 * - KMS: "Policy contains a statement with one or more invalid principals."
 *   (LBHackney-IT/Data-Platform#2238, cookiecutter-openedx#62). KMS once answered malformed
 *   documents with an empty message (aws/aws-sdk-ruby#1784); Coffer uses the Secrets Manager
 *   syntax text instead, which is not verified for KMS.
 */
import { AwsError } from '../../errors/index.js';
import type { PolicyKind } from './policy-types.js';

export type PolicyErrorReason =
  | 'syntax'
  | 'version'
  | 'legacy'
  | 'duplicate-sid'
  | 'no-actions'
  | 'no-resources'
  | 'resource-format'
  | 'action-format'
  | 'principal-prohibited'
  | 'principal-missing'
  | 'principal-invalid'
  | 'resource-prohibited';

type Dialect = 'iam' | 'secretsmanager' | 'kms';

const dialectOf = (kind: PolicyKind): Dialect => (kind === 'resource' ? 'secretsmanager' : kind === 'key' ? 'kms' : 'iam');

const SYNTAX: Record<Dialect, string> = {
  iam: 'Syntax errors in policy.',
  secretsmanager: 'This policy has invalid syntax.',
  kms: 'This policy has invalid syntax.',
};

/** The message for a reason; `detail` is the offending text where the message names it. */
export function policyErrorMessage(kind: PolicyKind, reason: PolicyErrorReason, detail = ''): string {
  const dialect = dialectOf(kind);
  switch (reason) {
    case 'syntax':
      return SYNTAX[dialect];
    case 'version':
      return 'Policy document must be version 2012-10-17 or greater.';
    case 'legacy':
      return dialect === 'iam' ? 'The policy failed legacy parsing' : SYNTAX[dialect];
    case 'duplicate-sid':
      return 'Statement IDs (SID) in a single policy must be unique.';
    case 'no-actions':
      return 'Policy statement must contain actions.';
    case 'no-resources':
      return 'Policy statement must contain resources.';
    case 'resource-format':
    case 'action-format':
      return detail;
    case 'principal-prohibited':
      return 'Policy document should not specify a principal.';
    case 'principal-missing':
      return 'Missing required field Principal';
    case 'principal-invalid':
      return dialect === 'kms' ? 'Policy contains a statement with one or more invalid principals.' : `Invalid principal in policy: ${detail}`;
    case 'resource-prohibited':
      return 'Has prohibited field Resource';
  }
}

/** A malformed policy document: `code` is the service's error code, `reason` the check that failed. */
export class PolicyError extends AwsError {
  readonly reason: PolicyErrorReason;
  readonly kind: PolicyKind;

  constructor(kind: PolicyKind, reason: PolicyErrorReason, detail?: string) {
    const dialect = dialectOf(kind);
    super(dialect === 'iam' ? 'MalformedPolicyDocument' : 'MalformedPolicyDocumentException', policyErrorMessage(kind, reason, detail));
    this.reason = reason;
    this.kind = kind;
  }
}
