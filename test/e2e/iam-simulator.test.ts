/**
 * The policy simulator (SimulateCustomPolicy, SimulatePrincipalPolicy) with @aws-sdk/client-iam:
 * decisions, the statements that decided with their positions, a principal's stored policies
 * (inline, group, managed), and agreement with the decisions real calls get (AssumeRole).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { startServer, stopAndClean, type CofferServer } from '../support/coffer-server.js';
import { iamClient, stsClient } from '../support/identity-clients.js';

const ACCOUNT = '000000000000';
let server: CofferServer;
let client: iam.IAMClient;

before(async () => {
  server = await startServer();
  client = iamClient(server);
});

after(async () => {
  await stopAndClean(server);
});

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

describe('SimulateCustomPolicy', () => {
  test('allowed, explicit deny and implicit deny, with the deciding statements and their positions', async () => {
    const policy = doc(
      { Sid: 'Read', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
      { Sid: 'NotProd', Effect: 'Deny', Action: 'secretsmanager:*', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/*' },
    );
    const out = await client.send(
      new iam.SimulateCustomPolicyCommand({
        PolicyInputList: [policy],
        ActionNames: ['secretsmanager:GetSecretValue', 'secretsmanager:DeleteSecret'],
        ResourceArns: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:dev/a-AbCdEf`, `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/b-AbCdEf`],
      }),
    );
    const byKey = Object.fromEntries(out.EvaluationResults!.map((r) => [`${r.EvalActionName} ${r.EvalResourceName!.split(':').pop()}`, r]));
    assert.equal(byKey['secretsmanager:GetSecretValue dev/a-AbCdEf']?.EvalDecision, 'allowed');
    assert.equal(byKey['secretsmanager:GetSecretValue prod/b-AbCdEf']?.EvalDecision, 'explicitDeny');
    assert.equal(byKey['secretsmanager:DeleteSecret dev/a-AbCdEf']?.EvalDecision, 'implicitDeny');
    assert.deepEqual(byKey['secretsmanager:GetSecretValue dev/a-AbCdEf']?.MatchedStatements, [
      { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 9, Column: 5 } },
    ]);
    assert.equal(byKey['secretsmanager:GetSecretValue prod/b-AbCdEf']?.MatchedStatements?.[0]?.StartPosition?.Line, 10);
    assert.deepEqual(byKey['secretsmanager:DeleteSecret dev/a-AbCdEf']?.MatchedStatements, []);
  });

  test('conditions read the context entries; a malformed document is InvalidInput', async () => {
    const policy = doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'core' } } });
    const run = (team: string) =>
      client.send(
        new iam.SimulateCustomPolicyCommand({
          PolicyInputList: [policy],
          ActionNames: ['secretsmanager:GetSecretValue'],
          ContextEntries: [{ ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: [team], ContextKeyType: 'string' }],
        }),
      );
    assert.equal((await run('core')).EvaluationResults?.[0]?.EvalDecision, 'allowed');
    assert.equal((await run('ops')).EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
    await expectAwsError(
      client.send(new iam.SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":'], ActionNames: ['s3:GetObject'] })),
      'InvalidInputException',
      'Syntax errors in policy.',
      400,
    );
  });
});

describe('SimulatePrincipalPolicy', () => {
  test("a user's inline, group and managed policies, and agreement with a real AssumeRole", async () => {
    const user = uniqueName('sim');
    const group = uniqueName('simg');
    await client.send(new iam.CreateUserCommand({ UserName: user }));
    await client.send(new iam.CreateGroupCommand({ GroupName: group }));
    await client.send(new iam.AddUserToGroupCommand({ GroupName: group, UserName: user }));
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
    const allowed = (await client.send(new iam.CreateRoleCommand({ RoleName: uniqueName('ok'), AssumeRolePolicyDocument: trust }))).Role!.Arn!;
    const other = (await client.send(new iam.CreateRoleCommand({ RoleName: uniqueName('no'), AssumeRolePolicyDocument: trust }))).Role!.Arn!;
    await client.send(new iam.PutGroupPolicyCommand({ GroupName: group, PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: allowed }) }));
    const managed = await client.send(new iam.CreatePolicyCommand({ PolicyName: uniqueName('m'), PolicyDocument: doc({ Effect: 'Deny', Action: 'secretsmanager:DeleteSecret', Resource: '*' }) }));
    await client.send(new iam.AttachUserPolicyCommand({ UserName: user, PolicyArn: managed.Policy!.Arn! }));
    await client.send(new iam.PutUserPolicyCommand({ UserName: user, PolicyName: 'sm', PolicyDocument: doc({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }) }));
    const userArn = `arn:aws:iam::${ACCOUNT}:user/${user}`;

    const sim = await client.send(
      new iam.SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['sts:AssumeRole'], ResourceArns: [allowed, other] }),
    );
    assert.deepEqual(sim.EvaluationResults?.map((r) => r.EvalDecision), ['allowed', 'implicitDeny']);
    assert.deepEqual(sim.EvaluationResults?.[0]?.MatchedStatements?.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['assume', 'group']]);
    const sm = await client.send(new iam.SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['secretsmanager:GetSecretValue', 'secretsmanager:DeleteSecret'] }));
    assert.deepEqual(sm.EvaluationResults?.map((r) => r.EvalDecision), ['allowed', 'explicitDeny']);
    assert.deepEqual(sm.EvaluationResults?.[1]?.MatchedStatements?.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [[managed.Policy!.PolicyName, 'user-managed']]);

    // The real calls agree.
    const key = (await client.send(new iam.CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    const asUser = stsClient(server, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    assert.ok((await asUser.send(new AssumeRoleCommand({ RoleArn: allowed, RoleSessionName: 'sim' }))).Credentials);
    await expectAwsError(asUser.send(new AssumeRoleCommand({ RoleArn: other, RoleSessionName: 'sim' })), 'AccessDenied', undefined, 403);
  });

  test('an unknown principal is NoSuchEntity', async () => {
    await expectAwsError(
      client.send(new iam.SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/nonexistent-user`, ActionNames: ['s3:GetObject'] })),
      'NoSuchEntityException',
      'The user with name nonexistent-user cannot be found.',
      404,
    );
  });
});
