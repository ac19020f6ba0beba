/**
 * SigV4Authenticator: the glue between the HTTP request, the credential directory and the
 * verifier. A failing credential lookup must not pass for an unknown access key.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';

import { SigV4Authenticator } from '../../src/api/sigv4-authenticator.js';
import { SigningKeyCache } from '../../src/api/sigv4/index.js';
import { AwsError } from '../../src/errors/index.js';
import { CredentialDirectory, type ResolvedCredential } from '../../src/iam/index.js';
import type { RootKey } from '../../src/seal/index.js';
import type { Store } from '../../src/store/index.js';

const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** A directory over a fixed answer (or failure), as the real one gives it. */
class FixedDirectory extends CredentialDirectory {
  constructor(private readonly answer: () => ResolvedCredential | undefined) {
    super({} as Store, {} as RootKey);
  }
  override async resolve(): Promise<ResolvedCredential | undefined> {
    return this.answer();
  }
}

async function signedRequest(authorization?: string) {
  const body = Buffer.from('{}');
  const signer = new SignatureV4({
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
    region: 'us-east-1',
    service: 'secretsmanager',
    sha256: Hash.bind(null, 'sha256'),
  });
  const request: HttpRequest = {
    method: 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 8585,
    path: '/',
    headers: { host: 'localhost:8585', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.ListSecrets' },
    body: body.toString(),
  };
  const signed = await signer.sign(request);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers as Record<string, string>)) headers[k.toLowerCase()] = v;
  if (authorization !== undefined) headers.authorization = authorization;
  const distinct = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  return { method: 'POST', url: '/', headers: distinct, rawHeaders: headers, body };
}

function authenticator(req: Awaited<ReturnType<typeof signedRequest>>, answer: () => ResolvedCredential | undefined) {
  return new SigV4Authenticator(req, new FixedDirectory(answer), new SigningKeyCache(), 'us-east-1', 'secretsmanager');
}

const caller = { accountId: '000000000000', arn: 'arn:aws:iam::000000000000:user/admin', principalId: 'AIDA', accessKeyId: AKID, userName: 'admin', isAccountAdmin: true };

test('a known key authenticates', async () => {
  const req = await signedRequest();
  const got = await authenticator(req, () => ({ secretAccessKey: SECRET, caller })).authenticate(Date.now());
  assert.equal(got.accessKeyId, AKID);
});

test('an unknown key is UnrecognizedClientException', async () => {
  const req = await signedRequest();
  await assert.rejects(authenticator(req, () => undefined).authenticate(Date.now()), (e: unknown) => {
    return e instanceof AwsError && e.code === 'UnrecognizedClientException';
  });
});

test('a failing lookup is an internal error, not an unknown key', async () => {
  const req = await signedRequest();
  const failure = new Error('disk I/O error');
  await assert.rejects(authenticator(req, () => {
    throw failure;
  }).authenticate(Date.now()), (e: unknown) => e === failure);
});

test('a malformed header is still reported by the verifier, without a lookup', async () => {
  const req = await signedRequest('AWS4-HMAC-SHA256 Credential=onlyone');
  let looked = false;
  await assert.rejects(authenticator(req, () => {
    looked = true;
    return undefined;
  }).authenticate(Date.now()), (e: unknown) => e instanceof AwsError && e.code === 'IncompleteSignatureException');
  assert.equal(looked, false);
});
