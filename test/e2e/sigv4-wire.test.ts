/**
 * SigV4 and awsJson1_1 framing over the wire: raw requests signed by @smithy/signature-v4 (the
 * JS SDK's signer, an independent oracle), then spoiled in one way each, against a running server.
 * Every failure must be an HTTP 400 with x-amzn-RequestId, x-amzn-ErrorType and a body of exactly
 * {__type, Message}, never echoing the signature or the secret key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { INVALID_TOKEN } from '../support/aws-messages.js';
import { startServer, stopAndClean, type CofferServer, type Credentials } from '../support/coffer-server.js';
import { rawCall, type RawOptions, type RawResponse } from '../support/raw-request.js';

const LIST = 'secretsmanager.ListSecrets';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: CofferServer;
let creds: Credentials;

before(async () => {
  server = await startServer();
  creds = server.credentials();
});

after(async () => {
  await stopAndClean(server);
});

interface Sent {
  headers: Record<string, string>;
  body: string;
}

/** rawCall, also returning the request as it went out (after any mutation). */
async function call(target: string, body: unknown, opts: RawOptions = {}): Promise<{ res: RawResponse; sent: Sent }> {
  let sent: Sent = { headers: {}, body: '' };
  const res = await rawCall(server, target, body, {
    ...opts,
    mutate: (req) => {
      opts.mutate?.(req);
      sent = { headers: { ...req.headers }, body: req.body };
    },
  });
  return { res, sent };
}

function header(sent: Sent, name: string): string | undefined {
  const key = Object.keys(sent.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : sent.headers[key];
}

function signatureOf(sent: Sent): string | undefined {
  return /Signature=([0-9a-f]+)/.exec(header(sent, 'authorization') ?? '')?.[1];
}

/** The error contract every refused request meets; returns the Message. */
function assertError(res: RawResponse, sent: Sent, type: string, message?: string | RegExp): string {
  assert.equal(res.status, 400, res.text);
  assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID_RE);
  assert.equal(res.headers.get('x-amzn-errortype'), type);
  assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
  assert.ok(res.json && typeof res.json === 'object', `body is JSON: ${res.text}`);
  assert.deepEqual(Object.keys(res.json).sort(), ['Message', '__type']);
  assert.equal(res.json.__type, type);
  assert.equal(typeof res.json.Message, 'string');
  if (typeof message === 'string') assert.equal(res.json.Message, message);
  else if (message) assert.match(res.json.Message, message);
  const signature = signatureOf(sent);
  if (signature) assert.ok(!res.text.includes(signature), 'the signature is never echoed');
  assert.ok(!res.text.includes(creds.secretAccessKey), 'the secret key is never echoed');
  return res.json.Message;
}

function replaceAuthorization(req: { headers: Record<string, string> }, f: (v: string) => string): void {
  const key = Object.keys(req.headers).find((k) => k.toLowerCase() === 'authorization')!;
  req.headers[key] = f(req.headers[key]!);
}

/** YYYYMMDDTHHMMSSZ -> epoch milliseconds. */
function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  assert.ok(m, `not an ISO-8601 basic date: ${s}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

describe('SigV4 over the wire', () => {
  test('a correctly signed request works, with and without x-amz-content-sha256', async () => {
    for (const contentSha256 of [true, false]) {
      const { res, sent } = await call(LIST, { MaxResults: 1 }, { contentSha256 });
      assert.equal(res.status, 200, res.text);
      assert.equal(header(sent, 'x-amz-content-sha256') !== undefined, contentSha256);
      assert.ok(Array.isArray(res.json.SecretList));
      assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID_RE);
    }
  });

  test('wrong secret key -> InvalidSignatureException', async () => {
    const { res, sent } = await call(LIST, {}, { creds: { ...creds, secretAccessKey: creds.secretAccessKey.slice(0, -1) + 'Q' } });
    assertError(res, sent, 'InvalidSignatureException', MISMATCH);
  });

  test('unknown access key id -> UnrecognizedClientException', async () => {
    const { res, sent } = await call(LIST, {}, { creds: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: creds.secretAccessKey } });
    assertError(res, sent, 'UnrecognizedClientException', INVALID_TOKEN);
  });

  test('body changed after signing -> InvalidSignatureException (as the SDK and as the CLI sign)', async () => {
    for (const contentSha256 of [true, false]) {
      const { res, sent } = await call(LIST, { MaxResults: 1 }, {
        contentSha256,
        mutate: (req) => (req.body = req.body.replace('1', '2')),
      });
      assert.equal(sent.body, '{"MaxResults":2}');
      assertError(res, sent, 'InvalidSignatureException', MISMATCH);
    }
  });

  test('signed header changed after signing -> InvalidSignatureException', async () => {
    const probe = await call(LIST, {}, {
      headers: { 'x-coffer-probe': 'a' },
      mutate: (req) => (req.headers['x-coffer-probe'] = 'b'),
    });
    assert.match(header(probe.sent, 'authorization')!, /SignedHeaders=[^,]*x-coffer-probe/);
    assertError(probe.res, probe.sent, 'InvalidSignatureException', MISMATCH);

    // Re-targeting a signed request at another operation is refused the same way.
    const retarget = await call(LIST, {}, { mutate: (req) => (req.headers['x-amz-target'] = 'secretsmanager.GetRandomPassword') });
    assertError(retarget.res, retarget.sent, 'InvalidSignatureException', MISMATCH);
  });

  test('an unsigned extra header does not matter', async () => {
    const { res, sent } = await call(LIST, {}, { mutate: (req) => (req.headers['x-unsigned-extra'] = 'anything') });
    assert.ok(!/SignedHeaders=[^,]*x-unsigned-extra/.test(header(sent, 'authorization')!));
    assert.equal(res.status, 200, res.text);
  });

  test('X-Amz-Date 6 minutes old -> "Signature expired"', async () => {
    const t0 = Date.now();
    const { res, sent } = await call(LIST, {}, { signingDate: new Date(t0 - 6 * 60_000) });
    const t1 = Date.now();
    const message = assertError(res, sent, 'InvalidSignatureException');
    const m = /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 5 min\.\)$/.exec(message);
    assert.ok(m, message);
    assert.equal(m[1], header(sent, 'x-amz-date'));
    const now = parseAmzDate(m[3]!);
    assert.ok(now >= Math.floor(t0 / 1000) * 1000 && now <= t1, `server time ${m[3]} within the call`);
    assert.equal(parseAmzDate(m[2]!), now - 5 * 60_000);
  });

  test('X-Amz-Date 6 minutes ahead -> "Signature not yet current"', async () => {
    const t0 = Date.now();
    const { res, sent } = await call(LIST, {}, { signingDate: new Date(t0 + 6 * 60_000) });
    const t1 = Date.now();
    const message = assertError(res, sent, 'InvalidSignatureException');
    const m = /^Signature not yet current: (\d{8}T\d{6}Z) is still later than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) \+ 5 min\.\)$/.exec(message);
    assert.ok(m, message);
    assert.equal(m[1], header(sent, 'x-amz-date'));
    const now = parseAmzDate(m[3]!);
    assert.ok(now >= Math.floor(t0 / 1000) * 1000 && now <= t1, `server time ${m[3]} within the call`);
    assert.equal(parseAmzDate(m[2]!), now + 5 * 60_000);
  });

  test('X-Amz-Date 4 minutes off either way is still accepted', async () => {
    for (const offset of [-4 * 60_000, 4 * 60_000]) {
      const { res } = await call(LIST, {}, { signingDate: new Date(Date.now() + offset) });
      assert.equal(res.status, 200, res.text);
    }
  });

  test('credential scoped to another region -> InvalidSignatureException', async () => {
    const { res, sent } = await call(LIST, {}, { region: 'eu-west-1' });
    assert.match(header(sent, 'authorization')!, /\/eu-west-1\/secretsmanager\/aws4_request/);
    assertError(res, sent, 'InvalidSignatureException', 'Credential should be scoped to a valid region. ');
  });

  test('credential scoped to another service -> InvalidSignatureException', async () => {
    const { res, sent } = await call(LIST, {}, { service: 'kms' });
    assertError(res, sent, 'InvalidSignatureException', "Credential should be scoped to correct service: 'secretsmanager'. ");
  });

  test('no Authorization header -> MissingAuthenticationTokenException', async () => {
    const unsigned = await call(LIST, {}, { unsigned: true });
    assertError(unsigned.res, unsigned.sent, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const stripped = await call(LIST, {}, {
      mutate: (req) => {
        for (const k of Object.keys(req.headers)) if (k.toLowerCase() === 'authorization') delete req.headers[k];
      },
    });
    assertError(stripped.res, stripped.sent, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });

  test('malformed Authorization -> IncompleteSignatureException, signature not echoed', async () => {
    const noSignedHeaders = await call(LIST, {}, {
      mutate: (req) => replaceAuthorization(req, (v) => v.replace(/SignedHeaders=[^,]*, /, '')),
    });
    const credential = /Credential=([^,\s]+)/.exec(header(noSignedHeaders.sent, 'authorization')!)![1];
    assertError(noSignedHeaders.res, noSignedHeaders.sent, 'IncompleteSignatureException',
      `Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=${credential}`);

    const notPairs = await call(LIST, {}, { mutate: (req) => replaceAuthorization(req, (v) => v.replace('Signature=', 'Signature ')) });
    assertError(notPairs.res, notPairs.sent, 'IncompleteSignatureException', /not a valid key=value pair \(missing equal-sign\)/);

    const badCredential = await call(LIST, {}, {
      mutate: (req) => replaceAuthorization(req, (v) => v.replace(/Credential=[^/]+\//, 'Credential=')),
    });
    assertError(badCredential.res, badCredential.sent, 'IncompleteSignatureException',
      /^Credential must have exactly 5 slash-delimited elements, e\.g\. keyid\/date\/region\/service\/term, got '/);
  });

  test('x-amz-content-sha256 present and wrong -> InvalidSignatureException', async () => {
    // The signer trusts a declared payload hash, so the signature covers the wrong hash.
    const { res, sent } = await call(LIST, {}, { headers: { 'x-amz-content-sha256': 'ab'.repeat(32) } });
    assert.equal(header(sent, 'x-amz-content-sha256'), 'ab'.repeat(32));
    assertError(res, sent, 'InvalidSignatureException', MISMATCH);
  });

  test('a session token is refused until STS exists -> UnrecognizedClientException', async () => {
    const withToken = { ...creds, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' };
    const { res, sent } = await call(LIST, {}, { creds: withToken });
    assert.equal(header(sent, 'x-amz-security-token'), 'FwoGZXIvYXdzEXAMPLETOKEN');
    assertError(res, sent, 'UnrecognizedClientException', INVALID_TOKEN);
    assert.ok(!res.text.includes('FwoGZXIvYXdzEXAMPLETOKEN'));
  });
});

describe('awsJson1_1 framing', () => {
  test('unknown X-Amz-Target -> UnknownOperationException', async () => {
    for (const target of ['secretsmanager.NoSuchOperation', 'secretsmanager.listSecrets', 'NoSuchService.ListSecrets']) {
      const { res, sent } = await call(target, {});
      assertError(res, sent, 'UnknownOperationException');
    }
    const { res, sent } = await call(LIST, {}, {
      mutate: (req) => {
        for (const k of Object.keys(req.headers)) if (k.toLowerCase() === 'x-amz-target') delete req.headers[k];
      },
    });
    assertError(res, sent, 'UnknownOperationException');
  });

  test('invalid JSON -> SerializationException, and the body is not echoed', async () => {
    const body = '{"Name":"wire/bad-json","SecretString":"hunter2-do-not-echo"';
    const { res, sent } = await call('secretsmanager.CreateSecret', body);
    const message = assertError(res, sent, 'SerializationException');
    assert.ok(!message.includes('hunter2'), message);
    assert.ok(!res.text.includes('hunter2'));
  });

  test('an empty body is accepted as {}', async () => {
    const { res } = await call(LIST, '');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.ok(Array.isArray(res.json.SecretList));
  });

  test('GET /health answers 200 JSON', async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID_RE);
    assert.deepEqual(await res.json(), { status: 'ok', region: 'us-east-1' });
  });
});
