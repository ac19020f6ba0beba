/**
 * Rotation functions run as an IAM role, as AWS Lambda functions run as their execution role
 * (Lambda Developer Guide, "Defining Lambda function permissions with an execution role"): the
 * role is given at registration and must trust lambda.amazonaws.com; every invocation gets a fresh
 * session of it, named after the function, so the function's calls are authorised by the role's
 * policies and recorded as arn:aws:sts::<account>:assumed-role/<role>/<function>.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteRoleCommand, DeleteRolePolicyCommand, ListAccessKeysCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { expectAwsError } from '../support/aws-expect.js';
import { auditRows, lookupAll } from '../support/audit.js';
import { CofferServer } from '../support/coffer-server.js';
import { iamClient } from '../support/identity-clients.js';
import {
  ACCOUNT,
  coffer,
  createCommandFunction,
  createFunctionRole,
  lambdaArn,
  LAMBDA_TRUST,
  ROTATION_ACTIONS,
  rotationEnv,
  rotationStatus,
  stepLog,
  TEST_FUNCTION_COMMAND,
  versionWith,
  waitFor,
  waitForRotationEnd,
} from '../support/rotation.js';

const trust = (principal: Record<string, string>, condition?: Record<string, unknown>): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
  });

describe('rotation functions run as a session of their role', () => {
  const server = new CofferServer({ env: rotationEnv({ COFFER_ROTATION_MAX_ATTEMPTS: '2' }) });
  let sm: SecretsManagerClient;
  let tmp: string;

  before(async () => {
    await server.start();
    sm = server.client();
    tmp = fs.mkdtempSync(path.join(server.dataDir, 'fn-'));
  });
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  function functionNames(): string[] {
    return coffer(server, ['function', 'list']).json.Functions.map((f: any) => f.FunctionName);
  }

  it('(a) rotates with the role: the calls are made by assumed-role/<role>/<function>, with session credentials in the environment', async () => {
    const roleArn = await createFunctionRole(server, 'rotator-role');
    const keys = path.join(tmp, 'keys.txt');
    // Records the key id and whether a session token was given (never the secrets), then runs the function.
    const command = `printf '%s %s\\n' "$AWS_ACCESS_KEY_ID" "\${AWS_SESSION_TOKEN:+token}" >> ${keys}; ${TEST_FUNCTION_COMMAND}`;
    const fn = await createCommandFunction(server, 'rotator', command, { STEP_LOG: path.join(tmp, 'a.jsonl') }, roleArn);
    const created = await sm.send(new CreateSecretCommand({ Name: 'roled', SecretString: '{"username":"app","password":"p0-secret"}' }));
    const { VersionId } = await sm.send(new RotateSecretCommand({ SecretId: 'roled', RotationLambdaARN: fn }));
    const end = await waitForRotationEnd(server, 'roled');
    assert.equal(end.status, 'Succeeded', end.lastError);
    assert.equal(await versionWith(sm, 'roled', 'AWSCURRENT'), VersionId);
    assert.equal(await versionWith(sm, 'roled', 'AWSPREVIOUS'), created.VersionId);

    const lines = fs.readFileSync(keys, 'utf8').trim().split('\n').map((l) => l.split(' '));
    assert.equal(lines.length, 4, 'one invocation per step');
    for (const [id, token] of lines) {
      assert.match(id!, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(token, 'token');
    }
    assert.equal(new Set(lines.map(([id]) => id)).size, 4, 'a fresh session for every invocation');

    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/rotator-role/rotator`;
    for (const name of ['PutSecretValue', 'UpdateSecretVersionStage']) {
      const events = (await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: name })).filter(
        (e) => e.event.requestParameters?.secretId === created.ARN,
      );
      assert.equal(events.length, 1, name);
      const id = events[0]!.event.userIdentity;
      assert.equal(id.type, 'AssumedRole');
      assert.equal(id.arn, session, `${name} made by the function's session`);
      assert.equal(id.sessionContext.sessionIssuer.arn, roleArn);
      assert.ok(lines.some(([k]) => k === id.accessKeyId), 'with the key the function was given');
      assert.equal(events[0]!.Username, 'rotator', 'the session is named after the function');
    }
    // No access key was issued to anyone for the function.
    const adminKeys = await iamClient(server).send(new ListAccessKeysCommand({ UserName: 'admin' }));
    assert.equal(adminKeys.AccessKeyMetadata!.length, 1);
  });

  it('(e) the session secret and token a function gets appear in no log line, audit record, status or data file', async () => {
    const roleArn = await createFunctionRole(server, 'hygiene-role');
    // Outside the data directory, which is searched below.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-fn-creds-'));
    const creds = path.join(outside, 'creds.txt');
    try {
      const command = `printf '%s %s\\n' "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" >> ${creds}; ${TEST_FUNCTION_COMMAND}`;
      const fn = await createCommandFunction(server, 'hygiene', command, {}, roleArn);
      await sm.send(new CreateSecretCommand({ Name: 'hygienic', SecretString: '{"password":"h0"}' }));
      await sm.send(new RotateSecretCommand({ SecretId: 'hygienic', RotationLambdaARN: fn }));
      const end = await waitForRotationEnd(server, 'hygienic');
      assert.equal(end.status, 'Succeeded', end.lastError);
      // A function that prints its credentials to standard error and fails: the failure message
      // (the tail of that output) keeps the text but not the credentials.
      const leaky = await createCommandFunction(server, 'leaky', `printf '%s %s\\n' "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" | tee -a ${creds} >&2; exit 3`, {}, roleArn);
      await sm.send(new CreateSecretCommand({ Name: 'leaked', SecretString: '{"password":"l0"}' }));
      await sm.send(new RotateSecretCommand({ SecretId: 'leaked', RotationLambdaARN: leaky }));
      const failed = await waitForRotationEnd(server, 'leaked');
      assert.equal(failed.status, 'Failed');
      assert.match(failed.lastError, /^the function exited with status 3: \[credential\] \[credential\]$/);

      const planted = fs.readFileSync(creds, 'utf8').trim().split('\n').flatMap((l) => l.split(' '));
      assert.equal(planted.length, 8 + 2 * 2, 'a secret and a token for each of the four steps, and for each of the two failed attempts');
      for (const v of planted) assert.ok(v.length >= 40, 'a real credential');

      const places: [string, string][] = [
        ['server output', server.output],
        ['audit records', JSON.stringify(auditRows(server.dataDir))],
        ['rotation status', JSON.stringify(rotationStatus(server, 'hygienic'))],
        ['failed rotation status', JSON.stringify(rotationStatus(server, 'leaked'))],
      ];
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(server.dataDir)) places.push([file, fs.readFileSync(file).toString('latin1')]);
      for (const v of planted) {
        for (const [where, text] of places) assert.equal(text.includes(v), false, `a function credential is in ${where}`);
      }
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('(f) RotateSecret also needs lambda:InvokeFunction on the function (API reference, RotateSecret); refused, nothing is saved', async () => {
    const roleArn = await createFunctionRole(server, 'invoked-role');
    const fn = await createCommandFunction(server, 'invoked', TEST_FUNCTION_COMMAND, {}, roleArn);
    const other = lambdaArn('someone-elses');
    await sm.send(new CreateSecretCommand({ Name: 'needs-invoke', SecretString: '{"password":"i0"}' }));
    const iam = iamClient(server);
    const rotator = `rotator-${Date.now()}`;
    await iam.send(new CreateUserCommand({ UserName: rotator }));
    const allow = (statements: object[]) =>
      iam.send(new PutUserPolicyCommand({ UserName: rotator, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    await allow([{ Effect: 'Allow', Action: ['secretsmanager:RotateSecret', 'secretsmanager:DescribeSecret'], Resource: '*' }]);
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: rotator }))).AccessKey!;
    const asRotator = server.client({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const caller = `arn:aws:iam::${ACCOUNT}:user/${rotator}`;
    const refused = (arn: string) =>
      `User: ${caller} is not authorized to perform: lambda:InvokeFunction on resource: ${arn} because no identity-based policy allows the lambda:InvokeFunction action`;
    await expectAwsError(asRotator.send(new RotateSecretCommand({ SecretId: 'needs-invoke', RotationLambdaARN: fn })), 'AccessDeniedException', refused(fn));
    // A function that does not exist is refused the same way: the refusal reveals nothing.
    await expectAwsError(asRotator.send(new RotateSecretCommand({ SecretId: 'needs-invoke', RotationLambdaARN: other })), 'AccessDeniedException', refused(other));
    const untouched = await asRotator.send(new DescribeSecretCommand({ SecretId: 'needs-invoke' }));
    assert.equal(untouched.RotationEnabled, undefined, 'nothing saved');
    assert.equal(untouched.RotationLambdaARN, undefined);

    await allow([
      { Effect: 'Allow', Action: ['secretsmanager:RotateSecret', 'secretsmanager:DescribeSecret'], Resource: '*' },
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fn },
    ]);
    await new Promise((r) => setTimeout(r, 1200)); // other worker processes see the IAM change within 1 s
    await asRotator.send(new RotateSecretCommand({ SecretId: 'needs-invoke', RotationLambdaARN: fn }));
    const end = await waitForRotationEnd(server, 'needs-invoke');
    assert.equal(end.status, 'Succeeded', end.lastError);
  });

  it('(g) a secret value a failing function prints is replaced by [secret] in the failure message and the log', async () => {
    const roleArn = await createFunctionRole(server, 'printing-role');
    const password = 'planted-password-7f3c1e';
    const whole = JSON.stringify({ username: 'app', password });
    // The function prints the password alone, then the whole value, then a member that is not secret.
    const fn = await createCommandFunction(server, 'printing', 'echo "$PW" >&2; echo "$WHOLE" >&2; echo "user $USR" >&2; exit 4', { PW: password, WHOLE: whole, USR: 'app' }, roleArn);
    await sm.send(new CreateSecretCommand({ Name: 'printed', SecretString: whole }));
    await sm.send(new RotateSecretCommand({ SecretId: 'printed', RotationLambdaARN: fn }));
    const end = await waitForRotationEnd(server, 'printed');
    assert.equal(end.status, 'Failed');
    assert.equal(end.lastError, 'the function exited with status 4: [secret] [secret] user app');
    assert.equal(JSON.stringify(rotationStatus(server, 'printed')).includes(password), false);
    assert.equal(server.output.includes(password), false, 'the value is in no log line');
  });

  it('(b) a role without secretsmanager:PutSecretValue fails createSecret with AccessDeniedException; AWSCURRENT stays', async () => {
    const roleArn = await createFunctionRole(server, 'weak-role', ROTATION_ACTIONS.filter((a) => a !== 'secretsmanager:PutSecretValue'));
    const fn = await createCommandFunction(server, 'weak', TEST_FUNCTION_COMMAND, {}, roleArn);
    const created = await sm.send(new CreateSecretCommand({ Name: 'weakly-roled', SecretString: '{"password":"stays-secret"}' }));
    await sm.send(new RotateSecretCommand({ SecretId: 'weakly-roled', RotationLambdaARN: fn }));
    const end = await waitForRotationEnd(server, 'weakly-roled');
    assert.equal(end.status, 'Failed');
    assert.equal(end.step, 'createSecret');
    assert.match(end.lastError, /AccessDeniedException/);
    assert.match(end.lastError, /assumed-role\/weak-role\/weak is not authorized to perform: secretsmanager:PutSecretValue/);
    assert.equal(JSON.stringify(rotationStatus(server, 'weakly-roled')).includes('stays-secret'), false);
    assert.equal(await versionWith(sm, 'weakly-roled', 'AWSCURRENT'), created.VersionId);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'weakly-roled' }))).SecretString, '{"password":"stays-secret"}');
  });

  it('(c) registration needs a role of the account that trusts lambda.amazonaws.com; otherwise nothing is stored', async () => {
    const refused = async (name: string, role: string | undefined, why: RegExp) => {
      const args = ['function', 'create', '--name', name, '--command', 'true', ...(role ? ['--role', role] : [])];
      const r = coffer(server, args);
      assert.equal(r.status, 1, `${name}: ${r.stdout}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr, why);
      assert.equal(functionNames().includes(name), false, `${name} is not stored`);
    };
    const CANNOT = /^coffer: The role defined for the function cannot be assumed by Lambda: /;
    const accountRoot = await createFunctionRole(server, 'trusts-account', [], trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }));
    await refused('not-trusted', accountRoot, CANNOT);
    await refused('not-trusted', accountRoot, /does not allow sts:AssumeRole for the service principal lambda\.amazonaws\.com/);
    const ec2 = await createFunctionRole(server, 'trusts-ec2', [], trust({ Service: 'ec2.amazonaws.com' }));
    await refused('ec2-role', ec2, CANNOT);
    await refused('no-role', `arn:aws:iam::${ACCOUNT}:role/never-created`, /cannot be assumed by Lambda: the role arn:aws:iam::000000000000:role\/never-created does not exist\.$/m);
    await refused('other-account', 'arn:aws:iam::111111111111:role/rotator-role', /not in the function's account 000000000000/);
    await refused('not-an-arn', 'rotator-role', /is not a role ARN/);
    await refused('role-missing', undefined, /--role is required/);

    // The trust policy is evaluated with aws:SourceArn = the function's ARN.
    const narrow = await createFunctionRole(server, 'only-for-narrow', [], trust({ Service: 'lambda.amazonaws.com' }, { ArnEquals: { 'aws:SourceArn': lambdaArn('narrow') } }));
    await refused('wide', narrow, CANNOT);
    const ok = coffer(server, ['function', 'create', '--name', 'narrow', '--command', 'true', '--role', narrow]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(ok.json, { FunctionArn: lambdaArn('narrow'), Role: narrow });
    const plain = await createFunctionRole(server, 'plain-lambda-role', [], LAMBDA_TRUST);
    assert.equal(coffer(server, ['function', 'create', '--name', 'plain', '--url', 'http://127.0.0.1:1/', '--role', plain]).status, 0);
    // Events carry session credentials: plain HTTP is for this machine only.
    const remote = coffer(server, ['function', 'create', '--name', 'remote', '--url', 'http://rotator.example.com/rotate', '--role', plain]);
    assert.equal(remote.status, 1);
    assert.match(remote.stderr, /--url must be https:\/\/ unless the endpoint is on this machine/);
    assert.equal(functionNames().includes('remote'), false);
    assert.equal(coffer(server, ['function', 'create', '--name', 'remote', '--url', 'https://rotator.example.com/rotate', '--role', plain]).status, 0);
    assert.equal(coffer(server, ['function', 'delete', '--name', 'remote']).status, 0);
    assert.equal(coffer(server, ['function', 'delete', '--name', 'plain']).status, 0);
  });

  it('(d) deleting the role makes the next step fail with a clear error; AWSCURRENT stays', async () => {
    const roleArn = await createFunctionRole(server, 'doomed-role');
    const log = path.join(tmp, 'd.jsonl');
    const marker = path.join(tmp, 'd-go');
    const fn = await createCommandFunction(server, 'doomed', TEST_FUNCTION_COMMAND, { STEP_LOG: log, BLOCK_STEP: 'setSecret', MARKER: marker }, roleArn);
    const created = await sm.send(new CreateSecretCommand({ Name: 'orphaned', SecretString: '{"password":"keep-me-secret"}' }));
    await sm.send(new RotateSecretCommand({ SecretId: 'orphaned', RotationLambdaARN: fn }));
    await waitFor('setSecret to be under way', () => stepLog(log).some((l) => l.step === 'setSecret'));

    const iam = iamClient(server);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'doomed-role', PolicyName: 'rotation' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'doomed-role' }));
    fs.writeFileSync(marker, '');

    const end = await waitForRotationEnd(server, 'orphaned');
    assert.equal(end.status, 'Failed');
    assert.equal(end.step, 'setSecret');
    assert.equal(end.lastError, `The role defined for the function cannot be assumed by Lambda: the role ${roleArn} does not exist.`);
    assert.equal(JSON.stringify(rotationStatus(server, 'orphaned')).includes('keep-me-secret'), false);
    assert.equal(await versionWith(sm, 'orphaned', 'AWSCURRENT'), created.VersionId);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'orphaned' }))).SecretString, '{"password":"keep-me-secret"}');
    assert.equal(server.output.includes('keep-me-secret'), false, 'the value is in no log line');
  });
});
