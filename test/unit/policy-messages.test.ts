/**
 * AWS's AccessDenied texts and the public-policy check. Sources (tag at the end of each row):
 * [DENIED] IAM User Guide, "Troubleshoot access denied error messages" (enhanced messages:
 *          "with an explicit deny in a <type> policy", "because no <type> policy allows the
 *          <action> action")
 * [NOTES]  /work/shared/reference/api-notes.md §2 (Secrets Manager: no "on resource" for
 *          ListSecrets, no trailing period)
 * [KMSMSG] a KMS AccessDeniedException quoted in jbrt/ec2cryptomatic#26 (trailing period)
 * [BPA]    Secrets Manager User Guide, "Block public access to secrets" / "Resource-based
 *          policies" (BlockPublicPolicy: broad access such as a wildcard principal)
 * [S3PUB]  Amazon S3 User Guide, "The meaning of public" (fixed values of narrowing keys)
 * [OPS]    IAM User Guide, "IAM JSON policy elements: Condition operators"
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessDeniedMessage, evaluate, isPublicPolicy, parsePolicy, validatePolicy, type Decision } from '../../src/iam/policy/index.js';

const USER = 'arn:aws:iam::123456789012:user/JohnDoe';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';
const GET = 'secretsmanager:GetSecretValue';
type D = Pick<Decision, 'decision' | 'decidedBy'>;
const implicit = (decidedBy: Decision['decidedBy']): D => ({ decision: 'ImplicitDeny', decidedBy });
const explicit = (decidedBy: Decision['decidedBy']): D => ({ decision: 'ExplicitDeny', decidedBy });

const messages: { name: string; args: [string, string, string | undefined, D]; period?: boolean; text: string }[] = [
  { name: 'no identity-based policy allows', args: [USER, GET, SECRET, implicit('identity')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: ${SECRET} because no identity-based policy allows the ${GET} action` }, // [DENIED][NOTES]
  { name: 'the resource as the caller named it', args: [USER, GET, 'db', implicit('identity')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: db because no identity-based policy allows the ${GET} action` }, // [NOTES]
  { name: 'ListSecrets has no "on resource"', args: [USER, 'secretsmanager:ListSecrets', undefined, implicit('identity')], text: `User: ${USER} is not authorized to perform: secretsmanager:ListSecrets because no identity-based policy allows the secretsmanager:ListSecrets action` }, // [NOTES]
  { name: 'explicit deny in an identity-based policy', args: [USER, GET, SECRET, explicit('identity')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: ${SECRET} with an explicit deny in an identity-based policy` }, // [DENIED]
  { name: 'no resource-based policy allows', args: [USER, GET, SECRET, implicit('resource')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: ${SECRET} because no resource-based policy allows the ${GET} action` }, // [DENIED]
  { name: 'explicit deny in a resource-based policy', args: [USER, GET, SECRET, explicit('resource')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: ${SECRET} with an explicit deny in a resource-based policy` }, // [DENIED]
  { name: 'no permissions boundary allows', args: [USER, GET, SECRET, implicit('boundary')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: ${SECRET} because no permissions boundary allows the ${GET} action` }, // [DENIED]
  { name: 'explicit deny in a permissions boundary', args: [USER, GET, SECRET, explicit('boundary')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: ${SECRET} with an explicit deny in a permissions boundary` }, // [DENIED]
  { name: 'no session policy allows', args: [USER, GET, SECRET, implicit('session')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: ${SECRET} because no session policy allows the ${GET} action` }, // [DENIED]
  { name: 'explicit deny in a session policy', args: [USER, GET, SECRET, explicit('session')], text: `User: ${USER} is not authorized to perform: ${GET} on resource: ${SECRET} with an explicit deny in a session policy` }, // [DENIED]
  { name: 'a KMS key policy is a resource-based policy, and KMS ends with a period', args: [USER, 'kms:DescribeKey', 'arn:aws:kms:us-west-2:123456789012:key/k', implicit('key')], period: true, text: `User: ${USER} is not authorized to perform: kms:DescribeKey on resource: arn:aws:kms:us-west-2:123456789012:key/k because no resource-based policy allows the kms:DescribeKey action.` }, // [KMSMSG]
  { name: 'explicit deny in the role trust policy', args: [USER, 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/r', explicit('trust')], text: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/r with an explicit deny in the role trust policy` }, // [DENIED]
  { name: 'a trust policy that does not allow: no reason given', args: [USER, 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/r', implicit('trust')], text: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/r` }, // [DENIED]
];

describe('accessDeniedMessage', () => {
  for (const m of messages) it(m.name, () => assert.equal(accessDeniedMessage(...m.args, { period: m.period ?? false }), m.text));
  it('refuses to word an Allow', () => assert.throws(() => accessDeniedMessage(USER, GET, SECRET, { decision: 'Allow' }), TypeError));
  it('names a role session by its session ARN, from a real decision', () => {
    // [DENIED] "User: arn:aws:sts::...:assumed-role/role-name/role-session-name is not authorized ..."
    const arn = 'arn:aws:sts::123456789012:assumed-role/reader/s1';
    const d = evaluate({ principal: { arn, accountId: '123456789012', type: 'AssumedRole' }, action: GET, resource: SECRET, identityPolicies: [] });
    assert.equal(accessDeniedMessage(arn, GET, SECRET, d), `User: ${arn} is not authorized to perform: ${GET} on resource: ${SECRET} because no identity-based policy allows the ${GET} action`);
  });
});

const P = (statement: Record<string, unknown>) =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', ...statement }] }), 'resource');
const when = (condition: Record<string, unknown>) => P({ Principal: '*', Condition: condition });

const publicCases: { name: string; policy: ReturnType<typeof P>; public: boolean }[] = [
  { name: 'Principal * without a condition', policy: P({ Principal: '*' }), public: true }, // [BPA]
  { name: 'Principal {"AWS":"*"} without a condition', policy: P({ Principal: { AWS: '*' } }), public: true }, // [BPA]
  { name: 'a principal list holding *', policy: P({ Principal: { AWS: ['123456789012', '*'] } }), public: true }, // [BPA]
  { name: 'a named account is not public', policy: P({ Principal: { AWS: '444455556666' } }), public: false }, // [S3PUB]
  { name: 'a named role is not public', policy: P({ Principal: { AWS: 'arn:aws:iam::444455556666:role/app' } }), public: false }, // [S3PUB]
  { name: 'Allow with NotPrincipal grants to almost everyone', policy: P({ NotPrincipal: { AWS: '444455556666' } }), public: true }, // [BPA]
  { name: 'Deny to * is not public', policy: parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' } }), 'resource'), public: false }, // [BPA]
  { name: 'narrowed by a fixed aws:PrincipalAccount', policy: when({ StringEquals: { 'aws:PrincipalAccount': '123456789012' } }), public: false }, // [S3PUB]
  { name: 'aws:PrincipalAccount with a wildcard is not fixed', policy: when({ StringLike: { 'aws:PrincipalAccount': '1234*' } }), public: true }, // [S3PUB]
  { name: 'narrowed by a fixed aws:PrincipalOrgID', policy: when({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), public: false }, // [S3PUB]
  { name: 'narrowed by a fixed aws:PrincipalArn with ArnEquals', policy: when({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/app' } }), public: false }, // [S3PUB]
  { name: 'narrowed by aws:SourceVpce', policy: when({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }), public: false }, // [S3PUB]
  { name: 'narrowed by an aws:SourceIp CIDR', policy: when({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), public: false }, // [S3PUB]
  { name: 'aws:SourceIp 0.0.0.0/0 does not narrow', policy: when({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }), public: true }, // [S3PUB]
  { name: '...IfExists does not narrow (an absent key passes)', policy: when({ StringEqualsIfExists: { 'aws:PrincipalAccount': '123456789012' } }), public: true }, // [OPS]
  { name: 'ForAllValues does not narrow (an absent key passes)', policy: when({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), public: true }, // [OPS]
  { name: 'a negated operator does not narrow', policy: when({ StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } }), public: true }, // [S3PUB]
  { name: 'a condition on another key does not narrow', policy: when({ Bool: { 'aws:SecureTransport': 'true' } }), public: true }, // [S3PUB]
  { name: 'a policy variable is not a fixed value', policy: when({ StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } }), public: true }, // [S3PUB]
];

describe('isPublicPolicy (BlockPublicPolicy)', () => {
  for (const c of publicCases) it(c.name, () => assert.equal(isPublicPolicy(c.policy), c.public));
});

describe('validatePolicy (ValidateResourcePolicy)', () => {
  it('a broad statement is a finding that names it', () => {
    // [BPA]
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    const r = validatePolicy(text, 'resource');
    assert.equal(r.passed, false);
    assert.deepEqual(r.findings.map((f) => [f.checkName, f.statementIndex]), [['BroadAccessCheck', 0]]);
    assert.match(r.findings[0]?.message ?? '', /^Statement "Open" grants access to all principals/);
  });
  it('a policy naming one account passes', () => {
    // [BPA] example success {"PolicyValidationPassed": true, "ValidationErrors": []}
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    assert.deepEqual(validatePolicy(text, 'resource').findings, []);
  });
});
