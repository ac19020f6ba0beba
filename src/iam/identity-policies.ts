/**
 * The identity side of a call, from the store, for the policy evaluator: who the caller is (as
 * the evaluator's RequestPrincipal, with aws:PrincipalTag values) and every policy that applies
 * to it:
 * - an IAM user: its inline policies, the default versions of its attached managed policies
 *   (customer managed, or AWS managed from the built-in catalogue), and the same for each group it
 *   belongs to;
 * - a role session: the role's inline and attached policies (if the role still exists with the
 *   id the session was issued for; a role deleted and re-created under the same name grants its
 *   old sessions nothing, and bounds them by a boundary that allows nothing), and the session
 *   policies passed to AssumeRole;
 * - the account's admin user (Coffer's bootstrap identity) is granted everything in its account
 *   by an implicit policy, `coffer:AccountAdministrator` (`Allow * on *`), like AWS's
 *   AdministratorAccess attached to it.
 * - the permissions boundary of the user, or of a session's role (the default version of the
 *   managed policy it names; IAM User Guide, "Permissions boundaries for IAM entities"): the
 *   evaluator intersects it with the identity policies. A boundary policy that cannot be found
 *   allows nothing, so a missing policy never lifts the limit.
 * Policies are parsed through the shared cache; a stored document that no longer parses fails
 * the call (closed), it is never skipped.
 */
import type { Caller } from '../operation/index.js';
import type { StoreTx, Tag } from '../store/index.js';
import { defaultPolicyDocument } from './managed-policies.js';
import type { AttachedPolicy, RequestPrincipal } from './policy/index.js';
import { policyCache } from './policy-documents.js';

export const ACCOUNT_ADMIN_POLICY_ID = 'coffer:AccountAdministrator';
const ADMIN_DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const ALLOWS_NOTHING = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"*","Resource":"*"}]}';

export interface CallerIdentity {
  principal: RequestPrincipal;
  identityPolicies: AttachedPolicy[];
  /** Session policies of a role session (empty otherwise). */
  sessionPolicies: AttachedPolicy[];
  /** The user's or the session's role's permissions boundary, if one is set. */
  permissionsBoundary?: AttachedPolicy;
}

const tagMap = (tags: Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

async function ownerPolicies(tx: StoreTx, ownerId: string, prefix: string, out: AttachedPolicy[]): Promise<void> {
  for (const p of await tx.iam.listInlinePolicies(ownerId)) {
    out.push({ id: `${prefix}${p.name}`, policy: policyCache.get(p.document, 'identity') });
  }
  for (const arn of await tx.iam.attachedPolicies(ownerId)) {
    const doc = await defaultPolicyDocument(tx, arn);
    if (doc !== undefined) out.push({ id: arn, policy: policyCache.get(doc, 'identity', { managed: true }) });
  }
}

/** The boundary a user or role names, as the evaluator takes it (id: the policy ARN). */
async function loadBoundary(tx: StoreTx, arn: string | undefined): Promise<{ permissionsBoundary?: AttachedPolicy }> {
  if (arn === undefined) return {};
  const doc = (await defaultPolicyDocument(tx, arn)) ?? ALLOWS_NOTHING;
  return { permissionsBoundary: { id: arn, policy: policyCache.get(doc, 'identity', { managed: true }) } };
}

export async function loadCallerIdentity(tx: StoreTx, caller: Caller): Promise<CallerIdentity> {
  const identityPolicies: AttachedPolicy[] = [];
  const sessionPolicies: AttachedPolicy[] = [];
  if (caller.isAccountAdmin) identityPolicies.push({ id: ACCOUNT_ADMIN_POLICY_ID, policy: policyCache.get(ADMIN_DOCUMENT, 'identity') });
  const session = caller.session;
  if (caller.type === 'AssumedRole' && session) {
    const role = await tx.iam.getRoleById(session.roleId);
    if (role) await ownerPolicies(tx, role.roleId, '', identityPolicies);
    if (session.policy !== undefined) sessionPolicies.push({ id: 'SessionPolicy', policy: policyCache.get(session.policy, 'session') });
    for (const arn of session.policyArns) {
      // A managed session policy deleted since the session began allows nothing (it must never
      // leave the session without session policies, which would lift their limit).
      const doc = (await defaultPolicyDocument(tx, arn)) ?? ALLOWS_NOTHING;
      sessionPolicies.push({ id: arn, policy: policyCache.get(doc, 'identity') });
    }
    return {
      principal: {
        arn: caller.arn,
        accountId: caller.accountId,
        type: 'AssumedRole',
        userId: caller.principalId,
        roleArn: session.roleArn,
        tags: { ...(role ? tagMap(role.tags) : {}), ...session.tags },
      },
      identityPolicies,
      sessionPolicies,
      // A session whose role is gone (deleted, or re-created with another id) is bounded by a
      // boundary that allows nothing: a grant naming the role ARN must not outlive the role, nor
      // grow once the role's own boundary is gone with it.
      ...(role ? await loadBoundary(tx, role.permissionsBoundary) : { permissionsBoundary: { id: 'DeletedRole', policy: policyCache.get(ALLOWS_NOTHING, 'identity', { managed: true }) } }),
    };
  }
  const user = await tx.iam.getUserByArn(caller.arn);
  if (user) {
    await ownerPolicies(tx, user.principalId, '', identityPolicies);
    for (const g of await tx.iam.groupsOfUser(user.principalId)) await ownerPolicies(tx, g.groupId, `${g.name}/`, identityPolicies);
  }
  return {
    principal: {
      arn: caller.arn,
      accountId: caller.accountId,
      type: 'User',
      userId: caller.principalId,
      userName: caller.userName,
      tags: user ? tagMap(user.tags) : {},
    },
    identityPolicies,
    sessionPolicies,
    ...(await loadBoundary(tx, user?.permissionsBoundary)),
  };
}
