import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import Database from 'better-sqlite3';
import { CofferServer, tempDataDir } from '../support/coffer-server.js';
import {
  createCommandFunction,
  rotationEnv,
  rotationStatus,
  stepLog,
  TEST_FUNCTION_COMMAND,
  versionWith,
  waitFor,
  waitForRotationEnd,
} from '../support/rotation.js';

describe('the rotation state machine survives a crash', () => {
  const server = new CofferServer({ env: rotationEnv({ COFFER_ROTATION_STEP_TIMEOUT_SECONDS: '3', COFFER_ROTATION_MAX_ATTEMPTS: '2' }) });
  after(async () => {
    await server.kill9();
    server.removeDataDir();
  });

  it('kill -9 in the middle of setSecret: after restart the rotation resumes at setSecret and completes', async () => {
    await server.start();
    const sm = server.client();
    const dir = fs.mkdtempSync(path.join(server.dataDir, 'fn-'));
    const log = path.join(dir, 'steps.jsonl');
    const marker = path.join(dir, 'go');
    const fn = await createCommandFunction(server, 'blocks-in-set', TEST_FUNCTION_COMMAND, { STEP_LOG: log, BLOCK_STEP: 'setSecret', MARKER: marker });
    const created = await sm.send(new CreateSecretCommand({ Name: 'crash', SecretString: '{"password":"before"}' }));
    const { VersionId: token } = await sm.send(new RotateSecretCommand({ SecretId: 'crash', RotationLambdaARN: fn, RotationRules: { AutomaticallyAfterDays: 1 } }));
    await waitFor('setSecret to be under way', () => stepLog(log).some((l) => l.step === 'setSecret'));
    const during = rotationStatus(server, 'crash').rotation;
    assert.deepEqual([during.status, during.step, during.attempts], ['InProgress', 'setSecret', 1], 'written before the invocation');

    await server.kill9();
    fs.writeFileSync(marker, '');
    await server.start();
    const end = await waitForRotationEnd(server, 'crash', 60_000);
    assert.equal(end.status, 'Succeeded', end.lastError);
    const steps = stepLog(log).filter((l) => l.token === token).map((l) => l.step);
    assert.deepEqual(steps, ['createSecret', 'setSecret', 'setSecret', 'testSecret', 'finishSecret'], 'resumed at the step it stopped in');
    const sm2 = server.client();
    assert.equal(await versionWith(sm2, 'crash', 'AWSCURRENT'), token);
    assert.equal(await versionWith(sm2, 'crash', 'AWSPREVIOUS'), created.VersionId);
    assert.notEqual((await sm2.send(new GetSecretValueCommand({ SecretId: 'crash' }))).SecretString, '{"password":"before"}');
  });

  it('a step that outlives the step timeout is stopped (its process group killed) and counts as a failed attempt', async () => {
    const sm = server.client();
    const pidFile = path.join(server.dataDir, 'sleeper.pid');
    const fn = await createCommandFunction(server, 'sleeper', `echo $$ > ${pidFile}; sleep 60`);
    await sm.send(new CreateSecretCommand({ Name: 'slow', SecretString: 'stays' }));
    const started = Date.now();
    await sm.send(new RotateSecretCommand({ SecretId: 'slow', RotationLambdaARN: fn }));
    const end = await waitForRotationEnd(server, 'slow');
    assert.equal(end.status, 'Failed');
    assert.equal(end.attempts, 2);
    assert.match(end.lastError, /did not (finish|answer) within 3000 ms/);
    assert.ok(Date.now() - started < 20_000);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.throws(() => process.kill(pid, 0), 'the function was killed');
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'slow' }))).SecretString, 'stays');
  });
});

describe('two Coffer processes on one store', () => {
  const dataDir = tempDataDir();
  const a = new CofferServer({ dataDir, env: rotationEnv() });
  const b = new CofferServer({ dataDir, env: rotationEnv() });
  after(async () => {
    await a.stop();
    await b.stop();
    a.removeDataDir();
  });

  it('never run a rotation step twice, for rotations started by the API and for missed schedules run at start', async () => {
    await a.start();
    const log = path.join(dataDir, 'steps.jsonl');
    const fn = await createCommandFunction(a, 'logs', TEST_FUNCTION_COMMAND, { STEP_LOG: log });
    await b.start();
    const smA = a.client();
    const smB = b.client(a.credentials());
    const names = Array.from({ length: 6 }, (_, i) => `shared-${i}`);
    for (const n of names) await smA.send(new CreateSecretCommand({ Name: n, SecretString: '{"password":"0"}' }));
    // Rotations started through both processes; both schedulers compete for the work.
    await Promise.all(names.map((n, i) => (i % 2 ? smA : smB).send(new RotateSecretCommand({ SecretId: n, RotationLambdaARN: fn }))));
    for (const n of names) assert.equal((await waitForRotationEnd(a, n)).status, 'Succeeded');

    // A scheduled rotation missed while both were down: due yesterday, AutomaticallyAfterDays=1
    // (a window that is open all day), so it runs at start - once, though both processes start.
    await smA.send(new CreateSecretCommand({ Name: 'scheduled', SecretString: '{"password":"0"}' }));
    await smA.send(new RotateSecretCommand({ SecretId: 'scheduled', RotationLambdaARN: fn, RotateImmediately: false, RotationRules: { AutomaticallyAfterDays: 1 } }));
    assert.equal((await waitForRotationEnd(a, 'scheduled')).mode, 'test');
    await a.stop();
    await b.stop();
    const db = new Database(path.join(dataDir, 'coffer.db'));
    db.prepare("UPDATE secrets SET rotation_due_at = ? WHERE name = 'scheduled'").run(Date.now() - 86_400_000);
    db.close();
    await Promise.all([a.start(), b.start()]);
    await waitFor('the missed rotation to run', () => rotationStatus(a, 'scheduled').rotation.mode === 'rotate' || undefined);
    const end = await waitForRotationEnd(a, 'scheduled');
    assert.equal(end.status, 'Succeeded');
    assert.equal(end.trigger, 'schedule');
    const d = await a.client().send(new DescribeSecretCommand({ SecretId: 'scheduled' }));
    assert.ok(d.LastRotatedDate);
    assert.ok(d.NextRotationDate!.getTime() > Date.now());

    const entries = stepLog(log);
    const seen = new Map<string, number>();
    for (const l of entries) seen.set(`${l.token} ${l.step}`, (seen.get(`${l.token} ${l.step}`) ?? 0) + 1);
    for (const [k, n] of seen) assert.equal(n, 1, `${k} ran ${n} times`);
    assert.equal(seen.size, 7 * 4 + 1, 'seven full rotations and one test run');
    const pids = new Set(stepLog(log).map((l) => l.pid));
    assert.ok(pids.size > 1);
  });
});
