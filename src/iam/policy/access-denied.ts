/**
 * AWS's AccessDeniedException text (IAM User Guide, "Troubleshoot access denied error messages";
 * awsdocs/iam-user-guide doc_source/troubleshoot_access-denied.md):
 *
 *   User: <caller ARN> is not authorized to perform: <action> on resource: <resource> <context>
 *
 * "When a policy explicitly denies access ... AWS includes the phrase `with an explicit deny in a
 * type policy`"; "When the policy implicitly denies access ... `because no type policy allows the
 * action action`". The examples on that page:
 * - because no identity-based policy allows the codecommit:ListRepositories action
 * - with an explicit deny in an identity-based policy
 * - because no resource-based policy allows the secretsmanager:GetSecretValue action
 * - with an explicit deny in a resource-based policy
 * - because no permissions boundary allows the codedeploy:ListDeployments action
 * - with an explicit deny in a permissions boundary
 * - because no session policy allows the codecommit:ListRepositories action
 * - with an explicit deny in a session policy (the page's example prints "a sessions policy",
 *   which contradicts its own rule; Coffer follows the rule)
 * - with an explicit deny in the role trust policy
 * The "on resource:" part is absent for actions without a resource (ListSecrets, api-notes §2).
 * A role trust policy that does not allow sts:AssumeRole gives the classic text with no reason
 * (the page's implicit example for it is garbled). KMS ends its messages with a period
 * ("... because no resource-based policy allows the kms:DescribeKey action.",
 * jbrt/ec2cryptomatic#26); Secrets Manager does not (api-notes §2).
 */
import type { Decision, PolicyType } from './policy-types.js';

const EXPLICIT: Record<PolicyType, string> = {
  identity: 'with an explicit deny in an identity-based policy',
  resource: 'with an explicit deny in a resource-based policy',
  key: 'with an explicit deny in a resource-based policy',
  boundary: 'with an explicit deny in a permissions boundary',
  session: 'with an explicit deny in a session policy',
  trust: 'with an explicit deny in the role trust policy',
};

const IMPLICIT: Record<PolicyType, ((action: string) => string) | undefined> = {
  identity: (a) => `because no identity-based policy allows the ${a} action`,
  resource: (a) => `because no resource-based policy allows the ${a} action`,
  key: (a) => `because no resource-based policy allows the ${a} action`,
  boundary: (a) => `because no permissions boundary allows the ${a} action`,
  session: (a) => `because no session policy allows the ${a} action`,
  trust: undefined,
};

export interface AccessDeniedOptions {
  /** End with a period, as KMS does. */
  period?: boolean;
}

/**
 * The message for a denied decision. `resource` is the resource as the caller named it (the
 * SecretId as given, api-notes §2), or undefined for actions without one.
 */
export function accessDeniedMessage(
  callerArn: string,
  action: string,
  resource: string | undefined,
  decision: Pick<Decision, 'decision' | 'decidedBy'>,
  options: AccessDeniedOptions = {},
): string {
  if (decision.decision === 'Allow') throw new TypeError('accessDeniedMessage: the decision is Allow');
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  const type = decision.decidedBy;
  const reason = type === undefined ? undefined : decision.decision === 'ExplicitDeny' ? EXPLICIT[type] : IMPLICIT[type]?.(action);
  return `User: ${callerArn} is not authorized to perform: ${action}${on}${reason ? ` ${reason}` : ''}${options.period ? '.' : ''}`;
}
