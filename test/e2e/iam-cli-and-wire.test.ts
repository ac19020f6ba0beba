/**
 * IAM and STS as the AWS CLI v2 (/usr/bin/aws) sees them, and the Query protocol's XML exactly
 * as it goes over the wire (the shapes botocore's QueryParser and the JS SDK read): result
 * wrapper, namespace, ResponseMetadata/RequestId, the ErrorResponse document and its statuses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, stopAndClean, type CofferServer } from '../support/coffer-server.js';
import { uniqueName } from '../support/aws-expect.js';
import { awsCli, rawQuery, type SessionCredentials } from '../support/identity-clients.js';

const ACCOUNT = '000000000000';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

let server: CofferServer;

before(async () => {
  server = await startServer();
});

after(async () => {
  await stopAndClean(server);
});

async function aws(args: string[], creds?: SessionCredentials): Promise<any> {
  const r = await awsCli(server, args, creds);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() === '' ? {} : JSON.parse(r.stdout);
}

async function awsFails(args: string[], code: string, message: string, creds?: SessionCredentials): Promise<void> {
  const r = await awsCli(server, args, creds);
  assert.notEqual(r.code, 0, `aws ${args.join(' ')} unexpectedly succeeded`);
  const operation = args[1]!.split('-').map((w) => (w === 'iam' ? 'IAM' : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  assert.equal(r.stderr.trim(), `An error occurred (${code}) when calling the ${operation} operation: ${message}`);
}

describe('the wire', () => {
  test('a result is wrapped in <XResult> with the namespace and the request id of the header', async () => {
    const name = uniqueName('wire');
    const r = await rawQuery(server, 'iam', { Action: 'CreateUser', Version: '2010-05-08', UserName: name });
    assert.equal(r.status, 200);
    assert.equal(r.contentType, 'text/xml');
    const re = new RegExp(
      `^<CreateUserResponse xmlns="${IAM_NS}"><CreateUserResult><User><Path>/</Path><UserName>${name}</UserName>` +
        `<UserId>AIDA[A-Z2-7]{17}</UserId><Arn>arn:aws:iam::${ACCOUNT}:user/${name}</Arn>` +
        '<CreateDate>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</CreateDate></User></CreateUserResult>' +
        `<ResponseMetadata><RequestId>${r.requestId}</RequestId></ResponseMetadata></CreateUserResponse>$`,
    );
    assert.match(r.text, re);

    const del = await rawQuery(server, 'iam', { Action: 'DeleteUser', Version: '2010-05-08', UserName: name });
    assert.equal(del.text, `<DeleteUserResponse xmlns="${IAM_NS}"><ResponseMetadata><RequestId>${del.requestId}</RequestId></ResponseMetadata></DeleteUserResponse>`);
  });

  test('an error is an <ErrorResponse> with Type, Code, Message and RequestId, at the status IAM uses', async () => {
    const r = await rawQuery(server, 'iam', { Action: 'GetUser', Version: '2010-05-08', UserName: 'nope' });
    assert.equal(r.status, 404);
    assert.equal(
      r.text,
      `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>` +
        `<Message>The user with name nope cannot be found.</Message></Error><RequestId>${r.requestId}</RequestId></ErrorResponse>`,
    );
  });

  test('STS answers in its own namespace', async () => {
    const r = await rawQuery(server, 'sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' });
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`^<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><UserId>AIDA[A-Z2-7]{17}</UserId>`));
    assert.ok(r.text.includes(`<Account>${ACCOUNT}</Account><Arn>arn:aws:iam::${ACCOUNT}:user/admin</Arn></GetCallerIdentityResult>`));
  });

  test('unknown actions, unsigned requests, wrong service scopes and a wrong secret', async () => {
    const unknown = await rawQuery(server, 'iam', { Action: 'FlyToTheMoon', Version: '2010-05-08' });
    assert.equal(unknown.status, 400);
    assert.ok(unknown.text.includes('<Code>InvalidAction</Code><Message>Could not find operation FlyToTheMoon for version 2010-05-08</Message>'));

    const unsigned = await rawQuery(server, 'sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' }, { unsigned: true });
    assert.equal(unsigned.status, 403);
    assert.ok(unsigned.text.includes(`<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>`));

    // Signed for IAM but sent as STS: the scope names the wrong service.
    const crossed = await rawQuery(server, 'iam', { Action: 'GetCallerIdentity', Version: '2011-06-15' });
    assert.equal(crossed.status, 403);
    assert.ok(crossed.text.includes("<Code>SignatureDoesNotMatch</Code><Message>Credential should be scoped to correct service: 'sts'. </Message>"));

    const wrong = await rawQuery(server, 'sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' }, { creds: { ...server.credentials(), secretAccessKey: 'x'.repeat(40) } });
    assert.equal(wrong.status, 403);
    assert.ok(wrong.text.includes('<Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match'));

    const unknownKey = await rawQuery(server, 'iam', { Action: 'ListUsers', Version: '2010-05-08' }, { creds: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) } });
    assert.equal(unknownKey.status, 403);
    assert.ok(unknownKey.text.includes('<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message>'));
  });
});

describe('regions', () => {
  test("a deployment outside us-east-1 accepts its own region (what clients sign with given an endpoint) and us-east-1", async () => {
    const eu = await startServer({ env: { COFFER_REGION: 'eu-west-1' } });
    try {
      for (const region of ['eu-west-1', 'us-east-1']) {
        const r = await rawQuery(eu, 'iam', { Action: 'ListUsers', Version: '2010-05-08' }, { region });
        assert.equal(r.status, 200, `${region}: ${r.text}`);
        const s = await rawQuery(eu, 'sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' }, { region });
        assert.equal(s.status, 200, `${region}: ${s.text}`);
      }
      const other = await rawQuery(eu, 'iam', { Action: 'ListUsers', Version: '2010-05-08' }, { region: 'ap-south-1' });
      assert.equal(other.status, 403);
      assert.ok(other.text.includes('<Code>SignatureDoesNotMatch</Code><Message>Credential should be scoped to a valid region. </Message>'));
    } finally {
      await stopAndClean(eu);
    }
  });
});

describe('aws cli v2', () => {
  test('users, keys and inline policies; documents come back decoded', async () => {
    const name = uniqueName('cli');
    const created = await aws(['iam', 'create-user', '--user-name', name, '--tags', 'Key=team,Value=core']);
    assert.equal(created.User.Arn, `arn:aws:iam::${ACCOUNT}:user/${name}`);
    assert.deepEqual(created.User.Tags, [{ Key: 'team', Value: 'core' }]);
    assert.ok((await aws(['iam', 'list-users'])).Users.some((u: { UserName: string }) => u.UserName === name));

    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:a b+c/*' }] };
    await aws(['iam', 'put-user-policy', '--user-name', name, '--policy-name', 'read', '--policy-document', JSON.stringify(doc)]);
    const got = await aws(['iam', 'get-user-policy', '--user-name', name, '--policy-name', 'read']);
    assert.deepEqual(got.PolicyDocument, doc, 'botocore URL-decodes and parses the document');
    assert.deepEqual((await aws(['iam', 'list-user-policies', '--user-name', name])).PolicyNames, ['read']);

    const key = (await aws(['iam', 'create-access-key', '--user-name', name])).AccessKey;
    const creds = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    assert.equal((await aws(['sts', 'get-caller-identity'], creds)).Arn, created.User.Arn);
    await aws(['iam', 'update-access-key', '--user-name', name, '--access-key-id', key.AccessKeyId, '--status', 'Inactive']);
    await new Promise((r) => setTimeout(r, 1200));
    await awsFails(['sts', 'get-caller-identity'], 'InvalidClientTokenId', 'The security token included in the request is invalid.', creds);

    await awsFails(['iam', 'get-user', '--user-name', 'nope'], 'NoSuchEntity', 'The user with name nope cannot be found.');
    await awsFails(['iam', 'delete-user', '--user-name', name], 'DeleteConflict', 'Cannot delete entity, must delete access keys first.');
    await awsFails(
      ['iam', 'put-user-policy', '--user-name', name, '--policy-name', 'bad', '--policy-document', '{"Version":"2012-10-17"'],
      'MalformedPolicyDocument',
      'Syntax errors in policy.',
    );
  });

  test('roles, managed policies and AssumeRole; the session works for the CLI', async () => {
    const roleName = uniqueName('clirole');
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
    const role = (await aws(['iam', 'create-role', '--role-name', roleName, '--assume-role-policy-document', JSON.stringify(trust)])).Role;
    assert.deepEqual(role.AssumeRolePolicyDocument, trust);

    const policyDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }] };
    const policy = (await aws(['iam', 'create-policy', '--policy-name', uniqueName('clip'), '--policy-document', JSON.stringify(policyDoc)])).Policy;
    await aws(['iam', 'attach-role-policy', '--role-name', roleName, '--policy-arn', policy.Arn]);
    assert.deepEqual((await aws(['iam', 'list-attached-role-policies', '--role-name', roleName])).AttachedPolicies, [{ PolicyName: policy.PolicyName, PolicyArn: policy.Arn }]);
    const v = await aws(['iam', 'get-policy-version', '--policy-arn', policy.Arn, '--version-id', 'v1']);
    assert.deepEqual(v.PolicyVersion.Document, policyDoc);

    const assumed = await aws(['sts', 'assume-role', '--role-arn', role.Arn, '--role-session-name', 'cli-session', '--duration-seconds', '900']);
    assert.match(assumed.Credentials.AccessKeyId, /^ASIA/);
    const session = {
      accessKeyId: assumed.Credentials.AccessKeyId,
      secretAccessKey: assumed.Credentials.SecretAccessKey,
      sessionToken: assumed.Credentials.SessionToken,
    };
    assert.equal((await aws(['sts', 'get-caller-identity'], session)).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/cli-session`);
    const list = await awsCli(server, ['secretsmanager', 'list-secrets'], session);
    // The attached policy allows ListSecrets, and nothing else.
    assert.equal(list.code, 0, list.stderr);
    const get = await awsCli(server, ['secretsmanager', 'get-secret-value', '--secret-id', 'anything'], session);
    assert.notEqual(get.code, 0);
    assert.match(get.stderr, new RegExp(`\\(AccessDeniedException\\).*User: arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/cli-session is not authorized to perform: secretsmanager:GetSecretValue on resource: anything because no identity-based policy allows`));

    await awsFails(
      ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/nonexistent`, '--role-session-name', 'sx'],
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:user/admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/nonexistent`,
    );
  });
});
