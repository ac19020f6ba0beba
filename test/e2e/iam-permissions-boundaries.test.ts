/**
 * Permissions boundaries end to end (issue 4), with @aws-sdk/client-iam, -sts and
 * -secrets-manager and one `aws iam` call, against AWS's documented behaviour (IAM User Guide,
 * "Permissions boundaries for IAM entities" and "Policy evaluation logic"; IAM API Reference):
 * - a boundary limits what the identity policies of a user, or of an assumed role, allow; the
 *   AccessDeniedException says "because no permissions boundary allows the X action"; removing
 *   it restores access at once (the identity cache follows the IAM generation);
 * - same-account resource policies: a grant naming the user ARN or the role-session ARN is not
 *   limited by an implicit deny in the boundary, one naming the role ARN is; an explicit deny in
 *   the boundary always wins;
 * - `iam:PermissionsBoundary` lets a delegated administrator create users only with a given
 *   boundary;
 * - the IAM answers: GetUser/GetRole show `PermissionsBoundary`, ListUsers/ListRoles do not, a
 *   missing or malformed boundary creates nothing, a policy in use as a boundary cannot be deleted;
 * - the simulator agrees with the real calls (PermissionsBoundaryDecisionDetail).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, PutResourcePolicyCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { REGION } from '../support/coffer-server.js';
import { awsCli, iamClient, sessionCredentials, stsClient, type SessionCredentials } from '../support/identity-clients.js';
import { useServer } from '../support/use-server.js';

const ACCOUNT = '000000000000';
const GET = 'secretsmanager:GetSecretValue';
const CREATE = 'secretsmanager:CreateSecret';
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Deny', Action, Resource });
const ADMIN_LIKE = doc(allow('*'));
const denied = (caller: string, action: string, resource: string, reason: string) =>
  `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
const noBoundary = (action: string) => `because no permissions boundary allows the ${action} action`;

const { server, sm } = useServer();
let admin: iam.IAMClient;
/** Allows secretsmanager:GetSecretValue only. */
let readBoundary: string;
/** Allows s3:* only: nothing in Secrets Manager. */
let s3Boundary: string;

const smAs = (creds: SessionCredentials) => new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials: creds, maxAttempts: 1 });

async function policy(document: string): Promise<string> {
  const out = await admin.send(new iam.CreatePolicyCommand({ PolicyName: uniqueName('boundary'), PolicyDocument: document }));
  return out.Policy!.Arn!;
}

async function user(boundary?: string, identityPolicy?: string): Promise<{ name: string; arn: string; creds: SessionCredentials }> {
  const name = uniqueName('u');
  const u = await admin.send(new iam.CreateUserCommand({ UserName: name, ...(boundary ? { PermissionsBoundary: boundary } : {}) }));
  if (identityPolicy) await admin.send(new iam.PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: identityPolicy }));
  const k = await admin.send(new iam.CreateAccessKeyCommand({ UserName: name }));
  return { name, arn: u.User!.Arn!, creds: { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! } };
}

async function secret(): Promise<{ name: string; arn: string }> {
  const name = uniqueName('s');
  const out = await sm.send(new CreateSecretCommand({ Name: name, SecretString: `value-of-${name}` }));
  return { name, arn: out.ARN! };
}

/** A role trusting the account (so the admin may assume it), with the given boundary and identity policy. */
async function role(boundary: string, identityPolicy?: string): Promise<{ name: string; arn: string }> {
  const name = uniqueName('r');
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
  const out = await admin.send(new iam.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, PermissionsBoundary: boundary }));
  if (identityPolicy) await admin.send(new iam.PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: identityPolicy }));
  return { name, arn: out.Role!.Arn! };
}

async function assume(roleArn: string, sessionName = 'build'): Promise<{ arn: string; creds: SessionCredentials }> {
  const out = await stsClient(server).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
  return { arn: out.AssumedRoleUser!.Arn!, creds: sessionCredentials(out.Credentials) };
}

// One outer suite: node 20 runs root-level `before` hooks without waiting for each other, so the
// set-up that needs the server runs in the suite, after useServer's hook has started it.
describe('permissions boundaries', () => {
  before(async () => {
    admin = iamClient(server);
    readBoundary = await policy(doc(allow(GET)));
    s3Boundary = await policy(doc(allow('s3:*')));
  });

  describe('a user with a boundary', () => {
    test('an admin-like identity policy is limited to what the boundary allows; removing the boundary restores access', async () => {
      const s = await secret();
      const u = await user(readBoundary, ADMIN_LIKE);
      const asUser = smAs(u.creds);

      const got = await admin.send(new iam.GetUserCommand({ UserName: u.name }));
      assert.deepEqual(got.User?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: readBoundary });
      const listed = (await admin.send(new iam.ListUsersCommand({}))).Users!.find((x) => x.UserName === u.name);
      assert.ok(listed, 'the user is listed');
      assert.equal(listed.PermissionsBoundary, undefined, 'ListUsers does not return PermissionsBoundary');

      assert.equal((await asUser.send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, `value-of-${s.name}`);
      const name = uniqueName('made');
      await expectAwsError(
        asUser.send(new CreateSecretCommand({ Name: name, SecretString: 'x' })),
        'AccessDeniedException',
        denied(u.arn, CREATE, name, noBoundary(CREATE)),
      );
      // IAM (Query protocol: AccessDenied, 403) is outside the boundary too.
      await expectAwsError(
        iamClient(server, u.creds).send(new iam.GetUserCommand({ UserName: u.name })),
        'AccessDenied',
        denied(u.arn, 'iam:GetUser', `user ${u.name}`, noBoundary('iam:GetUser')),
        403,
      );

      await admin.send(new iam.DeleteUserPermissionsBoundaryCommand({ UserName: u.name }));
      assert.equal((await admin.send(new iam.GetUserCommand({ UserName: u.name }))).User?.PermissionsBoundary, undefined);
      await asUser.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));

      // Setting it again limits again, at once.
      await admin.send(new iam.PutUserPermissionsBoundaryCommand({ UserName: u.name, PermissionsBoundary: readBoundary }));
      const other = uniqueName('made');
      await expectAwsError(asUser.send(new CreateSecretCommand({ Name: other, SecretString: 'x' })), 'AccessDeniedException', denied(u.arn, CREATE, other, noBoundary(CREATE)));

      // The simulator agrees with the real calls, and says what the boundary decided.
      const sim = await admin.send(new iam.SimulatePrincipalPolicyCommand({ PolicySourceArn: u.arn, ActionNames: [GET, CREATE] }));
      const byAction = Object.fromEntries(sim.EvaluationResults!.map((r) => [r.EvalActionName, r]));
      assert.equal(byAction[GET]?.EvalDecision, 'allowed');
      assert.deepEqual(byAction[GET]?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
      assert.equal(byAction[CREATE]?.EvalDecision, 'implicitDeny');
      assert.deepEqual(byAction[CREATE]?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
      // A boundary given in the input replaces the user's.
      const replaced = await admin.send(
        new iam.SimulatePrincipalPolicyCommand({ PolicySourceArn: u.arn, ActionNames: [CREATE], PermissionsBoundaryPolicyInputList: [doc(allow('secretsmanager:*'))] }),
      );
      assert.equal(replaced.EvaluationResults?.[0]?.EvalDecision, 'allowed');
      assert.deepEqual(replaced.EvaluationResults?.[0]?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
    });

    test('a policy in use as a boundary counts its uses and cannot be deleted', async () => {
      const b = await policy(doc(allow(GET)));
      const u = await user(b);
      const got = await admin.send(new iam.GetPolicyCommand({ PolicyArn: b }));
      assert.equal(got.Policy?.PermissionsBoundaryUsageCount, 1);
      assert.equal(got.Policy?.AttachmentCount, 0);
      const used = await admin.send(new iam.ListPoliciesCommand({ Scope: 'Local', PolicyUsageFilter: 'PermissionsBoundary' }));
      assert.ok(used.Policies!.some((p) => p.Arn === b));
      await expectAwsError(admin.send(new iam.DeletePolicyCommand({ PolicyArn: b })), 'DeleteConflictException', 'Cannot delete a policy attached to entities.', 409);
      await admin.send(new iam.DeleteUserPermissionsBoundaryCommand({ UserName: u.name }));
      await admin.send(new iam.DeletePolicyCommand({ PolicyArn: b }));
    });

    test('a boundary that does not exist, or is not a policy ARN, is refused and nothing is created or changed', async () => {
      const missing = `arn:aws:iam::${ACCOUNT}:policy/${uniqueName('missing')}`;
      const name = uniqueName('nope');
      await expectAwsError(
        admin.send(new iam.CreateUserCommand({ UserName: name, PermissionsBoundary: missing })),
        'NoSuchEntityException',
        `Scope ARN: ${missing} does not exist or is not attachable.`,
        404,
      );
      await expectAwsError(admin.send(new iam.GetUserCommand({ UserName: name })), 'NoSuchEntityException', `The user with name ${name} cannot be found.`, 404);
      const notPolicy = `arn:aws:iam::${ACCOUNT}:user/someone`;
      await expectAwsError(
        admin.send(new iam.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }), PermissionsBoundary: notPolicy })),
        'InvalidInputException',
        `Value (${notPolicy}) for parameter PermissionsBoundary is invalid.`,
      );
      await expectAwsError(admin.send(new iam.GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', `The role with name ${name} cannot be found.`, 404);

      const u = await user(readBoundary);
      await expectAwsError(
        admin.send(new iam.PutUserPermissionsBoundaryCommand({ UserName: u.name, PermissionsBoundary: missing })),
        'NoSuchEntityException',
        `Scope ARN: ${missing} does not exist or is not attachable.`,
        404,
      );
      assert.equal((await admin.send(new iam.GetUserCommand({ UserName: u.name }))).User?.PermissionsBoundary?.PermissionsBoundaryArn, readBoundary);
      await expectAwsError(
        admin.send(new iam.PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: readBoundary })),
        'NoSuchEntityException',
        `The user with name ${name} cannot be found.`,
        404,
      );
    });
  });

  describe('a role with a boundary', () => {
    test('its sessions are limited the same; the boundary shows in GetRole, not ListRoles; removing it widens live sessions', async () => {
      const s = await secret();
      const r = await role(readBoundary, ADMIN_LIKE);
      const got = await admin.send(new iam.GetRoleCommand({ RoleName: r.name }));
      assert.deepEqual(got.Role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: readBoundary });
      const listed = (await admin.send(new iam.ListRolesCommand({}))).Roles!.find((x) => x.RoleName === r.name);
      assert.equal(listed?.PermissionsBoundary, undefined, 'ListRoles does not return PermissionsBoundary');

      const session = await assume(r.arn);
      const asSession = smAs(session.creds);
      assert.equal((await asSession.send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, `value-of-${s.name}`);
      const name = uniqueName('made');
      await expectAwsError(asSession.send(new CreateSecretCommand({ Name: name, SecretString: 'x' })), 'AccessDeniedException', denied(session.arn, CREATE, name, noBoundary(CREATE)));

      const sim = await admin.send(new iam.SimulatePrincipalPolicyCommand({ PolicySourceArn: r.arn, ActionNames: [GET, CREATE] }));
      assert.deepEqual(
        sim.EvaluationResults!.map((e) => [e.EvalActionName, e.EvalDecision, e.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary]),
        [[GET, 'allowed', true], [CREATE, 'implicitDeny', false]],
      );

      await admin.send(new iam.DeleteRolePermissionsBoundaryCommand({ RoleName: r.name }));
      assert.equal((await admin.send(new iam.GetRoleCommand({ RoleName: r.name }))).Role?.PermissionsBoundary, undefined);
      await asSession.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
      await admin.send(new iam.PutRolePermissionsBoundaryCommand({ RoleName: r.name, PermissionsBoundary: s3Boundary }));
      await expectAwsError(
        asSession.send(new GetSecretValueCommand({ SecretId: s.name })),
        'AccessDeniedException',
        denied(session.arn, GET, s.name, noBoundary(GET)),
      );
    });

    test('AssumeRole itself: a trust policy naming the account needs the caller\'s boundary to allow sts:AssumeRole', async () => {
      const target = await role(readBoundary);
      const u = await user(s3Boundary, doc(allow('sts:AssumeRole')));
      await expectAwsError(
        stsClient(server, u.creds).send(new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: 'xy' })),
        'AccessDenied',
        denied(u.arn, 'sts:AssumeRole', target.arn, noBoundary('sts:AssumeRole')),
        403,
      );
      await admin.send(new iam.DeleteUserPermissionsBoundaryCommand({ UserName: u.name }));
      await stsClient(server, u.creds).send(new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: 'xy' }));
    });
  });

  describe('resource policies and boundaries (same account)', () => {
    const grant = (AWS: string) => doc({ Effect: 'Allow', Principal: { AWS }, Action: GET, Resource: '*' });

    test('a grant naming the user ARN is not limited by an implicit deny in the boundary; an explicit deny in it wins', async () => {
      const s = await secret();
      const u = await user(s3Boundary);
      await sm.send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: grant(u.arn) }));
      assert.equal((await smAs(u.creds).send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, `value-of-${s.name}`);

      const denyingBoundary = await policy(doc(allow('*'), deny('secretsmanager:*')));
      await admin.send(new iam.PutUserPermissionsBoundaryCommand({ UserName: u.name, PermissionsBoundary: denyingBoundary }));
      await expectAwsError(
        smAs(u.creds).send(new GetSecretValueCommand({ SecretId: s.name })),
        'AccessDeniedException',
        denied(u.arn, GET, s.name, 'with an explicit deny in a permissions boundary'),
      );
    });

    test('a grant naming the role ARN is limited by the boundary; one naming the session ARN is not', async () => {
      const s = await secret();
      const r = await role(s3Boundary);
      const session = await assume(r.arn, 'reader');
      await sm.send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: grant(r.arn) }));
      await expectAwsError(
        smAs(session.creds).send(new GetSecretValueCommand({ SecretId: s.name })),
        'AccessDeniedException',
        denied(session.arn, GET, s.name, noBoundary(GET)),
      );
      await sm.send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: grant(session.arn) }));
      assert.equal((await smAs(session.creds).send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, `value-of-${s.name}`);
    });

    test('deleting a bounded role does not lift its boundary from the live sessions: a grant naming the role ARN stops working', async () => {
      const s = await secret();
      const r = await role(readBoundary);
      const session = await assume(r.arn, 'outlives');
      await sm.send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: grant(r.arn) }));
      assert.equal((await smAs(session.creds).send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, `value-of-${s.name}`);
      await admin.send(new iam.DeleteRoleCommand({ RoleName: r.name }));
      await new Promise((res) => setTimeout(res, 1200)); // other worker processes follow the IAM generation within 1 s
      await expectAwsError(
        smAs(session.creds).send(new GetSecretValueCommand({ SecretId: s.name })),
        'AccessDeniedException',
        denied(session.arn, GET, s.name, noBoundary(GET)),
      );
    });
  });

  describe('iam:PermissionsBoundary', () => {
    test('a delegated administrator may create users only with the required boundary', async () => {
      const required = readBoundary;
      const delegate = await user(
        undefined,
        doc(
          allow(['iam:CreateUser', 'iam:PutUserPermissionsBoundary'], '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': required } } }),
          allow(['iam:GetUser', 'iam:DeleteUserPermissionsBoundary']),
          deny('iam:DeleteUserPermissionsBoundary'),
        ),
      );
      const asDelegate = iamClient(server, delegate.creds);
      const without = uniqueName('d');
      const userArn = (n: string) => `arn:aws:iam::${ACCOUNT}:user/${n}`;
      await expectAwsError(
        asDelegate.send(new iam.CreateUserCommand({ UserName: without })),
        'AccessDenied',
        denied(delegate.arn, 'iam:CreateUser', userArn(without), 'because no identity-based policy allows the iam:CreateUser action'),
        403,
      );
      await expectAwsError(asDelegate.send(new iam.CreateUserCommand({ UserName: without, PermissionsBoundary: s3Boundary })), 'AccessDenied', undefined, 403);
      await expectAwsError(admin.send(new iam.GetUserCommand({ UserName: without })), 'NoSuchEntityException', undefined, 404);

      const created = await asDelegate.send(new iam.CreateUserCommand({ UserName: without, PermissionsBoundary: required }));
      assert.deepEqual(created.User?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: required });
      await expectAwsError(
        asDelegate.send(new iam.PutUserPermissionsBoundaryCommand({ UserName: without, PermissionsBoundary: s3Boundary })),
        'AccessDenied',
        denied(delegate.arn, 'iam:PutUserPermissionsBoundary', `user ${without}`, 'because no identity-based policy allows the iam:PutUserPermissionsBoundary action'),
        403,
      );
      await expectAwsError(
        asDelegate.send(new iam.DeleteUserPermissionsBoundaryCommand({ UserName: without })),
        'AccessDenied',
        denied(delegate.arn, 'iam:DeleteUserPermissionsBoundary', `user ${without}`, 'with an explicit deny in an identity-based policy'),
        403,
      );

      // The same through the AWS CLI (Query protocol, botocore's parser).
      const viaCli = uniqueName('cli');
      const r = await awsCli(server, ['iam', 'create-user', '--user-name', viaCli, '--permissions-boundary', required], delegate.creds);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).User.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: required });

      const sim = await admin.send(
        new iam.SimulatePrincipalPolicyCommand({
          PolicySourceArn: delegate.arn,
          ActionNames: ['iam:CreateUser'],
          ContextEntries: [{ ContextKeyName: 'iam:PermissionsBoundary', ContextKeyType: 'string', ContextKeyValues: [required] }],
        }),
      );
      assert.equal(sim.EvaluationResults?.[0]?.EvalDecision, 'allowed');
      assert.equal(sim.EvaluationResults?.[0]?.PermissionsBoundaryDecisionDetail, undefined, 'no boundary, no boundary detail');
    });
  });

  describe('SimulateCustomPolicy', () => {
    test('PermissionsBoundaryPolicyInputList limits PolicyInputList; only one boundary may be given', async () => {
      const out = await admin.send(
        new iam.SimulateCustomPolicyCommand({ PolicyInputList: [ADMIN_LIKE], PermissionsBoundaryPolicyInputList: [doc(allow(GET))], ActionNames: [GET, CREATE] }),
      );
      assert.deepEqual(
        out.EvaluationResults!.map((e) => [e.EvalActionName, e.EvalDecision, e.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary]),
        [[GET, 'allowed', true], [CREATE, 'implicitDeny', false]],
      );
      const explicit = await admin.send(
        new iam.SimulateCustomPolicyCommand({ PolicyInputList: [ADMIN_LIKE], PermissionsBoundaryPolicyInputList: [doc(allow('*'), deny(CREATE))], ActionNames: [CREATE] }),
      );
      assert.equal(explicit.EvaluationResults?.[0]?.EvalDecision, 'explicitDeny');
      assert.deepEqual(explicit.EvaluationResults?.[0]?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
      await expectAwsError(
        admin.send(new iam.SimulateCustomPolicyCommand({ PolicyInputList: [ADMIN_LIKE], PermissionsBoundaryPolicyInputList: [doc(allow(GET)), doc(allow(GET))], ActionNames: [GET] })),
        'InvalidInputException',
        'You can input only one permissions boundary when you pass a policy to this operation.',
      );
    });
  });
});
