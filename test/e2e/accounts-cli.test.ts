/**
 * `coffer account create|list` beside a running server: the new account has its own
 * aws/secretsmanager key and admin, whose access key is printed once and works at once; accounts
 * see nothing of each other.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateRoleCommand, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, DescribeSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { runCoffer, tempDataDir } from '../support/coffer-server.js';
import { iamClient, sessionCredentials, stsClient } from '../support/identity-clients.js';
import { useServer } from '../support/use-server.js';

const { server } = useServer();

const coffer = (args: string[], dataDir = server.dataDir) => runCoffer(args, dataDir);

describe('coffer account', () => {
  test('create prints the admin key once; it works at once and sees only its own account', async () => {
    const r = await coffer(['account', 'create', '--name', 'team-a', '--id', '123456789012']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.AccountId, '123456789012');
    assert.equal(out.Name, 'team-a');
    assert.equal(out.AdminUser, 'arn:aws:iam::123456789012:user/admin');
    assert.match(out.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(out.SecretAccessKey.length, 40);
    assert.match(r.stderr, /shown only this once/);
    const creds = { accessKeyId: out.AccessKeyId, secretAccessKey: out.SecretAccessKey };

    const me = await stsClient(server, creds).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([me.Account, me.Arn], ['123456789012', 'arn:aws:iam::123456789012:user/admin']);

    // IAM: each account has its own users.
    const name = uniqueName('only-in-a');
    await iamClient(server, creds).send(new CreateUserCommand({ UserName: name }));
    const inA = (await iamClient(server, creds).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName);
    assert.deepEqual(inA?.sort(), ['admin', name].sort());
    const inDefault = (await iamClient(server).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName);
    assert.ok(!inDefault?.includes(name));

    // Secrets Manager: the new account's secrets use its own aws/secretsmanager key and stay its own.
    const secret = await server.client(creds).send(new CreateSecretCommand({ Name: 'shared-name', SecretString: 'a' }));
    assert.match(secret.ARN!, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:shared-name-/);
    const listed = await server.client().send(new ListSecretsCommand({}));
    assert.ok(!listed.SecretList?.some((s) => s.ARN === secret.ARN));
    await expectAwsError(server.client().send(new DescribeSecretCommand({ SecretId: 'shared-name' })), 'ResourceNotFoundException');

    // Cross account: a role of the default account that trusts team-a can be assumed from team-a
    // (team-a's admin is allowed everything by its own account), not from another account.
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }] });
    const role = (await iamClient(server).send(new CreateRoleCommand({ RoleName: uniqueName('for-a'), AssumeRolePolicyDocument: trust }))).Role!;
    const session = await stsClient(server, creds).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'from-a' }));
    const who = await stsClient(server, sessionCredentials(session.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([who.Account, who.Arn], ['000000000000', `arn:aws:sts::000000000000:assumed-role/${role.RoleName}/from-a`]);
    await expectAwsError(
      stsClient(server).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'same' })),
      'AccessDenied',
      `User: arn:aws:iam::000000000000:user/admin is not authorized to perform: sts:AssumeRole on resource: ${role.Arn}`,
      403,
    );
  });

  test('list shows every account; duplicates and bad ids are refused', async () => {
    const made = JSON.parse((await coffer(['account', 'create', '--name', 'team-b'])).stdout);
    assert.match(made.AccountId, /^\d{12}$/);
    const list = await coffer(['account', 'list']);
    assert.equal(list.code, 0, list.stderr);
    const accounts = JSON.parse(list.stdout).Accounts as { AccountId: string; Name: string; CreatedDate: string }[];
    assert.deepEqual(
      accounts.map((a) => [a.AccountId, a.Name]).sort(),
      [['000000000000', 'default'], ['123456789012', 'team-a'], [made.AccountId, 'team-b']].sort(),
    );
    assert.ok(accounts.every((a) => !Number.isNaN(Date.parse(a.CreatedDate))));

    const dupId = await coffer(['account', 'create', '--name', 'team-c', '--id', '123456789012']);
    assert.equal(dupId.code, 1);
    assert.equal(dupId.stderr, 'coffer: account 123456789012 already exists\n');
    const dupName = await coffer(['account', 'create', '--name', 'team-a']);
    assert.equal(dupName.code, 1);
    assert.equal(dupName.stderr, 'coffer: an account named "team-a" already exists\n');
    const badId = await coffer(['account', 'create', '--name', 'team-d', '--id', '12345']);
    assert.equal(badId.code, 1);
    assert.equal(badId.stderr, 'coffer: --id must be 12 digits\n');
    assert.equal(JSON.parse((await coffer(['account', 'list'])).stdout).Accounts.length, 3, 'nothing was created');
  });

  test('without a data directory the command says so', async () => {
    const empty = tempDataDir();
    const r = await coffer(['account', 'list'], `${empty}/none`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^coffer: no Coffer data in .*none: start the server once/);
  });
});
