import { AwsError } from '../errors/index.js';
import { isPublicPolicy, parsePolicy, validatePolicy, type Policy } from '../iam/policy/index.js';

/** A secret's resource policy is at most 20,480 characters (api-notes §11; the model checks it). */
export const MAX_RESOURCE_POLICY_CHARS = 20_480;

/**
 * The PublicPolicyException PutResourcePolicy answers with BlockPublicPolicy when the policy
 * grants broad access (the text is the model's documentation of the error; AWS's own message is
 * not on public record).
 */
export const PUBLIC_POLICY_MESSAGE =
  'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.';

/**
 * A resource policy as PutResourcePolicy accepts it: AWS's grammar with Secrets Manager's
 * MalformedPolicyDocumentException texts (the policy evaluator's parser), and, with
 * BlockPublicPolicy, no statement granting broad access (the evaluator's isPublicPolicy).
 */
export function checkResourcePolicy(text: string, blockPublicPolicy: boolean): Policy {
  const policy = parsePolicy(text, 'resource');
  if (blockPublicPolicy && isPublicPolicy(policy)) throw new AwsError('PublicPolicyException', PUBLIC_POLICY_MESSAGE);
  return policy;
}

/**
 * ValidateResourcePolicy's answer. A document that cannot be read as a policy is
 * MalformedPolicyDocumentException, as PutResourcePolicy answers it; the other findings (broad
 * access) are reported, not thrown.
 */
export function validateResourcePolicy(text: string): { PolicyValidationPassed: boolean; ValidationErrors: { CheckName: string; ErrorMessage: string }[] } {
  const result = validatePolicy(text, 'resource');
  const syntax = result.findings.find((f) => f.error);
  if (syntax?.error) throw syntax.error;
  return {
    PolicyValidationPassed: result.passed,
    ValidationErrors: result.findings.map((f) => ({ CheckName: f.checkName, ErrorMessage: f.message })),
  };
}
