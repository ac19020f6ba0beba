/**
 * Key policies. Every key has one: the document given to CreateKey or PutKeyPolicy, else the
 * default of its kind.
 * - Customer keys: AWS's default key policy, which gives the account (and so IAM) full access
 *   (AWS KMS Developer Guide, "Default key policy"; the document AWS returns is the one recorded
 *   in localstack's KMS snapshot, ReplicaPolicy of test_replicate_key).
 * - aws/secretsmanager: the policy AWS attaches to that AWS-managed key: use only through Secrets
 *   Manager (kms:ViaService) by principals of the key's account (kms:CallerAccount), and
 *   read-only access to the key's metadata for the account. This is what keeps the default key
 *   out of reach of other accounts.
 */
import { evaluate, parsePolicy, type Policy, type RequestPrincipal } from '../iam/policy/index.js';
import type { Caller } from '../operation/index.js';
import type { KmsKeyRecord } from '../store/index.js';
import { kmsErrors } from './kms-errors.js';

export const DEFAULT_POLICY_NAME = 'default';

export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });
}

export function secretsManagerKeyPolicy(accountId: string, region: string): string {
  const via = `secretsmanager.${region}.amazonaws.com`;
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'auto-secretsmanager-2',
    Statement: [
      {
        Sid: 'Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': via } },
      },
      {
        Sid: 'Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager (data keys)',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': accountId }, StringLike: { 'kms:ViaService': via } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  });
}

/** The key's policy document as GetKeyPolicy answers it. */
export function keyPolicyOf(key: KmsKeyRecord): string {
  if (key.policy !== undefined) return key.policy;
  return key.keyManager === 'AWS' ? secretsManagerKeyPolicy(key.accountId, key.region) : defaultKeyPolicy(key.accountId);
}

/** The principal of a caller as the evaluator sees it. */
export function principalOf(caller: Caller): RequestPrincipal {
  const arn = caller.arn;
  const type: RequestPrincipal['type'] =
    caller.type === 'Root' || arn.endsWith(':root')
      ? 'Root'
      : caller.type === 'AssumedRole' || arn.includes(':assumed-role/')
        ? 'AssumedRole'
        : 'User';
  return {
    arn,
    accountId: caller.accountId,
    type,
    userId: type === 'Root' ? caller.accountId : caller.principalId,
    ...(type === 'User' ? { userName: caller.userName } : {}),
  };
}

/** An identity policy that allows everything: the lockout check asks what the key policy alone permits. */
let allowAll: Policy | undefined;

/**
 * Validates a key policy for CreateKey or PutKeyPolicy: the grammar (MalformedPolicyDocumentException
 * with KMS's texts, from the policy evaluator) and, unless `bypassLockoutCheck`, AWS's policy
 * lockout safety check: the caller must still be allowed to call PutKeyPolicy on the key under
 * the new policy (a grant to the account root delegates to IAM, which counts). The message is
 * the one AWS answers (KMS API reference, PutKeyPolicy, BypassPolicyLockoutSafetyCheck).
 */
export function checkKeyPolicy(text: string, caller: Caller, keyArn: string, keyAccount: string, bypassLockoutCheck: boolean): Policy {
  const policy = parsePolicy(text, 'key');
  if (bypassLockoutCheck) return policy;
  allowAll ??= parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity');
  const decision = evaluate({
    principal: principalOf(caller),
    action: 'kms:PutKeyPolicy',
    resource: keyArn,
    resourceAccount: keyAccount,
    keyPolicy: policy,
    identityPolicies: [allowAll],
  });
  if (decision.decision !== 'Allow') {
    throw kmsErrors.malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
  }
  return policy;
}
