/**
 * Every call decided by the policy evaluator, end to end with the SDK clients (issue 4, "Tests"):
 * a user with no policy is denied with AWS's text; identity policies and resource policies allow;
 * an explicit deny beats both; tag-based access (ABAC); an assumed role reads what its policy
 * allows and nothing else; BatchGetSecretValue reports denials per secret; a cross-account read
 * needs the identity policy, the resource policy and the customer key's policy, and fails with
 * each one removed (and with the default key, always); and SimulatePrincipalPolicy agrees with
 * every real call made here: a call that uses a customer key is simulated as the actions it needs
 * (GetSecretValue on the secret with its resource policy passed, kms:Decrypt on the key, whose key
 * policy the simulator reads itself: a Coffer extension, iam/operations/simulation-key-policies.ts).
 * The one exception is the role session narrowed by a session policy, which the simulator (AWS's
 * as Coffer's) has no input for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand, GetKeyPolicyCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { runCoffer, startServer, stopAndClean, type CofferServer, type Credentials } from '../support/coffer-server.js';
import { iamClient, sessionCredentials, stsClient, type SessionCredentials } from '../support/identity-clients.js';
import { kmsClient } from '../support/kms-client.js';

const ACCOUNT = '000000000000';
const OTHER = '222233334444';
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Deny', Action, Resource });
const denied = (caller: string, action: string, resource: string | undefined, reason: string) =>
  `User: ${caller} is not authorized to perform: ${action}${resource === undefined ? '' : ` on resource: ${resource}`} ${reason}`;
const noIdentity = (a: string) => `because no identity-based policy allows the ${a} action`;
const GET = 'secretsmanager:GetSecretValue';
const KMS_DENIED = 'Access to KMS is not allowed';

let server: CofferServer;
let admin: iam.IAMClient;
let otherAdmin: Credentials;

interface TestUser {
  name: string;
  arn: string;
  creds: SessionCredentials;
}

async function user(client: iam.IAMClient = admin, tags: { Key: string; Value: string }[] = []): Promise<TestUser> {
  const name = uniqueName('u');
  const u = await client.send(new iam.CreateUserCommand({ UserName: name, ...(tags.length ? { Tags: tags } : {}) }));
  const k = await client.send(new iam.CreateAccessKeyCommand({ UserName: name }));
  return { name, arn: u.User!.Arn!, creds: { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! } };
}

async function secret(tags: { Key: string; Value: string }[] = [], kmsKeyId?: string): Promise<{ name: string; arn: string }> {
  const name = uniqueName('s');
  const out = await server.client().send(new CreateSecretCommand({ Name: name, SecretString: `value-of-${name}`, ...(tags.length ? { Tags: tags } : {}), ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}) }));
  return { name, arn: out.ARN! };
}

const putUserPolicy = (u: TestUser, policy: string, name = 'p', client = admin) =>
  client.send(new iam.PutUserPolicyCommand({ UserName: u.name, PolicyName: name, PolicyDocument: policy }));

/** What SimulatePrincipalPolicy says about `action` on `resource` for the user or role `source`. */
async function simulated(
  source: string,
  action: string,
  resource: string,
  opts: { resourcePolicy?: string; context?: Record<string, string>; resourceOwner?: string; client?: iam.IAMClient } = {},
): Promise<string> {
  const r = await (opts.client ?? admin).send(
    new iam.SimulatePrincipalPolicyCommand({
      PolicySourceArn: source,
      ActionNames: [action],
      ResourceArns: [resource],
      ...(opts.resourcePolicy ? { ResourcePolicy: opts.resourcePolicy } : {}),
      ...(opts.resourceOwner ? { ResourceOwner: opts.resourceOwner } : {}),
      ContextEntries: Object.entries(opts.context ?? {}).map(([k, v]) => ({ ContextKeyName: k, ContextKeyValues: [v], ContextKeyType: 'string' as const })),
    }),
  );
  return r.EvaluationResults![0]!.EvalDecision!;
}

/** The real call's outcome as the simulator names decisions: allowed, or denied (explicitly or not). */
async function outcome(p: Promise<unknown>): Promise<'allowed' | 'explicitDeny' | 'implicitDeny'> {
  try {
    await p;
    return 'allowed';
  } catch (e) {
    const err = e as Error;
    assert.equal(err.name, 'AccessDeniedException', err.message);
    return /with an explicit deny/.test(err.message) ? 'explicitDeny' : 'implicitDeny';
  }
}

/** A real call's outcome, allowed or denied (AccessDenied, or Secrets Manager's refusal of the default key across accounts). */
async function realOutcome(p: Promise<unknown>): Promise<'allowed' | 'denied'> {
  try {
    await p;
    return 'allowed';
  } catch (e) {
    const err = e as Error;
    assert.ok(['AccessDeniedException', 'InvalidRequestException'].includes(err.name), `${err.name}: ${err.message}`);
    return 'denied';
  }
}

/** The simulator's verdict on a call that needs every one of these simulated decisions. */
const allAllowed = (...decisions: string[]): 'allowed' | 'denied' => (decisions.every((d) => d === 'allowed') ? 'allowed' : 'denied');

/** What Secrets Manager adds to its kms:Decrypt / kms:GenerateDataKey on a customer key (secrets/key-use.ts). */
const VIA_SM = { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' };

const coffer = (args: string[]) => runCoffer(args, server.dataDir);

before(async () => {
  server = await startServer();
  admin = iamClient(server);
  const r = await coffer(['account', 'create', '--name', 'partner', '--id', OTHER]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  otherAdmin = { accessKeyId: out.AccessKeyId, secretAccessKey: out.SecretAccessKey };
});

after(async () => {
  await stopAndClean(server);
});

describe('identity and resource policies', () => {
  test('a user with no policy is denied, even for a secret that does not exist', async () => {
    const u = await user();
    const s = await secret();
    await expectAwsError(server.client(u.creds).send(new GetSecretValueCommand({ SecretId: s.name })), 'AccessDeniedException', denied(u.arn, GET, s.name, noIdentity(GET)));
    await expectAwsError(server.client(u.creds).send(new GetSecretValueCommand({ SecretId: s.arn })), 'AccessDeniedException', denied(u.arn, GET, s.arn, noIdentity(GET)));
    await expectAwsError(server.client(u.creds).send(new GetSecretValueCommand({ SecretId: 'no-such-secret' })), 'AccessDeniedException', denied(u.arn, GET, 'no-such-secret', noIdentity(GET)));
    await expectAwsError(
      server.client(u.creds).send(new CreateSecretCommand({ Name: 'nope', SecretString: 'x' })),
      'AccessDeniedException',
      denied(u.arn, 'secretsmanager:CreateSecret', 'nope', noIdentity('secretsmanager:CreateSecret')),
    );
    const ls = 'secretsmanager:ListSecrets';
    const { ListSecretsCommand } = await import('@aws-sdk/client-secrets-manager');
    await expectAwsError(server.client(u.creds).send(new ListSecretsCommand({})), 'AccessDeniedException', denied(u.arn, ls, undefined, noIdentity(ls)));
    assert.equal(await simulated(u.arn, GET, s.arn), 'implicitDeny');
    const secretArn = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}`;
    assert.equal(await simulated(u.arn, GET, secretArn('no-such-secret')), 'implicitDeny');
    assert.equal(await simulated(u.arn, 'secretsmanager:CreateSecret', secretArn('nope')), 'implicitDeny');
    assert.equal(await simulated(u.arn, ls, '*'), 'implicitDeny');
  });

  test('an identity policy allows; the resource pattern decides which secrets', async () => {
    const u = await user();
    const s = await secret();
    const other = await secret();
    await putUserPolicy(u, doc(allow(GET, `${s.arn.slice(0, -7)}-??????`)));
    const got = await server.client(u.creds).send(new GetSecretValueCommand({ SecretId: s.name }));
    assert.equal(got.SecretString, `value-of-${s.name}`);
    await expectAwsError(server.client(u.creds).send(new GetSecretValueCommand({ SecretId: other.name })), 'AccessDeniedException', denied(u.arn, GET, other.name, noIdentity(GET)));
    assert.equal(await simulated(u.arn, GET, s.arn), 'allowed');
    assert.equal(await simulated(u.arn, GET, other.arn), 'implicitDeny');
  });

  test('a resource policy naming the user allows without any identity policy', async () => {
    const u = await user();
    const s = await secret();
    const rp = doc({ Effect: 'Allow', Principal: { AWS: u.arn }, Action: GET, Resource: '*' });
    await server.client().send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: rp }));
    const got = await server.client(u.creds).send(new GetSecretValueCommand({ SecretId: s.arn }));
    assert.equal(got.SecretString, `value-of-${s.name}`);
    assert.equal(await simulated(u.arn, GET, s.arn, { resourcePolicy: rp }), 'allowed');
  });

  test('an explicit deny beats an identity allow and a resource-policy allow', async () => {
    const s = await secret();
    const u = await user();
    const rp = doc({ Effect: 'Allow', Principal: { AWS: u.arn }, Action: GET, Resource: '*' });
    await server.client().send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: rp }));
    await putUserPolicy(u, doc(allow(GET), deny(GET, s.arn)));
    const sm = server.client(u.creds);
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: s.name })), 'AccessDeniedException', denied(u.arn, GET, s.name, 'with an explicit deny in an identity-based policy'));
    assert.equal(await simulated(u.arn, GET, s.arn, { resourcePolicy: rp }), 'explicitDeny');

    const v = await user();
    await putUserPolicy(v, doc(allow(GET)));
    const rpDeny = doc({ Effect: 'Deny', Principal: { AWS: v.arn }, Action: GET, Resource: '*' });
    await server.client().send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: rpDeny }));
    await expectAwsError(
      server.client(v.creds).send(new GetSecretValueCommand({ SecretId: s.name })),
      'AccessDeniedException',
      denied(v.arn, GET, s.name, 'with an explicit deny in a resource-based policy'),
    );
    assert.equal(await simulated(v.arn, GET, s.arn, { resourcePolicy: rpDeny }), 'explicitDeny');
    await server.client().send(new DeleteResourcePolicyCommand({ SecretId: s.name }));
    assert.equal((await server.client(v.creds).send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, `value-of-${s.name}`);
    assert.equal(await simulated(v.arn, GET, s.arn), 'allowed');
  });

  test('ABAC: the secret tag must equal the principal tag', async () => {
    const u = await user(admin, [{ Key: 'team', Value: 'blue' }]);
    await putUserPolicy(u, doc(allow(GET, '*', { Condition: { StringEquals: { 'secretsmanager:ResourceTag/team': '${aws:PrincipalTag/team}' } } })));
    const blue = await secret([{ Key: 'team', Value: 'blue' }]);
    const red = await secret([{ Key: 'team', Value: 'red' }]);
    const untagged = await secret();
    const sm = server.client(u.creds);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: blue.name }))).SecretString, `value-of-${blue.name}`);
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: red.name })), 'AccessDeniedException', denied(u.arn, GET, red.name, noIdentity(GET)));
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: untagged.name })), 'AccessDeniedException', denied(u.arn, GET, untagged.name, noIdentity(GET)));
    for (const [s, team] of [[blue, 'blue'], [red, 'red']] as const) {
      const real = await outcome(sm.send(new GetSecretValueCommand({ SecretId: s.arn })));
      assert.equal(await simulated(u.arn, GET, s.arn, { context: { 'secretsmanager:ResourceTag/team': team } }), real, team);
    }
    assert.equal(await simulated(u.arn, GET, untagged.arn), 'implicitDeny');
  });

  test('an assumed role reads what the role allows and nothing else', async () => {
    const a = await secret();
    const b = await secret();
    const roleName = uniqueName('reader');
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
    const role = (await admin.send(new iam.CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }))).Role!;
    await admin.send(new iam.PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'read-a', PolicyDocument: doc(allow(GET, a.arn)) }));
    const out = await stsClient(server).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'job-7' }));
    const sm = server.client(sessionCredentials(out.Credentials));
    const sessionArn = `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/job-7`;
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: a.arn }))).SecretString, `value-of-${a.name}`);
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: b.arn })), 'AccessDeniedException', denied(sessionArn, GET, b.arn, noIdentity(GET)));
    assert.equal(await simulated(role.Arn!, GET, a.arn), 'allowed');
    assert.equal(await simulated(role.Arn!, GET, b.arn), 'implicitDeny');
    // A session policy narrows the role: with one allowing nothing of Secrets Manager, nothing.
    const narrowed = await stsClient(server).send(
      new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'narrow', Policy: doc(allow('sts:GetCallerIdentity')) }),
    );
    await expectAwsError(
      server.client(sessionCredentials(narrowed.Credentials)).send(new GetSecretValueCommand({ SecretId: a.arn })),
      'AccessDeniedException',
      denied(`arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/narrow`, GET, a.arn, `because no session policy allows the ${GET} action`),
    );
  });

  test('BatchGetSecretValue authorises each secret and reports denials per secret', async () => {
    const a = await secret();
    const b = await secret();
    const u = await user();
    await putUserPolicy(u, doc(allow('secretsmanager:BatchGetSecretValue'), allow(GET, a.arn)));
    const out = await server.client(u.creds).send(new BatchGetSecretValueCommand({ SecretIdList: [a.name, b.name] }));
    assert.deepEqual(out.SecretValues?.map((v) => [v.Name, v.SecretString]), [[a.name, `value-of-${a.name}`]]);
    assert.deepEqual(out.Errors, [{ SecretId: b.name, ErrorCode: 'AccessDeniedException', Message: denied(u.arn, GET, b.name, noIdentity(GET)) }]);
    assert.deepEqual([await simulated(u.arn, GET, a.arn), await simulated(u.arn, GET, b.arn)], ['allowed', 'implicitDeny']);
    // Filters need secretsmanager:ListSecrets too.
    await expectAwsError(
      server.client(u.creds).send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [a.name] }] })),
      'AccessDeniedException',
      denied(u.arn, 'secretsmanager:ListSecrets', undefined, noIdentity('secretsmanager:ListSecrets')),
    );
    const none = await user();
    await expectAwsError(
      server.client(none.creds).send(new BatchGetSecretValueCommand({ SecretIdList: [a.name] })),
      'AccessDeniedException',
      denied(none.arn, 'secretsmanager:BatchGetSecretValue', undefined, noIdentity('secretsmanager:BatchGetSecretValue')),
    );
  });

  test('a customer key: reads and writes need kms:Decrypt / kms:GenerateDataKey under its key policy', async () => {
    const kms = kmsClient(server);
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const s = await secret([], key.Arn);
    const u = await user();
    await putUserPolicy(u, doc(allow([GET, 'secretsmanager:PutSecretValue'], s.arn)));
    const sm = server.client(u.creds);
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: s.name })), 'AccessDeniedException', KMS_DENIED);
    const { PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    await expectAwsError(sm.send(new PutSecretValueCommand({ SecretId: s.name, SecretString: 'new' })), 'AccessDeniedException', KMS_DENIED);
    // The simulator: the Secrets Manager side allows, the key (its default policy delegating to
    // IAM, which allows nothing of KMS) does not.
    const keyContext = { ...VIA_SM, 'kms:EncryptionContext:SecretARN': s.arn };
    const simRead = async () => allAllowed(await simulated(u.arn, GET, s.arn), await simulated(u.arn, 'kms:Decrypt', key.Arn!, { context: keyContext }));
    const simWrite = async () =>
      allAllowed(await simulated(u.arn, 'secretsmanager:PutSecretValue', s.arn), await simulated(u.arn, 'kms:GenerateDataKey', key.Arn!, { context: keyContext }));
    assert.deepEqual([await simRead(), await simWrite()], ['denied', 'denied']);
    // kms:ViaService and the encryption context conditions work.
    await putUserPolicy(
      u,
      doc(
        allow(['kms:Decrypt', 'kms:GenerateDataKey'], key.Arn!, {
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com', 'kms:EncryptionContext:SecretARN': s.arn } },
        }),
      ),
      'kms',
    );
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, `value-of-${s.name}`);
    await sm.send(new PutSecretValueCommand({ SecretId: s.name, SecretString: 'new' }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: s.name }))).SecretString, 'new');
    assert.deepEqual([await simRead(), await simWrite()], ['allowed', 'allowed']);
  });
});

describe('cross account', () => {
  test('reading another account\'s secret needs the identity policy, the resource policy and the key policy', async () => {
    const kms = kmsClient(server);
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const s = await secret([], key.Arn);
    const otherIam = iamClient(server, otherAdmin);
    const reader = await user(otherIam);
    const sm = server.client(reader.creds);
    const read = () => sm.send(new GetSecretValueCommand({ SecretId: s.arn }));

    const identitySm = doc(allow(GET, s.arn));
    const identityKms = doc(allow('kms:Decrypt', key.Arn!));
    const resourcePolicy = doc({ Effect: 'Allow', Principal: { AWS: reader.arn }, Action: GET, Resource: '*' });
    const defaultKeyPolicy = doc({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' });
    const sharedKeyPolicy = doc(
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'kms:Decrypt', Resource: '*' },
    );
    const grantAll = async () => {
      await putUserPolicy(reader, identitySm, 'sm', otherIam);
      await putUserPolicy(reader, identityKms, 'kms', otherIam);
      await server.client().send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: resourcePolicy }));
      await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: sharedKeyPolicy }));
    };

    await grantAll();
    assert.equal((await read()).SecretString, `value-of-${s.name}`);
    const sim = (rp?: string) => simulated(reader.arn, GET, s.arn, { client: otherIam, resourceOwner: `arn:aws:iam::${ACCOUNT}:root`, ...(rp ? { resourcePolicy: rp } : {}) });
    assert.equal(await sim(resourcePolicy), 'allowed');
    // The read is GetSecretValue on the secret and Secrets Manager's kms:Decrypt on the key; the
    // simulator is given each resource-side policy as AWS's takes one (ResourcePolicy and
    // ResourceOwner): the key's owner reads its current key policy and shares it, since the
    // simulator never reads another account's key policy. Both must allow.
    const keyPolicy = async () => (await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy!;
    const simKey = async () =>
      simulated(reader.arn, 'kms:Decrypt', key.Arn!, {
        client: otherIam,
        context: { ...VIA_SM, 'kms:EncryptionContext:SecretARN': s.arn },
        resourceOwner: `arn:aws:iam::${ACCOUNT}:root`,
        resourcePolicy: await keyPolicy(),
      });

    const agrees = async (rp: string | undefined, what: string) =>
      assert.equal(allAllowed(await sim(rp), await simKey()), await realOutcome(read()), `the simulator agrees: ${what}`);
    await agrees(resourcePolicy, 'all three policies');

    // 1. without the identity policy in the caller's account
    await otherIam.send(new iam.DeleteUserPolicyCommand({ UserName: reader.name, PolicyName: 'sm' }));
    await expectAwsError(read(), 'AccessDeniedException', denied(reader.arn, GET, s.arn, noIdentity(GET)));
    assert.equal(await sim(resourcePolicy), 'implicitDeny');
    await agrees(resourcePolicy, 'without the identity policy');
    await grantAll();

    // 2. without the resource policy on the secret
    await server.client().send(new DeleteResourcePolicyCommand({ SecretId: s.name }));
    await expectAwsError(read(), 'AccessDeniedException', denied(reader.arn, GET, s.arn, `because no resource-based policy allows the ${GET} action`));
    assert.equal(await sim(), 'implicitDeny');
    await agrees(undefined, 'without the resource policy');
    await grantAll();

    // 3. without the key policy allowing the caller's account
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: defaultKeyPolicy }));
    await expectAwsError(read(), 'AccessDeniedException', KMS_DENIED);
    assert.equal(await sim(resourcePolicy), 'allowed', 'the secret side alone allows');
    assert.equal(await simKey(), 'implicitDeny', 'the key policy does not name the reader\'s account');
    // Not given the key policy, the simulator does not read another account's: the reader's own
    // policies allow, and the reader learns nothing about the key policy that denies it.
    assert.equal(
      await simulated(reader.arn, 'kms:Decrypt', key.Arn!, { client: otherIam, context: { ...VIA_SM, 'kms:EncryptionContext:SecretARN': s.arn } }),
      'allowed',
    );
    await agrees(resourcePolicy, 'without the key policy');
    await grantAll();

    // ... and without kms:Decrypt in the caller's identity policy
    await otherIam.send(new iam.DeleteUserPolicyCommand({ UserName: reader.name, PolicyName: 'kms' }));
    await expectAwsError(read(), 'AccessDeniedException', KMS_DENIED);
    assert.equal(await simKey(), 'implicitDeny');
    await agrees(resourcePolicy, 'without kms:Decrypt in the identity policy');
    await grantAll();
    assert.equal((await read()).SecretString, `value-of-${s.name}`);
    await agrees(resourcePolicy, 'all three policies again');
  });

  test('a secret under the default key cannot be read from another account, whatever the policies say', async () => {
    const s = await secret();
    const rp = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: GET, Resource: '*' });
    await server.client().send(new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: rp }));
    await expectAwsError(
      server.client(otherAdmin).send(new GetSecretValueCommand({ SecretId: s.arn })),
      'InvalidRequestException',
      "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
    );
    // A reader whose own policies allow everything needed is refused too, and the simulator agrees:
    // the AWS-managed key's policy allows kms:Decrypt only to callers of its own account.
    const otherIam = iamClient(server, otherAdmin);
    const reader = await user(otherIam);
    await putUserPolicy(reader, doc(allow([GET, 'kms:Decrypt'])), 'p', otherIam);
    const real = await realOutcome(server.client(reader.creds).send(new GetSecretValueCommand({ SecretId: s.arn })));
    const defaultKey = (await kmsClient(server).send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }))).KeyMetadata!;
    const onSecret = await simulated(reader.arn, GET, s.arn, { client: otherIam, resourceOwner: `arn:aws:iam::${ACCOUNT}:root`, resourcePolicy: rp });
    const defaultKeyPolicy = (await kmsClient(server).send(new GetKeyPolicyCommand({ KeyId: defaultKey.KeyId, PolicyName: 'default' }))).Policy!;
    const onKey = await simulated(reader.arn, 'kms:Decrypt', defaultKey.Arn!, {
      client: otherIam,
      context: { ...VIA_SM, 'kms:EncryptionContext:SecretARN': s.arn },
      resourceOwner: `arn:aws:iam::${ACCOUNT}:root`,
      resourcePolicy: defaultKeyPolicy,
    });
    assert.deepEqual([real, onSecret, onKey], ['denied', 'allowed', 'implicitDeny']);
  });

  test('without a resource policy, another account\'s admin is denied by name, not told whether the secret exists', async () => {
    const s = await secret();
    const otherArn = `arn:aws:iam::${OTHER}:user/admin`;
    await expectAwsError(
      server.client(otherAdmin).send(new GetSecretValueCommand({ SecretId: s.arn })),
      'AccessDeniedException',
      denied(otherArn, GET, s.arn, `because no resource-based policy allows the ${GET} action`),
    );
    // A user of the other account allowed by its own policies: still no resource policy, still denied.
    const otherIam = iamClient(server, otherAdmin);
    const reader = await user(otherIam);
    await putUserPolicy(reader, doc(allow(GET)), 'p', otherIam);
    const real = await outcome(server.client(reader.creds).send(new GetSecretValueCommand({ SecretId: s.arn })));
    assert.equal(await simulated(reader.arn, GET, s.arn, { client: otherIam, resourceOwner: `arn:aws:iam::${ACCOUNT}:root` }), real);
    assert.equal(real, 'implicitDeny');
    const missing = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:none-AbCdEf`;
    await expectAwsError(
      server.client(otherAdmin).send(new GetSecretValueCommand({ SecretId: missing })),
      'AccessDeniedException',
      denied(otherArn, GET, missing, `because no resource-based policy allows the ${GET} action`),
    );
  });
});
