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
   */
  resource(input: I): string | undefined;
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
   * for each secret). Throws the AccessDeniedException the caller would have got calling it.
   */
  authorize(action: string, resource: string | undefined): void;
}

export interface Caller {
  accountId: string;
  arn: string;
  principalId: string;
  accessKeyId: string;
  userName: string;
  isAccountAdmin: boolean;
}
