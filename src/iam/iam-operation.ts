import type { CallContext, Caller, Operation } from '../operation/index.js';
import type { RootKey } from '../seal/index.js';
import type { Store } from '../store/index.js';
import type { ResourceFactsLoader } from './authorization.js';
import type { CredentialDirectory } from './credential-directory.js';

/** What IAM's and STS's handlers work with. */
export interface IamDeps {
  store: Store;
  root: RootKey;
  /** Forgets changed access keys at once (UpdateAccessKey, DeleteAccessKey); seals session tokens. */
  credentials: CredentialDirectory;
  /**
   * The authoriser's facts loaders by service prefix: the policy simulator reads KMS key policies
   * through `kms` (a Coffer extension, operations/simulation-key-policies.ts).
   */
  resourceFacts?: Readonly<Record<string, ResourceFactsLoader>>;
}

/**
 * Declares one IAM operation: the action is `iam:<name>` and the resource the ARN AWS names in
 * its AccessDenied message, built in the caller's account (paths are not known before the lookup,
 * so `arn:aws:iam::<acct>:user/<name>`).
 */
export function iamOperation<I>(spec: {
  name: string;
  readOnly: boolean;
  resource: (input: I, caller: Caller) => string | undefined;
  handler: (ctx: CallContext, input: I) => Promise<unknown>;
}): Operation<I> {
  return { service: 'iam', ...spec };
}

/** arn:aws:iam::<caller's account>:<kind>/<name> */
export function resourceArn(caller: Caller, kind: 'user' | 'group' | 'role' | 'policy', name: string): string {
  return `arn:aws:iam::${caller.accountId}:${kind}/${name}`;
}
