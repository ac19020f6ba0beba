/**
 * Verification of SigV4 header-authenticated requests (Authorization: AWS4-HMAC-SHA256 ...).
 *
 * Order of checks. AWS's observable order, from recordings against the Coral front end
 * (mhart/dynalite index.js notes; dacut/scratchstack-aws-signature "AWS Auth Error Ordering"):
 *   1. no SigV4 Authorization header             MissingAuthenticationTokenException
 *   2. parameter not key=value; missing Credential/Signature/SignedHeaders or date header;
 *      unsupported algorithm                     IncompleteSignatureException
 *   3. host (and, Coffer's rule, the date header and x-amz-security-token) not signed
 *                                                InvalidSignatureException
 *   4. date not ISO-8601 basic                   IncompleteSignatureException
 *   5. date outside now +- 5 min                 InvalidSignatureException (expired / not yet current)
 *   6. Credential not 5 parts                    IncompleteSignatureException
 *   7. wrong region/service/terminator/date in scope, all named in one message
 *                                                InvalidSignatureException
 *   8. unknown access key id                     UnrecognizedClientException
 *   9. body hash or signature mismatch           InvalidSignatureException
 * So a stale request is reported as expired before its key is looked up or its signature
 * computed, as AWS does; a client with a skewed clock learns that, not "wrong signature".
 * Validating x-amz-security-token is the caller's job, after this (AWS checks it last, and
 * answers UnrecognizedClientException "The security token included in the request is invalid",
 * without the final period: dynalite notes; extenddb tests measured against DynamoDB, 2026).
 */
import { timingSafeEqual, createHmac } from 'node:crypto';

import { AwsError } from '../../errors/index.js';
import { parseAuthorizationHeader, parseCredential, SIGV4_TERMINATOR, redactForMessage } from './authorization-header.js';
import { canonicalRequest, payloadHash, stringToSign, type HeaderBag } from './canonical-request.js';
import { deriveSigningKey, type SigningKeyCache } from './signing-key-cache.js';

export interface SigV4Request {
  /** HTTP method, e.g. 'POST'. */
  readonly method: string;
  /** Path as received, without the query string, e.g. '/'. */
  readonly rawPath: string;
  /** Query string as received, without '?'; '' when none. */
  readonly rawQuery: string;
  /** Lower-case header names; prefer node's `req.headersDistinct` (see index.ts). */
  readonly headers: HeaderBag;
  /** The body exactly as received. */
  readonly body: Uint8Array;
}

export interface VerifyOptions {
  /** The server's region: the only one a credential scope may name. */
  readonly region: string;
  /** The signing name requests must be scoped to, e.g. 'secretsmanager'. */
  readonly service: string;
  /** Server time. */
  readonly now: Date;
  /** Allowed clock skew either way, default 300000 (5 minutes, as AWS). */
  readonly maxSkewMs?: number;
}

export interface SigV4Identity {
  readonly accessKeyId: string;
  /** x-amz-security-token, not validated here. */
  readonly sessionToken?: string;
  readonly region: string;
  readonly service: string;
  /** The request's X-Amz-Date (or Date). */
  readonly signedAt: Date;
}

/** The secret access key of an access key id, or undefined when the id is unknown. */
export type SecretKeyLookup = (accessKeyId: string) => string | undefined;

export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;

// Common AWS texts: api-notes.md section 2; dynalite notes; scratchstack src/constants.rs.
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const UNRECOGNIZED_CLIENT = 'The security token included in the request is invalid.';

function invalidSignature(message: string): AwsError {
  return new AwsError('InvalidSignatureException', message);
}

/** First value of a single-valued header. */
function firstHeader(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' || v === undefined ? v : v[0];
}

const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses YYYYMMDDTHHMMSSZ; undefined unless it names a real UTC instant (no 20251306, no 25:00). */
function parseIsoBasic(text: string): Date | undefined {
  const m = ISO_BASIC.exec(text);
  if (m === null) return undefined;
  const y = +m[1]!, mo = +m[2]! - 1, d = +m[3]!, h = +m[4]!, mi = +m[5]!, s = +m[6]!;
  const t = new Date(Date.UTC(y, mo, d, h, mi, s));
  const exact = t.getUTCFullYear() === y && t.getUTCMonth() === mo && t.getUTCDate() === d &&
    t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s;
  return exact ? t : undefined;
}

/** Compact ISO-8601 basic form, YYYYMMDDTHHMMSSZ (milliseconds dropped). */
function formatIsoBasic(date: Date): string {
  const iso = date.toISOString(); // 2025-11-06T13:21:08.123Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + 'T' + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}

function skewText(ms: number): string {
  return ms % 60000 === 0 ? `${ms / 60000} min` : `${Math.floor(ms / 1000)} sec`;
}

/**
 * Checks the request time against the server's. Texts: real Secrets Manager answer
 * "Signature expired: 20251105T220858Z is now earlier than 20251106T132108Z (20251106T132608Z
 * - 5 min.)" (boto/botocore#3587, boto/boto3#4716) and its twin "Signature not yet current:
 * <date> is still later than <now+skew> (<now> + 5 min.)" (scratchstack constants, AWS forums).
 */
function checkSkew(signedAt: Date, amzDate: string, now: Date, maxSkewMs: number): void {
  const t = signedAt.getTime();
  const n = now.getTime();
  if (t < n - maxSkewMs) {
    throw invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${formatIsoBasic(new Date(n - maxSkewMs))} ` +
        `(${formatIsoBasic(now)} - ${skewText(maxSkewMs)}.)`,
    );
  }
  if (t > n + maxSkewMs) {
    throw invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${formatIsoBasic(new Date(n + maxSkewMs))} ` +
        `(${formatIsoBasic(now)} + ${skewText(maxSkewMs)}.)`,
    );
  }
}

/** `'X' must be a 'SignedHeader' in the AWS Authorization.` (scratchstack canonical.rs rule 8) */
function mustBeSigned(display: string): AwsError {
  return invalidSignature(`'${display}' must be a 'SignedHeader' in the AWS Authorization.`);
}

/** Constant-time comparison of the provided hex signature with the computed raw HMAC. */
function signatureMatches(provided: string, expected: Buffer): boolean {
  // Anything but 64 lower-case hex digits cannot match; the regex only reads the client's input.
  if (provided.length !== 64 || !/^[0-9a-f]{64}$/.test(provided)) return false;
  return timingSafeEqual(Buffer.from(provided, 'hex'), expected);
}

/**
 * Verifies a SigV4 header-signed request and returns who signed it. Throws AwsError (HTTP 400)
 * with AWS's code and message on any failure; no message ever contains the signature.
 * Pass one long-lived SigningKeyCache on the hot path; without one, keys are derived each time.
 */
export function verifySigV4(req: SigV4Request, lookup: SecretKeyLookup, opts: VerifyOptions, cache?: SigningKeyCache): SigV4Identity {
  const headers = req.headers;
  const xAmzDate = firstHeader(headers, 'x-amz-date');
  const dateName = xAmzDate !== undefined ? 'x-amz-date' : 'date';
  const amzDate = xAmzDate ?? firstHeader(headers, 'date');

  // 1-2: presence and shape of the header.
  const auth = parseAuthorizationHeader(firstHeader(headers, 'authorization'), amzDate !== undefined);

  // 3: what must be covered by the signature.
  const signed = auth.signedHeaders === '' ? [] : auth.signedHeaders.toLowerCase().split(';');
  if (!signed.includes('host') && !signed.includes(':authority')) {
    throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  // Coffer's rules (SigV4 spec: a date header used must be signed; AWS's message pattern).
  if (!signed.includes(dateName)) throw mustBeSigned(dateName === 'date' ? 'Date' : 'X-Amz-Date');
  const sessionToken = firstHeader(headers, 'x-amz-security-token');
  if (sessionToken !== undefined && !signed.includes('x-amz-security-token')) {
    throw mustBeSigned('X-Amz-Security-Token');
  }

  // 4-5: the request time. (dynalite notes: "Date must be in ISO-8601 'basic format'...")
  const signedAt = parseIsoBasic(amzDate!);
  if (signedAt === undefined) {
    throw new AwsError(
      'IncompleteSignatureException',
      `Date must be in ISO-8601 'basic format'. Got '${redactForMessage(amzDate!)}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  checkSkew(signedAt, amzDate!, opts.now, opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS);

  // 6-7: the credential scope. Current AWS texts, each ending ". " and concatenated:
  // region and service measured against DynamoDB (extenddb tests, 2026: "Credential should be
  // scoped to a valid region. Credential should be scoped to correct service: 'dynamodb'. ");
  // date from Kinesis (disneystreaming/smithy4s#387, 2022); terminator by analogy (unverified).
  const scope = parseCredential(auth.credential);
  let scopeErrors = '';
  if (scope.region !== opts.region) scopeErrors += 'Credential should be scoped to a valid region. ';
  if (scope.service !== opts.service) scopeErrors += `Credential should be scoped to correct service: '${opts.service}'. `;
  if (scope.terminator !== SIGV4_TERMINATOR) scopeErrors += `Credential should be scoped with a valid terminator: '${SIGV4_TERMINATOR}'. `;
  if (scope.date !== amzDate!.slice(0, 8)) {
    scopeErrors += 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP. ';
  }
  if (scopeErrors !== '') throw invalidSignature(scopeErrors);

  // 8: the key.
  const secret = lookup(scope.accessKeyId);
  if (secret === undefined) throw new AwsError('UnrecognizedClientException', UNRECOGNIZED_CLIENT);

  // 9: the body, then the signature. For non-S3 services the payload hash is always that of
  // the body received; a declared x-amz-content-sha256 that differs is an ordinary mismatch
  // (DynamoDB answers a body swapped under a signed hash header with InvalidSignatureException).
  const bodyHash = payloadHash(req.body);
  const declared = firstHeader(headers, 'x-amz-content-sha256');
  if (declared !== undefined && declared.trim() !== bodyHash) throw invalidSignature(SIGNATURE_MISMATCH);

  const canonical = canonicalRequest(req.method, req.rawPath, req.rawQuery, headers, signed, bodyHash);
  const credentialScope = scope.date + '/' + scope.region + '/' + scope.service + '/' + SIGV4_TERMINATOR;
  const key = cache !== undefined
    ? cache.signingKey(scope.accessKeyId, secret, scope.date, scope.region, scope.service)
    : deriveSigningKey(secret, scope.date, scope.region, scope.service);
  const expected = createHmac('sha256', key).update(stringToSign(amzDate!, credentialScope, canonical), 'latin1').digest();
  if (!signatureMatches(auth.signature, expected)) throw invalidSignature(SIGNATURE_MISMATCH);

  const identity: SigV4Identity = { accessKeyId: scope.accessKeyId, region: scope.region, service: scope.service, signedAt };
  return sessionToken === undefined ? identity : { ...identity, sessionToken };
}
