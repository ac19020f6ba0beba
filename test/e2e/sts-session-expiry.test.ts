/**
 * An assumed role's session across its expiry, end to end: a real `coffer serve` issues sessions
 * (DurationSeconds 900 and 3600) and serves them; then it is stopped and started again on the same
 * data directory and port with its wall clock 16 minutes ahead (Debian's libfaketime, preloaded;
 * its monotonic clock left alone), and the SDK clients sign with the same shift (systemClockOffset).
 * The 900-second session is then refused as AWS refuses it (ExpiredTokenException), while the
 * admin's long-term key, the 3600-second session and a fresh AssumeRole still work, so the refusal
 * is the expiry and not the moved clock. No test-only code in src/: the server's clock really moves.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as iam from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type Credentials as StsCredentials } from '@aws-sdk/client-sts';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { EXPIRED_TOKEN } from '../support/aws-messages.js';
import { CofferServer, REGION } from '../support/coffer-server.js';
import { sessionCredentials, type SessionCredentials } from '../support/identity-clients.js';

/** libfaketime's preload library (Debian package libfaketime, pulled in by faketime). */
function faketimeLibrary(): string | undefined {
  const dirs = ['/usr/lib', ...(fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib').map((d) => path.join('/usr/lib', d)) : [])];
  return dirs.map((d) => path.join(d, 'faketime', 'libfaketime.so.1')).find((f) => fs.existsSync(f));
}

const LIBFAKETIME = faketimeLibrary();

// Outside CI a developer without faketime skips these; in CI (.ci/run installs it) its absence is a
// failure, never a silent skip.
if (!LIBFAKETIME && process.env.CI) throw new Error('CI must provide faketime (Debian package faketime, see .ci/run)');

const ACCOUNT = '000000000000';
const SHIFT_MS = 16 * 60_000;
/**
 * What `faketime -f "+16m"` sets, given to the server process itself: faketime(1) forks and does
 * not pass SIGTERM on, so wrapping the command in it would leave the server running after stop().
 */
const SHIFTED_CLOCK = { LD_PRELOAD: LIBFAKETIME ?? '', FAKETIME: '+16m', FAKETIME_DONT_FAKE_MONOTONIC: '1' };
const GET = 'secretsmanager:GetSecretValue';

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('an assumed role reads what the role allows, and nothing once its session expired', { skip: LIBFAKETIME ? false : 'faketime is not installed (Debian package faketime, see .ci/run)' }, () => {
  const first = new CofferServer();
  let later: CofferServer | undefined;
  let roleName: string;
  let roleArn: string;
  let allowed: { name: string; arn: string };
  let other: { name: string; arn: string };
  /** Sessions issued with the real clock: 900 s and 3600 s. */
  let short: StsCredentials;
  let long: StsCredentials;

  /** SDK clients for `server`, signing with the clock shifted by `offsetMs` (the server's). */
  const sm = (server: CofferServer, creds: SessionCredentials = server.credentials(), offsetMs = 0) =>
    new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials: creds, maxAttempts: 1, systemClockOffset: offsetMs });
  const sts = (server: CofferServer, creds: SessionCredentials = server.credentials(), offsetMs = 0) =>
    new STSClient({ endpoint: server.url, region: REGION, credentials: creds, maxAttempts: 1, systemClockOffset: offsetMs });

  const assume = async (server: CofferServer, sessionName: string, durationSeconds: number, offsetMs = 0) =>
    (await sts(server, server.credentials(), offsetMs).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: durationSeconds })))
      .Credentials!;

  const deniedOther = (sessionName: string) =>
    `User: arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${sessionName} is not authorized to perform: ${GET} on resource: ${other.arn} ` +
    `because no identity-based policy allows the ${GET} action`;

  before(async () => {
    await first.start();
    const admin = new iam.IAMClient({ endpoint: first.url, region: REGION, credentials: first.credentials(), maxAttempts: 1 });
    const create = async (prefix: string) => {
      const name = uniqueName(prefix);
      const out = await sm(first).send(new CreateSecretCommand({ Name: name, SecretString: `value-of-${name}` }));
      return { name, arn: out.ARN! };
    };
    allowed = await create('expiry/allowed');
    other = await create('expiry/other');
    roleName = uniqueName('expiring-reader');
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
    roleArn = (await admin.send(new iam.CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }))).Role!.Arn!;
    await admin.send(new iam.PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'read-one', PolicyDocument: doc({ Effect: 'Allow', Action: GET, Resource: allowed.arn }) }));
  });

  after(async () => {
    await later?.stop();
    await first.stop();
    first.removeDataDir();
  });

  test('with the real clock, a 900-second session reads the secret the role allows and no other', async () => {
    short = await assume(first, 'short', 900);
    long = await assume(first, 'long', 3600);
    const expiresIn = short.Expiration!.getTime() - Date.now();
    assert.ok(expiresIn > 0 && expiresIn <= 900_000 && expiresIn < SHIFT_MS, `expires in ${expiresIn} ms`);
    const client = sm(first, sessionCredentials(short));
    assert.equal((await client.send(new GetSecretValueCommand({ SecretId: allowed.arn }))).SecretString, `value-of-${allowed.name}`);
    await expectAwsError(client.send(new GetSecretValueCommand({ SecretId: other.arn })), 'AccessDeniedException', deniedOther('short'));
  });

  describe('16 minutes later (the same data directory and port, the server clock moved on)', () => {
    before(async () => {
      await first.stop();
      later = new CofferServer({ dataDir: first.dataDir, env: SHIFTED_CLOCK });
      later.port = first.port;
      await later.start();
    });

    test('the server is up with its clock 16 minutes ahead, and the admin key still works', async () => {
      const res = await fetch(`${later!.url}/health`);
      assert.equal(res.status, 200);
      const ahead = Date.parse(res.headers.get('date')!) - Date.now();
      assert.ok(Math.abs(ahead - SHIFT_MS) < 60_000, `server clock ahead by ${ahead} ms`);
      assert.equal((await sm(later!, later!.credentials(), SHIFT_MS).send(new GetSecretValueCommand({ SecretId: allowed.arn }))).SecretString, `value-of-${allowed.name}`);
      const me = await sts(later!, later!.credentials(), SHIFT_MS).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:user/admin`);
    });

    test('the expired 900-second session is refused with ExpiredTokenException, by Secrets Manager and STS', async () => {
      assert.ok(short.Expiration!.getTime() < Date.now() + SHIFT_MS, 'the session expired on the shifted clock');
      const creds = sessionCredentials(short);
      await expectAwsError(sm(later!, creds, SHIFT_MS).send(new GetSecretValueCommand({ SecretId: allowed.arn })), 'ExpiredTokenException', EXPIRED_TOKEN);
      await expectAwsError(sts(later!, creds, SHIFT_MS).send(new GetCallerIdentityCommand({})), 'ExpiredToken', EXPIRED_TOKEN, 403);
    });

    test('a 3600-second session issued at the same moment still reads what the role allows, and only that', async () => {
      assert.ok(long.Expiration!.getTime() > Date.now() + SHIFT_MS, 'the session has not expired on the shifted clock');
      const client = sm(later!, sessionCredentials(long), SHIFT_MS);
      assert.equal((await client.send(new GetSecretValueCommand({ SecretId: allowed.arn }))).SecretString, `value-of-${allowed.name}`);
      await expectAwsError(client.send(new GetSecretValueCommand({ SecretId: other.arn })), 'AccessDeniedException', deniedOther('long'));
    });

    test('a fresh AssumeRole works again and its session reads what the role allows', async () => {
      const fresh = await assume(later!, 'fresh', 900, SHIFT_MS);
      const expiresIn = fresh.Expiration!.getTime() - (Date.now() + SHIFT_MS);
      assert.ok(expiresIn > 840_000 && expiresIn <= 900_000, `expires ${expiresIn} ms after the shifted now`);
      const client = sm(later!, sessionCredentials(fresh), SHIFT_MS);
      assert.equal((await client.send(new GetSecretValueCommand({ SecretId: allowed.arn }))).SecretString, `value-of-${allowed.name}`);
      await expectAwsError(client.send(new GetSecretValueCommand({ SecretId: other.arn })), 'AccessDeniedException', deniedOther('fresh'));
    });
  });
});
