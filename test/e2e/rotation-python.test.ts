import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateSecretCommand, GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CofferServer } from '../support/coffer-server.js';
import {
  createCommandFunction,
  DEBIAN_PYTHON,
  RUNNER,
  rotationEnv,
  stepLog,
  TEST_FUNCTION_DIR,
  versionWith,
  waitForRotationEnd,
} from '../support/rotation.js';

describe('a Python rotation function in the Lambda handler contract, through runners/lambda_runner.py', () => {
  const server = new CofferServer({ env: rotationEnv() });
  before(() => server.start());
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  it("runs with Debian's python3-boto3: imports lambda_function.py, calls lambda_handler(event, context), calls Coffer back", async () => {
    const check = spawnSync(DEBIAN_PYTHON, ['-c', 'import boto3; print(boto3.__file__)'], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /^\/usr\/lib\/python3\/dist-packages\/boto3\//, "Debian's python3-boto3");

    const log = path.join(server.dataDir, 'python-steps.jsonl');
    const fn = await createCommandFunction(server, 'python-rotator', `${DEBIAN_PYTHON} ${RUNNER} ${TEST_FUNCTION_DIR}`, { STEP_LOG: log });
    const sm = server.client();
    await sm.send(new CreateSecretCommand({ Name: 'py', SecretString: '{"user":"py","password":"one"}' }));
    const { VersionId: token } = await sm.send(new RotateSecretCommand({ SecretId: 'py', RotationLambdaARN: fn }));
    const end = await waitForRotationEnd(server, 'py');
    assert.equal(end.status, 'Succeeded', end.lastError);
    assert.equal(await versionWith(sm, 'py', 'AWSCURRENT'), token);
    const value = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: 'py' }))).SecretString!);
    assert.equal(value.user, 'py');
    assert.equal(value.generation, 1);
    const entries = stepLog(log);
    assert.deepEqual(entries.map((e) => e.step), ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    for (const e of entries) {
      assert.equal(e.token, token);
      assert.match(e.secret, /^arn:aws:secretsmanager:us-east-1:000000000000:secret:py-[A-Za-z0-9]{6}$/, 'SecretId is the ARN');
      assert.match(e.rotationToken, /^[0-9a-f-]{36}$/);
      assert.equal(e.function, 'python-rotator');
      assert.ok(e.remainingMs > 0);
      assert.match(e.boto3, /^\/usr\/lib\/python3\/dist-packages\//);
      assert.equal(e.keyKind, 'ASIA', 'temporary credentials of a session of the role');
      assert.equal(e.sessionToken, true);
    }
    // The function's session shows in the request log as the caller of its calls.
    assert.match(server.output, /"operation":"(secretsmanager\.)?PutSecretValue"/);
    assert.match(server.output, /"caller":"arn:aws:sts::000000000000:assumed-role\/python-rotator-role\/python-rotator"/);
  });

  it('a handler that raises fails the step with the end of its traceback; the runner exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(server.dataDir, 'bad-fn-'));
    fs.writeFileSync(path.join(dir, 'lambda_function.py'), 'def lambda_handler(event, context):\n    raise KeyError("no such key in " + event["Step"])\n');
    const r = spawnSync(DEBIAN_PYTHON, [RUNNER, dir], { input: '{"Step":"createSecret"}', encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /KeyError: 'no such key in createSecret'/);
  });
});
