/**
 * Policy documents as IAM keeps them: validated with the policy evaluator's parser (the same
 * grammar and AWS error texts the evaluator uses), stored exactly as given, and returned
 * URL-encoded (RFC 3986), as IAM returns every `policyDocumentType` member (botocore's
 * json_decode_policies and the AWS CLI decode them; the JS SDK hands the encoded text over).
 */
import { AwsError } from '../errors/index.js';
import { parsePolicy, PolicyCache, type Policy, type PolicyKind } from './policy/index.js';

/** Compiled policies shared by the IAM and STS handlers. */
export const policyCache = new PolicyCache(2000);

/**
 * Checks a document of the given kind (identity: inline and managed policies; trust: a role's
 * assume-role policy; session: AssumeRole's Policy); throws MalformedPolicyDocument as IAM does.
 * `managed`: CreatePolicy / CreatePolicyVersion, which require Version 2012-10-17.
 */
export function checkPolicyDocument(text: string, kind: PolicyKind, managed = false): Policy {
  try {
    return policyCache.get(text, kind, managed ? { managed: true } : {});
  } catch (err) {
    // The parser's error carries IAM's code; give it the Query protocol's status.
    if (err instanceof AwsError) throw new AwsError(err.code, err.message, 400);
    throw err;
  }
}

/** The URL encoding IAM answers policy documents in. */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text);
}

/** Size of a policy for IAM's quotas: characters, not counting white space. */
export function policySize(text: string): number {
  return text.replace(/\s/g, '').length;
}

export { parsePolicy };
