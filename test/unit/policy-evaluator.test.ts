/**
 * The evaluator's decision: each row is a request and the policies in force; `expect` is the
 * decision and the policy type that decided ("Allow/identity", "ImplicitDeny/resource", ...).
 * Sources (tag at the end of each row):
 * [EVAL]   IAM User Guide, "Policy evaluation logic" (explicit deny, identity + resource,
 *          "Resource-based policies and implicit denies in other policy types (same account)",
 *          permissions boundaries, session policies, the root user)
 * [XACCT]  IAM User Guide, "Cross-account policy evaluation logic"
 * [ACTION] IAM User Guide, "IAM JSON policy elements: Action" / "NotAction"
 * [RES]    IAM User Guide, "IAM JSON policy elements: Resource" / "NotResource"
 * [PRINC]  IAM User Guide, "AWS JSON policy elements: Principal"
 * [NOTPR]  IAM User Guide, "AWS JSON policy elements: NotPrincipal"
 * [VARS]   IAM User Guide, "IAM policy elements: Variables and tags"
 * [GLOBAL] IAM User Guide, "AWS global condition context keys"
 * [SMAUTH] Secrets Manager User Guide, "Authentication and access control for AWS Secrets Manager"
 * [SMRP]   Secrets Manager User Guide, "Resource-based policies" / "Access AWS Secrets Manager
 *          secrets from a different account"
 * [KMS]    AWS KMS Developer Guide, "Key policies" (the default key policy delegates to IAM)
 * [BOUND]  IAM User Guide, "Permissions boundaries for IAM entities" (identity and resource-based
 *          policies with boundaries: user and role-session ARN grants are not limited by an
 *          implicit deny in the boundary, role ARN grants are; NotPrincipal with Deny always
 *          denies a principal with a boundary; the iam:PermissionsBoundary condition key)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, parsePolicy, type ContextValue, type EvaluationRequest, type PolicyKind, type RequestPrincipal } from '../../src/iam/policy/index.js';

const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
const SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:db-AbCdEf`;
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const user = (account: string, name: string, tags?: Record<string, string>): RequestPrincipal => ({
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  type: 'User',
  userId: `AIDA${name.toUpperCase()}`,
  userName: name,
  ...(tags ? { tags } : {}),
});
const alice = user(A, 'alice', { team: 'blue' });
const carol = user(A, 'carol');
const bob = user(B, 'bob');
const ROLE = `arn:aws:iam::${A}:role/reader`;
const SESSION_ARN = `arn:aws:sts::${A}:assumed-role/reader/sess`;
const session: RequestPrincipal = { arn: SESSION_ARN, accountId: A, type: 'AssumedRole', userId: 'AROAREADER:sess', roleArn: ROLE };
const rootA: RequestPrincipal = { arn: `arn:aws:iam::${A}:root`, accountId: A, type: 'Root' };
const service: RequestPrincipal = { arn: 'secretsmanager.amazonaws.com', accountId: '', type: 'Service' };

type St = Record<string, unknown>;
const allow = (Action: string | string[] = 'secretsmanager:GetSecretValue', Resource: string | string[] = '*', extra: St = {}): St => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[] = 'secretsmanager:*', Resource: string | string[] = '*', extra: St = {}): St => ({ Effect: 'Deny', Action, Resource, ...extra });
const to = (AWS: string | string[], st: St): St => ({ ...st, Principal: { AWS } });
const anyone = (st: St): St => ({ ...st, Principal: '*' });
const defaultKeyPolicy = [to(`arn:aws:iam::${A}:root`, allow('kms:*'))];

interface Case {
  name: string;
  principal?: RequestPrincipal;
  action?: string;
  /** null: no resource (ListSecrets). */
  resource?: string | null;
  resourceAccount?: string;
  identity?: St[][];
  noVersion?: boolean;
  resourcePolicy?: St[];
  keyPolicy?: St[];
  trustPolicy?: St[];
  boundary?: St[];
  session?: St[][];
  context?: Record<string, ContextValue>;
  expect: string;
}

const doc = (statements: St[], version = true) => JSON.stringify(version ? { Version: '2012-10-17', Statement: statements } : { Statement: statements });
const policy = (kind: PolicyKind, statements: St[], version = true) => parsePolicy(doc(statements, version), kind);

function decide(c: Case): string {
  const resource = c.resource === null ? undefined : c.resource ?? SECRET;
  const owner = c.resourceAccount ?? (resource?.startsWith('arn:') ? resource.split(':')[4] : undefined);
  const request: EvaluationRequest = {
    principal: c.principal ?? alice,
    action: c.action ?? 'secretsmanager:GetSecretValue',
    ...(resource !== undefined ? { resource } : {}),
    ...(owner ? { resourceAccount: owner } : {}),
    ...(c.context ? { context: c.context } : {}),
    identityPolicies: (c.identity ?? []).map((s, i) => ({ id: `p${i}`, policy: policy('identity', s, !c.noVersion) })),
    ...(c.resourcePolicy ? { resourcePolicy: policy('resource', c.resourcePolicy) } : {}),
    ...(c.keyPolicy ? { keyPolicy: policy('key', c.keyPolicy) } : {}),
    ...(c.trustPolicy ? { trustPolicy: policy('trust', c.trustPolicy) } : {}),
    ...(c.boundary ? { permissionsBoundary: policy('identity', c.boundary) } : {}),
    ...(c.session ? { sessionPolicies: c.session.map((s) => policy('session', s)) } : {}),
  };
  const d = evaluate(request);
  return d.decidedBy ? `${d.decision}/${d.decidedBy}` : d.decision;
}

const S = 'arn:aws:secretsmanager:us-east-1:111122223333:secret';
const trustStmt = (AWS: string) => ({ Effect: 'Allow', Principal: { AWS }, Action: 'sts:AssumeRole' });
const cases: Case[] = [
  // Action / NotAction
  { name: 'exact action', identity: [[allow('secretsmanager:GetSecretValue')]], expect: 'Allow/identity' }, // [ACTION]
  { name: 'action names are case-insensitive', identity: [[allow('SecretsManager:getsecretVALUE')]], expect: 'Allow/identity' }, // [ACTION]
  { name: 'trailing * in the action', identity: [[allow('secretsmanager:Get*')]], expect: 'Allow/identity' }, // [ACTION]
  { name: 'wildcard action patterns are case-insensitive too', identity: [[allow('SECRETSMANAGER:get*')]], expect: 'Allow/identity' }, // [ACTION]
  { name: 'Action *', identity: [[allow('*')]], expect: 'Allow/identity' }, // [ACTION]
  { name: '? matches one character of the action', identity: [[allow('secretsmanager:Get?ecretValue')]], expect: 'Allow/identity' }, // [ACTION]
  { name: 'a wildcard in the service prefix', identity: [[allow('secrets*:GetSecretValue')]], expect: 'Allow/identity' }, // [ACTION]
  { name: 'another action does not match', identity: [[allow('secretsmanager:Describe*')]], expect: 'ImplicitDeny/identity' }, // [ACTION]
  { name: 'a prefix without * does not match', identity: [[allow('secretsmanager:GetSecret')]], expect: 'ImplicitDeny/identity' }, // [ACTION]
  { name: 'NotAction allows everything else', identity: [[{ Effect: 'Allow', NotAction: 'secretsmanager:DeleteSecret', Resource: '*' }]], expect: 'Allow/identity' }, // [ACTION]
  { name: 'NotAction excludes the matching action', identity: [[{ Effect: 'Allow', NotAction: 'secretsmanager:*', Resource: '*' }]], expect: 'ImplicitDeny/identity' }, // [ACTION]
  { name: 'NotAction reaches other services too', action: 'kms:Decrypt', resource: KEY, identity: [[{ Effect: 'Allow', NotAction: 'secretsmanager:*', Resource: '*' }]], expect: 'Allow/identity' }, // [ACTION]
  // Resource / NotResource
  { name: 'exact secret ARN', identity: [[allow(undefined, SECRET)]], expect: 'Allow/identity' }, // [RES]
  { name: 'name prefix with *', identity: [[allow(undefined, `${S}:db-*`)]], expect: 'Allow/identity' }, // [RES][SMAUTH]
  { name: 'six ? for the random suffix', identity: [[allow(undefined, `${S}:db-??????`)]], expect: 'Allow/identity' }, // [RES][SMAUTH]
  { name: 'five ? do not match six characters', identity: [[allow(undefined, `${S}:db-?????`)]], expect: 'ImplicitDeny/identity' }, // [RES]
  { name: 'resource matching is case-sensitive', identity: [[allow(undefined, `${S}:DB-*`)]], expect: 'ImplicitDeny/identity' }, // [RES]
  { name: 'another account in the ARN', identity: [[allow(undefined, `arn:aws:secretsmanager:us-east-1:${B}:secret:*`)]], expect: 'ImplicitDeny/identity' }, // [RES]
  { name: 'wildcards in region and account', identity: [[allow(undefined, 'arn:aws:secretsmanager:*:*:secret:*')]], expect: 'Allow/identity' }, // [RES]
  { name: 'missing segments read as *', identity: [[allow(undefined, 'arn:aws:secretsmanager:*')]], expect: 'Allow/identity' }, // [RES]
  { name: '* in the resource part spans colons', identity: [[allow(undefined, `arn:aws:secretsmanager:us-east-1:${A}:*`)]], expect: 'Allow/identity' }, // [RES]
  { name: '* in the region does not span colons', identity: [[allow(undefined, 'arn:aws:secretsmanager:*:secret:db-AbCdEf')]], expect: 'ImplicitDeny/identity' }, // [RES]
  { name: 'NotResource excludes that secret', identity: [[{ Effect: 'Allow', Action: 'secretsmanager:*', NotResource: SECRET }]], expect: 'ImplicitDeny/identity' }, // [RES]
  { name: 'NotResource allows other secrets', identity: [[{ Effect: 'Allow', Action: 'secretsmanager:*', NotResource: `${S}:other-*` }]], expect: 'Allow/identity' }, // [RES]
  { name: 'ListSecrets has no resource: Resource * matches', action: 'secretsmanager:ListSecrets', resource: null, identity: [[allow('secretsmanager:ListSecrets')]], expect: 'Allow/identity' }, // [RES][SMAUTH]
  { name: 'ListSecrets: a secret ARN pattern does not match', action: 'secretsmanager:ListSecrets', resource: null, identity: [[allow('secretsmanager:ListSecrets', 'arn:aws:secretsmanager:*:*:secret:*')]], expect: 'ImplicitDeny/identity' }, // [RES][SMAUTH]
  { name: '${aws:username} in Resource: own secret', resource: `${S}:alice-AbCdEf`, identity: [[allow(undefined, `${S}:\${aws:username}-*`)]], expect: 'Allow/identity' }, // [VARS]
  { name: '${aws:username} in Resource: another secret', identity: [[allow(undefined, `${S}:\${aws:username}-*`)]], expect: 'ImplicitDeny/identity' }, // [VARS]
  { name: '${aws:username} does not resolve for a role session', principal: session, resource: `${S}:reader-AbCdEf`, identity: [[allow(undefined, `${S}:\${aws:username}-*`)]], expect: 'ImplicitDeny/identity' }, // [VARS]
  { name: 'without Version the variable is literal', resource: `${S}:alice-AbCdEf`, noVersion: true, identity: [[allow(undefined, `${S}:\${aws:username}-*`)]], expect: 'ImplicitDeny/identity' }, // [VARS]
  { name: '${aws:PrincipalTag/team} in Resource', resource: `${S}:blue/app-AbCdEf`, identity: [[allow(undefined, `${S}:\${aws:PrincipalTag/team}/*`)]], expect: 'Allow/identity' }, // [VARS]
  { name: 'a Deny whose variable is unresolvable does not apply', principal: session, identity: [[allow('*'), deny('*', `${S}:\${aws:username}*`)]], expect: 'Allow/identity' }, // [VARS]
  // Resource policy, same account
  { name: 'resource policy naming the user grants without an identity policy', resourcePolicy: [to(alice.arn, allow())], expect: 'Allow/resource' }, // [EVAL][SMRP]
  { name: 'resource policy naming another user', resourcePolicy: [to(carol.arn, allow())], expect: 'ImplicitDeny/identity' }, // [EVAL]
  { name: 'naming the account id only delegates to IAM', resourcePolicy: [to(A, allow())], expect: 'ImplicitDeny/identity' }, // [EVAL][PRINC]
  { name: 'naming the account root plus an identity allow', resourcePolicy: [to(`arn:aws:iam::${A}:root`, allow())], identity: [[allow()]], expect: 'Allow/identity' }, // [EVAL][PRINC]
  { name: 'Principal * grants directly', resourcePolicy: [anyone(allow())], expect: 'Allow/resource' }, // [PRINC]
  { name: 'Principal {"AWS":"*"} grants directly', resourcePolicy: [to('*', allow())], expect: 'Allow/resource' }, // [PRINC]
  { name: 'role session, policy names the role', principal: session, resourcePolicy: [to(ROLE, allow())], expect: 'Allow/resource' }, // [EVAL]
  { name: 'role session, policy names the session', principal: session, resourcePolicy: [to(SESSION_ARN, allow())], expect: 'Allow/resource' }, // [EVAL][PRINC]
  { name: 'role ARN grant is limited by a session policy', principal: session, resourcePolicy: [to(ROLE, allow())], session: [[allow('secretsmanager:DescribeSecret')]], expect: 'ImplicitDeny/session' }, // [EVAL]
  { name: 'session ARN grant is not limited by a session policy', principal: session, resourcePolicy: [to(SESSION_ARN, allow())], session: [[allow('secretsmanager:DescribeSecret')]], expect: 'Allow/resource' }, // [EVAL]
  { name: 'user ARN grant is not limited by the permissions boundary', resourcePolicy: [to(alice.arn, allow())], boundary: [allow('s3:*')], expect: 'Allow/resource' }, // [EVAL]
  { name: 'role ARN grant is limited by the permissions boundary', principal: session, resourcePolicy: [to(ROLE, allow())], boundary: [allow('s3:*')], expect: 'ImplicitDeny/boundary' }, // [EVAL]
  { name: 'identity allow suffices when the resource policy names someone else', resourcePolicy: [to(carol.arn, allow())], identity: [[allow()]], expect: 'Allow/identity' }, // [EVAL]
  { name: 'a resource statement whose condition fails grants nothing', resourcePolicy: [to(alice.arn, allow(undefined, '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))], context: { 'aws:SecureTransport': false }, expect: 'ImplicitDeny/identity' }, // [EVAL]
  { name: 'service principal named in the resource policy', principal: service, resourcePolicy: [{ ...allow(), Principal: { Service: 'secretsmanager.amazonaws.com' } }], expect: 'Allow/resource' }, // [PRINC]
  { name: 'service principal not named', principal: service, resourcePolicy: [{ ...allow(), Principal: { Service: 'lambda.amazonaws.com' } }], expect: 'ImplicitDeny/resource' }, // [PRINC]
  // NotPrincipal
  { name: 'Deny with NotPrincipal exempts the listed user and account', identity: [[allow()]], resourcePolicy: [{ ...deny(), NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] } }], expect: 'Allow/identity' }, // [NOTPR]
  { name: 'Deny with NotPrincipal denies everyone else', principal: carol, identity: [[allow()]], resourcePolicy: [{ ...deny(), NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] } }], expect: 'ExplicitDeny/resource' }, // [NOTPR]
  { name: 'NotPrincipal without the account denies the user too', identity: [[allow()]], resourcePolicy: [{ ...deny(), NotPrincipal: { AWS: alice.arn } }], expect: 'ExplicitDeny/resource' }, // [NOTPR]
  { name: 'NotPrincipal exempts a session listed with its role and account', principal: session, identity: [[allow()]], resourcePolicy: [{ ...deny(), NotPrincipal: { AWS: [SESSION_ARN, ROLE, A] } }], expect: 'Allow/identity' }, // [NOTPR]
  { name: 'NotPrincipal without the role ARN denies the session', principal: session, identity: [[allow()]], resourcePolicy: [{ ...deny(), NotPrincipal: { AWS: [SESSION_ARN, A] } }], expect: 'ExplicitDeny/resource' }, // [NOTPR]
  // Explicit deny
  { name: 'a Deny in another identity policy beats an Allow', identity: [[allow()], [deny()]], expect: 'ExplicitDeny/identity' }, // [EVAL]
  { name: 'a resource-policy Deny beats an identity Allow', identity: [[allow()]], resourcePolicy: [anyone(deny())], expect: 'ExplicitDeny/resource' }, // [EVAL][SMRP]
  { name: 'an identity Deny beats a resource-policy Allow', identity: [[deny()]], resourcePolicy: [to(alice.arn, allow())], expect: 'ExplicitDeny/identity' }, // [EVAL]
  { name: 'a Deny in the permissions boundary', identity: [[allow()]], boundary: [allow('*'), deny()], expect: 'ExplicitDeny/boundary' }, // [EVAL]
  { name: 'a Deny in a session policy', principal: session, identity: [[allow()]], session: [[allow('*'), deny()]], expect: 'ExplicitDeny/session' }, // [EVAL]
  { name: 'Deny with NotAction covers the other actions', identity: [[allow('*'), { Effect: 'Deny', NotAction: 'secretsmanager:Describe*', Resource: '*' }]], expect: 'ExplicitDeny/identity' }, // [ACTION][EVAL]
  { name: 'a Deny whose condition fails does not apply', identity: [[allow(), deny(undefined, '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]], context: { 'aws:SecureTransport': true }, expect: 'Allow/identity' }, // [EVAL]
  { name: 'a Deny on another resource does not apply', identity: [[allow(), deny(undefined, `${S}:other-*`)]], expect: 'Allow/identity' }, // [EVAL]
  { name: 'a resource-policy Deny applies to the root user', principal: rootA, resourcePolicy: [anyone(deny())], expect: 'ExplicitDeny/resource' }, // [EVAL]
  // Root
  { name: 'the root user is allowed in its own account without policies', principal: rootA, expect: 'Allow' }, // [EVAL]
  { name: 'the root user of another account needs the resource policy', principal: { ...rootA, arn: `arn:aws:iam::${B}:root`, accountId: B }, expect: 'ImplicitDeny/resource' }, // [XACCT]
  { name: 'the root user of another account named by the resource policy', principal: { ...rootA, arn: `arn:aws:iam::${B}:root`, accountId: B }, resourcePolicy: [to(B, allow())], expect: 'Allow/resource' }, // [XACCT]
  // Permissions boundaries
  { name: 'boundary allows: the identity allow stands', identity: [[allow()]], boundary: [allow('secretsmanager:*')], expect: 'Allow/identity' }, // [EVAL]
  { name: 'boundary does not allow: implicit deny by the boundary', identity: [[allow()]], boundary: [allow('secretsmanager:Describe*')], expect: 'ImplicitDeny/boundary' }, // [EVAL]
  { name: 'a boundary alone grants nothing', boundary: [allow('*')], expect: 'ImplicitDeny/identity' }, // [EVAL]
  { name: 'role session: the role\'s boundary limits its identity allow', principal: session, identity: [[allow('*')]], boundary: [allow('secretsmanager:Describe*')], expect: 'ImplicitDeny/boundary' }, // [BOUND]
  { name: 'role session ARN grant is not limited by the boundary', principal: session, resourcePolicy: [to(SESSION_ARN, allow())], boundary: [allow('s3:*')], expect: 'Allow/resource' }, // [BOUND]
  { name: 'user ARN grant is limited by an explicit deny in the boundary', resourcePolicy: [to(alice.arn, allow())], boundary: [allow('*'), deny()], expect: 'ExplicitDeny/boundary' }, // [BOUND]
  { name: 'account grant delegating to IAM is limited by the boundary', identity: [[allow()]], resourcePolicy: [to(A, allow())], boundary: [allow('s3:*')], expect: 'ImplicitDeny/boundary' }, // [BOUND]
  { name: 'boundary, identity and session policy all allow', principal: session, identity: [[allow()]], boundary: [allow()], session: [[allow()]], expect: 'Allow/identity' }, // [BOUND]
  { name: 'boundary allows but the session policy does not', principal: session, identity: [[allow()]], boundary: [allow()], session: [[allow('s3:*')]], expect: 'ImplicitDeny/session' }, // [BOUND]
  { name: 'assume role: trust naming the account, identity allow, boundary does not allow', action: 'sts:AssumeRole', resource: ROLE, trustPolicy: [trustStmt(A)], identity: [[allow('sts:AssumeRole')]], boundary: [allow('secretsmanager:*')], expect: 'ImplicitDeny/boundary' }, // [BOUND]
  { name: 'assume role: trust naming the user is not limited by the boundary', action: 'sts:AssumeRole', resource: ROLE, trustPolicy: [trustStmt(alice.arn)], boundary: [allow('secretsmanager:*')], expect: 'Allow/trust' }, // [BOUND]
  { name: 'a boundary condition on iam:PermissionsBoundary', action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x`, identity: [[allow('iam:CreateUser', '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/b` } } })]], context: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/b` }, expect: 'Allow/identity' }, // [BOUND]
  { name: 'iam:PermissionsBoundary absent: StringEquals fails', action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x`, identity: [[allow('iam:CreateUser', '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/b` } } })]], expect: 'ImplicitDeny/identity' }, // [BOUND]
  { name: 'Deny with NotPrincipal denies a listed user that has a boundary', identity: [[allow()]], boundary: [allow('*')], resourcePolicy: [{ ...deny(), NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] } }], expect: 'ExplicitDeny/resource' }, // [BOUND]
  { name: 'Deny with NotPrincipal denies a listed session whose role has a boundary', principal: session, identity: [[allow()]], boundary: [allow('*')], resourcePolicy: [{ ...deny(), NotPrincipal: { AWS: [SESSION_ARN, ROLE, A] } }], expect: 'ExplicitDeny/resource' }, // [BOUND]
  { name: 'Allow with NotPrincipal is unaffected by a boundary', identity: [[allow()]], boundary: [allow('*')], resourcePolicy: [{ ...allow(), NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] } }], expect: 'Allow/identity' }, // [BOUND]
  // Session policies
  { name: 'session policy and identity policy both allow', principal: session, identity: [[allow()]], session: [[allow('secretsmanager:Get*')]], expect: 'Allow/identity' }, // [EVAL]
  { name: 'session policy does not allow', principal: session, identity: [[allow()]], session: [[allow('secretsmanager:DescribeSecret')]], expect: 'ImplicitDeny/session' }, // [EVAL]
  { name: 'a session policy alone grants nothing', principal: session, session: [[allow('*')]], expect: 'ImplicitDeny/identity' }, // [EVAL]
  { name: 'session policies do not apply to an IAM user', identity: [[allow()]], session: [[allow('s3:*')]], expect: 'Allow/identity' }, // [EVAL]
  { name: 'a session without session policies keeps the role permissions', principal: session, identity: [[allow()]], session: [], expect: 'Allow/identity' }, // [EVAL]
  // Cross account
  { name: 'cross-account: identity allow and resource policy naming the user', principal: bob, identity: [[allow()]], resourcePolicy: [to(bob.arn, allow())], expect: 'Allow/resource' }, // [XACCT][SMRP]
  { name: 'cross-account: resource policy naming the account id', principal: bob, identity: [[allow()]], resourcePolicy: [to(B, allow())], expect: 'Allow/resource' }, // [XACCT]
  { name: 'cross-account: resource policy naming the account root', principal: bob, identity: [[allow()]], resourcePolicy: [to(`arn:aws:iam::${B}:root`, allow())], expect: 'Allow/resource' }, // [XACCT]
  { name: 'cross-account: no resource policy', principal: bob, identity: [[allow()]], expect: 'ImplicitDeny/resource' }, // [XACCT]
  { name: 'cross-account: no identity allow', principal: bob, resourcePolicy: [to(bob.arn, allow())], expect: 'ImplicitDeny/identity' }, // [XACCT]
  { name: 'cross-account: resource policy naming a third account', principal: bob, identity: [[allow()]], resourcePolicy: [to(C, allow())], expect: 'ImplicitDeny/resource' }, // [XACCT]
  { name: 'cross-account: Principal * with an identity allow', principal: bob, identity: [[allow()]], resourcePolicy: [anyone(allow())], expect: 'Allow/resource' }, // [XACCT]
  { name: 'cross-account: the caller\'s boundary still applies', principal: bob, identity: [[allow()]], resourcePolicy: [to(bob.arn, allow())], boundary: [allow('s3:*')], expect: 'ImplicitDeny/boundary' }, // [XACCT]
  { name: 'cross-account: a resource-policy Deny', principal: bob, identity: [[allow()]], resourcePolicy: [to(bob.arn, allow()), to(B, deny())], expect: 'ExplicitDeny/resource' }, // [XACCT]
  { name: 'cross-account: aws:PrincipalAccount narrows Principal *', principal: bob, identity: [[allow()]], resourcePolicy: [anyone(allow(undefined, '*', { Condition: { StringEquals: { 'aws:PrincipalAccount': B } } }))], expect: 'Allow/resource' }, // [GLOBAL][XACCT]
  { name: 'cross-account: aws:PrincipalAccount excludes another account', principal: bob, identity: [[allow()]], resourcePolicy: [anyone(allow(undefined, '*', { Condition: { StringEquals: { 'aws:PrincipalAccount': C } } }))], expect: 'ImplicitDeny/resource' }, // [GLOBAL][XACCT]
  // KMS key policies
  { name: 'default key policy delegates to IAM: identity allow', action: 'kms:Decrypt', resource: KEY, keyPolicy: defaultKeyPolicy, identity: [[allow('kms:Decrypt')]], expect: 'Allow/identity' }, // [KMS]
  { name: 'default key policy without an identity allow', action: 'kms:Decrypt', resource: KEY, keyPolicy: defaultKeyPolicy, expect: 'ImplicitDeny/key' }, // [KMS]
  { name: 'an identity allow alone does not open a key', action: 'kms:Decrypt', resource: KEY, keyPolicy: [to(carol.arn, allow('kms:*'))], identity: [[allow('kms:*')]], expect: 'ImplicitDeny/key' }, // [KMS][EVAL]
  { name: 'key policy naming the user grants without IAM', action: 'kms:Decrypt', resource: KEY, keyPolicy: [to(alice.arn, allow('kms:Decrypt'))], expect: 'Allow/key' }, // [KMS]
  { name: 'key policy naming the session\'s role', principal: session, action: 'kms:Decrypt', resource: KEY, keyPolicy: [to(ROLE, allow('kms:Decrypt'))], expect: 'Allow/key' }, // [KMS]
  { name: 'cross-account key use: key policy names the account, identity allows', principal: bob, action: 'kms:Decrypt', resource: KEY, keyPolicy: [...defaultKeyPolicy, to(B, allow('kms:Decrypt'))], identity: [[allow('kms:Decrypt')]], expect: 'Allow/key' }, // [KMS][XACCT]
  { name: 'cross-account key use without an identity allow', principal: bob, action: 'kms:Decrypt', resource: KEY, keyPolicy: [...defaultKeyPolicy, to(B, allow('kms:Decrypt'))], expect: 'ImplicitDeny/identity' }, // [KMS][XACCT]
  { name: 'cross-account key use with the default key policy', principal: bob, action: 'kms:Decrypt', resource: KEY, keyPolicy: defaultKeyPolicy, identity: [[allow('kms:Decrypt')]], expect: 'ImplicitDeny/key' }, // [KMS][XACCT]
  { name: 'the root user needs the key policy too', principal: rootA, action: 'kms:Decrypt', resource: KEY, keyPolicy: [to(carol.arn, allow('kms:*'))], expect: 'ImplicitDeny/key' }, // [KMS]
  { name: 'the root user with the default key policy', principal: rootA, action: 'kms:Decrypt', resource: KEY, keyPolicy: defaultKeyPolicy, expect: 'Allow/key' }, // [KMS]
  { name: 'key policy for * with kms:CallerAccount', action: 'kms:Decrypt', resource: KEY, keyPolicy: [anyone(allow('kms:Decrypt', '*', { Condition: { StringEquals: { 'kms:CallerAccount': A } } }))], context: { 'kms:CallerAccount': A }, expect: 'Allow/key' }, // [KMS]
  // Role trust policies
  { name: 'trust policy naming the user', action: 'sts:AssumeRole', resource: ROLE, trustPolicy: [trustStmt(alice.arn)], expect: 'Allow/trust' }, // [EVAL][PRINC]
  { name: 'trust policy naming the account needs an identity allow', action: 'sts:AssumeRole', resource: ROLE, trustPolicy: [trustStmt(`arn:aws:iam::${A}:root`)], expect: 'ImplicitDeny/identity' }, // [EVAL][PRINC]
  { name: 'trust policy naming the account with an identity allow', action: 'sts:AssumeRole', resource: ROLE, trustPolicy: [trustStmt(A)], identity: [[allow('sts:AssumeRole', ROLE)]], expect: 'Allow/identity' }, // [EVAL]
  { name: 'cross-account assume role', principal: bob, action: 'sts:AssumeRole', resource: ROLE, trustPolicy: [trustStmt(B)], identity: [[allow('sts:AssumeRole', ROLE)]], expect: 'Allow/trust' }, // [XACCT]
  { name: 'trust policy naming someone else', action: 'sts:AssumeRole', resource: ROLE, trustPolicy: [trustStmt(carol.arn)], identity: [[allow('sts:AssumeRole')]], expect: 'ImplicitDeny/trust' }, // [EVAL]
  // Keys derived from the principal
  { name: 'aws:PrincipalArn of a role session is the role ARN', principal: session, identity: [[allow(undefined, '*', { Condition: { StringEquals: { 'aws:PrincipalArn': ROLE } } })]], expect: 'Allow/identity' }, // [GLOBAL]
  { name: 'aws:PrincipalType of the root user is Account', principal: rootA, resourcePolicy: [anyone(deny(undefined, '*', { Condition: { StringEquals: { 'aws:PrincipalType': 'Account' } } }))], expect: 'ExplicitDeny/resource' }, // [GLOBAL]
  { name: 'aws:username is not present for a role session', principal: session, identity: [[allow(undefined, '*', { Condition: { Null: { 'aws:username': 'true' } } })]], expect: 'Allow/identity' }, // [VARS][GLOBAL]
  { name: 'aws:userid of a role session is role-id:session', principal: session, identity: [[allow(undefined, '*', { Condition: { StringLike: { 'aws:userid': 'AROAREADER:*' } } })]], expect: 'Allow/identity' }, // [VARS]
  { name: 'aws:ResourceAccount is the owner account', principal: bob, identity: [[allow(undefined, '*', { Condition: { StringEquals: { 'aws:ResourceAccount': B } } })]], resourcePolicy: [to(B, allow())], expect: 'ImplicitDeny/identity' }, // [GLOBAL]
  { name: 'aws:PrincipalTag ABAC on a resource tag', identity: [[allow(undefined, '*', { Condition: { StringEquals: { 'secretsmanager:ResourceTag/team': '${aws:PrincipalTag/team}' } } })]], context: { 'secretsmanager:ResourceTag/team': 'blue' }, expect: 'Allow/identity' }, // [VARS][SMAUTH]
];

describe('evaluate: decisions', () => {
  for (const c of cases) it(c.name, () => assert.equal(decide(c), c.expect));
});

describe('evaluate: matched statements and arguments', () => {
  it('an explicit deny lists every Deny statement that applied, with Sid, policy id and position', () => {
    // [EVAL] SimulatePrincipalPolicy answers MatchedStatements with SourcePolicyId and positions
    const text = '{"Version":"2012-10-17","Statement":[\n {"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},\n {"Sid":"D","Effect":"Deny","Action":"secretsmanager:*","Resource":"*"}]}';
    const d = evaluate({ principal: alice, action: 'secretsmanager:GetSecretValue', resource: SECRET, identityPolicies: [{ id: 'inline-1', policy: parsePolicy(text, 'identity') }] });
    assert.deepEqual(d.matchedStatements, [{ policyType: 'identity', policyId: 'inline-1', statementIndex: 1, sid: 'D', effect: 'Deny', start: { line: 3, column: 2 }, end: { line: 3, column: 71 } }]);
  });
  it('an allow lists the Allow statements that applied, from every policy type that took part', () => {
    // [EVAL]
    const d = evaluate({
      principal: alice,
      action: 'secretsmanager:GetSecretValue',
      resource: SECRET,
      identityPolicies: [policy('identity', [allow('secretsmanager:Describe*'), { ...allow(), Sid: 'read' }])],
      resourcePolicy: policy('resource', [to(A, allow())]),
    });
    assert.deepEqual(d.matchedStatements.map((m) => [m.policyType, m.sid ?? m.statementIndex]), [['identity', 'read'], ['resource', 0]]);
  });
  it('an implicit deny matches no statement', () => {
    // [EVAL]
    const d = evaluate({ principal: alice, action: 'secretsmanager:GetSecretValue', resource: SECRET, identityPolicies: [policy('identity', [allow('s3:*')])] });
    assert.deepEqual(d, { decision: 'ImplicitDeny', decidedBy: 'identity', matchedStatements: [] });
  });
  it('a resource policy and a key policy are not evaluated together', () => {
    assert.throws(
      () => evaluate({ principal: alice, action: 'kms:Decrypt', resourcePolicy: policy('resource', [anyone(allow())]), keyPolicy: policy('key', defaultKeyPolicy) }),
      TypeError,
    );
  });
  it('a compiled policy is reused across many evaluations', () => {
    // parse once, evaluate many (no re-parsing): 10,000 evaluations of one compiled policy
    const p = policy('identity', [allow('secretsmanager:Get*', `${S}:\${aws:username}-*`), deny('secretsmanager:Delete*')]);
    let allowed = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = user(A, `u${i % 50}`);
      const d = evaluate({ principal: u, action: 'secretsmanager:GetSecretValue', resource: `${S}:u${i % 100}-AbCdEf`, identityPolicies: [p] });
      if (d.decision === 'Allow') allowed++;
    }
    assert.equal(allowed, 5_000);
  });
});
