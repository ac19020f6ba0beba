/**
 * Session tokens (iam/sts/session-token.ts) and their use by the authenticator, with an injected
 * clock: a token opens only under the key it was sealed with, unmodified, for its own access key
 * id, and only until it expires ("The security token included in the request is expired").
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { SigV4Authenticator } from '../../src/api/sigv4-authenticator.js';
import { SigningKeyCache } from '../../src/api/sigv4/index.js';
import { AwsError } from '../../src/errors/index.js';
import { CredentialDirectory } from '../../src/iam/index.js';
import { SessionTokens, type SessionClaims } from '../../src/iam/sts/session-token.js';
import { rootKeyFromBytes } from '../../src/seal/index.js';
import type { Store } from '../../src/store/index.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function claims(over: Partial<SessionClaims> = {}): SessionClaims {
  return {
    v: 1,
    accessKeyId: 'ASIAAAAAAAAAAAAAAAAA',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    accountId: '111122223333',
    roleArn: 'arn:aws:iam::111122223333:role/app/reader',
    roleId: 'AROAEXAMPLEEXAMPLE123',
    roleName: 'reader',
    sessionName: 'build-7',
    issuedAt: NOW,
    expiresAt: NOW + 900_000,
    tags: { team: 'core' },
    transitiveTagKeys: [],
    policyArns: [],
    issuerArn: 'arn:aws:iam::111122223333:user/admin',
    ...over,
  };
}

const key = () => crypto.randomBytes(32);

test('a sealed token opens to its claims, for its access key id, until it expires', () => {
  const tokens = new SessionTokens(key);
  const token = tokens.seal(claims());
  assert.match(token, /^[A-Za-z0-9+/]+=*$/);
  assert.deepEqual(tokens.open(token), claims());
  assert.deepEqual(tokens.verify(token, 'ASIAAAAAAAAAAAAAAAAA', NOW + 899_999), claims());
  assert.equal(tokens.verify(token, 'ASIAAAAAAAAAAAAAAAAA', NOW + 900_000), 'expired');
  assert.equal(tokens.verify(token, 'ASIABBBBBBBBBBBBBBBB', NOW), 'invalid');
  assert.equal(tokens.verify(token, 'AKIAAAAAAAAAAAAAAAAA', NOW), 'invalid');
});

test('a token changed in any byte, truncated, or sealed under another key does not open', () => {
  const tokens = new SessionTokens(key);
  const raw = Buffer.from(tokens.seal(claims()), 'base64');
  for (let i = 0; i < raw.length; i += 7) {
    const forged = Buffer.from(raw);
    forged[i] = forged[i]! ^ 0x01;
    assert.equal(tokens.open(forged.toString('base64')), undefined, `byte ${i}`);
  }
  assert.equal(tokens.open(raw.subarray(0, raw.length - 1).toString('base64')), undefined);
  assert.equal(new SessionTokens(key).open(raw.toString('base64')), undefined);
  for (const junk of ['', 'not base64 at all!', 'A'.repeat(20000), Buffer.from('{"v":1}').toString('base64')]) {
    assert.equal(tokens.open(junk), undefined);
  }
});

test('nothing in the token is readable without the key: the secret does not appear in it', () => {
  const tokens = new SessionTokens(key);
  const token = tokens.seal(claims());
  const bytes = Buffer.from(token, 'base64').toString('latin1');
  for (const clear of ['wJalrXUtnFEMI', 'reader', 'build-7', '111122223333']) assert.ok(!bytes.includes(clear), clear);
});

test('the credential directory answers ExpiredTokenException and UnrecognizedClientException', () => {
  const directory = new CredentialDirectory({} as Store, rootKeyFromBytes(crypto.randomBytes(32)));
  const token = directory.sessions.seal(claims());
  const ok = directory.resolveSession('ASIAAAAAAAAAAAAAAAAA', token, NOW);
  assert.ok(!(ok instanceof AwsError));
  assert.equal(ok.caller.arn, 'arn:aws:sts::111122223333:assumed-role/reader/build-7');
  assert.equal(ok.caller.principalId, 'AROAEXAMPLEEXAMPLE123:build-7');
  assert.equal(ok.caller.type, 'AssumedRole');
  assert.equal(ok.caller.isAccountAdmin, false);
  assert.equal(ok.caller.session?.roleArn, 'arn:aws:iam::111122223333:role/app/reader');
  assert.deepEqual(ok.caller.session?.tags, { team: 'core' });

  const expired = directory.resolveSession('ASIAAAAAAAAAAAAAAAAA', token, NOW + 900_000);
  assert.ok(expired instanceof AwsError);
  assert.equal(expired.code, 'ExpiredTokenException');
  assert.equal(expired.message, 'The security token included in the request is expired');
  const other = directory.resolveSession('ASIACCCCCCCCCCCCCCCC', token, NOW);
  assert.ok(other instanceof AwsError);
  assert.equal(other.code, 'UnrecognizedClientException');
});

async function signedWithSession(c: SessionClaims, token: string, signingDate: Date) {
  const signer = new SignatureV4({
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: token },
    region: 'us-east-1',
    service: 'sts',
    sha256: Hash.bind(null, 'sha256'),
  });
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port: 8585,
      path: '/',
      headers: { host: 'localhost:8585', 'content-type': 'application/x-www-form-urlencoded' },
      body,
    },
    { signingDate },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers as Record<string, string>)) headers[k.toLowerCase()] = v;
  return { method: 'POST', url: '/', headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), rawHeaders: headers, body: Buffer.from(body) };
}

test('the authenticator verifies the signature with the secret inside the token, and its expiry with the clock', async () => {
  const directory = new CredentialDirectory({} as Store, rootKeyFromBytes(crypto.randomBytes(32)));
  const c = claims();
  const token = directory.sessions.seal(c);
  const auth = (req: Awaited<ReturnType<typeof signedWithSession>>) =>
    new SigV4Authenticator(req, directory, new SigningKeyCache(), ['us-east-1'], 'sts');

  const fresh = await signedWithSession(c, token, new Date(NOW + 60_000));
  const caller = await auth(fresh).authenticate(NOW + 60_000);
  assert.equal(caller.arn, 'arn:aws:sts::111122223333:assumed-role/reader/build-7');

  const late = await signedWithSession(c, token, new Date(NOW + 900_000));
  await assert.rejects(auth(late).authenticate(NOW + 900_000), (e: unknown) => {
    return e instanceof AwsError && e.code === 'ExpiredTokenException' && e.message === 'The security token included in the request is expired';
  });

  const forgedClaims = claims({ expiresAt: NOW + 43_200_000 });
  const extended = new SessionTokens(() => crypto.randomBytes(32)).seal(forgedClaims);
  const forged = await signedWithSession(forgedClaims, extended, new Date(NOW + 60_000));
  await assert.rejects(auth(forged).authenticate(NOW + 60_000), (e: unknown) => e instanceof AwsError && e.code === 'UnrecognizedClientException');

  const wrongSecret = await signedWithSession({ ...c, secretAccessKey: 'x'.repeat(40) }, token, new Date(NOW + 60_000));
  await assert.rejects(auth(wrongSecret).authenticate(NOW + 60_000), (e: unknown) => e instanceof AwsError && e.code === 'InvalidSignatureException');
});
