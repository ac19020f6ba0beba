/**
 * STS with @aws-sdk/client-sts against a real `coffer serve`: GetCallerIdentity, and AssumeRole
 * checked against the role's trust policy by the policy evaluator (ExternalId, DurationSeconds,
 * session tags and session policies, role chaining), returning temporary credentials whose
 * self-authenticating session token is verified on every later call, with Secrets Manager too.
 * Expiry: session-token.test.ts pins it with an injected clock; sts-session-expiry.test.ts shows it
 * end to end, restarting the server with its clock moved past a session's end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { startServer, stopAndClean, type CofferServer } from '../support/coffer-server.js';
import { iamClient, sessionCredentials, stsClient, type SessionCredentials } from '../support/identity-clients.js';

const ACCOUNT = '000000000000';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

let server: CofferServer;
let admin: iam.IAMClient;
let sts: STSClient;

const trust = (principal: unknown, extra: Record<string, unknown> = {}, action: string | string[] = 'sts:AssumeRole') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action, ...extra }] });

async function role(trustPolicy: string, maxSessionDuration?: number): Promise<string> {
  const name = uniqueName('role');
  const r = await admin.send(new iam.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy, MaxSessionDuration: maxSessionDuration }));
  return r.Role!.Arn!;
}

async function user(): Promise<{ name: string; arn: string; creds: SessionCredentials }> {
  const name = uniqueName('caller');
  const u = await admin.send(new iam.CreateUserCommand({ UserName: name }));
  const k = await admin.send(new iam.CreateAccessKeyCommand({ UserName: name }));
  return { name, arn: u.User!.Arn!, creds: { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! } };
}

const deniedText = (caller: string, roleArn: string, reason = '') =>
  `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}${reason}`;

before(async () => {
  server = await startServer();
  admin = iamClient(server);
  sts = stsClient(server);
});

after(async () => {
  await stopAndClean(server);
});

describe('GetCallerIdentity', () => {
  test('names the admin user', async () => {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, ACCOUNT);
    assert.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:user/admin`);
    assert.match(me.UserId!, /^AIDA[A-Z2-7]{17}$/);
  });

  test('answers a user that no policy allows anything (AWS never denies it)', async () => {
    const u = await user();
    const me = await stsClient(server, u.creds).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, u.arn);
  });
});

describe('AssumeRole', () => {
  test('issues ASIA credentials that authenticate until they expire, for STS and Secrets Manager', async () => {
    const roleArn = await role(trust({ AWS: ROOT }));
    const roleName = roleArn.split('/').pop()!;
    const before = Date.now();
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'build-42', DurationSeconds: 900 }));
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(c.SecretAccessKey!.length, 40);
    assert.ok(c.SessionToken!.length > 100);
    const expires = c.Expiration!.getTime();
    assert.ok(expires >= Math.floor(before / 1000) * 1000 + 899_000 && expires <= Date.now() + 900_000, `expiration ${c.Expiration?.toISOString()}`);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/build-42`);
    const roleId = (await admin.send(new iam.GetRoleCommand({ RoleName: roleName }))).Role!.RoleId!;
    assert.equal(out.AssumedRoleUser?.AssumedRoleId, `${roleId}:build-42`);

    const session = sessionCredentials(c);
    const me = await stsClient(server, session).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([me.Account, me.Arn, me.UserId], [ACCOUNT, out.AssumedRoleUser?.Arn, `${roleId}:build-42`]);

    // Secrets Manager authenticates the session and authorises it with the role's policies:
    // none yet, so denied naming the session; allowed once the role's policy allows it.
    await expectAwsError(
      server.client(session).send(new ListSecretsCommand({})),
      'AccessDeniedException',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/build-42 is not authorized to perform: secretsmanager:ListSecrets because no identity-based policy allows the secretsmanager:ListSecrets action`,
    );
    const allowList = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }] });
    await admin.send(new iam.PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'list', PolicyDocument: allowList }));
    const listed = await server.client(session).send(new ListSecretsCommand({}));
    assert.ok(Array.isArray(listed.SecretList));
  });

  test('a modified session token, or one presented with another access key id, is refused', async () => {
    const roleArn = await role(trust({ AWS: ROOT }));
    const a = sessionCredentials((await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sa' }))).Credentials);
    const b = sessionCredentials((await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sb' }))).Credentials);
    const token = a.sessionToken!;
    const i = Math.floor(token.length / 2);
    const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    const forged = { ...a, sessionToken: flipped };
    await expectAwsError(stsClient(server, forged).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    await expectAwsError(server.client(forged).send(new ListSecretsCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    const swapped = { ...a, sessionToken: b.sessionToken };
    await expectAwsError(stsClient(server, swapped).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    const wrongSecret = { ...a, secretAccessKey: b.secretAccessKey };
    await expectAwsError(stsClient(server, wrongSecret).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', undefined, 403);
    const noToken = { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey };
    await expectAwsError(stsClient(server, noToken).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  });

  test('the trust policy decides: a user named in it needs no identity policy, the account root delegates to IAM', async () => {
    const u = await user();
    const direct = await role(trust({ AWS: u.arn }));
    const out = await stsClient(server, u.creds).send(new AssumeRoleCommand({ RoleArn: direct, RoleSessionName: 'direct' }));
    assert.ok(out.Credentials?.AccessKeyId);

    const delegated = await role(trust({ AWS: ROOT }));
    await expectAwsError(
      stsClient(server, u.creds).send(new AssumeRoleCommand({ RoleArn: delegated, RoleSessionName: 'sx' })),
      'AccessDenied',
      deniedText(u.arn, delegated, ' because no identity-based policy allows the sts:AssumeRole action'),
      403,
    );
    const allow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: delegated }] });
    await admin.send(new iam.PutUserPolicyCommand({ UserName: u.name, PolicyName: 'assume', PolicyDocument: allow }));
    assert.ok((await stsClient(server, u.creds).send(new AssumeRoleCommand({ RoleArn: delegated, RoleSessionName: 'sx' }))).Credentials);

    const other = await user();
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }] });
    const mixed = await role(trust({ AWS: other.arn }));
    await admin.send(new iam.PutUserPolicyCommand({ UserName: other.name, PolicyName: 'deny', PolicyDocument: deny }));
    await expectAwsError(
      stsClient(server, other.creds).send(new AssumeRoleCommand({ RoleArn: mixed, RoleSessionName: 'sx' })),
      'AccessDenied',
      deniedText(other.arn, mixed, ' with an explicit deny in an identity-based policy'),
      403,
    );
  });

  test('a role that does not exist is refused like one that does not trust the caller', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/nonexistent-role`;
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 'sx' })),
      'AccessDenied',
      deniedText(`arn:aws:iam::${ACCOUNT}:user/admin`, missing),
      403,
    );
    const u = await user();
    const notTrusted = await role(trust({ Service: 'lambda.amazonaws.com' }));
    await expectAwsError(stsClient(server, u.creds).send(new AssumeRoleCommand({ RoleArn: notTrusted, RoleSessionName: 'sx' })), 'AccessDenied', deniedText(u.arn, notTrusted), 403);
  });

  test('ExternalId must match the sts:ExternalId condition', async () => {
    const roleArn = await role(trust({ AWS: ROOT }, { Condition: { StringEquals: { 'sts:ExternalId': 'partner-7' } } }));
    const admin = `arn:aws:iam::${ACCOUNT}:user/admin`;
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sx' })), 'AccessDenied', deniedText(admin, roleArn), 403);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sx', ExternalId: 'partner-8' })), 'AccessDenied', deniedText(admin, roleArn), 403);
    assert.ok((await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sx', ExternalId: 'partner-7' }))).Credentials);
  });

  test('DurationSeconds: 900 to the role maximum; one hour when chaining roles', async () => {
    const roleArn = await role(trust({ AWS: ROOT }));
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sx', DurationSeconds: 899 })),
      'ValidationError',
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      400,
    );
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sx', DurationSeconds: 7200 })),
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      400,
    );
    const long = await role(trust({ AWS: ROOT }), 43200);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: long, RoleSessionName: 'sx', DurationSeconds: 43200 }));
    assert.ok(out.Credentials!.Expiration!.getTime() > Date.now() + 43_000_000);

    // Chaining: the first role may assume the second one (its policy allows it).
    const allow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: long }] });
    await admin.send(new iam.PutRolePolicyCommand({ RoleName: roleArn.split('/').pop()!, PolicyName: 'chain', PolicyDocument: allow }));
    const first = sessionCredentials((await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'first' }))).Credentials);
    await expectAwsError(
      stsClient(server, first).send(new AssumeRoleCommand({ RoleArn: long, RoleSessionName: 'second', DurationSeconds: 7200 })),
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      400,
    );
    const second = await stsClient(server, first).send(new AssumeRoleCommand({ RoleArn: long, RoleSessionName: 'second' }));
    const me = await stsClient(server, sessionCredentials(second.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${long.split('/').pop()}/second`);
  });

  test('session tags need sts:TagSession; duplicates and stray transitive keys are refused', async () => {
    const noTag = await role(trust({ AWS: ROOT }));
    const admin = `arn:aws:iam::${ACCOUNT}:user/admin`;
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: noTag, RoleSessionName: 'sx', Tags: [{ Key: 'team', Value: 'core' }] })),
      'AccessDenied',
      `User: ${admin} is not authorized to perform: sts:TagSession on resource: ${noTag}`,
      403,
    );
    const tagging = await role(trust({ AWS: ROOT }, {}, ['sts:AssumeRole', 'sts:TagSession']));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: tagging, RoleSessionName: 'sx', Tags: [{ Key: 'team', Value: 'core' }], TransitiveTagKeys: ['team'] }));
    assert.ok(out.Credentials);
    assert.equal(typeof out.PackedPolicySize, 'number');
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: tagging, RoleSessionName: 'sx', Tags: [{ Key: 'team', Value: 'a' }, { Key: 'TEAM', Value: 'b' }] })),
      'InvalidParameterValue',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      400,
    );
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: tagging, RoleSessionName: 'sx', Tags: [{ Key: 'team', Value: 'a' }], TransitiveTagKeys: ['env'] })),
      'InvalidParameterValue',
      'The specified transitive tag key must be included in the requested tags.',
      400,
    );
    const tagCondition = await role(
      trust({ AWS: ROOT }, { Condition: { StringEquals: { 'aws:RequestTag/team': 'core' } } }, ['sts:AssumeRole', 'sts:TagSession']),
    );
    assert.ok((await sts.send(new AssumeRoleCommand({ RoleArn: tagCondition, RoleSessionName: 'sx', Tags: [{ Key: 'team', Value: 'core' }] }))).Credentials);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: tagCondition, RoleSessionName: 'sx', Tags: [{ Key: 'team', Value: 'ops' }] })), 'AccessDenied', undefined, 403);
  });

  test('session policies are checked; bad input is refused with STS texts', async () => {
    const roleArn = await role(trust({ AWS: ROOT }));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }] });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'scoped', Policy: policy }));
    assert.ok(out.Credentials);
    assert.equal(typeof out.PackedPolicySize, 'number');
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sx', Policy: '{"Version":' })), 'MalformedPolicyDocumentException', 'Syntax errors in policy.', 400);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 'sx' })), 'ValidationError', 'nothing-valid-in-here is invalid', 400);
    await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'Session1:2' })),
      'ValidationError',
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      400,
    );
  });
});
