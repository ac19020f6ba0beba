import type { Caller } from '../../operation/index.js';
import type { SessionClaims } from './session-token.js';

/** arn:aws:sts::<acct>:assumed-role/<role name>/<session name> (no path, as AWS names it). */
export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/** The caller a valid session token stands for. */
export function sessionCaller(c: SessionClaims): Caller {
  return {
    accountId: c.accountId,
    arn: assumedRoleArn(c.accountId, c.roleName, c.sessionName),
    principalId: `${c.roleId}:${c.sessionName}`,
    accessKeyId: c.accessKeyId,
    userName: c.sessionName,
    isAccountAdmin: false,
    type: 'AssumedRole',
    session: {
      roleArn: c.roleArn,
      roleId: c.roleId,
      roleName: c.roleName,
      sessionName: c.sessionName,
      issuedAt: c.issuedAt,
      expiresAt: c.expiresAt,
      tags: c.tags,
      transitiveTagKeys: c.transitiveTagKeys,
      ...(c.policy !== undefined ? { policy: c.policy } : {}),
      policyArns: c.policyArns,
      ...(c.sourceIdentity !== undefined ? { sourceIdentity: c.sourceIdentity } : {}),
      issuerArn: c.issuerArn,
    },
  };
}
