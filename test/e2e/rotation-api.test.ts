import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CofferServer } from '../support/coffer-server.js';
import { rawCall } from '../support/raw-request.js';
import {
  coffer,
  createCommandFunction,
  lambdaArn,
  rotationEnv,
  rotationStatus,
  stepLog,
  TEST_FUNCTION_COMMAND,
  versionWith,
  waitFor,
  waitForRotationEnd,
} from '../support/rotation.js';

const CANNOT_INVOKE =
  'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.';
const IN_PROGRESS = "A previous rotation isn't complete. That rotation will be reattempted.";

async function rejectsWith(p: Promise<unknown>, name: string, message?: string): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

describe('RotateSecret and CancelRotateSecret', () => {
  const server = new CofferServer({ env: rotationEnv({ COFFER_ROTATION_MAX_ATTEMPTS: '2' }) });
  let sm: SecretsManagerClient;
  let tmp: string;
  let goodArn: string;
  let blockingArn: string;
  let failingArn: string;
  const marker = () => path.join(tmp, 'go');
  const log = () => path.join(tmp, 'steps.jsonl');

  before(async () => {
    await server.start();
    sm = server.client();
    tmp = fs.mkdtempSync(path.join(server.dataDir, 'fn-'));
    goodArn = await createCommandFunction(server, 'good', TEST_FUNCTION_COMMAND, { STEP_LOG: log() });
    blockingArn = await createCommandFunction(server, 'blocking', TEST_FUNCTION_COMMAND, {
      STEP_LOG: log(),
      BLOCK_STEP: 'createSecret',
      MARKER: marker(),
    });
    failingArn = await createCommandFunction(server, 'failing', 'echo "boom: the database said no" >&2; exit 3');
  });
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  it('refuses unknown secrets, bad names, missing functions, uninvokable functions and bad rules with AWS errors, saving nothing', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'errors', SecretString: '{"password":"p0"}' }));
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'nope', RotationLambdaARN: goodArn })), 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'bad name*' })), 'ValidationException');
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'errors' })), 'InvalidRequestException', 'No Lambda rotation function ARN is associated with this secret.');
    for (const arn of [lambdaArn('no-such-function'), 'arn:aws:lambda:us-east-1:111111111111:function:good', 'arn:aws:lambda:eu-west-1:000000000000:function:good', 'not-an-arn']) {
      await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'errors', RotationLambdaARN: arn, RotationRules: { AutomaticallyAfterDays: 7 } })), 'AccessDeniedException', CANNOT_INVOKE);
    }
    await rejectsWith(
      sm.send(new RotateSecretCommand({ SecretId: 'errors', RotationLambdaARN: goodArn, RotationRules: { AutomaticallyAfterDays: 7, ScheduleExpression: 'rate(7 days)' } })),
      'InvalidParameterException',
      'You cannot specify both rotation frequency and schedule expression together.',
    );
    await rejectsWith(
      sm.send(new RotateSecretCommand({ SecretId: 'errors', RotationLambdaARN: goodArn, RotationRules: { ScheduleExpression: 'rate(2 hours)' } })),
      'InvalidParameterException',
      'Rate in hour should be least 4 and less than 24.',
    );
    await rejectsWith(
      sm.send(new RotateSecretCommand({ SecretId: 'errors', RotationLambdaARN: goodArn, RotationRules: { ScheduleExpression: 'cron(30 10 * * ? *)' } })),
      'InvalidParameterException',
      'Invalid schedule expression.',
    );
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'errors', RotationLambdaARN: goodArn, RotationRules: { AutomaticallyAfterDays: 0 } })), 'ValidationException');
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'errors', RotationLambdaARN: goodArn, RotationRules: { Duration: '2 h' } as any })), 'ValidationException');
    const raw = await rawCall(server, 'secretsmanager.RotateSecret', { SecretId: 'nope', RotationLambdaARN: goodArn });
    assert.equal(raw.status, 400);
    assert.deepEqual(raw.json, { __type: 'InvalidParameterException', Message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.' });

    const d = await sm.send(new DescribeSecretCommand({ SecretId: 'errors' }));
    for (const member of ['RotationEnabled', 'RotationLambdaARN', 'RotationRules', 'LastRotatedDate', 'NextRotationDate']) {
      assert.equal(member in d, false, `${member} must be absent: nothing was saved`);
    }
    assert.equal(Object.keys(d.VersionIdsToStages!).length, 1);

    await rejectsWith(sm.send(new CancelRotateSecretCommand({ SecretId: 'errors' })), 'InvalidRequestException',
      "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.");
    await rejectsWith(sm.send(new CancelRotateSecretCommand({ SecretId: 'nope' })), 'ResourceNotFoundException');
    await sm.send(new DeleteSecretCommand({ SecretId: 'errors', RecoveryWindowInDays: 7 }));
    const deleted = "You can't perform this operation on the secret because it was marked for deletion.";
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'errors', RotationLambdaARN: goodArn })), 'InvalidRequestException', deleted);
    await rejectsWith(sm.send(new CancelRotateSecretCommand({ SecretId: 'errors' })), 'InvalidRequestException', deleted);
  });

  it('creates the value-less AWSPENDING version first, refuses a second rotation while one runs, then completes the four steps', async () => {
    const before = Date.now();
    const created = await sm.send(new CreateSecretCommand({ Name: 'app', SecretString: '{"username":"app","password":"p0"}' }));
    const token = crypto.randomUUID();
    const out = await sm.send(
      new RotateSecretCommand({ SecretId: 'app', ClientRequestToken: token, RotationLambdaARN: blockingArn, RotationRules: { AutomaticallyAfterDays: 7 } }),
    );
    assert.deepEqual({ ARN: out.ARN, Name: out.Name, VersionId: out.VersionId }, { ARN: created.ARN, Name: 'app', VersionId: token });

    // Before createSecret ran: AWSPENDING on a version without a value (api-notes §9).
    const d = await sm.send(new DescribeSecretCommand({ SecretId: 'app' }));
    assert.deepEqual(d.VersionIdsToStages, { [created.VersionId!]: ['AWSCURRENT'], [token]: ['AWSPENDING'] });
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: 'app', VersionId: token, VersionStage: 'AWSPENDING' })), 'ResourceNotFoundException');
    assert.equal(d.RotationEnabled, true);
    assert.equal(d.RotationLambdaARN, blockingArn);
    assert.deepEqual(d.RotationRules, { AutomaticallyAfterDays: 7 });
    assert.equal(d.LastRotatedDate, undefined);

    // A second rotation is refused; the same call again (same token) is an idempotent retry.
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'app' })), 'InvalidRequestException', IN_PROGRESS);
    const retry = await sm.send(new RotateSecretCommand({ SecretId: 'app', ClientRequestToken: token, RotationLambdaARN: blockingArn }));
    assert.equal(retry.VersionId, token);

    const status = rotationStatus(server, 'app');
    assert.equal(status.rotation.status, 'InProgress');
    assert.equal(status.rotation.step, 'createSecret');

    fs.writeFileSync(marker(), '');
    const end = await waitForRotationEnd(server, 'app');
    assert.equal(end.status, 'Succeeded');
    const steps = stepLog(log()).filter((l) => l.token === token).map((l) => l.step);
    assert.deepEqual(steps, ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);

    const after = await sm.send(new DescribeSecretCommand({ SecretId: 'app' }));
    assert.deepEqual(after.VersionIdsToStages, { [created.VersionId!]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT'] });
    const rotatedAt = after.LastRotatedDate!.getTime();
    assert.ok(rotatedAt >= before - 1000 && rotatedAt <= Date.now() + 1000);
    // NextRotationDate: 23:59:59 UTC seven days after the day of the rotation.
    const day = Math.floor(rotatedAt / 86_400_000) * 86_400_000;
    assert.equal(after.NextRotationDate!.getTime(), day + 8 * 86_400_000 - 1000);
    const value = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: 'app' }))).SecretString!);
    assert.equal(value.generation, 1);
    assert.notEqual(value.password, 'p0');

    const listed = (await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['app'] }] }))).SecretList!;
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.RotationEnabled, true);
    assert.equal(listed[0]!.RotationLambdaARN, blockingArn);
    assert.deepEqual(listed[0]!.RotationRules, { AutomaticallyAfterDays: 7 });
    assert.equal(listed[0]!.LastRotatedDate!.getTime(), rotatedAt);
    assert.equal(listed[0]!.NextRotationDate!.getTime(), after.NextRotationDate!.getTime());

    // Without parameters RotateSecret rotates again with the stored configuration.
    const again = await sm.send(new RotateSecretCommand({ SecretId: 'app' }));
    assert.equal((await waitForRotationEnd(server, 'app')).status, 'Succeeded');
    assert.equal(await versionWith(sm, 'app', 'AWSCURRENT'), again.VersionId);
    assert.equal(JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: 'app' }))).SecretString!).generation, 2);
  });

  it('a failing function leaves AWSCURRENT untouched, records the failure, and blocks the next rotation until AWSPENDING is cleaned up', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'fails', SecretString: '{"password":"keep-me"}' }));
    const out = await sm.send(new RotateSecretCommand({ SecretId: 'fails', RotationLambdaARN: failingArn, RotationRules: { ScheduleExpression: 'cron(0 10 * * ? *)', Duration: '3h' } }));
    const end = await waitForRotationEnd(server, 'fails');
    assert.equal(end.status, 'Failed');
    assert.equal(end.step, 'createSecret');
    assert.equal(end.attempts, 2);
    assert.match(end.lastError, /exited with status 3: boom: the database said no/);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'fails' }))).SecretString, '{"password":"keep-me"}');
    const d = await sm.send(new DescribeSecretCommand({ SecretId: 'fails' }));
    assert.deepEqual(d.VersionIdsToStages, { [created.VersionId!]: ['AWSCURRENT'], [out.VersionId!]: ['AWSPENDING'] });
    assert.equal(d.LastRotatedDate, undefined);
    assert.deepEqual(d.RotationRules, { AutomaticallyAfterDays: 1, ScheduleExpression: 'cron(0 10 * * ? *)', Duration: '3h' });
    assert.equal(new Date(d.NextRotationDate!).getUTCHours(), 12);
    assert.ok(server.output.includes('"eventName":"RotationFailed"'));
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'fails', RotationLambdaARN: goodArn })), 'InvalidRequestException', IN_PROGRESS);

    const cancelled = await sm.send(new CancelRotateSecretCommand({ SecretId: 'fails' }));
    assert.equal(cancelled.ARN, created.ARN);
    assert.equal(cancelled.VersionId, undefined, 'no rotation was in progress');
    const c = await sm.send(new DescribeSecretCommand({ SecretId: 'fails' }));
    assert.equal(c.RotationEnabled, false);
    assert.equal(c.RotationLambdaARN, failingArn);
    assert.deepEqual(c.RotationRules, d.RotationRules);
    assert.equal(c.NextRotationDate, undefined);
    assert.equal(c.LastRotatedDate, undefined);
  });

  it('CancelRotateSecret stops a rotation in progress and returns its version', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'cancel-me', SecretString: '{"password":"c0"}' }));
    fs.rmSync(marker(), { force: true });
    const out = await sm.send(new RotateSecretCommand({ SecretId: 'cancel-me', RotationLambdaARN: blockingArn }));
    await waitFor('createSecret to start', () => stepLog(log()).some((l) => l.token === out.VersionId));
    const c = await sm.send(new CancelRotateSecretCommand({ SecretId: 'cancel-me' }));
    assert.equal(c.VersionId, out.VersionId);
    fs.writeFileSync(marker(), '');
    assert.equal(rotationStatus(server, 'cancel-me').rotation.status, 'Cancelled');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(stepLog(log()).filter((l) => l.token === out.VersionId).map((l) => l.step), ['createSecret'], 'no step after the cancel');
    const d = await sm.send(new DescribeSecretCommand({ SecretId: 'cancel-me' }));
    assert.equal(d.RotationEnabled, false);
  });

  it('RotateImmediately=false runs testSecret only, against a temporary copy, and leaves the first rotation to the schedule', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'later', SecretString: '{"password":"l0"}' }));
    const out = await sm.send(
      new RotateSecretCommand({ SecretId: 'later', RotationLambdaARN: goodArn, RotateImmediately: false, RotationRules: { ScheduleExpression: 'rate(10 days)' } }),
    );
    const end = await waitForRotationEnd(server, 'later');
    assert.equal(end.status, 'Succeeded');
    assert.equal(end.mode, 'test');
    assert.deepEqual(stepLog(log()).filter((l) => l.token === out.VersionId).map((l) => l.step), ['testSecret']);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: 'later' }));
    assert.deepEqual(d.VersionIdsToStages, { [created.VersionId!]: ['AWSCURRENT'] });
    assert.equal(d.RotationEnabled, true);
    assert.equal(d.LastRotatedDate, undefined);
    assert.deepEqual(d.RotationRules, { AutomaticallyAfterDays: 10, ScheduleExpression: 'rate(10 days)' });
    const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    assert.equal(d.NextRotationDate!.getTime(), today + 11 * 86_400_000 - 1000);
  });

  it('lists built-in and registered functions; a deleted function can no longer be used', async () => {
    const list = coffer(server, ['function', 'list']);
    assert.equal(list.status, 0, list.stderr);
    const names = list.json.Functions.map((f: any) => f.FunctionName);
    for (const n of ['coffer-postgresql-single-user', 'coffer-postgresql-alternating-users', 'coffer-mysql-single-user', 'coffer-mysql-alternating-users', 'good', 'failing']) {
      assert.ok(names.includes(n), n);
    }
    const good = list.json.Functions.find((f: any) => f.FunctionName === 'good');
    assert.deepEqual(good.Environment, ['STEP_LOG']);
    assert.equal(good.FunctionArn, goodArn);
    assert.equal(good.Role, 'arn:aws:iam::000000000000:role/good-role');
    assert.equal(good.AccessKeyId, undefined);
    const role = ['--role', good.Role];
    assert.equal(coffer(server, ['function', 'create', '--name', 'good', '--command', 'true', ...role]).status, 1);
    assert.equal(coffer(server, ['function', 'create', '--name', 'coffer-mysql-single-user', '--command', 'true', ...role]).status, 1);
    assert.equal(coffer(server, ['function', 'create', '--name', 'both', '--command', 'true', '--url', 'http://127.0.0.1:1/', ...role]).status, 1);
    const del = coffer(server, ['function', 'delete', '--name', 'failing']);
    assert.equal(del.status, 0, del.stderr);
    await sm.send(new CreateSecretCommand({ Name: 'gone-fn', SecretString: 'x' }));
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: 'gone-fn', RotationLambdaARN: failingArn })), 'AccessDeniedException', CANNOT_INVOKE);
    assert.equal(coffer(server, ['function', 'delete', '--name', 'failing']).status, 1);
  });
});
