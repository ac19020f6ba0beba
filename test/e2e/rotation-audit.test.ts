/**
 * Rotation is recorded in the audit trail as AWS records it: CloudTrail service events
 * (eventType AwsServiceEvent, from secretsmanager.amazonaws.com, additionalEventData.SecretId the
 * secret's ARN) — RotationStarted when the rotation begins, RotationSucceeded after finishSecret
 * moved AWSCURRENT, RotationFailed when it is marked failed (TestRotation... for
 * RotateImmediately=false). The trail still verifies afterwards.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateSecretCommand, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { coffer as cofferAsync, lookupAll, type FoundEvent } from '../support/audit.js';
import { CofferServer, REGION } from '../support/coffer-server.js';
import { createCommandFunction, rotationEnv, TEST_FUNCTION_COMMAND, waitForRotationEnd } from '../support/rotation.js';

/** The events named `eventName` about one secret (LookupEvents, LookupAttributes EventName). */
async function eventsFor(server: CofferServer, eventName: string, secretArn: string): Promise<FoundEvent[]> {
  const found = await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: eventName });
  return found.filter((e) => e.event.additionalEventData?.SecretId === secretArn);
}

/** The fields AWS gives a Secrets Manager rotation service event. */
function assertServiceEvent(e: FoundEvent, eventName: string, secretArn: string): void {
  assert.equal(e.EventName, eventName);
  assert.equal(e.EventSource, 'secretsmanager.amazonaws.com');
  assert.ok(e.Resources?.some((r) => r.ResourceName === secretArn), `${eventName} names the secret as a resource`);
  const ev = e.event;
  assert.equal(ev.eventType, 'AwsServiceEvent');
  assert.equal(ev.eventName, eventName);
  assert.equal(ev.eventSource, 'secretsmanager.amazonaws.com');
  assert.equal(ev.awsRegion, REGION);
  assert.equal(ev.userIdentity.invokedBy, 'secretsmanager.amazonaws.com');
  assert.equal(ev.userIdentity.accountId, secretArn.split(':')[4]);
  assert.equal(ev.recipientAccountId, secretArn.split(':')[4]);
  assert.equal(ev.sourceIPAddress, 'secretsmanager.amazonaws.com');
  assert.equal(ev.requestParameters, null);
  assert.equal(ev.responseElements, null);
  assert.equal(ev.readOnly, false);
  assert.deepEqual(ev.additionalEventData, { SecretId: secretArn });
}

describe('rotation service events in the audit trail', () => {
  const server = new CofferServer({ env: rotationEnv({ COFFER_ROTATION_MAX_ATTEMPTS: '2' }) });
  let sm: SecretsManagerClient;
  let goodArn: string;
  let failingArn: string;

  before(async () => {
    await server.start();
    sm = server.client();
    const tmp = fs.mkdtempSync(path.join(server.dataDir, 'fn-'));
    goodArn = await createCommandFunction(server, 'good', TEST_FUNCTION_COMMAND, { STEP_LOG: path.join(tmp, 'steps.jsonl') });
    failingArn = await createCommandFunction(server, 'failing', 'echo "boom: the database said no" >&2; exit 3');
  });
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  it('a successful rotation records RotationStarted, then RotationSucceeded, with the secret ARN', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'audited-ok', SecretString: '{"username":"app","password":"p0-do-not-log"}' }));
    const arn = created.ARN!;
    await sm.send(new RotateSecretCommand({ SecretId: 'audited-ok', RotationLambdaARN: goodArn, RotationRules: { AutomaticallyAfterDays: 7 } }));
    assert.equal((await waitForRotationEnd(server, 'audited-ok')).status, 'Succeeded');

    const started = await eventsFor(server, 'RotationStarted', arn);
    const succeeded = await eventsFor(server, 'RotationSucceeded', arn);
    assert.equal(started.length, 1, 'one RotationStarted');
    assert.equal(succeeded.length, 1, 'one RotationSucceeded');
    assertServiceEvent(started[0]!, 'RotationStarted', arn);
    assertServiceEvent(succeeded[0]!, 'RotationSucceeded', arn);
    assert.ok(started[0]!.EventTime!.getTime() <= succeeded[0]!.EventTime!.getTime(), 'started before it succeeded');
    assert.equal((await eventsFor(server, 'RotationFailed', arn)).length, 0);
    // The events name the secret, never a value.
    for (const e of [...started, ...succeeded]) assert.ok(!e.raw.includes('p0-do-not-log'));
    // The log lines stay.
    assert.ok(server.output.includes('"eventName":"RotationSucceeded"'));
  });

  it('a failing rotation records RotationStarted once and RotationFailed, never RotationSucceeded', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'audited-fails', SecretString: '{"password":"keep-me"}' }));
    const arn = created.ARN!;
    await sm.send(new RotateSecretCommand({ SecretId: 'audited-fails', RotationLambdaARN: failingArn, RotationRules: { AutomaticallyAfterDays: 7 } }));
    const end = await waitForRotationEnd(server, 'audited-fails');
    assert.equal(end.status, 'Failed');
    assert.equal(end.attempts, 2);

    const started = await eventsFor(server, 'RotationStarted', arn);
    const failed = await eventsFor(server, 'RotationFailed', arn);
    assert.equal(started.length, 1, 'a retried step does not start the rotation again');
    assert.equal(failed.length, 1, 'one RotationFailed');
    assertServiceEvent(started[0]!, 'RotationStarted', arn);
    assertServiceEvent(failed[0]!, 'RotationFailed', arn);
    assert.equal((await eventsFor(server, 'RotationSucceeded', arn)).length, 0);
    // The function's stderr stays in the log and the state machine, out of the trail.
    assert.ok(!failed[0]!.raw.includes('boom'));
    assert.ok(server.output.includes('"eventName":"RotationFailed"'));
  });

  it('RotateImmediately=false records TestRotationStarted and TestRotationSucceeded', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'audited-test', SecretString: '{"username":"app","password":"p0"}' }));
    const arn = created.ARN!;
    await sm.send(
      new RotateSecretCommand({ SecretId: 'audited-test', RotationLambdaARN: goodArn, RotateImmediately: false, RotationRules: { ScheduleExpression: 'rate(10 days)' } }),
    );
    assert.equal((await waitForRotationEnd(server, 'audited-test')).status, 'Succeeded');
    const started = await eventsFor(server, 'TestRotationStarted', arn);
    const succeeded = await eventsFor(server, 'TestRotationSucceeded', arn);
    assert.equal(started.length, 1);
    assert.equal(succeeded.length, 1);
    assertServiceEvent(started[0]!, 'TestRotationStarted', arn);
    assertServiceEvent(succeeded[0]!, 'TestRotationSucceeded', arn);
    assert.equal((await eventsFor(server, 'RotationStarted', arn)).length, 0);
  });

  it('`coffer audit verify` still passes afterwards', async () => {
    await server.stop();
    const r = await cofferAsync(['audit', 'verify'], server.dataDir);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  });
});
