/**
 * The authoriser's port and the facts a service gives it. iam/ decides; each service says what
 * its resources are: a `ResourceFactsLoader` per IAM service prefix (`secretsmanager`, `kms`),
 * implemented in that service's folder and wired in app/, so that iam/ never imports a service.
 */
import type { Caller } from '../operation/index.js';
import type { StoreTx } from '../store/index.js';
import type { ContextValue } from './policy/index.js';

/** One question to the authoriser: may this caller perform this action on this resource now? */
export interface AuthorizationRequest {
  caller: Caller;
  /** `service:Operation`, e.g. `secretsmanager:GetSecretValue`. */
  action: string;
  /** The resource exactly as the caller named it (a SecretId, a KeyId); undefined when the action has none. */
  resource: string | undefined;
  /** The action's validated input, which request-context keys derive from (`secretsmanager:Name`, `aws:RequestTag/*`). */
  input?: Record<string, unknown>;
  /** The region this deployment serves (aws:RequestedRegion; names in the caller's region). */
  region: string;
  /** Request time, epoch milliseconds (aws:CurrentTime, aws:EpochTime). */
  now: number;
  /** Where the call came from: aws:SourceIp and aws:SecureTransport. */
  sourceIp?: string;
  secureTransport?: boolean;
  /** Further request-context keys given by the caller of authorize (kms:ViaService, ...). */
  context?: Readonly<Record<string, ContextValue>>;
}

/** Answers whether a caller may perform an action; throws AccessDeniedException (AWS's text) if not. */
export interface Authorizer {
  /** `tx`: the transaction the caller is inside, if any (the store's locks are not re-entrant). */
  authorize(request: AuthorizationRequest, tx?: StoreTx): Promise<void>;
}

/** What a service knows about the resource of a request, for the evaluator. */
export interface ResourceFacts {
  /** The resource ARN evaluated against Resource elements; `*` for actions without a resource. */
  resource: string;
  /** The account owning the resource; undefined = the caller's. */
  resourceAccount?: string;
  /** A Secrets Manager resource policy (JSON text, parsed with kind 'resource'). */
  resourcePolicy?: string;
  /** A KMS key policy (JSON text, parsed with kind 'key'): it must allow. */
  keyPolicy?: string;
  /** Service and resource context keys (`secretsmanager:ResourceTag/team`, `kms:CallerAccount`, ...). */
  context?: Record<string, ContextValue>;
  /** How the AccessDenied message names the resource, when not as the caller gave it (KMS: the key ARN). */
  messageResource?: string;
  /** End the AccessDenied message with a period (KMS does). */
  period?: boolean;
}

/**
 * The service-specific part of authorisation: finds the resource a request names, in `tx`. An
 * action that AWS authorises on several resources answers one entry per resource (KMS CreateAlias:
 * the alias, then the key; AWS KMS Developer Guide, "Controlling access to aliases"): the request
 * is allowed only if every one is, and the first denied one is named in the AccessDenied message.
 */
export type ResourceFactsLoader = (tx: StoreTx, request: AuthorizationRequest) => Promise<ResourceFacts | readonly ResourceFacts[]>;
