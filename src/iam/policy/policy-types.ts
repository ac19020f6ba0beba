/**
 * The shapes of the policy evaluator: a compiled policy, an evaluation request and a decision.
 * Nothing here does any work; the parser builds `Policy`, the evaluator reads `EvaluationRequest`
 * and answers `Decision`.
 */
import type { ConditionBlock } from './condition-compiler.js';
import type { PrincipalSpec } from './principal-spec.js';
import type { Matcher, TemplateMatcher } from './wildcard.js';

/**
 * Which document a text is: it decides what the grammar allows and the error dialect.
 * - `identity`: inline or managed policy of a user, group or role, and permissions boundaries (IAM)
 * - `session`: a session policy passed to AssumeRole (STS, IAM texts)
 * - `trust`: a role's trust policy (IAM)
 * - `resource`: a secret's resource policy (Secrets Manager)
 * - `key`: a KMS key policy (KMS)
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'key' | 'session';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** 1-based line and column of a statement in the document (SimulatePrincipalPolicy positions). */
export interface Position {
  line: number;
  column: number;
}

export interface Statement {
  /** 0-based index in the document's Statement list. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** Principal or NotPrincipal (resource, trust and key policies only). */
  readonly principal?: PrincipalSpec;
  readonly notPrincipal: boolean;
  readonly actions: Matcher;
  readonly notAction: boolean;
  /** Absent in trust policies, which have no Resource element. */
  readonly resources?: TemplateMatcher;
  readonly notResource: boolean;
  readonly conditions: readonly ConditionBlock[];
  readonly start: Position;
  readonly end: Position;
}

export interface Policy {
  readonly kind: PolicyKind;
  /** The language version; '2008-10-17' also when Version is absent (no policy variables then). */
  readonly version: PolicyVersion;
  readonly versionGiven: boolean;
  readonly id?: string;
  readonly statements: readonly Statement[];
}

/** A policy as attached to a principal, with the id SimulatePrincipalPolicy reports for it. */
export interface AttachedPolicy {
  id: string;
  policy: Policy;
}
export type PolicyRef = Policy | AttachedPolicy;

/**
 * Who is calling. `arn` is what AWS names the caller in AccessDenied messages:
 * `arn:aws:iam::<acct>:user/<path><name>`, `arn:aws:iam::<acct>:root`,
 * `arn:aws:sts::<acct>:assumed-role/<role>/<session>`; for `Service`, the service principal
 * (`secretsmanager.amazonaws.com`).
 */
export interface RequestPrincipal {
  arn: string;
  accountId: string;
  type: 'Root' | 'User' | 'AssumedRole' | 'Service';
  /** aws:userid: AIDA... for users, ARO...:<session> for role sessions, the account id for root. */
  userId?: string;
  /** aws:username: IAM users only. */
  userName?: string;
  /** For AssumedRole: the role's ARN with its path; derived from `arn` (without path) if absent. */
  roleArn?: string;
  /** aws:PrincipalTag/*: the user's or role's tags, overridden by session tags. */
  tags?: Readonly<Record<string, string>>;
}

/** A request-context value. Numbers and booleans become their JSON text. */
export type ContextValue = string | number | boolean | readonly string[] | undefined;

export interface EvaluationRequest {
  principal: RequestPrincipal;
  /** `service:Operation`, e.g. `secretsmanager:GetSecretValue`. */
  action: string;
  /** The resource ARN; `*` or undefined for actions without a resource type (ListSecrets). */
  resource?: string;
  /** The account that owns the resource; undefined means the caller's own account. */
  resourceAccount?: string;
  /** Request-context keys (case-insensitive names). Principal keys are derived; these win. */
  context?: Readonly<Record<string, ContextValue>>;
  /** Request time (epoch ms); fills aws:CurrentTime and aws:EpochTime unless given in context. */
  now?: number;
  identityPolicies?: readonly PolicyRef[];
  /** The secret's resource policy (Secrets Manager). */
  resourcePolicy?: PolicyRef;
  /** A KMS key's policy: unlike a resource policy, it must allow (directly or by delegating to IAM). */
  keyPolicy?: PolicyRef;
  /** A role's trust policy (sts:AssumeRole): like a key policy, it must allow. */
  trustPolicy?: PolicyRef;
  /** Session policies of an assumed-role session; an empty list means none were passed. */
  sessionPolicies?: readonly PolicyRef[];
  permissionsBoundary?: PolicyRef;
}

/** The policy type that decided, as named in AWS's enhanced AccessDenied messages. */
export type PolicyType = 'identity' | 'resource' | 'key' | 'trust' | 'boundary' | 'session';

export interface MatchedStatement {
  policyType: PolicyType;
  policyId?: string;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  start: Position;
  end: Position;
}

export interface Decision {
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** Undefined when the account root is allowed by default. */
  decidedBy?: PolicyType;
  /** Deny statements for an explicit deny; the allow statements that granted, for an allow. */
  matchedStatements: MatchedStatement[];
}
