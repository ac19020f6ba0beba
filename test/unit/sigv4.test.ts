/**
 * SigV4 verifier tests. Requests are signed by @smithy/signature-v4 (the JS SDK v3 signer) as an
 * independent oracle; every failure asserts AWS's exact error code and message.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';

import { AwsError } from '../../src/errors/index.js';
import {
  SigningKeyCache,
  deriveSigningKey,
  verifySigV4,
  type SigV4Identity,
  type SigV4Request,
  type VerifyOptions,
} from '../../src/api/sigv4/index.js';
import { canonicalQuery, canonicalUri } from '../../src/api/sigv4/canonical-request.js';

const REGION = 'us-east-1';
const SERVICE = 'secretsmanager';
const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2025-11-06T13:21:08Z');
const HOST = 'localhost:8080';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const keys = new Map([[AKID, SECRET]]);
const lookup = (id: string): string | undefined => keys.get(id);
const opts: VerifyOptions = { region: REGION, service: SERVICE, now: NOW };

/** Every signature produced in this file, to check no error message ever contains one. */
const seenSignatures = new Set<string>();

interface SignArgs {
  body?: string | Buffer;
  headers?: Record<string, string>;
  path?: string;
  query?: Record<string, string | string[]>;
  applyChecksum?: boolean;
  at?: Date;
  region?: string;
  service?: string;
  accessKeyId?: string;
  secret?: string;
  sessionToken?: string;
  unsignable?: string[];
}

/** RFC 3986 encoding, as a client puts a decoded query value on the wire. */
function wireEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Signs with the oracle and returns the request as the server would receive it. */
async function signed(args: SignArgs = {}): Promise<SigV4Request & { headers: Record<string, string | string[]> }> {
  const body = args.body ?? '{"SecretId":"MySecret"}';
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: args.accessKeyId ?? AKID,
      secretAccessKey: args.secret ?? SECRET,
      ...(args.sessionToken === undefined ? {} : { sessionToken: args.sessionToken }),
    },
    region: args.region ?? REGION,
    service: args.service ?? SERVICE,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: args.applyChecksum ?? false,
  });
  const request: HttpRequest = {
    method: 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 8080,
    path: args.path ?? '/',
    query: args.query ?? {},
    headers: {
      host: HOST,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
      ...args.headers,
    },
    body,
  };
  const out = await signer.sign(request, {
    signingDate: args.at ?? NOW,
    ...(args.unsignable === undefined ? {} : { unsignableHeaders: new Set(args.unsignable) }),
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers)) headers[k.toLowerCase()] = v;
  seenSignatures.add(/Signature=([0-9a-f]+)/.exec(headers['authorization']!)![1]!);
  const rawQuery = Object.entries(args.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${wireEncode(k)}=${wireEncode(x)}`))
    .join('&');
  return { method: 'POST', rawPath: args.path ?? '/', rawQuery, headers, body: Buffer.from(body) };
}

function signatureOf(req: SigV4Request): string {
  return /Signature=([0-9a-f]+)/.exec(String(req.headers['authorization']))![1]!;
}

function withHeaders(req: SigV4Request, changes: Record<string, string | string[] | undefined>): SigV4Request {
  return { ...req, headers: { ...req.headers, ...changes } };
}

/** Asserts verifySigV4 throws exactly this AwsError, and that its message has no signature. */
function assertRejects(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AwsError, `expected AwsError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    assert.equal(err.status, 400);
    for (const sig of seenSignatures) assert.ok(!err.message.includes(sig), 'message leaks a signature');
    return true;
  });
}

function verify(req: SigV4Request, o: VerifyOptions = opts, cache?: SigningKeyCache): SigV4Identity {
  return verifySigV4(req, lookup, o, cache);
}

const authOf = (...params: string[]): string => 'AWS4-HMAC-SHA256 ' + params.join(', ');

const CRED = `${AKID}/20251106/${REGION}/${SERVICE}/aws4_request`;

describe('valid requests verify', () => {
  const bodies: Array<[string, string | Buffer]> = [
    ['{}', '{}'],
    ['empty', ''],
    ['GetSecretValue', '{"SecretId":"MySecret","VersionStage":"AWSCURRENT"}'],
    ['unicode', '{"SecretString":"pässwörd ✓ 秘密"}'],
    ['64 KiB binary', Buffer.alloc(65536, 0xa7)],
  ];
  for (const [name, body] of bodies) {
    for (const applyChecksum of [false, true]) {
      test(`${name} body, ${applyChecksum ? 'with' : 'without'} x-amz-content-sha256`, async () => {
        const req = await signed({ body, applyChecksum });
        assert.equal(req.headers['x-amz-content-sha256'] !== undefined, applyChecksum);
        const id = verify(req);
        assert.deepEqual(id, { accessKeyId: AKID, region: REGION, service: SERVICE, signedAt: NOW });
        assert.equal(id.sessionToken, undefined);
      });
    }
  }

  test('extra unsigned headers, and changing them, do not matter', async () => {
    const req = await signed();
    verify(withHeaders(req, { 'user-agent': 'aws-cli/2.15', 'content-length': '23', 'accept-encoding': 'identity', 'x-amzn-trace-id': 'Root=1' }));
    verify(withHeaders(req, { 'user-agent': 'something else entirely' }));
  });

  test('JS SDK v3 header set', async () => {
    const req = await signed({
      headers: {
        'amz-sdk-invocation-id': '2a5f2a5e-6ad4-4fd0-8c3b-6fb2c2a3b2c1',
        'amz-sdk-request': 'attempt=1; max=3',
        'x-amz-user-agent': 'aws-sdk-js/3.1162.0',
        'user-agent': 'aws-sdk-js/3.1162.0 ua/2.1 os/linux lang/js md/nodejs#20.19.0',
        'content-length': '23',
      },
    });
    assert.match(String(req.headers['authorization']),
      /SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target;x-amz-user-agent,/);
    verify(req);
  });

  test('botocore header set: host, x-amz-date, x-amz-target, content-type only', async () => {
    const req = await signed();
    assert.match(String(req.headers['authorization']), /SignedHeaders=content-type;host;x-amz-date;x-amz-target,/);
    verify(withHeaders(req, { 'content-length': '23', 'user-agent': 'aws-cli/2.15.0 Python/3.11 botocore/2.4' }));
  });

  test('parameters separated by commas only', async () => {
    const req = await signed();
    verify(withHeaders(req, { authorization: String(req.headers['authorization']).replace(/, /g, ',') }));
  });

  test('header values are trimmed, blanks collapsed, repeated headers joined with ","', async () => {
    const req = await signed({ headers: { 'x-amz-meta-a': '  a   b\tc  ', 'x-amz-meta-dup': 'one,two' } });
    verify(withHeaders(req, { 'x-amz-meta-dup': ['one', ' two '] }));
  });

  test('path normalised and encoded twice; query decoded, sorted, re-encoded', async () => {
    const query = { b: 'x y+z', a: ['2', '1'], 'c~d': '', 'é': '/?&=' };
    const req = await signed({ path: '/foo/bar%3Abaz/./x/../y/', query });
    verify(req);
    assert.equal(canonicalUri('/foo/bar%3Abaz/./x/../y/'), '/foo/bar%253Abaz/y/');
    assert.equal(canonicalUri('//a//b/..'), '/a');
    assert.equal(canonicalQuery('b=2&a=1&a=0&c'), 'a=0&a=1&b=2&c=');
    assert.equal(canonicalQuery('k=%7e%2a%zz'), 'k=~%2A%25zz');
  });

  test('4 minutes of skew either way is accepted', async () => {
    for (const deltaMs of [-4 * 60000, 4 * 60000, -5 * 60000, 5 * 60000]) {
      const at = new Date(NOW.getTime() + deltaMs);
      assert.deepEqual(verify(await signed({ at })).signedAt, at);
    }
  });

  test('session token is signed and passed through', async () => {
    const req = await signed({ sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' });
    assert.match(String(req.headers['authorization']), /x-amz-security-token/);
    assert.equal(verify(req).sessionToken, 'FwoGZXIvYXdzEXAMPLETOKEN');
  });
});

describe('signature failures', () => {
  test('wrong secret key', async () => {
    const req = await signed({ secret: 'not-the-right-secret-key-0000000000000000' });
    assertRejects(() => verify(req), 'InvalidSignatureException', MISMATCH);
  });

  test('unknown access key id', async () => {
    const req = await signed({ accessKeyId: 'AKIAUNKNOWNKEY000000' });
    assertRejects(() => verify(req), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });

  test('tampered body, with and without x-amz-content-sha256', async () => {
    for (const applyChecksum of [false, true]) {
      const req = await signed({ applyChecksum });
      assertRejects(() => verify({ ...req, body: Buffer.from('{"SecretId":"Other"}') }), 'InvalidSignatureException', MISMATCH);
    }
  });

  test('x-amz-content-sha256 that is not the hash of the body', async () => {
    const req = await signed({ applyChecksum: true });
    const other = createHash('sha256').update('{}').digest('hex');
    assertRejects(() => verify(withHeaders(req, { 'x-amz-content-sha256': other })), 'InvalidSignatureException', MISMATCH);
    assertRejects(() => verify(withHeaders(req, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })), 'InvalidSignatureException', MISMATCH);
  });

  test('tampered signed header', async () => {
    const req = await signed();
    assertRejects(() => verify(withHeaders(req, { 'x-amz-target': 'secretsmanager.DeleteSecret' })), 'InvalidSignatureException', MISMATCH);
    assertRejects(() => verify(withHeaders(req, { host: 'evil.example:8080' })), 'InvalidSignatureException', MISMATCH);
  });

  test('malformed or altered signature value is a plain mismatch', async () => {
    const req = await signed();
    const sig = signatureOf(req);
    const a = String(req.headers['authorization']);
    for (const bad of ['ABCDEF', sig.toUpperCase(), sig.slice(0, 63), sig + '0', (sig[0] === '0' ? '1' : '0') + sig.slice(1), '']) {
      assertRejects(() => verify(withHeaders(req, { authorization: a.replace(sig, bad) })), 'InvalidSignatureException', MISMATCH);
    }
  });
});


describe('clock skew', () => {
  test('the real Secrets Manager example, reproduced exactly', async () => {
    const req = await signed({ at: new Date('2025-11-05T22:08:58Z') });
    assertRejects(() => verify(req, { ...opts, now: new Date('2025-11-06T13:26:08Z') }), 'InvalidSignatureException',
      'Signature expired: 20251105T220858Z is now earlier than 20251106T132108Z (20251106T132608Z - 5 min.)');
  });

  test('6 minutes old', async () => {
    const req = await signed({ at: new Date(NOW.getTime() - 6 * 60000) });
    assertRejects(() => verify(req), 'InvalidSignatureException',
      'Signature expired: 20251106T131508Z is now earlier than 20251106T131608Z (20251106T132108Z - 5 min.)');
  });

  test('6 minutes ahead', async () => {
    const req = await signed({ at: new Date(NOW.getTime() + 6 * 60000) });
    assertRejects(() => verify(req), 'InvalidSignatureException',
      'Signature not yet current: 20251106T132708Z is still later than 20251106T132608Z (20251106T132108Z + 5 min.)');
  });

  test('expiry is reported before an unknown key or a bad signature', async () => {
    const req = await signed({ at: new Date(NOW.getTime() - 6 * 60000), accessKeyId: 'AKIAUNKNOWNKEY000000', secret: 'x' });
    assertRejects(() => verify(req), 'InvalidSignatureException',
      'Signature expired: 20251106T131508Z is now earlier than 20251106T131608Z (20251106T132108Z - 5 min.)');
  });

  test('custom skew window, milliseconds of now dropped', async () => {
    const req = await signed({ at: new Date(NOW.getTime() - 120000) });
    assertRejects(() => verify(req, { ...opts, now: new Date(NOW.getTime() + 999), maxSkewMs: 90000 }), 'InvalidSignatureException',
      'Signature expired: 20251106T131908Z is now earlier than 20251106T131938Z (20251106T132108Z - 90 sec.)');
  });
});

describe('credential scope', () => {
  test('wrong region', async () => {
    const req = await signed({ region: 'eu-west-1' });
    assertRejects(() => verify(req), 'InvalidSignatureException', 'Credential should be scoped to a valid region. ');
  });

  test('wrong service', async () => {
    const req = await signed({ service: 'kms' });
    assertRejects(() => verify(req), 'InvalidSignatureException', "Credential should be scoped to correct service: 'secretsmanager'. ");
  });

  test('wrong region and service together', async () => {
    const req = await signed({ region: 'us-west-2', service: 's3' });
    assertRejects(() => verify(req), 'InvalidSignatureException',
      "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'secretsmanager'. ");
  });

  test('scope date differs from X-Amz-Date', async () => {
    const at = new Date('2025-11-06T00:01:00Z');
    const req = await signed({ at });
    assertRejects(() => verify(withHeaders(req, { 'x-amz-date': '20251105T235900Z' }), { ...opts, now: at }), 'InvalidSignatureException',
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP. ');
  });

  test('wrong terminator, with everything else wrong too', async () => {
    const req = await signed();
    const a = String(req.headers['authorization']).replace(CRED, `${AKID}/20251105/eu-west-1/kms/aws5_request`);
    assertRejects(() => verify(withHeaders(req, { authorization: a })), 'InvalidSignatureException',
      'Credential should be scoped to a valid region. ' +
        "Credential should be scoped to correct service: 'secretsmanager'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request'. " +
        'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP. ');
  });

  test('trailing slashes after the terminator are ignored', async () => {
    const req = await signed();
    verify(withHeaders(req, { authorization: String(req.headers['authorization']).replace(CRED, CRED + '//') }));
  });
});

describe('missing or malformed authentication', () => {
  test('no Authorization header', async () => {
    const req = await signed();
    assertRejects(() => verify(withHeaders(req, { authorization: undefined })), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });

  test('an Authorization header that is not SigV4', async () => {
    const req = await signed();
    for (const a of ['Bearer abc', 'AWS4', '', 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=']) {
      assertRejects(() => verify(withHeaders(req, { authorization: a })), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
  });

  test('every parameter missing', async () => {
    const req = await signed();
    assertRejects(() => verify(withHeaders(req, { authorization: 'AWS4-HMAC-SHA256' })), 'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256");
  });

  test('missing Signature: the echo shows the algorithm and Credential only', async () => {
    const req = await signed();
    assertRejects(() => verify(withHeaders(req, { authorization: authOf(`Credential=${CRED}`, 'SignedHeaders=host;x-amz-date') })),
      'IncompleteSignatureException',
      `Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=${CRED}`);
  });

  test('missing Credential and SignedHeaders and no date header: the signature is never echoed', async () => {
    const req = await signed();
    const sig = signatureOf(req);
    assertRejects(() => verify(withHeaders(req, { authorization: authOf(`Signature=${sig}`), 'x-amz-date': undefined })),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256");
  });

  test('a parameter without "="', async () => {
    const req = await signed();
    const sig = signatureOf(req);
    assertRejects(() => verify(withHeaders(req, { authorization: authOf(`Credential=${CRED}`, 'SignedHeaders=host;x-amz-date', 'Signature') })),
      'IncompleteSignatureException',
      `'Signature' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=${CRED}'`);
    // A bare signature in the wrong place is blanked, not echoed.
    assertRejects(() => verify(withHeaders(req, { authorization: authOf(`Credential=${CRED}`, 'SignedHeaders=host;x-amz-date', sig) })),
      'IncompleteSignatureException',
      `'<redacted>' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=${CRED}'`);
  });

  test('unsupported algorithm', async () => {
    const req = await signed();
    const a = String(req.headers['authorization']).replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512');
    assertRejects(() => verify(withHeaders(req, { authorization: a })), 'IncompleteSignatureException',
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.");
  });

  test('Credential without five parts', async () => {
    const req = await signed();
    const a = String(req.headers['authorization']).replace(CRED, `${AKID}/20251106/${REGION}/${SERVICE}`);
    assertRejects(() => verify(withHeaders(req, { authorization: a })), 'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${AKID}/20251106/${REGION}/${SERVICE}'`);
  });

  test('date not in ISO-8601 basic format', async () => {
    const req = await signed();
    for (const d of ['2025-11-06T13:21:08Z', 'Thu, 06 Nov 2025 13:21:08 GMT', '20251306T132108Z', '20251106T132108']) {
      assertRejects(() => verify(withHeaders(req, { 'x-amz-date': d })), 'IncompleteSignatureException',
        `Date must be in ISO-8601 'basic format'. Got '${d}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    }
  });

  test('host must be signed', async () => {
    const req = await signed({ unsignable: ['host'] });
    assertRejects(() => verify(req), 'InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  test('x-amz-date must be signed', async () => {
    const req = await signed();
    const a = String(req.headers['authorization']).replace(';x-amz-date;', ';');
    assertRejects(() => verify(withHeaders(req, { authorization: a })), 'InvalidSignatureException',
      "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  });

  test('a Date header stands in for X-Amz-Date, and must be signed too', async () => {
    const req = await signed();
    const noAmzDate = withHeaders(req, { 'x-amz-date': undefined, date: '20251106T132108Z' });
    assertRejects(() => verify(noAmzDate), 'InvalidSignatureException', "'Date' must be a 'SignedHeader' in the AWS Authorization.");
    const a = String(req.headers['authorization']).replace(';x-amz-date;', ';date;');
    assertRejects(() => verify(withHeaders(noAmzDate, { authorization: a })), 'InvalidSignatureException', MISMATCH);
  });

  test('x-amz-security-token, when present, must be signed', async () => {
    const req = await signed();
    assertRejects(() => verify(withHeaders(req, { 'x-amz-security-token': 'FwoGZXIvYXdzEXAMPLETOKEN' })), 'InvalidSignatureException',
      "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
  });

  test('malformed header is reported before an unknown key', async () => {
    const req = await signed({ accessKeyId: 'AKIAUNKNOWNKEY000000' });
    const a = String(req.headers['authorization']).replace(/, Signature=[0-9a-f]+/, '');
    assertRejects(() => verify(withHeaders(req, { authorization: a })), 'IncompleteSignatureException',
      "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 " +
        `Credential=AKIAUNKNOWNKEY000000/20251106/${REGION}/${SERVICE}/aws4_request`);
  });
});

describe('signing key cache', () => {
  test('derives the AWS documentation example key', () => {
    const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam');
    assert.equal(key.toString('hex'), 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  });

  test('returns the cached key for the same scope and secret', () => {
    const cache = new SigningKeyCache();
    const a = cache.signingKey(AKID, SECRET, '20251106', REGION, SERVICE);
    assert.deepEqual(a, deriveSigningKey(SECRET, '20251106', REGION, SERVICE));
    assert.equal(cache.signingKey(AKID, SECRET, '20251106', REGION, SERVICE), a);
    assert.notDeepEqual(cache.signingKey(AKID, SECRET, '20251107', REGION, SERVICE), a);
    assert.equal(cache.size, 2);
  });

  test('a changed secret for the same access key id is never served the stale key', async () => {
    const cache = new SigningKeyCache();
    const oldReq = await signed();
    const newSecret = 'n3wS3cretAccessKeyAfterRotation000000000';
    const newReq = await signed({ secret: newSecret });
    assert.equal(verifySigV4(oldReq, () => SECRET, opts, cache).accessKeyId, AKID);
    assertRejects(() => verifySigV4(newReq, () => SECRET, opts, cache), 'InvalidSignatureException', MISMATCH);
    assert.equal(verifySigV4(newReq, () => newSecret, opts, cache).accessKeyId, AKID);
    assertRejects(() => verifySigV4(oldReq, () => newSecret, opts, cache), 'InvalidSignatureException', MISMATCH);
    assert.deepEqual(cache.signingKey(AKID, newSecret, '20251106', REGION, SERVICE), deriveSigningKey(newSecret, '20251106', REGION, SERVICE));
    assert.equal(cache.size, 1);
  });

  test('is bounded, evicts the oldest, and forgets an access key id', () => {
    const cache = new SigningKeyCache(3);
    for (let i = 0; i < 5; i++) cache.signingKey(`AKID${i}`, SECRET, '20251106', REGION, SERVICE);
    assert.equal(cache.size, 3);
    cache.forget('AKID4');
    assert.equal(cache.size, 2);
    cache.clear();
    assert.equal(cache.size, 0);
    assert.throws(() => new SigningKeyCache(0), RangeError);
  });

  test('verifies the same with and without a cache', async () => {
    const cache = new SigningKeyCache();
    const req = await signed({ applyChecksum: true });
    assert.deepEqual(verify(req, opts, cache), verify(req));
    assert.deepEqual(verify(req, opts, cache), verify(req));
  });
});
