/** Put/Get/Delete/List{User,Group,Role}Policy: inline policies, one declaration per kind. */
import type { Operation } from '../../operation/index.js';
import { iamErrors } from '../iam-errors.js';
import { iamOperation, resourceArn, type IamDeps } from '../iam-operation.js';
import { page } from '../paging.js';
import { checkPolicyDocument, encodePolicyDocument, policySize } from '../policy-documents.js';
import { ownerArnKind, ownerMember, requireOwner, type OwnerKind } from './owners.js';

/** IAM's quota on the total size of an identity's inline policies (characters without white space). */
export const INLINE_POLICY_QUOTA: Record<OwnerKind, number> = { User: 2048, Group: 5120, Role: 10240 };

type Input = Record<string, string | number | undefined> & { PolicyName: string };

export function inlinePolicyOperations({ store }: IamDeps, kind: OwnerKind): Operation[] {
  const member = ownerMember(kind);
  const arnKind = ownerArnKind(kind);
  const notFound = (name: string) => iamErrors.noSuchEntity(`The ${arnKind} policy with name ${name} cannot be found.`);
  const resource = (i: Input, c: Parameters<Operation['resource']>[1]) => resourceArn(c, arnKind, String(i[member]));
  return [
    iamOperation<Input & { PolicyDocument: string }>({
      name: `Put${kind}Policy`,
      readOnly: false,
      resource,
      handler: async (ctx, i) => {
        checkPolicyDocument(i.PolicyDocument, 'identity');
        return store.write(async (tx) => {
          const owner = await requireOwner(tx, kind, ctx.caller.accountId, String(i[member]));
          const others = (await tx.iam.listInlinePolicies(owner.id)).filter((p) => p.name !== i.PolicyName);
          const total = others.reduce((n, p) => n + policySize(p.document), policySize(i.PolicyDocument));
          if (total > INLINE_POLICY_QUOTA[kind]) {
            // IAM's text for the aggregate inline policy size quota, as users quote it ("LimitExceeded ...
            // PutUserPolicy operation: Maximum policy size of 2048 bytes exceeded for user <name>").
            throw iamErrors.limitExceeded(`Maximum policy size of ${INLINE_POLICY_QUOTA[kind]} bytes exceeded for ${arnKind} ${owner.name}`);
          }
          await tx.iam.putInlinePolicy({ ownerId: owner.id, name: i.PolicyName, document: i.PolicyDocument });
          return {};
        });
      },
    }),
    iamOperation<Input>({
      name: `Get${kind}Policy`,
      readOnly: true,
      resource,
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const owner = await requireOwner(tx, kind, ctx.caller.accountId, String(i[member]));
          const p = await tx.iam.getInlinePolicy(owner.id, i.PolicyName);
          if (!p) throw notFound(i.PolicyName);
          return { [member]: owner.name, PolicyName: p.name, PolicyDocument: encodePolicyDocument(p.document) };
        }),
    }),
    iamOperation<Input>({
      name: `Delete${kind}Policy`,
      readOnly: false,
      resource,
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const owner = await requireOwner(tx, kind, ctx.caller.accountId, String(i[member]));
          if (!(await tx.iam.getInlinePolicy(owner.id, i.PolicyName))) throw notFound(i.PolicyName);
          await tx.iam.deleteInlinePolicy(owner.id, i.PolicyName);
          return {};
        }),
    }),
    iamOperation<Record<string, string | number | undefined>>({
      name: `List${kind}Policies`,
      readOnly: true,
      resource: (i, c) => resourceArn(c, arnKind, String(i[member])),
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const owner = await requireOwner(tx, kind, ctx.caller.accountId, String(i[member]));
          const names = (await tx.iam.listInlinePolicies(owner.id)).map((p) => p.name);
          const p = page(names, i.Marker as string | undefined, i.MaxItems as number | undefined);
          return { PolicyNames: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
        }),
    }),
  ];
}
