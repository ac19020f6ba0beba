/**
 * AWS managed policies end to end, with @aws-sdk/client-iam, -sts and -secrets-manager and the AWS
 * CLI, against AWS's documented behaviour (IAM User Guide, "AWS managed policies" and
 * "Permissions boundaries for IAM entities"; IAM API Reference, GetPolicy, ListPolicies,
 * GetPolicyVersion; AWS Managed Policy Reference Guide):
 * - `arn:aws:iam::aws:policy/<name>` exists in every account, with AWS's id, dates, default
 *   version and document; ListPolicies lists it under Scope=All and Scope=AWS, not Scope=Local;
 * - it can be attached to users, groups and roles and set as a permissions boundary, and then
 *   decides real calls like any attached policy; detaching it removes the access at once;
 * - nobody can change it (DeletePolicy, CreatePolicyVersion, DeletePolicyVersion,
 *   SetDefaultPolicyVersion are refused and nothing changes);
 * - an ARN under `arn:aws:iam::aws:policy/` that is not in the catalogue is missing like any
 *   missing policy;
 * - every account shares the catalogue; AttachmentCount counts the calling account's attachments.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { REGION, runCoffer } from '../support/coffer-server.js';
import { awsCli, iamClient, sessionCredentials, stsClient, type SessionCredentials } from '../support/identity-clients.js';
import { useServer } from '../support/use-server.js';

const ACCOUNT = '000000000000';
const AWS_POLICY = 'arn:aws:iam::aws:policy/';
const SRW = `${AWS_POLICY}SecretsManagerReadWrite`;
const ADMIN_ACCESS = `${AWS_POLICY}AdministratorAccess`;
const IAM_READ = `${AWS_POLICY}IAMReadOnlyAccess`;
const MADE_UP = `${AWS_POLICY}NoSuchManagedPolicy`;
const CATALOGUE = ['AdministratorAccess', 'AWSKeyManagementServicePowerUser', 'IAMFullAccess', 'IAMReadOnlyAccess', 'SecretsManagerReadWrite'];
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const denied = (caller: string, action: string, resource: string, reason?: string) =>
  `User: ${caller} is not authorized to perform: ${action} on resource: ${resource}${reason ? ` ${reason}` : ''}`;
const noIdentity = (action: string) => `because no identity-based policy allows the ${action} action`;
const noBoundary = (action: string) => `because no permissions boundary allows the ${action} action`;

const { server, sm } = useServer();
let admin: iam.IAMClient;

const smAs = (creds: SessionCredentials) => new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials: creds, maxAttempts: 1 });

async function user(opts: { boundary?: string } = {}): Promise<{ name: string; arn: string; creds: SessionCredentials }> {
  const name = uniqueName('u');
  const u = await admin.send(new iam.CreateUserCommand({ UserName: name, ...(opts.boundary ? { PermissionsBoundary: opts.boundary } : {}) }));
  const k = await admin.send(new iam.CreateAccessKeyCommand({ UserName: name }));
  return { name, arn: u.User!.Arn!, creds: { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! } };
}

async function attachmentCount(client: iam.IAMClient, arn: string): Promise<[number, number]> {
  const p = (await client.send(new iam.GetPolicyCommand({ PolicyArn: arn }))).Policy!;
  return [p.AttachmentCount!, p.PermissionsBoundaryUsageCount!];
}

const cofferCli = (args: string[]) => runCoffer(args, server.dataDir);

// One outer suite: node 20 runs root-level `before` hooks without waiting for each other.
describe('AWS managed policies', () => {
  before(() => {
    admin = iamClient(server);
  });

  test('GetPolicy, GetPolicyVersion and ListPolicyVersions answer AWS\'s published policy', async () => {
    const p = (await admin.send(new iam.GetPolicyCommand({ PolicyArn: SRW }))).Policy!;
    assert.deepEqual(
      {
        PolicyName: p.PolicyName,
        PolicyId: p.PolicyId,
        Arn: p.Arn,
        Path: p.Path,
        DefaultVersionId: p.DefaultVersionId,
        IsAttachable: p.IsAttachable,
        CreateDate: p.CreateDate?.toISOString(),
        UpdateDate: p.UpdateDate?.toISOString(),
        Tags: p.Tags,
      },
      {
        PolicyName: 'SecretsManagerReadWrite',
        PolicyId: 'ANPAI3VG7CI5BIQZQ6G2E',
        Arn: SRW,
        Path: '/',
        DefaultVersionId: 'v5',
        IsAttachable: true,
        CreateDate: '2018-04-04T18:05:29.000Z',
        UpdateDate: '2024-02-22T18:12:06.000Z',
        Tags: [],
      },
    );
    assert.match(p.Description!, /^Provides read\/write access to AWS Secrets Manager/);

    const v = (await admin.send(new iam.GetPolicyVersionCommand({ PolicyArn: SRW, VersionId: 'v5' }))).PolicyVersion!;
    assert.equal(v.IsDefaultVersion, true);
    assert.equal(v.CreateDate?.toISOString(), '2024-02-22T18:12:06.000Z');
    // The document comes URL-encoded, as IAM answers every policy document.
    const document = JSON.parse(decodeURIComponent(v.Document!)) as { Version: string; Statement: { Sid: string; Action: string[] }[] };
    assert.equal(document.Version, '2012-10-17');
    assert.deepEqual(document.Statement.map((s) => s.Sid), ['BasePermissions', 'LambdaPermissions', 'SARPermissions', 'S3Permissions']);
    assert.equal(document.Statement[0]!.Action[0], 'secretsmanager:*');

    await expectAwsError(
      admin.send(new iam.GetPolicyVersionCommand({ PolicyArn: SRW, VersionId: 'v1' })),
      'NoSuchEntityException',
      `Policy ${SRW} version v1 does not exist or is not attachable.`,
      404,
    );
    const versions = (await admin.send(new iam.ListPolicyVersionsCommand({ PolicyArn: SRW }))).Versions!;
    assert.deepEqual(versions.map((x) => [x.VersionId, x.IsDefaultVersion]), [['v5', true]]);
  });

  test('ListPolicies: Scope=AWS lists only AWS managed policies, Scope=Local only the account\'s, All both', async () => {
    const local = uniqueName('local');
    await admin.send(new iam.CreatePolicyCommand({ PolicyName: local, PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }) }));

    const awsScope = (await admin.send(new iam.ListPoliciesCommand({ Scope: 'AWS' }))).Policies!;
    assert.deepEqual(awsScope.map((p) => p.PolicyName), CATALOGUE);
    assert.ok(awsScope.every((p) => p.Arn === `${AWS_POLICY}${p.PolicyName}` && p.Path === '/' && /^ANPA/.test(p.PolicyId!)));
    assert.ok(awsScope.every((p) => p.Description === undefined), 'ListPolicies does not return Description');

    const localScope = (await admin.send(new iam.ListPoliciesCommand({ Scope: 'Local' }))).Policies!;
    assert.ok(localScope.some((p) => p.PolicyName === local));
    assert.ok(localScope.every((p) => p.Arn!.startsWith(`arn:aws:iam::${ACCOUNT}:policy/`)));

    const all = (await admin.send(new iam.ListPoliciesCommand({}))).Policies!.map((p) => p.PolicyName);
    assert.ok(all.includes(local));
    for (const name of CATALOGUE) assert.ok(all.includes(name), name);

    // Paging runs over both.
    const first = await admin.send(new iam.ListPoliciesCommand({ Scope: 'AWS', MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    const rest = await admin.send(new iam.ListPoliciesCommand({ Scope: 'AWS', Marker: first.Marker }));
    assert.deepEqual([...first.Policies!, ...rest.Policies!].map((p) => p.PolicyName), CATALOGUE);
  });

  test('a user with SecretsManagerReadWrite can create and read secrets but not create IAM users; detaching removes access', async () => {
    const u = await user();
    await admin.send(new iam.AttachUserPolicyCommand({ UserName: u.name, PolicyArn: SRW }));
    const attached = await admin.send(new iam.ListAttachedUserPoliciesCommand({ UserName: u.name }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'SecretsManagerReadWrite', PolicyArn: SRW }]);
    assert.deepEqual(await attachmentCount(admin, SRW), [1, 0]);
    const filtered = (await admin.send(new iam.ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }))).Policies!;
    assert.deepEqual(filtered.map((p) => [p.PolicyName, p.AttachmentCount]), [['SecretsManagerReadWrite', 1]]);

    const asUser = smAs(u.creds);
    const name = uniqueName('srw');
    await asUser.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    assert.equal((await asUser.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'v1');
    const newUser = uniqueName('nope');
    await expectAwsError(
      iamClient(server, u.creds).send(new iam.CreateUserCommand({ UserName: newUser })),
      'AccessDenied',
      denied(u.arn, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/${newUser}`, noIdentity('iam:CreateUser')),
      403,
    );

    // The simulator names the AWS managed policy that decided.
    const sim = await admin.send(new iam.SimulatePrincipalPolicyCommand({ PolicySourceArn: u.arn, ActionNames: ['secretsmanager:CreateSecret'] }));
    assert.equal(sim.EvaluationResults?.[0]?.EvalDecision, 'allowed');
    assert.deepEqual(
      sim.EvaluationResults?.[0]?.MatchedStatements?.map((s) => [s.SourcePolicyId, s.SourcePolicyType]),
      [['SecretsManagerReadWrite', 'aws-managed']],
    );

    await admin.send(new iam.DetachUserPolicyCommand({ UserName: u.name, PolicyArn: SRW }));
    assert.deepEqual((await admin.send(new iam.ListAttachedUserPoliciesCommand({ UserName: u.name }))).AttachedPolicies, []);
    await expectAwsError(
      asUser.send(new GetSecretValueCommand({ SecretId: name })),
      'AccessDeniedException',
      denied(u.arn, 'secretsmanager:GetSecretValue', name, noIdentity('secretsmanager:GetSecretValue')),
    );
    assert.deepEqual(await attachmentCount(admin, SRW), [0, 0]);
    // Detaching again: the policy is not attached any more.
    await expectAwsError(admin.send(new iam.DetachUserPolicyCommand({ UserName: u.name, PolicyArn: SRW })), 'NoSuchEntityException', `Policy ${SRW} was not found.`, 404);
  });

  test('AdministratorAccess attached to a role works for a session of the role assumed through STS', async () => {
    const roleName = uniqueName('admins');
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
    const role = await admin.send(new iam.CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }));
    await admin.send(new iam.AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: ADMIN_ACCESS }));
    assert.deepEqual((await admin.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies, [
      { PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ACCESS },
    ]);

    const out = await stsClient(server).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'ops' }));
    const session = sessionCredentials(out.Credentials);
    const created = uniqueName('by-session');
    await iamClient(server, session).send(new iam.CreateUserCommand({ UserName: created }));
    const secretName = uniqueName('s');
    await smAs(session).send(new CreateSecretCommand({ Name: secretName, SecretString: 'admin' }));
    assert.equal((await smAs(session).send(new GetSecretValueCommand({ SecretId: secretName }))).SecretString, 'admin');

    // A managed session policy may be an AWS managed one: it limits the session.
    const limited = await stsClient(server).send(
      new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'read', PolicyArns: [{ arn: IAM_READ }] }),
    );
    const readOnly = iamClient(server, sessionCredentials(limited.Credentials));
    await readOnly.send(new iam.GetUserCommand({ UserName: created }));
    const sessionArn = limited.AssumedRoleUser!.Arn!;
    const other = uniqueName('nope');
    await expectAwsError(
      readOnly.send(new iam.CreateUserCommand({ UserName: other })),
      'AccessDenied',
      denied(sessionArn, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/${other}`, 'because no session policy allows the iam:CreateUser action'),
      403,
    );
  });

  test('an AWS managed policy can be a permissions boundary, and is attachable to a group', async () => {
    const group = uniqueName('g');
    await admin.send(new iam.CreateGroupCommand({ GroupName: group }));
    await admin.send(new iam.AttachGroupPolicyCommand({ GroupName: group, PolicyArn: ADMIN_ACCESS }));
    const u = await user({ boundary: IAM_READ });
    await admin.send(new iam.AddUserToGroupCommand({ GroupName: group, UserName: u.name }));
    const got = await admin.send(new iam.GetUserCommand({ UserName: u.name }));
    assert.deepEqual(got.User?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: IAM_READ });
    assert.deepEqual(await attachmentCount(admin, IAM_READ), [0, 1]);

    const asUser = iamClient(server, u.creds);
    await asUser.send(new iam.ListUsersCommand({}));
    const other = uniqueName('nope');
    await expectAwsError(
      asUser.send(new iam.CreateUserCommand({ UserName: other })),
      'AccessDenied',
      denied(u.arn, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/${other}`, noBoundary('iam:CreateUser')),
      403,
    );
    const name = uniqueName('s');
    await expectAwsError(
      smAs(u.creds).send(new CreateSecretCommand({ Name: name, SecretString: 'x' })),
      'AccessDeniedException',
      denied(u.arn, 'secretsmanager:CreateSecret', name, noBoundary('secretsmanager:CreateSecret')),
    );
    const filtered = (await admin.send(new iam.ListPoliciesCommand({ Scope: 'AWS', PolicyUsageFilter: 'PermissionsBoundary' }))).Policies!;
    assert.ok(filtered.some((p) => p.PolicyName === 'IAMReadOnlyAccess' && p.PermissionsBoundaryUsageCount === 1));

    await admin.send(new iam.DeleteUserPermissionsBoundaryCommand({ UserName: u.name }));
    await asUser.send(new iam.CreateUserCommand({ UserName: other }));
  });

  test('deleting or changing an AWS managed policy is refused and changes nothing', async () => {
    const me = `arn:aws:iam::${ACCOUNT}:user/admin`;
    const refused = (action: string) => denied(me, `iam:${action}`, `policy ${ADMIN_ACCESS}`);
    const newDoc = doc({ Effect: 'Deny', Action: '*', Resource: '*' });
    await expectAwsError(admin.send(new iam.DeletePolicyCommand({ PolicyArn: ADMIN_ACCESS })), 'AccessDenied', refused('DeletePolicy'), 403);
    await expectAwsError(
      admin.send(new iam.CreatePolicyVersionCommand({ PolicyArn: ADMIN_ACCESS, PolicyDocument: newDoc, SetAsDefault: true })),
      'AccessDenied',
      refused('CreatePolicyVersion'),
      403,
    );
    await expectAwsError(
      admin.send(new iam.DeletePolicyVersionCommand({ PolicyArn: ADMIN_ACCESS, VersionId: 'v1' })),
      'AccessDenied',
      refused('DeletePolicyVersion'),
      403,
    );
    await expectAwsError(
      admin.send(new iam.SetDefaultPolicyVersionCommand({ PolicyArn: ADMIN_ACCESS, VersionId: 'v1' })),
      'AccessDenied',
      refused('SetDefaultPolicyVersion'),
      403,
    );

    const p = (await admin.send(new iam.GetPolicyCommand({ PolicyArn: ADMIN_ACCESS }))).Policy!;
    assert.deepEqual([p.DefaultVersionId, p.UpdateDate?.toISOString()], ['v1', '2015-02-06T18:39:46.000Z']);
    const versions = (await admin.send(new iam.ListPolicyVersionsCommand({ PolicyArn: ADMIN_ACCESS }))).Versions!;
    assert.deepEqual(versions.map((v) => v.VersionId), ['v1']);
    const v1 = (await admin.send(new iam.GetPolicyVersionCommand({ PolicyArn: ADMIN_ACCESS, VersionId: 'v1' }))).PolicyVersion!;
    assert.deepEqual(JSON.parse(decodeURIComponent(v1.Document!)), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.deepEqual((await admin.send(new iam.ListPoliciesCommand({ Scope: 'AWS' }))).Policies!.map((x) => x.PolicyName), CATALOGUE);
  });

  test('a made-up arn:aws:iam::aws:policy/ ARN is missing exactly like a missing customer policy', async () => {
    const missingLocal = `arn:aws:iam::${ACCOUNT}:policy/${uniqueName('gone')}`;
    const u = await user();
    for (const arn of [MADE_UP, missingLocal]) {
      await expectAwsError(admin.send(new iam.GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntityException', `Policy ${arn} was not found.`, 404);
      await expectAwsError(
        admin.send(new iam.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })),
        'NoSuchEntityException',
        `Policy ${arn} was not found.`,
        404,
      );
      await expectAwsError(admin.send(new iam.DeletePolicyCommand({ PolicyArn: arn })), 'NoSuchEntityException', `Policy ${arn} was not found.`, 404);
      await expectAwsError(
        admin.send(new iam.AttachUserPolicyCommand({ UserName: u.name, PolicyArn: arn })),
        'NoSuchEntityException',
        `Policy ${arn} does not exist or is not attachable.`,
        404,
      );
      await expectAwsError(
        admin.send(new iam.PutUserPermissionsBoundaryCommand({ UserName: u.name, PermissionsBoundary: arn })),
        'NoSuchEntityException',
        `Scope ARN: ${arn} does not exist or is not attachable.`,
        404,
      );
    }
  });

  test('every account shares the catalogue; AttachmentCount counts the calling account\'s attachments', async () => {
    const r = await cofferCli(['account', 'create', '--name', uniqueName('team')]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
    const other = iamClient(server, { accessKeyId: out.AccessKeyId, secretAccessKey: out.SecretAccessKey });

    const u = await user();
    await admin.send(new iam.AttachUserPolicyCommand({ UserName: u.name, PolicyArn: IAM_READ }));
    assert.deepEqual(await attachmentCount(admin, IAM_READ), [1, 0]);
    assert.deepEqual(await attachmentCount(other, IAM_READ), [0, 0], 'the other account sees none of this account\'s attachments');

    const theirs = uniqueName('u');
    await other.send(new iam.CreateUserCommand({ UserName: theirs }));
    await other.send(new iam.AttachUserPolicyCommand({ UserName: theirs, PolicyArn: IAM_READ }));
    assert.deepEqual(await attachmentCount(other, IAM_READ), [1, 0]);
    assert.deepEqual((await other.send(new iam.ListPoliciesCommand({ Scope: 'AWS' }))).Policies!.map((p) => p.PolicyName), CATALOGUE);
    assert.deepEqual(
      (await other.send(new iam.ListPoliciesCommand({ Scope: 'Local' }))).Policies!.map((p) => p.PolicyName),
      [],
      'none of this account\'s policies',
    );
  });

  test('aws iam attach-user-policy with an AWS managed policy ARN (AWS CLI)', async () => {
    const u = await user();
    const attach = await awsCli(server, ['iam', 'attach-user-policy', '--user-name', u.name, '--policy-arn', SRW]);
    assert.equal(attach.code, 0, attach.stderr);
    assert.equal(attach.stdout.trim(), '');
    const list = await awsCli(server, ['iam', 'list-attached-user-policies', '--user-name', u.name]);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout).AttachedPolicies, [{ PolicyName: 'SecretsManagerReadWrite', PolicyArn: SRW }]);
    // The CLI decodes the document.
    const version = await awsCli(server, ['iam', 'get-policy-version', '--policy-arn', SRW, '--version-id', 'v5']);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(JSON.parse(version.stdout).PolicyVersion.Document.Statement[0].Sid, 'BasePermissions');
    const name = uniqueName('cli');
    await smAs(u.creds).send(new CreateSecretCommand({ Name: name, SecretString: 'via-cli-attachment' }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'via-cli-attachment');
  });
});
