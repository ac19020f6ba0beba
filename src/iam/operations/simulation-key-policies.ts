/**
 * A Coffer extension of SimulatePrincipalPolicy: KMS key policies take part.
 *
 * AWS's simulator evaluates the principal's policies and, when one is passed, a ResourcePolicy; it
 * reads no resource's policy by itself, and the AWS KMS Developer Guide presents it as a way to
 * see access "through an IAM policy" ("Examining IAM policies",
 * https://docs.aws.amazon.com/kms/latest/developerguide/determining-access-iam-policies.html). But
 * a key policy is not optional as a resource policy is: no KMS call is allowed unless the key
 * policy allows it (directly, or by delegating to IAM in the key's account), and a caller of
 * another account cannot even read it (GetKeyPolicy is not cross-account). A simulation blind to
 * it would say `allowed` where the real call is denied.
 *
 * So, when no ResourcePolicy is given, each `kms:` action simulated on the ARN of a key that exists
 * in the account of whoever calls the simulator (`arn:aws:kms:<region>:<account>:key/<id>`) is
 * evaluated as the authoriser evaluates
 * the real call: with the key's current key policy (mandatory), its account as the resource
 * account, and the facts the KMS loader gives (`kms:CallerAccount` = the simulated principal's
 * account, `aws:ResourceTag/*`, `kms:ResourceAliases`); ContextEntries are added over them (for
 * `kms:ViaService`, `kms:EncryptionContext:*`, ...). Statements of the key policy are reported with
 * SourcePolicyId `KeyPolicy` and type `resource`. A given ResourcePolicy is used as AWS uses it,
 * and then no key policy is read. Any other resource (a key that does not exist, an alias ARN,
 * another service's ARN) is simulated as before.
 *
 * Another account's key policy is never read: the simulator would otherwise let one account probe
 * another's key policy (its matched statements, or its decision under any ContextEntries and
 * CallerArn) without GetKeyPolicy and without a trace in the owner's audit trail. For a key of
 * another account, pass its key policy as ResourcePolicy (with ResourceOwner), as AWS's simulator
 * takes any resource policy; its owner can read it with GetKeyPolicy and share it.
 */
import type { Caller } from '../../operation/index.js';
import type { StoreTx } from '../../store/index.js';
import type { ResourceFacts, ResourceFactsLoader } from '../authorization.js';
import { policyCache } from '../policy-documents.js';
import type { ContextValue, EvaluationRequest, RequestPrincipal } from '../policy/index.js';

const KEY_ARN = /^arn:aws:kms:[^:]+:\d{12}:key\/[^/]+$/;

/** The key policies a simulation reads, by action and resource. */
export class SimulatedKeyPolicies {
  constructor(private readonly facts: ReadonlyMap<string, ResourceFacts>) {}

  /** What the evaluation of `action` on `resource` takes from the key, over `context` (the ContextEntries). */
  evaluation(action: string, resource: string, context: Readonly<Record<string, ContextValue>>): Partial<EvaluationRequest> {
    const f = this.facts.get(`${action}\n${resource}`);
    if (!f || f.keyPolicy === undefined) return {};
    return {
      ...(f.resourceAccount !== undefined ? { resourceAccount: f.resourceAccount } : {}),
      keyPolicy: { id: 'KeyPolicy', policy: policyCache.get(f.keyPolicy, 'key') },
      context: { ...f.context, ...context },
    };
  }
}

/** The simulated principal as the facts loader sees a caller (only its account and ARN matter). */
function callerOf(p: RequestPrincipal): Caller {
  return { accountId: p.accountId, arn: p.arn, principalId: p.userId ?? '', accessKeyId: '', userName: p.userName ?? '', isAccountAdmin: false };
}

export async function loadSimulatedKeyPolicies(
  tx: StoreTx,
  loaders: Readonly<Record<string, ResourceFactsLoader>> | undefined,
  principal: RequestPrincipal,
  input: { ActionNames: string[]; ResourceArns?: string[]; ResourcePolicy?: string },
  region: string,
  now: number,
  /** The account of whoever calls the simulator: only its keys' policies are read. */
  callerAccount: string,
): Promise<SimulatedKeyPolicies> {
  const facts = new Map<string, ResourceFacts>();
  const loader = loaders?.kms;
  if (loader && input.ResourcePolicy === undefined) {
    for (const action of input.ActionNames) {
      if (!action.toLowerCase().startsWith('kms:')) continue;
      for (const resource of input.ResourceArns ?? []) {
        if (!KEY_ARN.test(resource) || resource.split(':')[4] !== callerAccount) continue;
        const got = await loader(tx, { caller: callerOf(principal), action, resource, region, now });
        const one = Array.isArray(got) ? (got as readonly ResourceFacts[]).find((f) => f.resource === resource) : (got as ResourceFacts);
        if (one?.keyPolicy !== undefined) facts.set(`${action}\n${resource}`, one);
      }
    }
  }
  return new SimulatedKeyPolicies(facts);
}
