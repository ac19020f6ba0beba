/**
 * SigV4 canonical request and string to sign, for non-S3 services, computed from the request
 * as received. Mirrors what the signers do (@smithy/signature-v4 SignatureV4Base and
 * botocore.auth.SigV4Auth), see
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 *
 *   <METHOD>\n<canonical URI>\n<canonical query>\n<name:value\n ...>\n<signed;headers>\n<payload hash>
 *
 * - URI: the path as sent (already percent-encoded once by the client) is normalised (empty,
 *   '.' and '..' segments removed; leading and, if any segment remains, trailing '/' kept) and
 *   every segment is percent-encoded again, so '%' becomes '%25' ("encoded twice").
 * - Query: each name and value is percent-decoded, re-encoded per RFC 3986 (only A-Z a-z 0-9
 *   - _ . ~ left as is, upper-case hex), and the pairs are sorted by name, then value.
 * - Headers: names lower-case, in the order of SignedHeaders; values trimmed, runs of blanks
 *   collapsed to one space, repeated headers joined with ','.
 */
import { createHash } from 'node:crypto';

export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

const HEX = '0123456789ABCDEF';

function isUnreserved(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e // - . _ ~
  );
}

function encodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += isUnreserved(b) ? String.fromCharCode(b) : '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/**
 * RFC 3986 encoding of a wire string's bytes; returns the input itself when nothing needs it.
 * Wire strings are what node:http hands over: one character per received byte (latin1).
 */
export function uriEncode(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (!isUnreserved(text.charCodeAt(i))) return encodeBytes(Buffer.from(text, 'latin1'));
  }
  return text;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Percent-decodes to bytes, then re-encodes. A malformed escape ('%' not followed by two hex
 * digits) is kept literally (so its '%' becomes '%25'); '+' is a literal plus, as for AWS.
 */
function recodeQueryComponent(raw: string): string {
  if (raw.indexOf('%') < 0) return uriEncode(raw);
  const src = Buffer.from(raw, 'latin1');
  const bytes = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25 && i + 2 < src.length) {
      const hi = hexValue(src[i + 1]!);
      const lo = hexValue(src[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        bytes[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    bytes[n++] = b;
  }
  return encodeBytes(bytes.subarray(0, n));
}

/** The canonical URI of a raw request path (no query string). */
export function canonicalUri(rawPath: string): string {
  if (rawPath === '/' || rawPath === '') return '/';
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEncode(segment));
  }
  const lead = rawPath.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return lead + segments.join('/') + trail;
}

/** The canonical query string of a raw query (without '?'); '' when there is none. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([recodeQueryComponent(name), recodeQueryComponent(value)]);
  }
  // Encoded strings are ASCII, so code-unit order is byte order.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += (i === 0 ? '' : '&') + pairs[i]![0] + '=' + pairs[i]![1];
  return out;
}

/** Trims and collapses runs of blanks (space, tab) to a single space, as the SDK signers do. */
function trimAll(value: string): string {
  const v = value.trim();
  return v.indexOf('  ') < 0 && v.indexOf('\t') < 0 ? v : v.replace(/[ \t]+/g, ' ');
}

/** The canonical value of one header: repeated values (node's `headersDistinct`) joined by ','. */
export function canonicalHeaderValue(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return trimAll(value);
  let out = '';
  for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + trimAll(value[i]!);
  return out;
}

/**
 * The canonical request. `signedHeaders` are the lower-cased names from SignedHeaders, in the
 * order given; a signed header absent from the request contributes an empty value.
 */
export function canonicalRequest(
  method: string,
  rawPath: string,
  rawQuery: string,
  headers: HeaderBag,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  let out = method + '\n' + canonicalUri(rawPath) + '\n' + canonicalQuery(rawQuery) + '\n';
  for (const name of signedHeaders) out += name + ':' + canonicalHeaderValue(headers[name]) + '\n';
  return out + '\n' + signedHeaders.join(';') + '\n' + payloadHash;
}

/**
 * `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex sha256 of canonical request>`. The canonical
 * request is hashed as latin1: its only non-ASCII text is header values, which node:http
 * decodes one character per byte, so this hashes exactly the bytes the client signed.
 */
export function stringToSign(amzDate: string, credentialScope: string, canonical: string): string {
  const hashed = createHash('sha256').update(canonical, 'latin1').digest('hex');
  return 'AWS4-HMAC-SHA256\n' + amzDate + '\n' + credentialScope + '\n' + hashed;
}

/** Hex SHA-256 of the body: the payload hash of a non-S3 request. */
export function payloadHash(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}
