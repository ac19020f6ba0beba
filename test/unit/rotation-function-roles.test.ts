/**
 * The execution role of a rotation function (src/rotation/functions/function-role.ts): the trust
 * policy decided by the policy evaluator with the service principal lambda.amazonaws.com (Lambda
 * Developer Guide, "Defining Lambda function permissions with an execution role": the trust policy
 * "must specify the Lambda service principal (lambda.amazonaws.com) as a trusted service"), the
 * session's length, and the session itself (sealed like an AssumeRole session).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { SessionTokens } from '../../src/iam/index.js';
import { lambdaMayAssume, mintSession, parseRoleArn, sessionSeconds, functionSession } from '../../src/rotation/functions/function-role.js';
import type { IamRoleRecord, RotationFunctionRecord, StoreTx } from '../../src/store/index.js';

const ACCOUNT = '111122223333';
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotator`;

function role(trust: unknown, extra: Partial<IamRoleRecord> = {}): IamRoleRecord {
  return {
    roleId: 'AROAEXAMPLEROLEID1234',
    accountId: ACCOUNT,
    name: 'rotator-role',
    path: '/',
    arn: `arn:aws:iam::${ACCOUNT}:role/rotator-role`,
    trustPolicy: JSON.stringify(trust),
    maxSessionDuration: 3600,
    tags: [],
    createdAt: 0,
    ...extra,
  };
}

const statement = (principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
const policy = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

describe('function roles: does the trust policy let Lambda assume the role?', () => {
  const cases: [string, unknown, boolean][] = [
    ['{"Service": "lambda.amazonaws.com"}', policy(statement({ Service: 'lambda.amazonaws.com' })), true],
    ['a list of services including Lambda', policy(statement({ Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] })), true],
    ['another service only', policy(statement({ Service: 'ec2.amazonaws.com' })), false],
    ['the account root (an AWS principal, not a service)', policy(statement({ AWS: `arn:aws:iam::${ACCOUNT}:root` })), false],
    ['Principal "*"', policy(statement('*')), true],
    ['sts:AssumeRoleWithWebIdentity only', policy(statement({ Service: 'lambda.amazonaws.com' }, { Action: 'sts:AssumeRoleWithWebIdentity' })), false],
    ['an explicit Deny for Lambda wins', policy(statement({ Service: 'lambda.amazonaws.com' }), { ...statement({ Service: 'lambda.amazonaws.com' }), Effect: 'Deny' }), false],
    ['aws:SourceAccount of the function', policy(statement({ Service: 'lambda.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } })), true],
    ['aws:SourceAccount of another account', policy(statement({ Service: 'lambda.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': '444455556666' } } })), false],
    ['aws:SourceArn of the function', policy(statement({ Service: 'lambda.amazonaws.com' }, { Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:lambda:*:${ACCOUNT}:function:rot*` } } })), true],
    ['aws:SourceArn of another function', policy(statement({ Service: 'lambda.amazonaws.com' }, { Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other` } } })), false],
  ];
  for (const [name, trust, expected] of cases) it(name, () => assert.equal(lambdaMayAssume(role(trust), FUNCTION, Date.now()), expected));
});

describe('function roles: role ARNs and session length', () => {
  it('parses role ARNs with and without a path', () => {
    assert.deepEqual(parseRoleArn(`arn:aws:iam::${ACCOUNT}:role/r`), { accountId: ACCOUNT, name: 'r' });
    assert.deepEqual(parseRoleArn(`arn:aws:iam::${ACCOUNT}:role/service/rotation/r+=,.@-_`), { accountId: ACCOUNT, name: 'r+=,.@-_' });
    for (const bad of ['r', `arn:aws:iam::${ACCOUNT}:user/r`, 'arn:aws:iam::1234:role/r', `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`]) assert.equal(parseRoleArn(bad), undefined, bad);
  });
  it('lasts at least 15 minutes and beyond the step timeout, never beyond MaxSessionDuration', () => {
    assert.equal(sessionSeconds(300_000, 3600), 900);
    assert.equal(sessionSeconds(20_000, 3600), 900);
    assert.equal(sessionSeconds(1_800_000, 3600), 1860);
    assert.equal(sessionSeconds(7_200_000, 3600), 3600);
    assert.equal(sessionSeconds(7_200_000, 43200), 7260);
  });
});

describe('function roles: the session', () => {
  const sessions = new SessionTokens(() => crypto.randomBytes(32));
  it('is an AssumeRole-style session named after the function, sealed by SessionTokens', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const c = mintSession(sessions, role(policy()), 'rotator', 900, now);
    assert.match(c.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(c.secretAccessKey.length, 40);
    assert.equal(c.expiresAt, now + 900_000);
    const claims = sessions.verify(c.sessionToken!, c.accessKeyId, now + 899_999);
    assert.ok(typeof claims === 'object');
    assert.equal(claims.sessionName, 'rotator');
    assert.equal(claims.roleArn, `arn:aws:iam::${ACCOUNT}:role/rotator-role`);
    assert.equal(claims.roleId, 'AROAEXAMPLEROLEID1234');
    assert.equal(claims.secretAccessKey, c.secretAccessKey);
    assert.equal(sessions.verify(c.sessionToken!, c.accessKeyId, now + 900_000), 'expired');
  });

  const record = (f: Partial<RotationFunctionRecord>): RotationFunctionRecord => ({ accountId: ACCOUNT, region: 'us-east-1', name: 'rotator', kind: 'command', command: 'true', createdAt: 0, ...f });
  const txWith = (roles: IamRoleRecord[]): StoreTx => ({ iam: { getRole: async (a: string, n: string) => roles.find((r) => r.accountId === a && r.name === n) } }) as unknown as StoreTx;

  it('is refused with one clear line when the role is gone, no longer trusts Lambda, or was never given', async () => {
    const now = Date.now();
    const lambda = policy(statement({ Service: 'lambda.amazonaws.com' }));
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/rotator-role`;
    const ok = await functionSession(txWith([role(lambda)]), sessions, record({ roleArn }), 300_000, now);
    assert.ok('credentials' in ok && ok.credentials.sessionToken);
    assert.deepEqual(await functionSession(txWith([]), sessions, record({ roleArn }), 300_000, now), {
      problem: `The role defined for the function cannot be assumed by Lambda: the role ${roleArn} does not exist.`,
    });
    assert.deepEqual(await functionSession(txWith([role(policy(statement({ Service: 'ec2.amazonaws.com' })))]), sessions, record({ roleArn }), 300_000, now), {
      problem: `The role defined for the function cannot be assumed by Lambda: the trust policy of ${roleArn} does not allow sts:AssumeRole for the service principal lambda.amazonaws.com.`,
    });
    // A role of the same name under another path is another role.
    assert.ok('problem' in (await functionSession(txWith([role(lambda, { arn: `arn:aws:iam::${ACCOUNT}:role/x/rotator-role` })]), sessions, record({ roleArn }), 300_000, now)));
    assert.deepEqual(await functionSession(txWith([role(lambda)]), sessions, record({}), 300_000, now), {
      problem: 'the function rotator was registered without a role: delete it and register it again with --role',
    });
  });
});
