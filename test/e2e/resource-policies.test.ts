/**
 * Secrets Manager resource policies end to end (SDK v3, raw signed requests where the exact body
 * matters, and the AWS CLI, against a real `coffer serve`): Put/Get/Delete/ValidateResourcePolicy
 * per api-notes §5 and §13 — ResourcePolicy omitted when there is none, DeleteResourcePolicy
 * succeeding without one, MalformedPolicyDocumentException for bad documents, PublicPolicyException
 * with BlockPublicPolicy, the 20,480-character limit, and the marked-for-deletion error; refused
 * documents change nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  ValidateResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import { clockTick, expectAwsError, uniqueName } from '../support/aws-expect.js';
import { MARKED_FOR_DELETION as MARKED, NOT_FOUND } from '../support/aws-messages.js';
import { rawCall } from '../support/raw-request.js';
import { useServer } from '../support/use-server.js';

const run = promisify(execFile);

const { server, sm } = useServer();

const ACCT = '000000000000';
const PUBLIC = 'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.';

const policy = (principal: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'read', Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*', ...extra }],
  });
const ACCOUNT_POLICY = policy({ AWS: 'arn:aws:iam::111122223333:root' });
const PUBLIC_POLICY = policy('*');

async function newSecret(): Promise<{ name: string; arn: string }> {
  const name = uniqueName('rp');
  const out = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
  return { name, arn: out.ARN! };
}
const getRaw = async (id: string) => (await rawCall(server, 'secretsmanager.GetResourcePolicy', { SecretId: id })).json;
const describeRaw = async (id: string) => (await rawCall(server, 'secretsmanager.DescribeSecret', { SecretId: id })).json;

describe('PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy', () => {
  test('ResourcePolicy is omitted until one is put, then returned verbatim; Delete removes it and succeeds without one', async () => {
    const { name, arn } = await newSecret();
    assert.deepEqual(await getRaw(name), { ARN: arn, Name: name });
    const before = await describeRaw(name);
    await clockTick(20);
    const text = `  ${ACCOUNT_POLICY}\n`;
    const put = await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: text }));
    assert.equal(put.ARN, arn);
    assert.equal(put.Name, name);
    assert.deepEqual(await getRaw(arn), { ARN: arn, Name: name, ResourcePolicy: text });
    assert.ok((await describeRaw(name)).LastChangedDate > before.LastChangedDate, 'a policy change is a change of the secret');
    const del = await sm.send(new DeleteResourcePolicyCommand({ SecretId: name }));
    assert.deepEqual([del.ARN, del.Name], [arn, name]);
    assert.deepEqual(await getRaw(name), { ARN: arn, Name: name });
    await sm.send(new DeleteResourcePolicyCommand({ SecretId: name }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy, undefined);
  });

  test('BlockPublicPolicy refuses broad access with PublicPolicyException and keeps the old policy', async () => {
    const { name } = await newSecret();
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: ACCOUNT_POLICY }));
    for (const p of [PUBLIC_POLICY, policy({ AWS: '*' }), policy({ AWS: '*' }, { Condition: { StringLike: { 'aws:PrincipalAccount': '*' } } })]) {
      await expectAwsError(sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: p, BlockPublicPolicy: true })), 'PublicPolicyException', PUBLIC);
    }
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy, ACCOUNT_POLICY);
    const narrowed = policy({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } });
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: narrowed, BlockPublicPolicy: true }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy, narrowed);
    // By default public policies are not blocked (api-notes §5).
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: PUBLIC_POLICY }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy, PUBLIC_POLICY);
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*' }] });
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: deny, BlockPublicPolicy: true }));
  });

  test('malformed documents are MalformedPolicyDocumentException and change nothing', async () => {
    const { name } = await newSecret();
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: ACCOUNT_POLICY }));
    const before = await describeRaw(name);
    const bad: [string, string | RegExp][] = [
      ['{"Version": "2012-10-17", "Statement": [', 'This policy has invalid syntax.'],
      ['not json at all', 'This policy has invalid syntax.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] }), /Principal/],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Principal: '*', Action: 'secretsmanager:*', Resource: '*' }] }), /./],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Resource: '*' }] }), /./],
    ];
    for (const [doc, message] of bad) {
      await expectAwsError(sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: doc, BlockPublicPolicy: true })), 'MalformedPolicyDocumentException', message);
      await expectAwsError(sm.send(new ValidateResourcePolicyCommand({ SecretId: name, ResourcePolicy: doc })), 'MalformedPolicyDocumentException', message);
    }
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy, ACCOUNT_POLICY);
    assert.deepEqual(await describeRaw(name), before);
  });

  test('a policy longer than 20,480 characters is a ValidationException; exactly 20,480 is accepted', async () => {
    const { name } = await newSecret();
    const padded = (n: number) => {
      const base = policy({ AWS: `arn:aws:iam::${ACCT}:root` }, { Sid: 'X' });
      return base.slice(0, -1) + ' '.repeat(n - base.length) + '}';
    };
    const r = await rawCall(server, 'secretsmanager.PutResourcePolicy', { SecretId: name, ResourcePolicy: padded(20_481) });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'ValidationException');
    assert.match(r.json.Message, /resourcePolicy.*less than or equal to 20480/);
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy, undefined);
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: padded(20_480) }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy!.length, 20_480);
  });

  test('unknown and deleted secrets', async () => {
    const missing = uniqueName('rp-none');
    await expectAwsError(sm.send(new PutResourcePolicyCommand({ SecretId: missing, ResourcePolicy: ACCOUNT_POLICY })), 'ResourceNotFoundException', NOT_FOUND);
    await expectAwsError(sm.send(new GetResourcePolicyCommand({ SecretId: missing })), 'ResourceNotFoundException', NOT_FOUND);
    await expectAwsError(sm.send(new DeleteResourcePolicyCommand({ SecretId: missing })), 'ResourceNotFoundException', NOT_FOUND);
    const { name } = await newSecret();
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: ACCOUNT_POLICY }));
    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    await expectAwsError(sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: ACCOUNT_POLICY })), 'InvalidRequestException', MARKED);
    await expectAwsError(sm.send(new GetResourcePolicyCommand({ SecretId: name })), 'InvalidRequestException', MARKED);
    await expectAwsError(sm.send(new DeleteResourcePolicyCommand({ SecretId: name })), 'InvalidRequestException', MARKED);
    assert.ok((await sm.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate);
  });
});

describe('ValidateResourcePolicy', () => {
  test('reports broad access instead of throwing; stores nothing', async () => {
    const { name } = await newSecret();
    const ok = await sm.send(new ValidateResourcePolicyCommand({ SecretId: name, ResourcePolicy: ACCOUNT_POLICY }));
    assert.equal(ok.PolicyValidationPassed, true);
    assert.deepEqual(ok.ValidationErrors, []);
    const raw = await rawCall(server, 'secretsmanager.ValidateResourcePolicy', { ResourcePolicy: ACCOUNT_POLICY });
    assert.deepEqual(raw.json, { PolicyValidationPassed: true, ValidationErrors: [] }, 'the SecretId is optional');
    const broad = await sm.send(new ValidateResourcePolicyCommand({ SecretId: name, ResourcePolicy: PUBLIC_POLICY }));
    assert.equal(broad.PolicyValidationPassed, false);
    assert.equal(broad.ValidationErrors!.length, 1);
    assert.equal(broad.ValidationErrors![0]!.CheckName, 'BroadAccessCheck');
    assert.match(broad.ValidationErrors![0]!.ErrorMessage!, /Statement "read"/);
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy, undefined);
    await expectAwsError(sm.send(new ValidateResourcePolicyCommand({ SecretId: uniqueName('none'), ResourcePolicy: ACCOUNT_POLICY })), 'ResourceNotFoundException', NOT_FOUND);
  });
});

describe('AWS CLI', () => {
  test('put-resource-policy --block-public-policy, get-resource-policy, delete-resource-policy', async () => {
    const { name } = await newSecret();
    const env = server.awsEnv();
    const aws = (...args: string[]) => run('/usr/bin/aws', ['--endpoint-url', server.url, '--output', 'json', 'secretsmanager', ...args], { env });
    await assert.rejects(aws('put-resource-policy', '--secret-id', name, '--resource-policy', PUBLIC_POLICY, '--block-public-policy'), (e: { stderr: string }) =>
      /PublicPolicyException/.test(e.stderr),
    );
    await aws('put-resource-policy', '--secret-id', name, '--resource-policy', ACCOUNT_POLICY, '--block-public-policy');
    assert.equal(JSON.parse((await aws('get-resource-policy', '--secret-id', name)).stdout).ResourcePolicy, ACCOUNT_POLICY);
    await aws('delete-resource-policy', '--secret-id', name);
    assert.equal(JSON.parse((await aws('get-resource-policy', '--secret-id', name)).stdout).ResourcePolicy, undefined);
  });
});
