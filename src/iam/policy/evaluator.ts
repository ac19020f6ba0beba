/**
 * The decision (IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation
 * logic"; AWS KMS Developer Guide, "Key policies"):
 *
 * 1. An explicit Deny in any applicable policy (identity, resource/key/trust, permissions
 *    boundary, session) decides: ExplicitDeny.
 * 2. The account root has every identity permission in its own account ("By default, all
 *    requests are implicitly denied with the exception of the AWS account root user").
 * 3. Same account, resource policy: an Allow naming the caller itself (user ARN, role-session
 *    ARN, `*`) grants even without an identity allow and is not limited by a permissions boundary
 *    or session policy; one naming the role ARN is limited by the boundary and session policies;
 *    one naming the account (`123456789012`, `arn:aws:iam::123456789012:root`) only delegates to
 *    IAM, so an identity allow is needed ("Resource-based policies and implicit denies in other
 *    policy types (same account)").
 * 4. Otherwise an identity-policy Allow is needed, then the permissions boundary (if any) and the
 *    session policies (role sessions that passed some) must also allow: they intersect. (A
 *    resource-policy Deny with NotPrincipal applies to every caller that has a boundary: see
 *    statement-match.ts.)
 * 5. Cross account: the resource policy must allow the caller (any way of naming it) AND the
 *    caller's identity policies (and boundary, session) must allow ("Cross-account policy
 *    evaluation logic").
 * 6. KMS key policies and role trust policies are mandatory: without an Allow in them the
 *    request is denied even in the same account; naming the account root delegates to IAM (the
 *    default key policy `{"Principal":{"AWS":"arn:aws:iam::<acct>:root"},"Action":"kms:*"}`).
 * 7. Otherwise: ImplicitDeny, naming the policy type that failed to allow.
 */
import type { Decision, EvaluationRequest, MatchedStatement, Policy, PolicyRef, PolicyType, Statement } from './policy-types.js';
import type { PrincipalGrant } from './principal-spec.js';
import { buildContext, variableLookup } from './request-context.js';
import { matchPolicy, type MatchInput } from './statement-match.js';

interface Scanned {
  type: PolicyType;
  id?: string;
  allows: { statement: Statement; grant: PrincipalGrant }[];
  denies: Statement[];
}

const unwrap = (ref: PolicyRef): { policy: Policy; id?: string } => ('policy' in ref ? ref : { policy: ref });

const matched = (s: Scanned, st: Statement): MatchedStatement => ({
  policyType: s.type,
  ...(s.id !== undefined ? { policyId: s.id } : {}),
  statementIndex: st.index,
  ...(st.sid !== undefined ? { sid: st.sid } : {}),
  effect: st.effect,
  start: st.start,
  end: st.end,
});

const RANK: Record<PrincipalGrant, number> = { none: 0, account: 1, role: 2, direct: 3 };

export function evaluate(request: EvaluationRequest): Decision {
  const mandatory = request.keyPolicy ? 'key' : request.trustPolicy ? 'trust' : undefined;
  if ([request.resourcePolicy, request.keyPolicy, request.trustPolicy].filter(Boolean).length > 1) {
    throw new TypeError('evaluate: give at most one of resourcePolicy, keyPolicy and trustPolicy');
  }
  const context = buildContext(request);
  const input: MatchInput = {
    principal: request.principal,
    action: request.action,
    resource: request.resource ?? '*',
    context,
    lookup: variableLookup(context),
    hasBoundary: request.permissionsBoundary !== undefined,
  };
  const scan = (type: PolicyType, refs: readonly (PolicyRef | undefined)[]): Scanned[] =>
    refs.filter((r): r is PolicyRef => r !== undefined).map((r) => {
      const { policy, id } = unwrap(r);
      return { type, ...(id !== undefined ? { id } : {}), ...matchPolicy(policy, input) };
    });
  const identity = scan('identity', request.identityPolicies ?? []);
  const onResource = scan(mandatory ?? 'resource', [request.keyPolicy ?? request.trustPolicy ?? request.resourcePolicy]);
  const boundary = scan('boundary', [request.permissionsBoundary]);
  const session = request.principal.type === 'AssumedRole' ? scan('session', request.sessionPolicies ?? []) : [];

  // 1. explicit deny anywhere
  const all = [...identity, ...onResource, ...boundary, ...session];
  const denied = all.filter((s) => s.denies.length);
  if (denied.length) {
    return {
      decision: 'ExplicitDeny',
      decidedBy: (denied[0] as Scanned).type,
      matchedStatements: denied.flatMap((s) => s.denies.map((st) => matched(s, st))),
    };
  }

  const allowsOf = (list: Scanned[]) => list.flatMap((s) => s.allows.map((a) => matched(s, a.statement)));
  const allow = (decidedBy: PolicyType | undefined, ...from: Scanned[][]): Decision => ({
    decision: 'Allow',
    ...(decidedBy ? { decidedBy } : {}),
    matchedStatements: from.flatMap(allowsOf),
  });
  const deny = (decidedBy: PolicyType): Decision => ({ decision: 'ImplicitDeny', decidedBy, matchedStatements: [] });

  const p = request.principal;
  const sameAccount = (request.resourceAccount ?? p.accountId) === p.accountId;
  const resourceType: PolicyType = mandatory ?? 'resource';
  let grant: PrincipalGrant = 'none';
  for (const s of onResource) for (const a of s.allows) if (RANK[a.grant] > RANK[grant]) grant = a.grant;
  const identityAllows = identity.some((s) => s.allows.length > 0);
  const boundaryAllows = !request.permissionsBoundary || boundary.some((s) => s.allows.length > 0);
  const sessionAllows = session.length === 0 || session.some((s) => s.allows.length > 0);
  /** The identity side: identity policies, then the boundary and session policies intersecting. */
  const identitySide = (): PolicyType | undefined =>
    !identityAllows ? 'identity' : !boundaryAllows ? 'boundary' : !sessionAllows ? 'session' : undefined;

  // A service principal can only be granted by a resource-side policy naming it.
  if (p.type === 'Service') return grant === 'direct' ? allow(resourceType, onResource) : deny(resourceType);

  // 2. the account root: all identity permissions in its own account
  if (p.type === 'Root') {
    if (mandatory || !sameAccount) return grant !== 'none' ? allow(resourceType, onResource) : deny(resourceType);
    return allow(undefined, onResource);
  }

  if (!sameAccount) {
    // 5. cross account: both sides
    if (grant === 'none') return deny(resourceType);
    const failed = identitySide();
    return failed ? deny(failed) : allow(resourceType, onResource, identity, boundary, session);
  }

  // 3. same account, granted to the caller itself or its role
  if (grant === 'direct') return allow(resourceType, onResource);
  if (grant === 'role') {
    const failed = !boundaryAllows ? 'boundary' : !sessionAllows ? 'session' : undefined;
    return failed ? deny(failed) : allow(resourceType, onResource, boundary, session);
  }
  // 6. a key or trust policy that does not name the caller's account denies
  if (mandatory && grant === 'none') return deny(mandatory);
  // 4. identity side
  const failed = identitySide();
  // KMS names the key policy when a delegation to IAM finds no IAM allow (jbrt/ec2cryptomatic#26).
  if (failed) return deny(failed === 'identity' && mandatory === 'key' ? 'key' : failed);
  return allow('identity', identity, onResource, boundary, session);
}
