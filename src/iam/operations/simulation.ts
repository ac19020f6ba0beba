/**
 * The policy simulator: SimulatePrincipalPolicy (the policies of a user, group or role, plus any
 * given) and SimulateCustomPolicy (only the given ones). Each action is evaluated on each resource
 * (`*` when none is given) by the same evaluator that decides real calls, with the given resource
 * policy, permissions boundary and context entries; the answer names the statements that decided
 * (policy id, type and start/end positions in the document).
 *
 * Policy ids and types: inline policies by name with type user/group/role, managed policies by
 * name with type user-managed (customer managed) or aws-managed (the catalogue's), the input lists as `PolicyInputList.N` and
 * `PermissionsBoundaryPolicyInputList.N`, the resource policy as `ResourcePolicy` (type
 * resource). (unverified) AWS prints the type of PolicyInputList entries as "IAM Policy", which
 * is what Coffer answers too (for the boundary input list as well).
 *
 * KMS key policies take part in SimulatePrincipalPolicy for `kms:` actions on the ARN of an existing
 * key, as in real calls: a Coffer extension, see simulation-key-policies.ts.
 *
 * Permissions boundaries: SimulatePrincipalPolicy applies the user's or role's boundary; one given
 * in PermissionsBoundaryPolicyInputList replaces it ("if a permissions boundary is attached to an
 * entity and you pass in a different permissions boundary policy using this parameter, then the
 * new permissions boundary policy is used for the simulation"; "You can input only one
 * permissions boundary", IAM API Reference). With a boundary, each result carries
 * PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary: whether the boundary alone has a
 * matching Allow and no matching Deny (IAM API Reference, PermissionsBoundaryDecisionDetail).
 */
import type { Operation } from '../../operation/index.js';
import type { IamManagedPolicyRecord, StoreTx, Tag } from '../../store/index.js';
import { entityNotFound, iamErrors } from '../iam-errors.js';
import { parseIamArn } from '../iam-ids.js';
import { iamOperation, type IamDeps } from '../iam-operation.js';
import { findManagedPolicy, findPolicyVersion, isAwsManaged } from '../managed-policies.js';
import { page } from '../paging.js';
import { loadSimulatedKeyPolicies, type SimulatedKeyPolicies } from './simulation-key-policies.js';
import { policyCache } from '../policy-documents.js';
import { AwsError } from '../../errors/index.js';
import { evaluate, type AttachedPolicy, type ContextValue, type Decision, type Policy, type PolicyKind, type RequestPrincipal } from '../policy/index.js';

interface ContextEntry {
  ContextKeyName?: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}

interface SimulationInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  MaxItems?: number;
  Marker?: string;
}

const DECISION: Record<Decision['decision'], string> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };

/** A policy with the id and type the simulator reports for it. */
interface Source {
  policy: AttachedPolicy;
  type: string;
}

/** Given documents are InvalidInput when malformed (the model lists no MalformedPolicyDocument here). */
function parseGiven(text: string, kind: PolicyKind): Policy {
  try {
    return policyCache.get(text, kind);
  } catch (err) {
    if (err instanceof AwsError) throw iamErrors.invalidInput(err.message);
    throw err;
  }
}

const tagMap = (tags: Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

/** SourcePolicyType of a managed policy: `aws-managed` or `user-managed` (the model's PolicySourceType). */
const managedType = (p: IamManagedPolicyRecord): string => (isAwsManaged(p) ? 'aws-managed' : 'user-managed');

async function ownerSources(tx: StoreTx, ownerId: string, type: string, out: Source[]): Promise<void> {
  for (const p of await tx.iam.listInlinePolicies(ownerId)) out.push({ policy: { id: p.name, policy: policyCache.get(p.document, 'identity') }, type });
  for (const arn of await tx.iam.attachedPolicies(ownerId)) {
    const p = await findManagedPolicy(tx, arn);
    const v = p && (await findPolicyVersion(tx, p, p.defaultVersionId));
    if (p && v) out.push({ policy: { id: p.name, policy: policyCache.get(v.document, 'identity', { managed: true }) }, type: managedType(p) });
  }
}

/** The user's or role's permissions boundary (the default version of the policy it names) as a source. */
async function boundarySource(tx: StoreTx, arn: string | undefined): Promise<{ boundary?: Source }> {
  if (arn === undefined) return {};
  const p = await findManagedPolicy(tx, arn);
  const v = p && (await findPolicyVersion(tx, p, p.defaultVersionId));
  // A boundary policy that cannot be found allows nothing (as when deciding real calls).
  const doc = v?.document ?? '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"*","Resource":"*"}]}';
  return { boundary: { policy: { id: p?.name ?? arn, policy: policyCache.get(doc, 'identity', { managed: true }) }, type: p ? managedType(p) : 'user-managed' } };
}

interface PrincipalSources {
  principal: RequestPrincipal;
  sources: Source[];
  boundary?: Source;
}

/** The principal, stored policies and permissions boundary of the user, group or role named by PolicySourceArn. */
async function principalSources(tx: StoreTx, accountId: string, arn: string): Promise<PrincipalSources> {
  const m = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) throw iamErrors.invalidInput(`Invalid ARN: ${arn}`); // (unverified)
  const [, account, kind, name] = m as unknown as [string, string, 'user' | 'group' | 'role', string];
  const sources: Source[] = [];
  const missing = () => entityNotFound(kind, name);
  if (account !== accountId) throw missing();
  if (kind === 'user') {
    const u = await tx.iam.getUser(account, name);
    if (!u) throw missing();
    await ownerSources(tx, u.principalId, 'user', sources);
    for (const g of await tx.iam.groupsOfUser(u.principalId)) await ownerSources(tx, g.groupId, 'group', sources);
    return {
      principal: { arn: u.arn, accountId: account, type: 'User', userId: u.principalId, userName: u.name, tags: tagMap(u.tags) },
      sources,
      ...(await boundarySource(tx, u.permissionsBoundary)),
    };
  }
  if (kind === 'group') {
    const g = await tx.iam.getGroup(account, name);
    if (!g) throw missing();
    await ownerSources(tx, g.groupId, 'group', sources);
    return { principal: { arn: g.arn, accountId: account, type: 'User' }, sources };
  }
  const r = await tx.iam.getRole(account, name);
  if (!r) throw missing();
  await ownerSources(tx, r.roleId, 'role', sources);
  return {
    principal: { arn: r.arn, accountId: account, type: 'AssumedRole', userId: r.roleId, roleArn: r.arn, tags: tagMap(r.tags) },
    sources,
    ...(await boundarySource(tx, r.permissionsBoundary)),
  };
}

function context(entries: ContextEntry[] | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) continue;
    const values = e.ContextKeyValues ?? [];
    out[e.ContextKeyName] = e.ContextKeyType?.endsWith('List') ? values : values[0];
  }
  return out;
}

function simulate(principal: RequestPrincipal, sources: Source[], i: SimulationInput, now: number, stored?: Source, keys?: SimulatedKeyPolicies) {
  (i.PolicyInputList ?? []).forEach((text, n) => sources.push({ policy: { id: `PolicyInputList.${n + 1}`, policy: parseGiven(text, 'identity') }, type: 'IAM Policy' }));
  const given = i.PermissionsBoundaryPolicyInputList ?? [];
  // (unverified) the text: the model's documentation of the member.
  if (given.length > 1) throw iamErrors.invalidInput('You can input only one permissions boundary when you pass a policy to this operation.');
  const boundary: Source | undefined = given[0] !== undefined
    ? { policy: { id: 'PermissionsBoundaryPolicyInputList.1', policy: parseGiven(given[0], 'identity') }, type: 'IAM Policy' }
    : stored;
  const resourcePolicy = i.ResourcePolicy === undefined ? undefined : { id: 'ResourcePolicy', policy: parseGiven(i.ResourcePolicy, 'resource') };
  const owner = i.ResourceOwner === undefined ? undefined : /^arn:aws:iam::(\d{12}):/.exec(i.ResourceOwner)?.[1];
  const typeOf = new Map([...sources, ...(boundary ? [boundary] : [])].map((s) => [s.policy.id, s.type]));
  const ctxEntries = context(i.ContextEntries);
  const results = [];
  for (const action of i.ActionNames) {
    for (const resource of i.ResourceArns?.length ? i.ResourceArns : ['*']) {
      const decision = evaluate({
        principal,
        action,
        resource,
        ...(owner !== undefined ? { resourceAccount: owner } : {}),
        identityPolicies: sources.map((s) => s.policy),
        ...(resourcePolicy ? { resourcePolicy } : {}),
        ...(boundary ? { permissionsBoundary: boundary.policy } : {}),
        context: ctxEntries,
        ...keys?.evaluation(action, resource, ctxEntries),
        now,
      });
      // The boundary on its own: an Allow that matches and no Deny that does.
      const byBoundary = boundary && evaluate({ principal, action, resource, identityPolicies: [boundary.policy], context: ctxEntries, now });
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: DECISION[decision.decision],
        MatchedStatements: decision.matchedStatements.map((s) => ({
          SourcePolicyId: s.policyId,
          SourcePolicyType: s.policyType === 'resource' || s.policyType === 'key' ? 'resource' : (typeOf.get(s.policyId ?? '') ?? 'none'),
          StartPosition: { Line: s.start.line, Column: s.start.column },
          EndPosition: { Line: s.end.line, Column: s.end.column },
        })),
        MissingContextValues: [],
        ...(byBoundary ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: byBoundary.decision === 'Allow' } } : {}),
      });
    }
  }
  const p = page(results, i.Marker, i.MaxItems);
  return { EvaluationResults: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
}

export function simulationOperations({ store, resourceFacts }: IamDeps): Operation[] {
  return [
    iamOperation<SimulationInput & { PolicySourceArn: string }>({
      name: 'SimulatePrincipalPolicy',
      readOnly: true,
      resource: (i) => i.PolicySourceArn,
      handler: async (ctx, i) => {
        const { principal, sources, boundary } = await store.read((tx) => principalSources(tx, ctx.caller.accountId, i.PolicySourceArn));
        const caller = i.CallerArn === undefined ? principal : callerPrincipal(i.CallerArn, principal);
        const keys = await store.read((tx) => loadSimulatedKeyPolicies(tx, resourceFacts, caller, i, ctx.region, ctx.now, ctx.caller.accountId));
        return simulate(caller, sources, i, ctx.now, boundary, keys);
      },
    }),
    iamOperation<SimulationInput>({
      name: 'SimulateCustomPolicy',
      readOnly: true,
      resource: () => undefined,
      handler: async (ctx, i) => {
        const self: RequestPrincipal = { arn: ctx.caller.arn, accountId: ctx.caller.accountId, type: 'User', userId: ctx.caller.principalId };
        return simulate(i.CallerArn === undefined ? self : callerPrincipal(i.CallerArn, self), [], i, ctx.now);
      },
    }),
  ];
}

/** CallerArn: the IAM user the simulation runs as (its name and account feed the context). */
function callerPrincipal(arn: string, fallback: RequestPrincipal): RequestPrincipal {
  const parsed = parseIamArn(arn, 'user');
  if (!parsed) return { ...fallback, arn };
  return { ...fallback, arn, accountId: parsed.accountId, type: 'User', userName: parsed.name };
}
