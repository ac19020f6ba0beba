/**
 * Attach/Detach{User,Group,Role}Policy and ListAttached{User,Group,Role}Policies. A managed policy
 * is attachable when it is a customer managed policy of the caller's account or an AWS managed
 * policy of the catalogue ("You can attach <policy> to your users, groups, and roles", AWS Managed
 * Policy Reference Guide); an attachment is kept by ARN, like any other.
 */
import type { Operation } from '../../operation/index.js';
import type { StoreTx } from '../../store/index.js';
import { checkPolicyArn, policyNotFound } from '../entities.js';
import { iamErrors } from '../iam-errors.js';
import { iamOperation, resourceArn, type IamDeps } from '../iam-operation.js';
import { findManagedPolicy, findUsableManagedPolicy } from '../managed-policies.js';
import { page } from '../paging.js';
import { ownerArnKind, ownerMember, requireOwner, type Owner, type OwnerKind } from './owners.js';

/** IAM's default quota of managed policies attached to one user, group or role. */
export const MAX_ATTACHED_POLICIES = 10;

type Input = Record<string, string | number | undefined>;

export function attachedPolicyOperations({ store }: IamDeps, kind: OwnerKind): Operation[] {
  const member = ownerMember(kind);
  const arnKind = ownerArnKind(kind);
  const resource = (i: Input, c: Parameters<Operation['resource']>[1]) => resourceArn(c, arnKind, String(i[member]));
  /** Attach/Detach: check the policy ARN, look up the owner, then change its attachments. */
  const ownerPolicyChange = (
    name: string,
    change: (tx: StoreTx, owner: Owner, policyArn: string, accountId: string) => Promise<void>,
  ) =>
    iamOperation<Input & { PolicyArn: string }>({
      name,
      readOnly: false,
      resource,
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          checkPolicyArn(i.PolicyArn);
          const owner = await requireOwner(tx, kind, ctx.caller.accountId, String(i[member]));
          await change(tx, owner, i.PolicyArn, ctx.caller.accountId);
          return {};
        }),
    });
  return [
    ownerPolicyChange(`Attach${kind}Policy`, async (tx, owner, policyArn, accountId) => {
      const policy = await findUsableManagedPolicy(tx, accountId, policyArn);
      if (!policy) {
        throw iamErrors.noSuchEntity(`Policy ${policyArn} does not exist or is not attachable.`);
      }
      const attached = await tx.iam.attachedPolicies(owner.id);
      if (!attached.includes(policy.arn) && attached.length >= MAX_ATTACHED_POLICIES) {
        // IAM's text, as users quote it ("LimitExceeded: Cannot exceed quota for PoliciesPerUser: 10").
        throw iamErrors.limitExceeded(`Cannot exceed quota for PoliciesPer${kind}: ${MAX_ATTACHED_POLICIES}`);
      }
      await tx.iam.attachPolicy(owner.id, policy.arn);
    }),
    ownerPolicyChange(`Detach${kind}Policy`, async (tx, owner, policyArn) => {
      if (!(await tx.iam.attachedPolicies(owner.id)).includes(policyArn)) throw policyNotFound(policyArn);
      await tx.iam.detachPolicy(owner.id, policyArn);
    }),
    iamOperation<Input>({
      name: `ListAttached${kind}Policies`,
      readOnly: true,
      resource,
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const owner = await requireOwner(tx, kind, ctx.caller.accountId, String(i[member]));
          const all = [];
          for (const arn of await tx.iam.attachedPolicies(owner.id)) {
            const p = await findManagedPolicy(tx, arn);
            if (!p) continue;
            if (typeof i.PathPrefix === 'string' && !p.path.startsWith(i.PathPrefix)) continue;
            all.push({ PolicyName: p.name, PolicyArn: p.arn });
          }
          const p = page(all, i.Marker as string | undefined, i.MaxItems as number | undefined);
          return { AttachedPolicies: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
        }),
    }),
  ];
}
