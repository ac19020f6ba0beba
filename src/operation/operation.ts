/**
 * One operation of a service, declared once as data beside its handler. Routing, input
 * validation (the model's input shape), authorisation (action + resource), audit and docs all
 * read this declaration.
 */
export interface Operation<I = any, O = any> {
  /** Service prefix as in IAM actions and X-Amz-Target: 'secretsmanager'. */
  service: string;
  /** Operation name as in the service model: 'GetSecretValue'. */
  name: string;
  /** Does the call only read? (CloudTrail's readOnly.) */
  readOnly: boolean;
  /**
   * The resource the IAM action applies to, exactly as the caller named it (AWS's AccessDenied
   * message echoes the SecretId as given); undefined for actions without a resource (ListSecrets).
   * `caller` lets a service name the resource in the caller's account (IAM: `arn:aws:iam::<acct>:user/x`).
   */
  resource(input: I, caller: Caller): string | undefined;
  /**
   * Who authorises the call: the pipeline with `service:name` on resource() (the default);
   * 'none' for an action AWS never denies (sts:GetCallerIdentity); 'handler' when the handler
   * makes the whole decision itself (sts:AssumeRole, evaluated together with the role's trust policy).
   */
  authorization?: 'pipeline' | 'none' | 'handler';
  handler(ctx: CallContext, input: I): Promise<O>;
}

/** What a handler knows of the call it serves. */
export interface CallContext {
  requestId: string;
  /** The authenticated caller. */
  caller: Caller;
  /** The region this deployment serves (the SigV4 scope's region). */
  region: string;
  /** Request time, epoch milliseconds; one clock reading per call. */
  now: number;
  /**
   * Authorises a further action inside the call (BatchGetSecretValue authorises GetSecretValue
   * for each secret; Secrets Manager authorises kms:Decrypt on a secret's customer key). Throws
   * the AccessDeniedException the caller would have got calling it.
   */
  authorize(action: string, resource: string | undefined, extra?: AuthorizeExtra): Promise<void>;
}

/** More about a further action to authorise. */
export interface AuthorizeExtra {
  /**
   * The store transaction the caller is inside, if any: the authoriser reads through it (the
   * store's read and write locks are not re-entrant). Typed loosely to keep this module at the
   * bottom of the layers; it is a `StoreTx`.
   */
  tx?: unknown;
  /** Request-context keys of this action (`kms:ViaService`, `kms:EncryptionContext:SecretARN`, ...). */
  context?: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
  /** The action's input as the context keys derive from it (the call's own input by default: none). */
  input?: Record<string, unknown>;
}

export interface Caller {
  accountId: string;
  /** arn:aws:iam::<acct>:user/<path><name>, or arn:aws:sts::<acct>:assumed-role/<role>/<session>. */
  arn: string;
  /** aws:userid: AIDA... for a user, AROA...:<session> for a role session. */
  principalId: string;
  accessKeyId: string;
  /** The user's name; for a role session, the session name (CloudTrail's userName). */
  userName: string;
  isAccountAdmin: boolean;
  /** Absent means 'IAMUser'. */
  type?: 'IAMUser' | 'AssumedRole' | 'Root';
  /** Set for temporary credentials from sts:AssumeRole (type 'AssumedRole'). */
  session?: CallerSession;
}

/** What a role session's token carries (see iam/sts/session-token.ts). */
export interface CallerSession {
  /** The role's ARN with its path. */
  roleArn: string;
  /** AROA... */
  roleId: string;
  roleName: string;
  sessionName: string;
  /** Epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
  /** Session tags (aws:PrincipalTag/* overrides the role's tags), keys as given. */
  tags: Record<string, string>;
  /** Lower-cased keys of the session tags that pass on to a chained role session. */
  transitiveTagKeys: string[];
  /** The inline session policy (JSON text), if one was passed. */
  policy?: string;
  /** Managed session policy ARNs, if any were passed. */
  policyArns: string[];
  sourceIdentity?: string;
  /** The principal that called AssumeRole (CloudTrail's sessionIssuer is the role). */
  issuerArn: string;
}
