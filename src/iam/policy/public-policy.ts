/**
 * Does a resource policy grant broad ("public") access? Used by PutResourcePolicy with
 * BlockPublicPolicy (PublicPolicyException) and by ValidateResourcePolicy.
 *
 * Secrets Manager runs Zelkova and documents only the outline (Secrets Manager User Guide,
 * "Resource-based policies": BlockPublicPolicy blocks "policies that allow broad access, for
 * example those that use a wildcard for the principal"). Coffer applies the rule AWS publishes
 * for S3 block public access ("The meaning of public"; PublicAccessBlockConfiguration in the S3
 * API reference), statement by statement:
 * - an Allow statement whose Principal is `*` / `{"AWS": "*"}` (or that uses NotPrincipal) is
 *   broad, unless a condition pins it to fixed values of a narrowing key: aws:SourceIp (a CIDR
 *   narrower than /0), aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
 *   aws:SourceAccount, aws:userid, and the principal keys aws:PrincipalAccount,
 *   aws:PrincipalArn, aws:PrincipalOrgID, aws:SourceOrgID, kms:CallerAccount;
 * - "fixed" values contain no wildcard (`*`, `?`) and no policy variable;
 * - a condition narrows only with a positive operator (StringEquals, StringEqualsIgnoreCase,
 *   StringLike, ArnEquals, ArnLike, IpAddress), without `...IfExists` (an absent key would pass)
 *   and without `ForAllValues:` (true for an absent key).
 * A Deny statement never makes a policy public.
 */
import { splitOperator } from './condition-compiler.js';
import { parseCidr } from './ip-cidr.js';
import type { Policy, Statement } from './policy-types.js';

const NARROWING_KEYS = new Set(
  [
    'aws:SourceIp',
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    'aws:userid',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:SourceOrgID',
    'kms:CallerAccount',
  ].map((k) => k.toLowerCase()),
);
const POSITIVE = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress']);

const fixedValue = (v: string): boolean => v !== '' && !/[*?]/.test(v) && !v.includes('${');

function narrows(operator: string, key: string, values: readonly string[]): boolean {
  const { set, base, ifExists } = splitOperator(operator);
  if (ifExists || set === 'ForAllValues' || !POSITIVE.has(base)) return false;
  const lower = key.toLowerCase();
  if (!NARROWING_KEYS.has(lower) || values.length === 0) return false;
  if (lower === 'aws:sourceip') return base === 'IpAddress' && values.every((v) => (parseCidr(v)?.bits ?? 0) > 0);
  return base !== 'IpAddress' && values.every(fixedValue);
}

/** Whether one statement grants broad access. */
export function isPublicStatement(st: Statement): boolean {
  if (st.effect !== 'Allow' || !st.principal) return false;
  if (!st.notPrincipal && !st.principal.wildcard) return false;
  return !st.conditions.some((c) => narrows(c.operator, c.key, c.values));
}

/** The statements of a resource or key policy that grant broad access. */
export function publicStatements(policy: Policy): Statement[] {
  return policy.statements.filter(isPublicStatement);
}

export function isPublicPolicy(policy: Policy): boolean {
  return policy.statements.some(isPublicStatement);
}
