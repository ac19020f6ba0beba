/**
 * The claims of a new session of a role, as sts:AssumeRole issues them and as a rotation function's
 * invocation gets them (rotation/functions/function-role.ts): a fresh ASIA... access key id and
 * secret, the role, the session name, issue and expiry times, and what the caller passed along
 * (session tags, session policies, source identity). Sealing them (SessionTokens.seal) makes the
 * session token.
 */
import type { IamRoleRecord } from '../../store/index.js';
import { newSecretAccessKey } from '../access-keys.js';
import { temporaryAccessKeyId } from '../iam-ids.js';
import type { SessionClaims } from './session-token.js';

export interface NewRoleSession {
  role: IamRoleRecord;
  sessionName: string;
  seconds: number;
  now: number;
  /** The principal the session was issued to (CloudTrail's sessionIssuer side). */
  issuerArn: string;
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  policy?: string;
  policyArns?: string[];
  sourceIdentity?: string;
}

export function roleSessionClaims(s: NewRoleSession): SessionClaims {
  return {
    v: 1,
    accessKeyId: temporaryAccessKeyId(),
    secretAccessKey: newSecretAccessKey(),
    accountId: s.role.accountId,
    roleArn: s.role.arn,
    roleId: s.role.roleId,
    roleName: s.role.name,
    sessionName: s.sessionName,
    issuedAt: s.now,
    expiresAt: s.now + s.seconds * 1000,
    tags: s.tags ?? {},
    transitiveTagKeys: s.transitiveTagKeys ?? [],
    ...(s.policy !== undefined ? { policy: s.policy } : {}),
    policyArns: s.policyArns ?? [],
    ...(s.sourceIdentity !== undefined ? { sourceIdentity: s.sourceIdentity } : {}),
    issuerArn: s.issuerArn,
  };
}
