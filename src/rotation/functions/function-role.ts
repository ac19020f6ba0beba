/**
 * The execution role of a rotation function, as AWS Lambda has one (Lambda Developer Guide,
 * "Defining Lambda function permissions with an execution role"): the function is registered with
 * a role of its own account whose trust policy lets the service principal `lambda.amazonaws.com`
 * call `sts:AssumeRole`, and every invocation runs with a fresh session of that role.
 *
 * The trust policy is decided by the policy evaluator (iam/policy, pure) exactly as sts:AssumeRole
 * decides it, with the Lambda service principal as the caller. `aws:SourceAccount` (the function's
 * account) and `aws:SourceArn` (the function's Lambda ARN) are in the request context, so trust
 * policies that narrow the service principal with them (the confused-deputy pattern the Lambda
 * guide shows) work (unverified: which of the two AWS Lambda sets when it assumes the role).
 *
 * A session is minted the way AssumeRole mints one (iam/sts/assume-role.ts): an ASIA... key id,
 * a new secret, and a self-authenticating token sealed by the credential directory's
 * SessionTokens, so the function's calls back into Coffer are authenticated from the token alone,
 * authorised by the role's policies and recorded as
 * `arn:aws:sts::<account>:assumed-role/<role>/<function name>` (Lambda names the session after
 * the function).
 */
import { parseIamArn, roleSessionClaims, type SessionTokens } from '../../iam/index.js';
import { evaluate, parsePolicy, type RequestPrincipal } from '../../iam/policy/index.js';
import type { IamRoleRecord, RotationFunctionRecord, StoreTx } from '../../store/index.js';
import { functionArn } from './function-arn.js';
import type { FunctionCredentials } from './function-credentials.js';

const LAMBDA_SERVICE_PRINCIPAL = 'lambda.amazonaws.com';

/** Lambda's refusal (InvalidParameterValueException of CreateFunction), the start of every such message here. */
const CANNOT_BE_ASSUMED = 'The role defined for the function cannot be assumed by Lambda';

/** STS's shortest session, and the margin a session outlives the step timeout by. */
const MIN_SESSION_SECONDS = 900;
const SESSION_MARGIN_SECONDS = 60;

const LAMBDA: RequestPrincipal = { arn: LAMBDA_SERVICE_PRINCIPAL, accountId: '', type: 'Service' };

/** The account and name of a role ARN (`arn:aws:iam::<account>:role/<path><name>`), or undefined. */
export function parseRoleArn(arn: string): { accountId: string; name: string } | undefined {
  const p = parseIamArn(arn, 'role');
  return p && p.accountId !== 'aws' ? { accountId: p.accountId, name: p.name } : undefined;
}

/** Does the role's trust policy let Lambda assume it for this function? */
export function lambdaMayAssume(role: IamRoleRecord, functionArn: string, now: number): boolean {
  const decision = evaluate({
    principal: LAMBDA,
    action: 'sts:AssumeRole',
    resource: role.arn,
    resourceAccount: role.accountId,
    trustPolicy: { id: 'TrustPolicy', policy: parsePolicy(role.trustPolicy, 'trust') },
    context: { 'aws:SourceAccount': role.accountId, 'aws:SourceArn': functionArn },
    now,
  });
  return decision.decision === 'Allow';
}

/**
 * The role a function of `accountId` may run as, or why it may not, as one line (no secret in it):
 * the ARN must name a role of the function's account that exists and trusts Lambda.
 */
export async function executionRole(
  tx: StoreTx,
  accountId: string,
  roleArn: string,
  functionArn: string,
  now: number,
): Promise<{ role: IamRoleRecord } | { problem: string }> {
  const parsed = parseRoleArn(roleArn);
  if (!parsed) return { problem: `${CANNOT_BE_ASSUMED}: ${JSON.stringify(roleArn)} is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME).` };
  if (parsed.accountId !== accountId) {
    return { problem: `${CANNOT_BE_ASSUMED}: the role ${roleArn} is not in the function's account ${accountId}.` };
  }
  const found = await tx.iam.getRole(accountId, parsed.name);
  if (!found || found.arn !== roleArn) return { problem: `${CANNOT_BE_ASSUMED}: the role ${roleArn} does not exist.` };
  if (!lambdaMayAssume(found, functionArn, now)) {
    return {
      problem: `${CANNOT_BE_ASSUMED}: the trust policy of ${roleArn} does not allow sts:AssumeRole for the service principal ${LAMBDA_SERVICE_PRINCIPAL}.`,
    };
  }
  return { role: found };
}

/**
 * How long a function's session lasts: at least STS's 15 minutes and a minute longer than a step
 * may run, but never beyond the role's MaxSessionDuration.
 */
export function sessionSeconds(stepTimeoutMs: number, maxSessionDuration: number): number {
  const wanted = Math.max(MIN_SESSION_SECONDS, Math.ceil(stepTimeoutMs / 1000) + SESSION_MARGIN_SECONDS);
  return Math.min(wanted, maxSessionDuration);
}

/** Temporary credentials of a session of `role` named after the function, as AssumeRole issues them. */
export function mintSession(sessions: SessionTokens, role: IamRoleRecord, functionName: string, seconds: number, now: number): FunctionCredentials {
  const claims = roleSessionClaims({ role, sessionName: functionName, seconds, now, issuerArn: LAMBDA_SERVICE_PRINCIPAL });
  return {
    accessKeyId: claims.accessKeyId,
    secretAccessKey: claims.secretAccessKey,
    sessionToken: sessions.seal(claims),
    expiresAt: claims.expiresAt,
  };
}

/**
 * A fresh session for one invocation of a registered function, or why there is none (one line,
 * naming the role, never a credential): the role must still exist and still trust Lambda.
 */
export async function functionSession(
  tx: StoreTx,
  sessions: SessionTokens,
  f: RotationFunctionRecord,
  stepTimeoutMs: number,
  now: number,
): Promise<{ credentials: FunctionCredentials } | { problem: string }> {
  if (f.roleArn === undefined) {
    return { problem: `the function ${f.name} was registered without a role: delete it and register it again with --role` };
  }
  const found = await executionRole(tx, f.accountId, f.roleArn, functionArn(f.region, f.accountId, f.name), now);
  if ('problem' in found) return found;
  const seconds = sessionSeconds(stepTimeoutMs, found.role.maxSessionDuration);
  return { credentials: mintSession(sessions, found.role, f.name, seconds, now) };
}
