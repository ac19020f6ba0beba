/**
 * KMS alias authorisation as AWS does it (AWS KMS Developer Guide, "Controlling access to aliases"
 * and "Use aliases to control access to KMS keys"), end to end with @aws-sdk/client-kms and
 * @aws-sdk/client-iam: CreateAlias needs kms:CreateAlias on the alias (IAM) and on the key (key
 * policy + IAM); UpdateAlias on the alias, the current key and the new key; DeleteAlias on the
 * alias and its key; ListAliases on `*`; kms:RequestAlias and kms:ResourceAliases in conditions.
 * Every denial names the resource that failed in AWS's text, and leaves the aliases as they were.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  UpdateAliasCommand,
  type KeyMetadata,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { REGION, startServer, stopAndClean, type CofferServer } from '../support/coffer-server.js';
import { iamClient } from '../support/identity-clients.js';
import { kmsClient } from '../support/kms-client.js';

const ACCOUNT = '000000000000';
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const aliasArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`;

let server: CofferServer;
let admin: iam.IAMClient;
let kms: KMSClient;

interface TestUser {
  arn: string;
  kms: KMSClient;
}

/** A user of the account with one inline policy (none when `policy` is undefined). */
async function user(policy?: string): Promise<TestUser> {
  const name = uniqueName('u');
  const u = await admin.send(new iam.CreateUserCommand({ UserName: name }));
  if (policy) await admin.send(new iam.PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const k = await admin.send(new iam.CreateAccessKeyCommand({ UserName: name }));
  return { arn: u.User!.Arn!, kms: kmsClient(server, { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! }) };
}

const newKey = async (Policy?: string): Promise<KeyMetadata> => (await kms.send(new CreateKeyCommand(Policy ? { Policy } : {}))).KeyMetadata!;

/** The key id an alias points at now (undefined: no such alias), as the admin lists it. */
async function target(aliasName: string): Promise<string | undefined> {
  const all = (await kms.send(new ListAliasesCommand({ Limit: 100 }))).Aliases!;
  return all.find((a) => a.AliasName === aliasName)?.TargetKeyId;
}

/** AWS's text for an alias the caller's IAM policies do not allow: the alias ARN, no final period. */
const aliasDenied = (u: TestUser, action: string, aliasName: string) =>
  `User: ${u.arn} is not authorized to perform: ${action} on resource: ${aliasArn(aliasName)} because no identity-based policy allows the ${action} action`;
/** KMS's text for a key whose key policy (here: delegating to IAM, which does not allow) refuses: the key ARN and a period. */
const keyDenied = (u: TestUser, action: string, key: KeyMetadata) =>
  `User: ${u.arn} is not authorized to perform: ${action} on resource: ${key.Arn} because no resource-based policy allows the ${action} action.`;

before(async () => {
  server = await startServer();
  admin = iamClient(server);
  kms = kmsClient(server);
});

after(async () => {
  await stopAndClean(server);
});

describe('CreateAlias', () => {
  test('needs kms:CreateAlias on the alias and on the key', async () => {
    const key = await newKey();
    const name = `alias/${uniqueName('app')}`;
    const onKeyOnly = await user(doc(allow('kms:CreateAlias', key.Arn)));
    await expectAwsError(onKeyOnly.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId })), 'AccessDeniedException', aliasDenied(onKeyOnly, 'kms:CreateAlias', name));
    const onAliasOnly = await user(doc(allow('kms:CreateAlias', aliasArn(name))));
    await expectAwsError(onAliasOnly.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId })), 'AccessDeniedException', keyDenied(onAliasOnly, 'kms:CreateAlias', key));
    assert.equal(await target(name), undefined, 'a denied CreateAlias creates nothing');

    const both = await user(doc(allow('kms:CreateAlias', [aliasArn(name), key.Arn!])));
    await both.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.Arn }));
    assert.equal(await target(name), key.KeyId);
  });

  test('the key policy must allow too: an IAM allow on everything does not reach a key whose policy ignores IAM', async () => {
    // A key policy naming the admin user only: no delegation to IAM in the account.
    const key = await newKey(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/admin` }, Action: 'kms:*', Resource: '*' }));
    const u = await user(doc(allow('kms:*')));
    const name = `alias/${uniqueName('app')}`;
    await expectAwsError(u.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId })), 'AccessDeniedException', keyDenied(u, 'kms:CreateAlias', key));
    assert.equal(await target(name), undefined);
  });

  test('an allow on arn:aws:kms:*:ACCOUNT:alias/app-* scopes alias creation by name', async () => {
    const key = await newKey();
    const u = await user(doc(allow('kms:CreateAlias', [`arn:aws:kms:*:${ACCOUNT}:alias/app-*`, `arn:aws:kms:*:${ACCOUNT}:key/*`])));
    const mine = `alias/${uniqueName('app')}`;
    await u.kms.send(new CreateAliasCommand({ AliasName: mine, TargetKeyId: key.KeyId }));
    assert.equal(await target(mine), key.KeyId);
    const other = `alias/${uniqueName('ops')}`;
    await expectAwsError(u.kms.send(new CreateAliasCommand({ AliasName: other, TargetKeyId: key.KeyId })), 'AccessDeniedException', aliasDenied(u, 'kms:CreateAlias', other));
    assert.equal(await target(other), undefined);
    // An explicit deny on the alias pattern wins over the allow.
    const denied = await user(doc(allow('kms:CreateAlias'), { Effect: 'Deny', Action: 'kms:CreateAlias', Resource: `arn:aws:kms:*:${ACCOUNT}:alias/app-*` }));
    const blocked = `alias/${uniqueName('app')}`;
    await expectAwsError(
      denied.kms.send(new CreateAliasCommand({ AliasName: blocked, TargetKeyId: key.KeyId })),
      'AccessDeniedException',
      `User: ${denied.arn} is not authorized to perform: kms:CreateAlias on resource: ${aliasArn(blocked)} with an explicit deny in an identity-based policy`,
    );
    assert.equal(await target(blocked), undefined);
  });
});

describe('UpdateAlias and DeleteAlias', () => {
  test('UpdateAlias needs the alias, the current key and the new key; a denial leaves the alias where it was', async () => {
    const k1 = await newKey();
    const k2 = await newKey();
    const name = `alias/${uniqueName('app')}`;
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: k1.KeyId }));
    const update = (u: TestUser) => u.kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: k2.KeyId }));

    const notNew = await user(doc(allow('kms:UpdateAlias', [aliasArn(name), k1.Arn!])));
    await expectAwsError(update(notNew), 'AccessDeniedException', keyDenied(notNew, 'kms:UpdateAlias', k2));
    const notCurrent = await user(doc(allow('kms:UpdateAlias', [aliasArn(name), k2.Arn!])));
    await expectAwsError(update(notCurrent), 'AccessDeniedException', keyDenied(notCurrent, 'kms:UpdateAlias', k1));
    const notAlias = await user(doc(allow('kms:UpdateAlias', [k1.Arn!, k2.Arn!])));
    await expectAwsError(update(notAlias), 'AccessDeniedException', aliasDenied(notAlias, 'kms:UpdateAlias', name));
    assert.equal(await target(name), k1.KeyId, 'the alias still points at the old key');

    const all = await user(doc(allow('kms:UpdateAlias', [aliasArn(name), k1.Arn!, k2.Arn!])));
    await update(all);
    assert.equal(await target(name), k2.KeyId);
  });

  test('DeleteAlias needs the alias and its key', async () => {
    const key = await newKey();
    const name = `alias/${uniqueName('app')}`;
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }));
    const del = (u: TestUser) => u.kms.send(new DeleteAliasCommand({ AliasName: name }));
    const aliasOnly = await user(doc(allow('kms:DeleteAlias', aliasArn(name))));
    await expectAwsError(del(aliasOnly), 'AccessDeniedException', keyDenied(aliasOnly, 'kms:DeleteAlias', key));
    const keyOnly = await user(doc(allow('kms:DeleteAlias', key.Arn)));
    await expectAwsError(del(keyOnly), 'AccessDeniedException', aliasDenied(keyOnly, 'kms:DeleteAlias', name));
    assert.equal(await target(name), key.KeyId, 'a denied DeleteAlias deletes nothing');
    const both = await user(doc(allow('kms:DeleteAlias', [aliasArn(name), key.Arn!])));
    await del(both);
    assert.equal(await target(name), undefined);
  });

  test('bad input changes nothing', async () => {
    const key = await newKey();
    const other = await newKey();
    const name = `alias/${uniqueName('app')}`;
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }));
    const u = await user(doc(allow(['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias', 'kms:ListAliases'])));
    const missingKey = '0b7fd7e8-7d3a-4b8c-9a0e-3f1d7a4c5b6e';
    await expectAwsError(u.kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: missingKey })), 'NotFoundException', `Key '${`arn:aws:kms:${REGION}:${ACCOUNT}:key/${missingKey}`}' does not exist`);
    await expectAwsError(u.kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: name })), 'ValidationException', 'Aliases must refer to keys. Not aliases');
    await expectAwsError(
      u.kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: other.KeyId })),
      'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
    await expectAwsError(u.kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: other.KeyId })), 'NotAuthorizedException');
    await expectAwsError(u.kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/secretsmanager' })), 'NotAuthorizedException');
    await expectAwsError(u.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: other.KeyId })), 'AlreadyExistsException');
    const gone = `alias/${uniqueName('app')}`;
    await expectAwsError(u.kms.send(new DeleteAliasCommand({ AliasName: gone })), 'NotFoundException', `Alias ${aliasArn(gone)} is not found.`);
    assert.equal(await target(name), key.KeyId);
    assert.equal(await target('no-prefix'), undefined);
    assert.equal(await target('alias/aws/mine'), undefined);
    assert.ok(await target('alias/aws/secretsmanager'));
  });
});

describe('ListAliases and the alias condition keys', () => {
  test('ListAliases is authorised on *, even with a KeyId', async () => {
    const key = await newKey();
    const name = `alias/${uniqueName('app')}`;
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }));
    const onKey = await user(doc(allow('kms:ListAliases', key.Arn)));
    const err = await expectAwsError(onKey.kms.send(new ListAliasesCommand({ KeyId: key.KeyId })), 'AccessDeniedException');
    assert.match(err.message, new RegExp(`^User: ${onKey.arn} is not authorized to perform: kms:ListAliases because no identity-based policy allows the kms:ListAliases action`));
    const onAll = await user(doc(allow('kms:ListAliases')));
    const listed = await onAll.kms.send(new ListAliasesCommand({ KeyId: key.KeyId }));
    assert.deepEqual(listed.Aliases!.map((a) => a.AliasName), [name]);
  });

  test('kms:RequestAlias allows Encrypt through the alias, not through the key id or key ARN', async () => {
    const key = await newKey();
    const name = `alias/${uniqueName('app-key')}`;
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }));
    const u = await user(doc(allow(['kms:Encrypt', 'kms:DescribeKey'], `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`, { Condition: { StringEquals: { 'kms:RequestAlias': name } } })));
    const encrypt = (KeyId: string) => u.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('hello') }));
    assert.equal((await encrypt(name)).KeyId, key.Arn);
    assert.equal((await encrypt(aliasArn(name))).KeyId, key.Arn, 'an alias ARN is a request alias too');
    await expectAwsError(encrypt(key.KeyId!), 'AccessDeniedException', keyDenied(u, 'kms:Encrypt', key));
    await expectAwsError(encrypt(key.Arn!), 'AccessDeniedException', keyDenied(u, 'kms:Encrypt', key));
    assert.equal((await u.kms.send(new DescribeKeyCommand({ KeyId: name }))).KeyMetadata!.KeyId, key.KeyId);
    await expectAwsError(u.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId })), 'AccessDeniedException', keyDenied(u, 'kms:DescribeKey', key));
    // Another alias of the same key is another request alias.
    const second = `alias/${uniqueName('app-key')}`;
    await kms.send(new CreateAliasCommand({ AliasName: second, TargetKeyId: key.KeyId }));
    await expectAwsError(encrypt(second), 'AccessDeniedException', keyDenied(u, 'kms:Encrypt', key));
  });

  test('kms:ResourceAliases follows the aliases the key has, however the request names it', async () => {
    const key = await newKey();
    const team = uniqueName('team');
    const u = await user(
      doc(allow('kms:Encrypt', `arn:aws:kms:*:${ACCOUNT}:key/*`, { Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': `alias/${team}-*` } } })),
    );
    const encrypt = () => u.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('hello') }));
    await expectAwsError(encrypt(), 'AccessDeniedException', keyDenied(u, 'kms:Encrypt', key));
    const name = `alias/${team}-payments`;
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId }));
    assert.equal((await encrypt()).KeyId, key.Arn);
    const other = await newKey();
    await kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: other.KeyId }));
    await expectAwsError(encrypt(), 'AccessDeniedException', keyDenied(u, 'kms:Encrypt', key));
  });
});

describe('the policy simulator', () => {
  test('SimulatePrincipalPolicy reads the key policy for kms: actions on a key ARN, and agrees with the real calls', async () => {
    const userName = uniqueName('sim');
    const arn = (await admin.send(new iam.CreateUserCommand({ UserName: userName }))).User!.Arn!;
    await admin.send(new iam.PutUserPolicyCommand({ UserName: userName, PolicyName: 'p', PolicyDocument: doc(allow('kms:*')) }));
    const k = await admin.send(new iam.CreateAccessKeyCommand({ UserName: userName }));
    const u: TestUser = { arn, kms: kmsClient(server, { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! }) };
    const delegating = await newKey();
    const closed = await newKey(doc({ Sid: 'AdminOnly', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/admin` }, Action: 'kms:*', Resource: '*' }));
    const simulate = async (action: string, resource: string, ResourcePolicy?: string) => {
      const out = await admin.send(
        new iam.SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: [action], ResourceArns: [resource], ...(ResourcePolicy ? { ResourcePolicy } : {}) }),
      );
      return out.EvaluationResults![0]!;
    };
    const real = async (p: Promise<unknown>) => p.then(() => 'allowed', (e: Error) => (e.name === 'AccessDeniedException' ? 'implicitDeny' : e.name));

    for (const key of [delegating, closed]) {
      const encrypt = real(u.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })));
      assert.equal((await simulate('kms:Encrypt', key.Arn!)).EvalDecision, await encrypt, key.KeyId);
      const name = `alias/${uniqueName('app')}`;
      const create = real(u.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: key.KeyId })));
      const simulated = [(await simulate('kms:CreateAlias', aliasArn(name))).EvalDecision, (await simulate('kms:CreateAlias', key.Arn!)).EvalDecision];
      assert.equal(simulated.every((d) => d === 'allowed') ? 'allowed' : 'implicitDeny', await create, key.KeyId);
    }
    const denied = await simulate('kms:Encrypt', closed.Arn!);
    assert.equal(denied.EvalDecision, 'implicitDeny');
    const allowed = await simulate('kms:Encrypt', delegating.Arn!);
    assert.deepEqual(
      allowed.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]),
      [['p', 'user'], ['KeyPolicy', 'resource']],
      'the identity policy and the key policy statement that delegates to IAM',
    );
    // A ResourcePolicy passed is used as AWS's simulator uses it, and then no key policy is read.
    const given = doc({ Effect: 'Allow', Principal: { AWS: arn }, Action: 'kms:Encrypt', Resource: '*' });
    assert.equal((await simulate('kms:Encrypt', closed.Arn!, given)).EvalDecision, 'allowed');
  });
});
