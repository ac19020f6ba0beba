import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { CofferServer, REGION } from '../support/coffer-server.js';
import { lookupAll } from '../support/audit.js';
import { coffer, createFunctionRole, rotationEnv, versionWith, waitForRotationEnd } from '../support/rotation.js';

/**
 * An HTTP rotation function (`coffer function create --url --role`): a service of the team's own
 * that receives the Lambda event and the temporary credentials of a session of the function's
 * role as a POST signed with HMAC-SHA256, and rotates with those credentials.
 */
describe('HTTP rotation functions', () => {
  const server = new CofferServer({ env: rotationEnv({ COFFER_ROTATION_MAX_ATTEMPTS: '2' }) });
  let hook: http.Server;
  let hookUrl = '';
  const received: { event: any; credentials: any; signatureOk: boolean; fresh: boolean; arnHeader: string }[] = [];
  let answer = 200;
  let sm: SecretsManagerClient;
  let signingKey = '';

  before(async () => {
    await server.start();
    sm = server.client();
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', async () => {
        const ts = String(req.headers['x-coffer-timestamp']);
        const expected = 'v1=' + crypto.createHmac('sha256', signingKey).update(`${ts}.${body}`).digest('hex');
        const { event, credentials } = JSON.parse(body);
        received.push({
          event,
          credentials,
          signatureOk: req.headers['x-coffer-signature'] === expected,
          fresh: Math.abs(Date.now() / 1000 - Number(ts)) < 60,
          arnHeader: String(req.headers['x-coffer-function-arn']),
        });
        try {
          if (answer !== 200) throw new Error('refused');
          const fnSm = new SecretsManagerClient({
            endpoint: server.url,
            region: REGION,
            credentials: { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken },
            maxAttempts: 1,
          });
          if (event.Step === 'createSecret') {
            await fnSm.send(new PutSecretValueCommand({ SecretId: event.SecretId, ClientRequestToken: event.ClientRequestToken, SecretString: `rotated-by-hook-${event.ClientRequestToken}`, VersionStages: ['AWSPENDING'] }));
          } else if (event.Step === 'finishSecret') {
            const current = await versionWith(fnSm, event.SecretId, 'AWSCURRENT');
            await fnSm.send(new UpdateSecretVersionStageCommand({ SecretId: event.SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: event.ClientRequestToken, RemoveFromVersionId: current }));
          }
          res.writeHead(200).end('{}');
        } catch {
          res.writeHead(answer === 200 ? 500 : answer).end('{"error":"the hook could not rotate"}');
        }
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/rotate`;
  });
  after(async () => {
    await server.stop();
    server.removeDataDir();
    await new Promise((r) => hook.close(r));
  });

  it('registers a URL function with a role (signing key shown once) and rotates through it with signed events carrying session credentials', async () => {
    assert.equal(coffer(server, ['function', 'create', '--name', 'hook', '--url', hookUrl]).status, 1, 'a role is required');
    const roleArn = await createFunctionRole(server, 'hook-role');
    const r = coffer(server, ['function', 'create', '--name', 'hook', '--url', hookUrl, '--role', roleArn]);
    assert.equal(r.status, 0, r.stderr);
    const { FunctionArn, Role, SigningKey } = r.json;
    assert.deepEqual(Object.keys(r.json).sort(), ['FunctionArn', 'Role', 'SigningKey'], 'no access key is issued');
    assert.equal(FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:hook');
    assert.equal(Role, roleArn);
    signingKey = SigningKey;
    const listed = coffer(server, ['function', 'list']).json.Functions.find((f: any) => f.FunctionName === 'hook');
    assert.equal(listed.Url, hookUrl);
    assert.equal(listed.Role, roleArn);
    assert.equal(JSON.stringify(listed).includes(SigningKey), false);

    await sm.send(new CreateSecretCommand({ Name: 'hooked', SecretString: 'v1' }));
    const { VersionId } = await sm.send(new RotateSecretCommand({ SecretId: 'hooked', RotationLambdaARN: FunctionArn }));
    assert.equal((await waitForRotationEnd(server, 'hooked')).status, 'Succeeded');
    assert.deepEqual(received.map((x) => x.event.Step), ['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    for (const x of received) {
      assert.equal(x.signatureOk, true, 'the HMAC covers the event and the credentials');
      assert.equal(x.fresh, true);
      assert.equal(x.arnHeader, FunctionArn);
      assert.equal(x.event.ClientRequestToken, VersionId);
      assert.match(x.credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(typeof x.credentials.SessionToken, 'string');
      assert.ok(Date.parse(x.credentials.Expiration) >= Date.now() + 14 * 60_000, 'a session of at least 15 minutes');
    }
    assert.equal(new Set(received.map((x) => x.credentials.AccessKeyId)).size, 4, 'a fresh session for every invocation');
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'hooked' }))).SecretString, `rotated-by-hook-${VersionId}`);
    const puts = (await lookupAll(server, { AttributeKey: 'EventName', AttributeValue: 'PutSecretValue' })).filter((e) => e.event.requestParameters?.secretId === received[0]!.event.SecretId);
    assert.equal(puts.length, 1);
    assert.equal(puts[0]!.event.userIdentity.arn, 'arn:aws:sts::000000000000:assumed-role/hook-role/hook');
  });

  it('a non-2xx answer fails the step; after the retries the rotation is marked failed and AWSCURRENT stays', async () => {
    answer = 503;
    received.length = 0;
    await sm.send(new CreateSecretCommand({ Name: 'hook-fails', SecretString: 'stay' }));
    await sm.send(new RotateSecretCommand({ SecretId: 'hook-fails', RotationLambdaARN: 'arn:aws:lambda:us-east-1:000000000000:function:hook' }));
    const end = await waitForRotationEnd(server, 'hook-fails');
    assert.equal(end.status, 'Failed');
    assert.match(end.lastError, /answered HTTP 503/);
    assert.equal(received.length, 2);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'hook-fails' }))).SecretString, 'stay');
    const d = await sm.send(new DescribeSecretCommand({ SecretId: 'hook-fails' }));
    assert.equal(Object.values(d.VersionIdsToStages!).filter((s) => s.includes('AWSPENDING')).length, 1, 'AWSPENDING stays for diagnosis');
  });
});
