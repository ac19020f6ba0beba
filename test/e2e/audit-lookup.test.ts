/**
 * CloudTrail LookupEvents on Coffer's endpoint, through the real @aws-sdk/client-cloudtrail and the
 * AWS CLI: every lookup attribute, time ranges, paging, CloudTrail's errors, and account isolation.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateSecretCommand, GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { CofferServer, Credentials } from '../support/coffer-server.js';
import { cloudTrail, coffer, lookupAll, sleep } from '../support/audit.js';
import { useServer } from '../support/use-server.js';

function aws(server: CofferServer, args: string[], creds?: Credentials): Promise<any> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/aws', ['--endpoint-url', server.url, '--output', 'json', ...args], { env: server.awsEnv(creds), maxBuffer: 32 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(String(stdout))),
    );
  });
}

describe('LookupEvents', () => {
  const { server, sm } = useServer();
  let arn: string;
  let tBefore: Date;
  let tMiddle: Date;

  before(async () => {
    tBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
    arn = (await sm.send(new CreateSecretCommand({ Name: 'lk/secret', SecretString: 'v' }))).ARN!;
    for (let i = 0; i < 7; i++) await sm.send(new GetSecretValueCommand({ SecretId: 'lk/secret' }));
    await sleep(1100);
    tMiddle = new Date();
    await sleep(1100);
    for (let i = 0; i < 5; i++) await sm.send(new ListSecretsCommand({}));
  });

  it('answers in CloudTrail shape: newest first, CloudTrailEvent a JSON string of the record', async () => {
    const r = await cloudTrail(server).send(new LookupEventsCommand({ MaxResults: 3 }));
    assert.equal(r.Events?.length, 3);
    assert.ok(r.NextToken);
    const times = r.Events!.map((e) => e.EventTime!.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const e = r.Events![0]!;
    assert.equal(typeof e.CloudTrailEvent, 'string');
    const record = JSON.parse(e.CloudTrailEvent!);
    assert.equal(record.eventID, e.EventId);
    assert.equal(record.eventName, e.EventName);
    assert.equal(String(record.readOnly), e.ReadOnly);
    assert.equal(record.userIdentity.accessKeyId, e.AccessKeyId);
    assert.equal(e.Username, 'admin');
    assert.equal(e.EventSource, record.eventSource);
    assert.ok(Array.isArray(e.Resources));
  });

  it('filters by each lookup attribute', async () => {
    const creds = server.credentials();
    const byName = await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: 'GetSecretValue' });
    assert.ok(byName.length >= 7 && byName.every((e) => e.EventName === 'GetSecretValue'));
    const one = byName[0]!;
    const byId = await lookupAll(server, { AttributeKey: 'EventId', AttributeValue: one.EventId! });
    assert.deepEqual(byId.map((e) => e.EventId), [one.EventId]);
    const reads = await lookupAll(server, { AttributeKey: 'ReadOnly', AttributeValue: 'true' });
    const writes = await lookupAll(server, { AttributeKey: 'ReadOnly', AttributeValue: 'false' });
    assert.ok(reads.every((e) => e.ReadOnly === 'true') && writes.every((e) => e.ReadOnly === 'false'));
    assert.ok(writes.some((e) => e.EventName === 'CreateSecret'));
    const byUser = await lookupAll(server, { AttributeKey: 'Username', AttributeValue: 'admin' });
    assert.ok(byUser.length >= 13 && byUser.every((e) => e.Username === 'admin'));
    assert.equal((await lookupAll(server, { AttributeKey: 'Username', AttributeValue: 'nobody' })).length, 0);
    const byType = await lookupAll(server, { AttributeKey: 'ResourceType', AttributeValue: 'AWS::SecretsManager::Secret' });
    assert.ok(byType.length >= 8 && byType.every((e) => e.Resources!.some((r) => r.ResourceType === 'AWS::SecretsManager::Secret')));
    const byResource = await lookupAll(server, { AttributeKey: 'ResourceName', AttributeValue: arn });
    assert.deepEqual(new Set(byResource.map((e) => e.EventName)), new Set(['CreateSecret', 'GetSecretValue']));
    const bySource = await lookupAll(server, { AttributeKey: 'EventSource', AttributeValue: 'secretsmanager.amazonaws.com' });
    assert.ok(bySource.length >= 13 && bySource.every((e) => e.EventSource === 'secretsmanager.amazonaws.com'));
    const ct = await lookupAll(server, { AttributeKey: 'EventSource', AttributeValue: 'cloudtrail.amazonaws.com' });
    assert.ok(ct.length > 0 && ct.every((e) => e.EventName === 'LookupEvents'), 'lookups are recorded too');
    const byKey = await lookupAll(server, { AttributeKey: 'AccessKeyId', AttributeValue: creds.accessKeyId });
    assert.ok(byKey.length >= 13 && byKey.every((e) => e.AccessKeyId === creds.accessKeyId));
  });

  it('honours StartTime/EndTime (inclusive) and pages with MaxResults/NextToken', async () => {
    const early = await lookupAll(server, { AttributeKey: 'EventSource', AttributeValue: 'secretsmanager.amazonaws.com' }, undefined, { StartTime: tBefore, EndTime: tMiddle });
    assert.deepEqual(new Set(early.map((e) => e.EventName)), new Set(['CreateSecret', 'GetSecretValue']));
    const late = await lookupAll(server, { AttributeKey: 'EventSource', AttributeValue: 'secretsmanager.amazonaws.com' }, undefined, { StartTime: tMiddle });
    assert.deepEqual(new Set(late.map((e) => e.EventName)), new Set(['ListSecrets']));
    const ct = cloudTrail(server);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const r = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetSecretValue' }], MaxResults: 2, NextToken: token }));
      assert.ok(r.Events!.length <= 2);
      seen.push(...r.Events!.map((e) => e.EventId!));
      token = r.NextToken;
    } while (token);
    assert.equal(new Set(seen).size, seen.length, 'no event twice');
    assert.equal(seen.length, (await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: 'GetSecretValue' })).length);
  });

  it("answers CloudTrail's errors", async () => {
    const ct = cloudTrail(server);
    await assert.rejects(
      ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'Username', AttributeValue: 'b' }] })),
      { name: 'InvalidLookupAttributesException' },
    );
    await assert.rejects(ct.send(new LookupEventsCommand({ StartTime: new Date(2_000_000_000_000), EndTime: new Date(1_000_000_000_000) })), { name: 'InvalidTimeRangeException' });
    const first = await ct.send(new LookupEventsCommand({ MaxResults: 1 }));
    await assert.rejects(
      ct.send(new LookupEventsCommand({ MaxResults: 1, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListSecrets' }] })),
      { name: 'InvalidNextTokenException' },
    );
    await assert.rejects(ct.send(new LookupEventsCommand({ NextToken: 'garbage' })), { name: 'InvalidNextTokenException' });
    assert.deepEqual((await ct.send(new LookupEventsCommand({ EventCategory: 'insight' }))).Events, []);
  });

  it('works unchanged through `aws cloudtrail lookup-events` (attributes, time range, paging)', async () => {
    const byName = await aws(server, ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=GetSecretValue']);
    assert.ok(byName.Events.length >= 7);
    assert.ok(byName.Events.every((e: any) => e.EventName === 'GetSecretValue' && JSON.parse(e.CloudTrailEvent).requestParameters.secretId === 'lk/secret'));
    const paged = await aws(server, ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=ResourceName,AttributeValue=' + arn, '--page-size', '2']);
    assert.equal(paged.Events.length, 8, 'the CLI followed NextToken through every page');
    // A stable set (lookups are recorded too, so the newest events move while paging all of them).
    const gets = ['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=GetSecretValue'];
    const page1 = await aws(server, ['cloudtrail', 'lookup-events', ...gets, '--max-items', '3']);
    assert.equal(page1.Events.length, 3);
    assert.ok(page1.NextToken);
    const page2 = await aws(server, ['cloudtrail', 'lookup-events', ...gets, '--max-items', '3', '--starting-token', page1.NextToken]);
    assert.equal(page2.Events.length, 3);
    assert.equal(page2.Events.filter((e: any) => page1.Events.some((f: any) => f.EventId === e.EventId)).length, 0);
    const range = await aws(server, ['cloudtrail', 'lookup-events', '--start-time', String(tMiddle.getTime() / 1000), '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=ListSecrets']);
    assert.equal(range.Events.length, 5);
  });

  it('an account sees only its own events', async () => {
    const made = await coffer(['account', 'create', '--name', 'other', '--id', '222233334444'], server.dataDir);
    assert.equal(made.code, 0, made.stderr);
    const other = JSON.parse(made.stdout);
    const creds = { accessKeyId: other.AccessKeyId, secretAccessKey: other.SecretAccessKey };
    const theirs = server.client(creds);
    await theirs.send(new CreateSecretCommand({ Name: 'lk/theirs', SecretString: 'v' }));
    const seenByOther = await lookupAll(server, undefined, creds);
    assert.ok(seenByOther.length >= 1);
    assert.ok(seenByOther.every((e) => e.event.recipientAccountId === '222233334444'));
    assert.ok(seenByOther.some((e) => e.EventName === 'CreateSecret'));
    const seenByFirst = await lookupAll(server);
    assert.ok(seenByFirst.every((e) => e.event.recipientAccountId === '000000000000'));
    assert.equal(seenByFirst.some((e) => JSON.stringify(e.event).includes('lk/theirs')), false);
  });
});
