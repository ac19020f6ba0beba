/**
 * Every call becomes a CloudTrail-format event, checked field by field against what AWS's user
 * guide shows for Secrets Manager (CreateSecret: name + clientRequestToken; DeleteSecret: secretId +
 * recoveryWindowInDays -> arn, name, deletionDate; GetSecretValue: secretId -> responseElements
 * null) — and so do denied, unauthenticated, unroutable and invalid calls, and the purger's work.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, describe, it } from 'node:test';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import * as iam from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { iamClient, sessionCredentials, stsClient } from '../support/identity-clients.js';
import { rawCall } from '../support/raw-request.js';
import { eventsOfRequest, lookupAll, openDb, waitFor } from '../support/audit.js';
import { useServer } from '../support/use-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JAVA_DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/;

describe('audit events: one CloudTrail record per call', () => {
  const { server, sm } = useServer({ env: { COFFER_PURGE_INTERVAL_SECONDS: '0.3' } });
  let accessKeyId: string;

  before(() => {
    accessKeyId = server.credentials().accessKeyId;
  });

  /** The one event of the call that answered with `requestId` (plus any it brings along). */
  async function only(requestId: string | undefined, name: string): Promise<any> {
    const events = (await eventsOfRequest(server, requestId)).filter((e) => e.eventName === name);
    assert.equal(events.length, 1, `one ${name} event for request ${requestId}`);
    return events[0];
  }

  function commonFields(e: any, name: string, readOnly: boolean): void {
    assert.equal(e.eventVersion, '1.11');
    assert.equal(e.eventSource, 'secretsmanager.amazonaws.com');
    assert.equal(e.eventName, name);
    assert.equal(e.awsRegion, 'us-east-1');
    assert.equal(e.sourceIPAddress, '127.0.0.1');
    assert.match(e.userAgent, /aws-sdk-js/);
    assert.match(e.eventTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.match(e.eventID, UUID);
    assert.equal(e.readOnly, readOnly);
    assert.equal(e.eventType, 'AwsApiCall');
    assert.equal(e.managementEvent, true);
    assert.equal(e.eventCategory, 'Management');
    assert.equal(e.recipientAccountId, '000000000000');
    assert.deepEqual(Object.keys(e.userIdentity).sort(), ['accessKeyId', 'accountId', 'arn', 'principalId', 'type', 'userName']);
    assert.equal(e.userIdentity.type, 'IAMUser');
    assert.equal(e.userIdentity.arn, 'arn:aws:iam::000000000000:user/admin');
    assert.equal(e.userIdentity.accessKeyId, accessKeyId);
    assert.match(e.userIdentity.principalId, /^AIDA/);
    assert.equal(e.tlsDetails, undefined, 'plain HTTP: no tlsDetails');
  }

  it('CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret record what CloudTrail records, never a value', async () => {
    const token = crypto.randomUUID();
    const c = await sm.send(new CreateSecretCommand({ Name: 'ev/one', SecretString: 's3cr3t-A', ClientRequestToken: token, Description: 'd', Tags: [{ Key: 'team', Value: 'x' }] }));
    const ce = await only(c.$metadata.requestId, 'CreateSecret');
    commonFields(ce, 'CreateSecret', false);
    assert.deepEqual(ce.requestParameters, { name: 'ev/one', clientRequestToken: token, description: 'd', tags: [{ key: 'team', value: 'x' }] });
    assert.deepEqual(ce.responseElements, { arn: c.ARN, name: 'ev/one', versionId: token });
    assert.deepEqual(ce.resources, [{ accountId: '000000000000', type: 'AWS::SecretsManager::Secret', ARN: c.ARN }]);

    const g = await sm.send(new GetSecretValueCommand({ SecretId: 'ev/one', VersionStage: 'AWSCURRENT' }));
    const ge = await only(g.$metadata.requestId, 'GetSecretValue');
    commonFields(ge, 'GetSecretValue', true);
    assert.deepEqual(ge.requestParameters, { secretId: 'ev/one', versionStage: 'AWSCURRENT' });
    assert.equal(ge.responseElements, null);

    const p = await sm.send(new PutSecretValueCommand({ SecretId: c.ARN, SecretString: 's3cr3t-B', VersionStages: ['AWSCURRENT'] }));
    const pe = await only(p.$metadata.requestId, 'PutSecretValue');
    commonFields(pe, 'PutSecretValue', false);
    assert.deepEqual(Object.keys(pe.requestParameters).sort(), ['clientRequestToken', 'secretId', 'versionStages']);
    assert.deepEqual(pe.responseElements, { arn: c.ARN, name: 'ev/one', versionId: p.VersionId, versionStages: ['AWSCURRENT'] });

    const u = await sm.send(new UpdateSecretCommand({ SecretId: 'ev/one', SecretString: 's3cr3t-C', Description: 'd2' }));
    const ue = await only(u.$metadata.requestId, 'UpdateSecret');
    assert.equal(ue.requestParameters.secretId, 'ev/one');
    assert.equal(ue.requestParameters.description, 'd2');
    assert.equal(ue.requestParameters.secretString, undefined);
    assert.deepEqual(ue.responseElements, { arn: c.ARN, name: 'ev/one', versionId: u.VersionId });
    for (const e of [ce, ge, pe, ue]) assert.doesNotMatch(JSON.stringify(e), /s3cr3t/);
  });

  it('reads, tags, stages and listings: request parameters, no response elements for reads', async () => {
    const c = await sm.send(new CreateSecretCommand({ Name: 'ev/two', SecretString: 'v1' }));
    const v2 = await sm.send(new PutSecretValueCommand({ SecretId: 'ev/two', SecretString: 'v2', VersionStages: ['STAGE'] }));
    const calls: [Promise<any>, string, Record<string, unknown>, unknown][] = [
      [sm.send(new DescribeSecretCommand({ SecretId: 'ev/two' })), 'DescribeSecret', { secretId: 'ev/two' }, null],
      [sm.send(new ListSecretsCommand({ MaxResults: 5 })), 'ListSecrets', { maxResults: 5 }, null],
      [sm.send(new ListSecretVersionIdsCommand({ SecretId: 'ev/two', IncludeDeprecated: true })), 'ListSecretVersionIds', { secretId: 'ev/two', includeDeprecated: true }, null],
      [sm.send(new TagResourceCommand({ SecretId: 'ev/two', Tags: [{ Key: 'k', Value: 'v' }] })), 'TagResource', { secretId: 'ev/two', tags: [{ key: 'k', value: 'v' }] }, null],
      [sm.send(new UntagResourceCommand({ SecretId: 'ev/two', TagKeys: ['k'] })), 'UntagResource', { secretId: 'ev/two', tagKeys: ['k'] }, null],
      [
        sm.send(new UpdateSecretVersionStageCommand({ SecretId: 'ev/two', VersionStage: 'STAGE', RemoveFromVersionId: v2.VersionId, MoveToVersionId: undefined })),
        'UpdateSecretVersionStage',
        { secretId: 'ev/two', versionStage: 'STAGE', removeFromVersionId: v2.VersionId },
        { arn: c.ARN, name: 'ev/two' },
      ],
      [sm.send(new GetRandomPasswordCommand({ PasswordLength: 20, ExcludePunctuation: true })), 'GetRandomPassword', { passwordLength: 20, excludePunctuation: true }, null],
    ];
    for (const [p, name, req, resp] of calls) {
      const r = await p;
      const e = await only(r.$metadata.requestId, name);
      commonFields(e, name, ['DescribeSecret', 'ListSecrets', 'ListSecretVersionIds', 'GetRandomPassword'].includes(name));
      assert.deepEqual(e.requestParameters, req, name);
      assert.deepEqual(e.responseElements, resp, name);
      if (name === 'GetRandomPassword') assert.equal(JSON.stringify(e).includes(r.RandomPassword), false);
    }
  });

  it('DeleteSecret and RestoreSecret record the deletion service events; the purger records EndSecretVersionDelete', async () => {
    const c = await sm.send(new CreateSecretCommand({ Name: 'ev/del', SecretString: 'x' }));
    const d = await sm.send(new DeleteSecretCommand({ SecretId: 'ev/del', RecoveryWindowInDays: 7 }));
    const de = await only(d.$metadata.requestId, 'DeleteSecret');
    commonFields(de, 'DeleteSecret', false);
    assert.deepEqual(de.requestParameters, { secretId: 'ev/del', recoveryWindowInDays: 7 });
    assert.equal(de.responseElements.arn, c.ARN);
    assert.equal(de.responseElements.name, 'ev/del');
    assert.match(de.responseElements.deletionDate, JAVA_DATE);
    const starts = (await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: 'StartSecretVersionDelete' })).map((e) => e.event);
    const start = starts.find((e) => e.additionalEventData?.SecretId === c.ARN);
    assert.ok(start, 'StartSecretVersionDelete');
    assert.equal(start.eventType, 'AwsServiceEvent');
    assert.deepEqual(start.userIdentity, { accountId: '000000000000', invokedBy: 'secretsmanager.amazonaws.com' });
    assert.equal(start.sourceIPAddress, 'secretsmanager.amazonaws.com');
    assert.deepEqual(start.resources, [{ accountId: '000000000000', type: 'AWS::SecretsManager::Secret', ARN: c.ARN }]);

    const r = await sm.send(new RestoreSecretCommand({ SecretId: 'ev/del' }));
    assert.deepEqual((await only(r.$metadata.requestId, 'RestoreSecret')).responseElements, { arn: c.ARN, name: 'ev/del' });
    const cancel = (await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: 'CancelSecretVersionDelete' })).map((e) => e.event);
    assert.ok(cancel.some((e) => e.additionalEventData?.SecretId === c.ARN));

    // The purger: schedule, then move the deletion date into the past behind the server's back.
    await sm.send(new DeleteSecretCommand({ SecretId: 'ev/del', RecoveryWindowInDays: 7 }));
    const db = openDb(server.dataDir);
    try {
      db.prepare('UPDATE secrets SET deletion_date = ? WHERE arn = ?').run(Date.now() - 1000, c.ARN);
    } finally {
      db.close();
    }
    await waitFor(async () => (await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: 'EndSecretVersionDelete' })).some((e) => e.event.additionalEventData?.SecretId === c.ARN), 10_000, 'EndSecretVersionDelete');
    const end = (await lookupAll(server, { AttributeKey: 'ResourceName', AttributeValue: c.ARN! })).find((e) => e.EventName === 'EndSecretVersionDelete')!;
    assert.equal(end.event.eventType, 'AwsServiceEvent');
    assert.equal(end.event.readOnly, false);
    await assert.rejects(sm.send(new DescribeSecretCommand({ SecretId: c.ARN })), { name: 'ResourceNotFoundException' });
  });

  it('BatchGetSecretValue records itself and a GetSecretValue per secret it returned', async () => {
    const a = await sm.send(new CreateSecretCommand({ Name: 'ev/b1', SecretString: 'batch-1' }));
    const b = await sm.send(new CreateSecretCommand({ Name: 'ev/b2', SecretString: 'batch-2' }));
    const r = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['ev/b1', 'ev/b2', 'ev/none'] }));
    const events = await eventsOfRequest(server, r.$metadata.requestId);
    const batch = events.filter((e) => e.eventName === 'BatchGetSecretValue');
    assert.equal(batch.length, 1);
    assert.deepEqual(batch[0].requestParameters, { secretIdList: ['ev/b1', 'ev/b2', 'ev/none'] });
    assert.equal(batch[0].responseElements, null);
    const gets = events.filter((e) => e.eventName === 'GetSecretValue');
    assert.deepEqual(gets.map((e) => e.requestParameters.secretId).sort(), [a.ARN, b.ARN].sort());
    for (const e of events) assert.doesNotMatch(JSON.stringify(e), /batch-\d/);
  });

  it('failed and not-yet-supported operations carry errorCode and errorMessage', async () => {
    const err = await sm.send(new GetSecretValueCommand({ SecretId: 'ev/missing' })).catch((e) => e);
    const e = await only(err.$metadata.requestId, 'GetSecretValue');
    assert.equal(e.errorCode, 'ResourceNotFoundException');
    assert.equal(e.errorMessage, "Secrets Manager can't find the specified secret.");
    assert.deepEqual(e.requestParameters, { secretId: 'ev/missing' });
    assert.equal(e.responseElements, null);
    const gp = await sm.send(new GetResourcePolicyCommand({ SecretId: 'ev/missing' })).catch((x) => x);
    assert.ok((await only(gp.$metadata.requestId, 'GetResourcePolicy')).errorCode);
  });

  it('resource policy and rotation operations record their parameters', async () => {
    const c = await sm.send(new CreateSecretCommand({ Name: 'ev/policy', SecretString: 'v' }));
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
    });
    const put = await sm.send(new PutResourcePolicyCommand({ SecretId: 'ev/policy', ResourcePolicy: policy, BlockPublicPolicy: true }));
    const pe = await only(put.$metadata.requestId, 'PutResourcePolicy');
    assert.deepEqual(pe.requestParameters, { secretId: 'ev/policy', resourcePolicy: policy, blockPublicPolicy: true });
    assert.deepEqual(pe.responseElements, { arn: c.ARN, name: 'ev/policy' });
    const get = await sm.send(new GetResourcePolicyCommand({ SecretId: 'ev/policy' }));
    assert.equal((await only(get.$metadata.requestId, 'GetResourcePolicy')).responseElements, null);
    const del = await sm.send(new DeleteResourcePolicyCommand({ SecretId: 'ev/policy' }));
    assert.deepEqual((await only(del.$metadata.requestId, 'DeleteResourcePolicy')).responseElements, { arn: c.ARN, name: 'ev/policy' });
    const rot = await sm.send(new RotateSecretCommand({ SecretId: 'ev/policy', RotationRules: { AutomaticallyAfterDays: 7 } })).catch((e) => e);
    const re = await only(rot.$metadata.requestId, 'RotateSecret');
    assert.equal(re.requestParameters.secretId, 'ev/policy');
    assert.deepEqual(re.requestParameters.rotationRules, { automaticallyAfterDays: 7 });
    assert.match(re.requestParameters.clientRequestToken, UUID);
    assert.equal(re.readOnly, false);
  });

  it('a denied call is recorded with AccessDenied and the caller', async () => {
    const other = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:theirs-AbCdEf';
    const err = await sm.send(new GetSecretValueCommand({ SecretId: other })).catch((x) => x);
    assert.equal(err.name, 'AccessDeniedException');
    const e = await only(err.$metadata.requestId, 'GetSecretValue');
    commonFields(e, 'GetSecretValue', true);
    assert.equal(e.errorCode, 'AccessDenied');
    assert.match(e.errorMessage, /is not authorized to perform: secretsmanager:GetSecretValue/);
    assert.deepEqual(e.requestParameters, { secretId: other });
  });

  it('an assumed-role session is recorded as AssumedRole with its session context; STS and IAM calls never keep credentials', async () => {
    const admin = iamClient(server);
    const roleName = `audit-reader-${crypto.randomUUID().slice(0, 8)}`;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });
    const role = (await admin.send(new iam.CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }))).Role!;
    const read = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    await admin.send(new iam.PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'read', PolicyDocument: read }));
    const assumed = await stsClient(server).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'audit-job' }));
    const session = sessionCredentials(assumed.Credentials);
    const g = await server.client(session).send(new GetSecretValueCommand({ SecretId: 'ev/one' }));
    const e = await only(g.$metadata.requestId, 'GetSecretValue');
    assert.equal(e.userIdentity.type, 'AssumedRole');
    assert.equal(e.userIdentity.arn, `arn:aws:sts::000000000000:assumed-role/${roleName}/audit-job`);
    assert.equal(e.userIdentity.accessKeyId, session.accessKeyId);
    assert.deepEqual(e.userIdentity.sessionContext.sessionIssuer, { type: 'Role', principalId: role.RoleId, arn: role.Arn, accountId: '000000000000', userName: roleName });
    assert.match(e.userIdentity.sessionContext.attributes.creationDate, /Z$/);
    const byUser = await lookupAll(server, { AttributeKey: 'Username', AttributeValue: 'audit-job' });
    assert.ok(byUser.some((x) => x.EventId === e.eventID), 'Username of a session is its session name');

    const user = `audit-user-${crypto.randomUUID().slice(0, 8)}`;
    await admin.send(new iam.CreateUserCommand({ UserName: user }));
    const key = (await admin.send(new iam.CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    const all = JSON.stringify(await lookupAll(server));
    for (const secret of [session.secretAccessKey, session.sessionToken!, key.SecretAccessKey!]) assert.equal(all.includes(secret), false);
    const ar = (await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }))[0]!.event;
    assert.equal(ar.eventSource, 'sts.amazonaws.com');
    assert.equal(ar.requestParameters.roleArn, role.Arn);
  });

  it('unauthenticated, unroutable and invalid requests are recorded with what is known', async () => {
    const creds = server.credentials();
    const badSig = await rawCall(server, 'secretsmanager.GetSecretValue', { SecretId: 'ev/one' }, { creds: { ...creds, secretAccessKey: 'x'.repeat(40) } });
    assert.equal(badSig.json.__type, 'InvalidSignatureException');
    let e = await only(badSig.headers.get('x-amzn-requestid')!, 'GetSecretValue');
    assert.deepEqual(e.userIdentity, { type: 'Unknown', accountId: '000000000000', accessKeyId: creds.accessKeyId });
    assert.equal(e.errorCode, 'InvalidSignatureException');
    assert.equal(e.requestParameters, null, 'nothing of an unauthenticated body is kept');
    assert.equal(JSON.stringify(e).includes('x'.repeat(40)), false);

    const unknownKey = await rawCall(server, 'secretsmanager.GetSecretValue', { SecretId: 'ev/one' }, { creds: { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'y'.repeat(40) } });
    e = await only(unknownKey.headers.get('x-amzn-requestid')!, 'GetSecretValue');
    assert.equal(e.errorCode, 'UnrecognizedClientException');
    assert.deepEqual(e.userIdentity, { type: 'Unknown', accessKeyId: 'AKIAUNKNOWNKEY000001' });
    assert.equal(e.recipientAccountId, '000000000000', 'filed under the deployment account');

    const unsigned = await rawCall(server, 'secretsmanager.ListSecrets', {}, { unsigned: true });
    e = await only(unsigned.headers.get('x-amzn-requestid')!, 'ListSecrets');
    assert.equal(e.errorCode, 'MissingAuthenticationTokenException');
    assert.deepEqual(e.userIdentity, { type: 'Unknown' });

    const unknownOp = await rawCall(server, 'secretsmanager.StealEverything', {});
    assert.equal(unknownOp.json.__type, 'UnknownOperationException');
    e = await only(unknownOp.headers.get('x-amzn-requestid')!, 'StealEverything');
    assert.equal(e.eventSource, 'secretsmanager.amazonaws.com');
    assert.equal(e.errorCode, 'UnknownOperationException');

    const badJson = await rawCall(server, 'secretsmanager.PutSecretValue', '{"SecretId":"ev/one","SecretString":"half');
    e = await only(badJson.headers.get('x-amzn-requestid')!, 'PutSecretValue');
    assert.equal(e.errorCode, 'SerializationException');
    assert.equal(e.userIdentity.type, 'IAMUser', 'authenticated before the body was read');
    assert.equal(e.requestParameters, null);

    const invalid = await rawCall(server, 'secretsmanager.GetSecretValue', { SecretId: '' });
    e = await only(invalid.headers.get('x-amzn-requestid')!, 'GetSecretValue');
    assert.equal(e.errorCode, 'ValidationException');
  });
});
