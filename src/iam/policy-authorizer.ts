/**
 * The authoriser: decides every call the way AWS does, with the one pure evaluator (iam/policy).
 * For each request it reads, in one snapshot (or in the transaction the caller is inside):
 * - the caller's identity: principal, identity policies and session policies (IdentityCache over
 *   loadCallerIdentity);
 * - the resource's facts from the loader of the action's service (Secrets Manager: the secret's
 *   ARN, account, resource policy and tags; KMS: the key's ARN, account, key policy and tags);
 *   services without a loader (IAM, STS, CloudTrail) name their resource by ARN, or none (`*`);
 * and evaluates with the global context keys (aws:SourceIp, aws:SecureTransport,
 * aws:RequestedRegion; aws:CurrentTime/EpochTime from the request time). A denial is
 * AccessDeniedException with AWS's text naming the resource as the caller gave it (api-notes §2).
 *
 * Some actions are authorised on several resources at once (KMS CreateAlias on the alias and on
 * the key, UpdateAlias on the alias, its current key and the new key: AWS KMS Developer Guide,
 * "Controlling access to aliases"). The loader then answers one set of facts per resource; each is
 * evaluated on its own, in the loader's order, and the first denied one is the AccessDenied message's
 * resource ("... on resource: arn:aws:kms:<region>:<account>:alias/<name> because ...").
 */
import { errors } from '../errors/index.js';
import type { Store, StoreTx } from '../store/index.js';
import type { AuthorizationRequest, Authorizer, ResourceFacts, ResourceFactsLoader } from './authorization.js';
import { IdentityCache } from './identity-cache.js';
import type { CallerIdentity } from './identity-policies.js';
import { policyCache } from './policy-documents.js';
import { accessDeniedMessage, evaluate, type ContextValue, type RequestPrincipal } from './policy/index.js';

export interface PolicyAuthorizerDeps {
  store: Store;
  /** Facts loaders by IAM service prefix ('secretsmanager', 'kms'). */
  loaders: Record<string, ResourceFactsLoader>;
  identities?: IdentityCache;
}

/**
 * The facts of a request without a service loader (STS and others), and the start of IAM's: the
 * resource ARN as the operation declares it (`*` when none), its account taken from the ARN.
 */
export function arnResourceFacts(request: AuthorizationRequest): ResourceFacts {
  const resource = request.resource ?? '*';
  const account = resource.startsWith('arn:') ? resource.split(':')[4] : undefined;
  return { resource, ...(account && /^\d{12}$/.test(account) ? { resourceAccount: account } : {}) };
}

export class PolicyAuthorizer implements Authorizer {
  private readonly identities: IdentityCache;

  constructor(private readonly deps: PolicyAuthorizerDeps) {
    this.identities = deps.identities ?? new IdentityCache();
  }

  async authorize(request: AuthorizationRequest, tx?: StoreTx): Promise<void> {
    const service = request.action.slice(0, request.action.indexOf(':'));
    const loader = this.deps.loaders[service];
    const load = async (t: StoreTx) => ({
      identity: await this.identities.load(t, request.caller),
      facts: loader ? await loader(t, request) : arnResourceFacts(request),
    });
    const { identity, facts } = tx ? await load(tx) : await this.deps.store.read(load);

    const principal: RequestPrincipal =
      request.caller.type === 'Root' ? { ...identity.principal, type: 'Root', userId: request.caller.accountId } : identity.principal;
    const all = Array.isArray(facts) ? (facts as readonly ResourceFacts[]) : [facts as ResourceFacts];
    // A loader that names no resource must not authorise by default (closed).
    if (all.length === 0) throw new Error(`the facts loader named no resource for ${request.action}`);
    for (const one of all) {
      this.decide(request, principal, identity, one);
    }
  }

  /** Evaluates the request on one resource; throws AWS's AccessDeniedException naming it when denied. */
  private decide(request: AuthorizationRequest, principal: RequestPrincipal, identity: CallerIdentity, facts: ResourceFacts): void {
    const context: Record<string, ContextValue> = {
      'aws:RequestedRegion': request.region,
      'aws:SecureTransport': request.secureTransport === true,
      ...(request.sourceIp !== undefined ? { 'aws:SourceIp': request.sourceIp } : {}),
      ...facts.context,
      ...request.context,
    };
    const decision = evaluate({
      principal,
      action: request.action,
      resource: facts.resource,
      ...(facts.resourceAccount !== undefined ? { resourceAccount: facts.resourceAccount } : {}),
      identityPolicies: identity.identityPolicies,
      sessionPolicies: identity.sessionPolicies,
      ...(identity.permissionsBoundary !== undefined ? { permissionsBoundary: identity.permissionsBoundary } : {}),
      ...(facts.resourcePolicy !== undefined ? { resourcePolicy: { id: 'ResourcePolicy', policy: policyCache.get(facts.resourcePolicy, 'resource') } } : {}),
      ...(facts.keyPolicy !== undefined ? { keyPolicy: { id: 'KeyPolicy', policy: policyCache.get(facts.keyPolicy, 'key') } } : {}),
      context,
      now: request.now,
    });
    if (decision.decision === 'Allow') return;
    throw errors.accessDenied(
      accessDeniedMessage(request.caller.arn, request.action, facts.messageResource ?? request.resource, decision, { period: facts.period === true }),
    );
  }
}
