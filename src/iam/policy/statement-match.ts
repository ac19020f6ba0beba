/**
 * Whether a statement applies to a request (IAM User Guide, "Policy evaluation logic",
 * "Processing the request context"): the action matches Action (or not NotAction), the resource
 * matches Resource (or not NotResource), the caller is named by Principal (or not exempted by
 * NotPrincipal, which never exempts a caller with a permissions boundary from a Deny) where the
 * policy type has principals, and every condition holds. A statement
 * whose policy variables cannot be resolved does not apply ("Variables and tags": "any attempt to
 * match it fails and causes the statement to be invalid").
 */
import { testConditions, type RequestContext } from './condition-compiler.js';
import type { Policy, RequestPrincipal, Statement } from './policy-types.js';
import type { VariableLookup } from './policy-variables.js';
import { notPrincipalExempts, principalGrant, type PrincipalGrant } from './principal-spec.js';

export interface MatchInput {
  principal: RequestPrincipal;
  /** Lower-cased is not required: Action matching is case-insensitive. */
  action: string;
  /** `*` for actions without a resource. */
  resource: string;
  context: RequestContext;
  lookup: VariableLookup;
  /** The caller has a permissions boundary (see NotPrincipal with Deny below). */
  hasBoundary?: boolean;
}

/** How the statement names the caller when it applies, or undefined when it does not apply. */
export function statementApplies(st: Statement, input: MatchInput, withPrincipal: boolean): PrincipalGrant | undefined {
  if (st.actions(input.action) === st.notAction) return undefined;
  if (st.resources) {
    const hit = st.resources(input.resource, input.lookup);
    if (hit === undefined || hit === st.notResource) return undefined;
  }
  let grant: PrincipalGrant = 'direct';
  if (withPrincipal) {
    if (!st.principal) return undefined;
    if (st.notPrincipal) {
      // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
      // permissions boundary policy attached, regardless of the values specified in the
      // NotPrincipal element" (IAM User Guide, "Permissions boundaries for IAM entities").
      const boundaryOverrides = st.effect === 'Deny' && input.hasBoundary === true;
      if (!boundaryOverrides && notPrincipalExempts(st.principal, input.principal)) return undefined;
    } else {
      grant = principalGrant(st.principal, input.principal);
      if (grant === 'none') return undefined;
    }
  }
  if (st.conditions.length && testConditions(st.conditions, input.context, input.lookup) !== true) return undefined;
  return grant;
}

export interface PolicyMatches {
  allows: { statement: Statement; grant: PrincipalGrant }[];
  denies: Statement[];
}

/** The statements of a policy that apply, split by effect. */
export function matchPolicy(policy: Policy, input: MatchInput): PolicyMatches {
  const withPrincipal = policy.kind === 'resource' || policy.kind === 'key' || policy.kind === 'trust';
  const out: PolicyMatches = { allows: [], denies: [] };
  for (const st of policy.statements) {
    const grant = statementApplies(st, input, withPrincipal);
    if (grant === undefined) continue;
    if (st.effect === 'Deny') out.denies.push(st);
    else out.allows.push({ statement: st, grant });
  }
  return out;
}
