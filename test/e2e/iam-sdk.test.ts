/**
 * IAM over the AWS Query protocol with @aws-sdk/client-iam against a real `coffer serve`: every
 * operation's happy path and its main errors with IAM's codes, messages and HTTP statuses (texts
 * recorded against IAM in localstack's snapshot tests unless the source says otherwise), and
 * access keys that stop working once deactivated or deleted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { startServer, stopAndClean, type CofferServer } from '../support/coffer-server.js';
import { iamClient, stsClient } from '../support/identity-clients.js';

const ACCOUNT = '000000000000';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });

let server: CofferServer;
let client: iam.IAMClient;

/**
 * The bound on how long another process of the server (a cluster worker) may still accept a key
 * that was deactivated or deleted: CREDENTIAL_GENERATION_CHECK_MS (1 s), plus slack.
 */
const settle = () => new Promise((r) => setTimeout(r, 1200));

before(async () => {
  server = await startServer();
  client = iamClient(server);
});

after(async () => {
  await stopAndClean(server);
});

describe('users', () => {
  test('create, get, list, tag, untag and delete a user', async () => {
    const name = uniqueName('user');
    const created = await client.send(new iam.CreateUserCommand({ UserName: name, Path: '/team/', Tags: [{ Key: 'team', Value: 'core' }] }));
    assert.equal(created.User?.UserName, name);
    assert.equal(created.User?.Path, '/team/');
    assert.equal(created.User?.Arn, `arn:aws:iam::${ACCOUNT}:user/team/${name}`);
    assert.match(created.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.ok(created.User?.CreateDate instanceof Date);
    assert.deepEqual(created.User?.Tags, [{ Key: 'team', Value: 'core' }]);

    const got = await client.send(new iam.GetUserCommand({ UserName: name }));
    assert.equal(got.User?.UserId, created.User?.UserId);
    assert.equal(got.User?.CreateDate?.getTime(), Math.floor(created.User!.CreateDate!.getTime() / 1000) * 1000);

    const listed = await client.send(new iam.ListUsersCommand({ PathPrefix: '/team/' }));
    assert.equal(listed.IsTruncated, false);
    const mine = listed.Users?.find((u) => u.UserName === name);
    assert.ok(mine);
    assert.equal(mine.Tags, undefined, 'ListUsers leaves tags out');

    await client.send(new iam.TagUserCommand({ UserName: name, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'TEAM', Value: 'ops' }] }));
    let tags = await client.send(new iam.ListUserTagsCommand({ UserName: name }));
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }, { Key: 'TEAM', Value: 'ops' }]);
    await client.send(new iam.UntagUserCommand({ UserName: name, TagKeys: ['env'] }));
    tags = await client.send(new iam.ListUserTagsCommand({ UserName: name }));
    assert.deepEqual(tags.Tags, [{ Key: 'TEAM', Value: 'ops' }]);

    await client.send(new iam.DeleteUserCommand({ UserName: name }));
    await expectAwsError(client.send(new iam.GetUserCommand({ UserName: name })), 'NoSuchEntityException', `The user with name ${name} cannot be found.`, 404);
  });

  test('GetUser without a name answers the calling user', async () => {
    const got = await client.send(new iam.GetUserCommand({}));
    assert.equal(got.User?.UserName, 'admin');
    assert.equal(got.User?.Arn, `arn:aws:iam::${ACCOUNT}:user/admin`);
  });

  test('errors: duplicate (names are not case sensitive), unknown, invalid name', async () => {
    const name = uniqueName('dup');
    await client.send(new iam.CreateUserCommand({ UserName: name }));
    await expectAwsError(
      client.send(new iam.CreateUserCommand({ UserName: name.toUpperCase() })),
      'EntityAlreadyExistsException',
      `User with name ${name.toUpperCase()} already exists.`,
      409,
    );
    for (const call of [
      () => client.send(new iam.DeleteUserCommand({ UserName: 'nonexistent-user' })),
      () => client.send(new iam.TagUserCommand({ UserName: 'nonexistent-user', Tags: [{ Key: 'a', Value: 'b' }] })),
      () => client.send(new iam.UntagUserCommand({ UserName: 'nonexistent-user', TagKeys: ['a'] })),
    ]) {
      await expectAwsError(call(), 'NoSuchEntityException', 'The user with name nonexistent-user cannot be found.', 404);
    }
    await expectAwsError(
      client.send(new iam.CreateUserCommand({ UserName: 'bad name' })),
      'ValidationError',
      "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      400,
    );
  });

  test('DeleteUser refuses while keys, policies, attachments or groups remain', async () => {
    const name = uniqueName('busy');
    await client.send(new iam.CreateUserCommand({ UserName: name }));
    const key = await client.send(new iam.CreateAccessKeyCommand({ UserName: name }));
    await expectAwsError(client.send(new iam.DeleteUserCommand({ UserName: name })), 'DeleteConflictException', 'Cannot delete entity, must delete access keys first.', 409);
    await client.send(new iam.DeleteAccessKeyCommand({ UserName: name, AccessKeyId: key.AccessKey!.AccessKeyId! }));

    await client.send(new iam.PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: POLICY }));
    await expectAwsError(client.send(new iam.DeleteUserCommand({ UserName: name })), 'DeleteConflictException', 'Cannot delete entity, must delete policies first.', 409);
    await client.send(new iam.DeleteUserPolicyCommand({ UserName: name, PolicyName: 'inline' }));

    const policy = await client.send(new iam.CreatePolicyCommand({ PolicyName: uniqueName('p'), PolicyDocument: POLICY }));
    await client.send(new iam.AttachUserPolicyCommand({ UserName: name, PolicyArn: policy.Policy!.Arn! }));
    await expectAwsError(client.send(new iam.DeleteUserCommand({ UserName: name })), 'DeleteConflictException', 'Cannot delete entity, must detach all policies first.', 409);
    await client.send(new iam.DetachUserPolicyCommand({ UserName: name, PolicyArn: policy.Policy!.Arn! }));

    const group = uniqueName('g');
    await client.send(new iam.CreateGroupCommand({ GroupName: group }));
    await client.send(new iam.AddUserToGroupCommand({ GroupName: group, UserName: name }));
    await expectAwsError(
      client.send(new iam.DeleteUserCommand({ UserName: name })),
      'DeleteConflictException',
      'Cannot delete entity, must remove user from all groups first.',
      409,
    );
    await client.send(new iam.RemoveUserFromGroupCommand({ GroupName: group, UserName: name }));
    await client.send(new iam.DeleteUserCommand({ UserName: name }));
  });

  test('ListUsers pages with Marker and MaxItems', async () => {
    const prefix = `/${uniqueName('page')}/`;
    for (let i = 0; i < 3; i++) await client.send(new iam.CreateUserCommand({ UserName: uniqueName('pg'), Path: prefix }));
    const first = await client.send(new iam.ListUsersCommand({ PathPrefix: prefix, MaxItems: 2 }));
    assert.equal(first.Users?.length, 2);
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    const second = await client.send(new iam.ListUsersCommand({ PathPrefix: prefix, MaxItems: 2, Marker: first.Marker }));
    assert.equal(second.Users?.length, 1);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
  });
});

describe('access keys', () => {
  test('create, list, deactivate (refused at once), reactivate, delete (refused), quota of two', async () => {
    const name = uniqueName('keys');
    await client.send(new iam.CreateUserCommand({ UserName: name }));
    const created = await client.send(new iam.CreateAccessKeyCommand({ UserName: name }));
    const key = created.AccessKey!;
    assert.match(key.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.SecretAccessKey!.length, 40);
    assert.equal(key.Status, 'Active');
    assert.equal(key.UserName, name);
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };

    const who = await stsClient(server, creds).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${ACCOUNT}:user/${name}`);

    const listed = await client.send(new iam.ListAccessKeysCommand({ UserName: name }));
    assert.deepEqual(
      listed.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status, k.UserName]),
      [[key.AccessKeyId, 'Active', name]],
    );

    // Warm the credential caches of the server's worker processes with the active key.
    for (let i = 0; i < 4; i++) await stsClient(server, creds).send(new GetCallerIdentityCommand({}));
    await client.send(new iam.UpdateAccessKeyCommand({ UserName: name, AccessKeyId: key.AccessKeyId!, Status: 'Inactive' }));
    assert.equal((await client.send(new iam.ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata?.[0]?.Status, 'Inactive');
    // An inactive key is refused as an unknown one: InvalidClientTokenId on Query, UnrecognizedClientException on
    // JSON. The worker that made the change forgets the key at once, the others within a second.
    await settle();
    for (let i = 0; i < 4; i++) {
      await expectAwsError(
        stsClient(server, creds).send(new GetCallerIdentityCommand({})),
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
      await expectAwsError(server.client(creds).send(new ListSecretsCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    }

    await client.send(new iam.UpdateAccessKeyCommand({ UserName: name, AccessKeyId: key.AccessKeyId!, Status: 'Active' }));
    await settle();
    for (let i = 0; i < 4; i++) assert.equal((await stsClient(server, creds).send(new GetCallerIdentityCommand({}))).Arn, who.Arn);

    await client.send(new iam.CreateAccessKeyCommand({ UserName: name }));
    await expectAwsError(client.send(new iam.CreateAccessKeyCommand({ UserName: name })), 'LimitExceededException', 'Cannot exceed quota for AccessKeysPerUser: 2', 409);

    await client.send(new iam.DeleteAccessKeyCommand({ UserName: name, AccessKeyId: key.AccessKeyId! }));
    await settle();
    for (let i = 0; i < 4; i++) {
      await expectAwsError(
        stsClient(server, creds).send(new GetCallerIdentityCommand({})),
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
    }
    await expectAwsError(
      client.send(new iam.UpdateAccessKeyCommand({ UserName: name, AccessKeyId: key.AccessKeyId!, Status: 'Active' })),
      'NoSuchEntityException',
      `The Access Key with id ${key.AccessKeyId} cannot be found.`,
      404,
    );
  });

  test('a key of another user is not found through this one; an invalid status is a ValidationError', async () => {
    const a = uniqueName('ka');
    const b = uniqueName('kb');
    await client.send(new iam.CreateUserCommand({ UserName: a }));
    await client.send(new iam.CreateUserCommand({ UserName: b }));
    const key = await client.send(new iam.CreateAccessKeyCommand({ UserName: a }));
    await expectAwsError(
      client.send(new iam.DeleteAccessKeyCommand({ UserName: b, AccessKeyId: key.AccessKey!.AccessKeyId! })),
      'NoSuchEntityException',
      `The Access Key with id ${key.AccessKey!.AccessKeyId} cannot be found.`,
      404,
    );
    await expectAwsError(
      client.send(new iam.UpdateAccessKeyCommand({ UserName: a, AccessKeyId: key.AccessKey!.AccessKeyId!, Status: 'Sleeping' as iam.StatusType })),
      'ValidationError',
      "1 validation error detected: Value at 'status' failed to satisfy constraint: Member must satisfy enum value set",
      400,
    );
    await expectAwsError(client.send(new iam.CreateAccessKeyCommand({ UserName: 'nonexistent-user' })), 'NoSuchEntityException', 'The user with name nonexistent-user cannot be found.', 404);
  });
});

describe('groups', () => {
  test('create, add and remove members, get, list, delete', async () => {
    const group = uniqueName('grp');
    const user = uniqueName('member');
    await client.send(new iam.CreateUserCommand({ UserName: user }));
    const created = await client.send(new iam.CreateGroupCommand({ GroupName: group, Path: '/ops/' }));
    assert.equal(created.Group?.Arn, `arn:aws:iam::${ACCOUNT}:group/ops/${group}`);
    assert.match(created.Group?.GroupId ?? '', /^AGPA[A-Z2-7]{17}$/);
    await expectAwsError(client.send(new iam.CreateGroupCommand({ GroupName: group })), 'EntityAlreadyExistsException', `Group with name ${group} already exists.`, 409);

    await client.send(new iam.AddUserToGroupCommand({ GroupName: group, UserName: user }));
    await client.send(new iam.AddUserToGroupCommand({ GroupName: group, UserName: user }));
    const got = await client.send(new iam.GetGroupCommand({ GroupName: group }));
    assert.deepEqual(got.Users?.map((u) => u.UserName), [user]);
    const forUser = await client.send(new iam.ListGroupsForUserCommand({ UserName: user }));
    assert.deepEqual(forUser.Groups?.map((g) => g.GroupName), [group]);
    assert.ok((await client.send(new iam.ListGroupsCommand({ PathPrefix: '/ops/' }))).Groups?.some((g) => g.GroupName === group));

    await expectAwsError(client.send(new iam.DeleteGroupCommand({ GroupName: group })), 'DeleteConflictException', 'Cannot delete entity, must remove users from group first.', 409);
    await client.send(new iam.RemoveUserFromGroupCommand({ GroupName: group, UserName: user }));
    await client.send(new iam.RemoveUserFromGroupCommand({ GroupName: group, UserName: user }));
    await client.send(new iam.DeleteGroupCommand({ GroupName: group }));
  });

  test('membership errors name what is missing', async () => {
    const group = uniqueName('grp');
    await client.send(new iam.CreateGroupCommand({ GroupName: group }));
    await expectAwsError(client.send(new iam.AddUserToGroupCommand({ GroupName: group, UserName: 'nonexistent-user' })), 'NoSuchEntityException', 'The user with name nonexistent-user cannot be found.', 404);
    await expectAwsError(client.send(new iam.AddUserToGroupCommand({ GroupName: 'nonexistent-group', UserName: 'admin' })), 'NoSuchEntityException', 'The group with name nonexistent-group cannot be found.', 404);
    await expectAwsError(client.send(new iam.RemoveUserFromGroupCommand({ GroupName: 'nonexistent-group', UserName: 'admin' })), 'NoSuchEntityException', 'The group with name nonexistent-group cannot be found.', 404);
  });
});

describe('roles', () => {
  test('create, get, tag, update the trust policy, delete', async () => {
    const name = uniqueName('role');
    const created = await client.send(
      new iam.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, Description: 'reads', MaxSessionDuration: 7200, Tags: [{ Key: 'a', Value: '1' }] }),
    );
    const role = created.Role!;
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/${name}`);
    assert.match(role.RoleId!, /^AROA[A-Z2-7]{17}$/);
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), TRUST, 'the trust policy comes back URL-encoded, as given');
    assert.equal(role.MaxSessionDuration, 7200);
    assert.equal(role.Description, 'reads');

    await client.send(new iam.TagRoleCommand({ RoleName: name, Tags: [{ Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }] }));
    await client.send(new iam.UntagRoleCommand({ RoleName: name, TagKeys: ['c'] }));
    const got = await client.send(new iam.GetRoleCommand({ RoleName: name }));
    assert.deepEqual(got.Role?.Tags, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    assert.deepEqual((await client.send(new iam.ListRoleTagsCommand({ RoleName: name }))).Tags, got.Role?.Tags);
    assert.equal(got.Role?.RoleId, role.RoleId);
    const listed = (await client.send(new iam.ListRolesCommand({}))).Roles?.find((r) => r.RoleName === name);
    assert.equal(listed?.Arn, role.Arn);
    assert.equal(listed?.Tags, undefined, 'ListRoles leaves tags out');

    const trust2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await client.send(new iam.UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust2 }));
    assert.equal(decodeURIComponent((await client.send(new iam.GetRoleCommand({ RoleName: name }))).Role!.AssumeRolePolicyDocument!), trust2);

    await client.send(new iam.PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: POLICY }));
    await expectAwsError(client.send(new iam.DeleteRoleCommand({ RoleName: name })), 'DeleteConflictException', 'Cannot delete entity, must delete policies first.', 409);
    await client.send(new iam.DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' }));
    await client.send(new iam.DeleteRoleCommand({ RoleName: name }));
    await expectAwsError(client.send(new iam.GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', `The role with name ${name} cannot be found.`, 404);
  });

  test('bad trust policies are refused and nothing is created', async () => {
    const name = uniqueName('badrole');
    await expectAwsError(
      client.send(new iam.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[' })),
      'MalformedPolicyDocumentException',
      'Syntax errors in policy.',
      400,
    );
    await expectAwsError(
      client.send(
        new iam.CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
        }),
      ),
      'MalformedPolicyDocumentException',
      'Missing required field Principal',
      400,
    );
    await expectAwsError(client.send(new iam.GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', `The role with name ${name} cannot be found.`, 404);
    await expectAwsError(client.send(new iam.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 60 })), 'ValidationError', undefined, 400);
    await expectAwsError(client.send(new iam.UpdateAssumeRolePolicyCommand({ RoleName: 'nonexistent-role', PolicyDocument: TRUST })), 'NoSuchEntityException', 'The role with name nonexistent-role cannot be found.', 404);
  });
});

describe('inline policies', () => {
  for (const kind of ['User', 'Group', 'Role'] as const) {
    test(`Put/Get/List/Delete${kind}Policy`, async () => {
      const owner = uniqueName(kind.toLowerCase());
      if (kind === 'User') await client.send(new iam.CreateUserCommand({ UserName: owner }));
      if (kind === 'Group') await client.send(new iam.CreateGroupCommand({ GroupName: owner }));
      if (kind === 'Role') await client.send(new iam.CreateRoleCommand({ RoleName: owner, AssumeRolePolicyDocument: TRUST }));
      const ownerKey = `${kind}Name`;
      const send = (op: string, extra: Record<string, unknown>): Promise<any> => {
        const Ctor = (iam as unknown as Record<string, new (i: unknown) => any>)[`${op}Command`]!;
        return client.send(new Ctor({ [ownerKey]: owner, ...extra }));
      };
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: 'arn:aws:secretsmanager:*:*:secret:app/*' }] }, null, 2);
      await send(`Put${kind}Policy`, { PolicyName: 'read', PolicyDocument: doc });
      const got = await send(`Get${kind}Policy`, { PolicyName: 'read' });
      assert.equal(got[ownerKey], owner);
      assert.equal(got.PolicyName, 'read');
      assert.equal(decodeURIComponent(got.PolicyDocument), doc, 'stored as given, returned URL-encoded');
      assert.doesNotMatch(got.PolicyDocument, /[ {}"\n]/);
      assert.deepEqual((await send(`List${kind}Policies`, {})).PolicyNames, ['read']);

      await expectAwsError(
        send(`Put${kind}Policy`, { PolicyName: 'bad', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }) }),
        'MalformedPolicyDocumentException',
        'Policy statement must contain resources.',
        400,
      );
      await expectAwsError(
        send(`Put${kind}Policy`, {
          PolicyName: 'bad',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }),
        }),
        'MalformedPolicyDocumentException',
        'Policy document should not specify a principal.',
        400,
      );
      assert.deepEqual((await send(`List${kind}Policies`, {})).PolicyNames, ['read'], 'a refused document changes nothing');

      await send(`Delete${kind}Policy`, { PolicyName: 'read' });
      const notFound = `The ${kind.toLowerCase()} policy with name read cannot be found.`;
      await expectAwsError(send(`Get${kind}Policy`, { PolicyName: 'read' }), 'NoSuchEntityException', notFound, 404);
      await expectAwsError(send(`Delete${kind}Policy`, { PolicyName: 'read' }), 'NoSuchEntityException', notFound, 404);
      assert.deepEqual((await send(`List${kind}Policies`, {})).PolicyNames, []);
    });
  }

  test('a user may hold at most 2048 characters of inline policy', async () => {
    const user = uniqueName('big');
    await client.send(new iam.CreateUserCommand({ UserName: user }));
    const resources = Array.from({ length: 60 }, (_, i) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app-${i}-*`);
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: resources }] });
    await expectAwsError(client.send(new iam.PutUserPolicyCommand({ UserName: user, PolicyName: 'big', PolicyDocument: doc })), 'LimitExceededException', undefined, 409);
  });
});

describe('managed policies', () => {
  test('create, get, versions, attach to a user, a group and a role, detach, delete', async () => {
    const name = uniqueName('managed');
    const created = await client.send(new iam.CreatePolicyCommand({ PolicyName: name, PolicyDocument: POLICY, Description: 'read one', Path: '/app/' }));
    const p = created.Policy!;
    assert.equal(p.Arn, `arn:aws:iam::${ACCOUNT}:policy/app/${name}`);
    assert.equal(p.DefaultVersionId, 'v1');
    assert.equal(p.AttachmentCount, 0);
    assert.equal(p.IsAttachable, true);
    assert.match(p.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
    await expectAwsError(
      client.send(new iam.CreatePolicyCommand({ PolicyName: name.toUpperCase(), PolicyDocument: POLICY })),
      'EntityAlreadyExistsException',
      `A policy called ${name.toUpperCase()} already exists. Duplicate names are not allowed.`,
      409,
    );

    const v2doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] });
    const v2 = await client.send(new iam.CreatePolicyVersionCommand({ PolicyArn: p.Arn!, PolicyDocument: v2doc, SetAsDefault: true }));
    assert.equal(v2.PolicyVersion?.VersionId, 'v2');
    assert.equal(v2.PolicyVersion?.IsDefaultVersion, true);
    assert.equal(v2.PolicyVersion?.Document, undefined);
    const got = await client.send(new iam.GetPolicyCommand({ PolicyArn: p.Arn! }));
    assert.equal(got.Policy?.DefaultVersionId, 'v2');
    assert.equal(got.Policy?.Description, 'read one');
    const v1 = await client.send(new iam.GetPolicyVersionCommand({ PolicyArn: p.Arn!, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(v1.PolicyVersion!.Document!), POLICY);
    assert.equal(v1.PolicyVersion?.IsDefaultVersion, false);
    assert.deepEqual((await client.send(new iam.ListPolicyVersionsCommand({ PolicyArn: p.Arn! }))).Versions?.map((v) => v.VersionId), ['v2', 'v1']);
    await client.send(new iam.SetDefaultPolicyVersionCommand({ PolicyArn: p.Arn!, VersionId: 'v1' }));
    assert.equal((await client.send(new iam.GetPolicyCommand({ PolicyArn: p.Arn! }))).Policy?.DefaultVersionId, 'v1');
    await expectAwsError(client.send(new iam.DeletePolicyVersionCommand({ PolicyArn: p.Arn!, VersionId: 'v1' })), 'DeleteConflictException', undefined, 409);
    await client.send(new iam.SetDefaultPolicyVersionCommand({ PolicyArn: p.Arn!, VersionId: 'v2' }));
    const listedPolicies = await client.send(new iam.ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/app/' }));
    assert.deepEqual(listedPolicies.Policies?.filter((x) => x.PolicyName === name).map((x) => [x.Arn, x.DefaultVersionId]), [[p.Arn, 'v2']]);
    // Scope=AWS lists the built-in AWS managed policies only (iam-aws-managed-policies.test.ts).
    const awsScope = (await client.send(new iam.ListPoliciesCommand({ Scope: 'AWS' }))).Policies!;
    assert.ok(awsScope.length > 0 && awsScope.every((x) => x.Arn!.startsWith('arn:aws:iam::aws:policy/')));

    const user = uniqueName('u');
    const group = uniqueName('g');
    const role = uniqueName('r');
    await client.send(new iam.CreateUserCommand({ UserName: user }));
    await client.send(new iam.CreateGroupCommand({ GroupName: group }));
    await client.send(new iam.CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST }));
    await client.send(new iam.AttachUserPolicyCommand({ UserName: user, PolicyArn: p.Arn! }));
    await client.send(new iam.AttachGroupPolicyCommand({ GroupName: group, PolicyArn: p.Arn! }));
    await client.send(new iam.AttachRolePolicyCommand({ RoleName: role, PolicyArn: p.Arn! }));
    await client.send(new iam.AttachRolePolicyCommand({ RoleName: role, PolicyArn: p.Arn! }));
    const expected = [{ PolicyName: name, PolicyArn: p.Arn }];
    assert.deepEqual((await client.send(new iam.ListAttachedUserPoliciesCommand({ UserName: user }))).AttachedPolicies, expected);
    assert.deepEqual((await client.send(new iam.ListAttachedGroupPoliciesCommand({ GroupName: group }))).AttachedPolicies, expected);
    assert.deepEqual((await client.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies, expected);
    assert.equal((await client.send(new iam.GetPolicyCommand({ PolicyArn: p.Arn! }))).Policy?.AttachmentCount, 3);

    await expectAwsError(client.send(new iam.DeletePolicyCommand({ PolicyArn: p.Arn! })), 'DeleteConflictException', 'Cannot delete a policy attached to entities.', 409);
    await client.send(new iam.DetachUserPolicyCommand({ UserName: user, PolicyArn: p.Arn! }));
    await client.send(new iam.DetachGroupPolicyCommand({ GroupName: group, PolicyArn: p.Arn! }));
    await client.send(new iam.DetachRolePolicyCommand({ RoleName: role, PolicyArn: p.Arn! }));
    await expectAwsError(client.send(new iam.DetachRolePolicyCommand({ RoleName: role, PolicyArn: p.Arn! })), 'NoSuchEntityException', `Policy ${p.Arn} was not found.`, 404);
    assert.deepEqual((await client.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies, []);

    await expectAwsError(client.send(new iam.DeletePolicyCommand({ PolicyArn: p.Arn! })), 'DeleteConflictException', undefined, 409);
    await client.send(new iam.DeletePolicyVersionCommand({ PolicyArn: p.Arn!, VersionId: 'v1' }));
    await client.send(new iam.DeletePolicyCommand({ PolicyArn: p.Arn! }));
    await expectAwsError(client.send(new iam.GetPolicyCommand({ PolicyArn: p.Arn! })), 'NoSuchEntityException', `Policy ${p.Arn} was not found.`, 404);
  });

  test('errors: unknown policy, bad ARN, bad documents, version quota', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:policy/nonexistent`;
    await client.send(new iam.CreateUserCommand({ UserName: uniqueName('x') }));
    await expectAwsError(
      client.send(new iam.AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: missing })),
      'NoSuchEntityException',
      `Policy ${missing} does not exist or is not attachable.`,
      404,
    );
    await expectAwsError(client.send(new iam.AttachRolePolicyCommand({ RoleName: 'whatever', PolicyArn: 'not-an-arn-at-all-really' })), 'ValidationError', 'Invalid ARN:  Could not be parsed!', 400);
    await expectAwsError(client.send(new iam.DeletePolicyCommand({ PolicyArn: missing })), 'NoSuchEntityException', `Policy ${missing} was not found.`, 404);
    await expectAwsError(
      client.send(new iam.CreatePolicyCommand({ PolicyName: uniqueName('v'), PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) })),
      'MalformedPolicyDocumentException',
      'Policy document must be version 2012-10-17 or greater.',
      400,
    );
    const p = await client.send(new iam.CreatePolicyCommand({ PolicyName: uniqueName('q'), PolicyDocument: POLICY }));
    for (let i = 0; i < 4; i++) await client.send(new iam.CreatePolicyVersionCommand({ PolicyArn: p.Policy!.Arn!, PolicyDocument: POLICY }));
    await expectAwsError(
      client.send(new iam.CreatePolicyVersionCommand({ PolicyArn: p.Policy!.Arn!, PolicyDocument: POLICY })),
      'LimitExceededException',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      409,
    );
  });
});

describe('denials', () => {
  // IAM names the resource "user NAME", "role NAME", "group NAME", "policy NAME|ARN", but the ARN
  // for CreateUser/CreateGroup/CreateRole (answers of IAM quoted in public issues; see
  // src/iam/iam-authorization-facts.ts).
  test('AccessDenied names the resource the way IAM does', async () => {
    const name = uniqueName('nobody');
    await client.send(new iam.CreateUserCommand({ UserName: name }));
    const key = (await client.send(new iam.CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    const nobody = iamClient(server, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const caller = `arn:aws:iam::${ACCOUNT}:user/${name}`;
    const denied = (action: string, resource: string) =>
      `User: ${caller} is not authorized to perform: iam:${action} on resource: ${resource} because no identity-based policy allows the iam:${action} action`;
    await settle();
    await expectAwsError(nobody.send(new iam.GetRoleCommand({ RoleName: 'some-role' })), 'AccessDenied', denied('GetRole', 'role some-role'), 403);
    await expectAwsError(nobody.send(new iam.CreateAccessKeyCommand({ UserName: 'other' })), 'AccessDenied', denied('CreateAccessKey', 'user other'), 403);
    await expectAwsError(nobody.send(new iam.CreateGroupCommand({ GroupName: 'g1' })), 'AccessDenied', denied('CreateGroup', `arn:aws:iam::${ACCOUNT}:group/g1`), 403);
    await expectAwsError(nobody.send(new iam.CreateUserCommand({ UserName: 'u1' })), 'AccessDenied', denied('CreateUser', `arn:aws:iam::${ACCOUNT}:user/u1`), 403);
    await expectAwsError(nobody.send(new iam.CreatePolicyCommand({ PolicyName: 'p1', PolicyDocument: POLICY })), 'AccessDenied', denied('CreatePolicy', 'policy p1'), 403);
    const arn = `arn:aws:iam::${ACCOUNT}:policy/p1`;
    await expectAwsError(nobody.send(new iam.GetPolicyCommand({ PolicyArn: arn })), 'AccessDenied', denied('GetPolicy', `policy ${arn}`), 403);
    await expectAwsError(nobody.send(new iam.GetGroupCommand({ GroupName: 'g1' })), 'AccessDenied', denied('GetGroup', 'group g1'), 403);
  });
});

describe('protocol', () => {
  test('an operation Coffer does not implement answers InvalidAction', async () => {
    await expectAwsError(client.send(new iam.GetAccountSummaryCommand({})), 'InvalidAction', 'The action GetAccountSummary is not supported by Coffer.', 400);
  });

  test('a permissions boundary that does not exist is refused and nothing is created (see iam-permissions-boundaries.test.ts)', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/${uniqueName('missing')}`;
    const name = uniqueName('bounded');
    const notAttachable = `Scope ARN: ${arn} does not exist or is not attachable.`;
    await expectAwsError(client.send(new iam.CreateUserCommand({ UserName: name, PermissionsBoundary: arn })), 'NoSuchEntityException', notAttachable, 404);
    await expectAwsError(client.send(new iam.GetUserCommand({ UserName: name })), 'NoSuchEntityException', undefined, 404);
    await expectAwsError(
      client.send(new iam.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, PermissionsBoundary: arn })),
      'NoSuchEntityException',
      notAttachable,
      404,
    );
  });

  test('a region other than the deployment one or us-east-1 is refused', async () => {
    const other = iamClient(server, server.credentials(), 'eu-west-1');
    await expectAwsError(other.send(new iam.ListUsersCommand({})), 'SignatureDoesNotMatch', 'Credential should be scoped to a valid region. ', 403);
  });
});
