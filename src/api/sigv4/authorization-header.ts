/**
 * Parsing of a SigV4 `Authorization` header:
 *   AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request,
 *   SignedHeaders=<h1;h2;...>, Signature=<64 hex>
 *
 * Error texts are AWS's own (Coral front end, the one behind awsJson services):
 * - "Missing Authentication Token": Secrets Manager's real answer, aws/aws-sdk-cpp#2407
 *   (HTTP 400, content-length 89 = exactly that JSON body).
 * - "Authorization header requires '...' parameter. ... Authorization=...", "'...' not a valid
 *   key=value pair (missing equal-sign) in Authorization header: '...'", "Unsupported AWS
 *   'algorithm': '...'.", "Credential must have exactly 5 slash-delimited elements, ...": recorded
 *   against DynamoDB in mhart/dynalite (index.js, test/connection.js) and in
 *   dacut/scratchstack-aws-signature (docs/AWS Auth Error Ordering.pdf, src/constants.rs).
 * One deliberate difference: AWS echoes the whole header after "Authorization=" (signature
 * included). Coffer echoes only the algorithm and the Credential part, never the signature.
 */
import { AwsError } from '../../errors/index.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const SIGV4_TERMINATOR = 'aws4_request';

/** A header that parsed: every field present (possibly empty) and the algorithm supported. */
export interface AuthorizationHeader {
  readonly algorithm: string;
  /**
   * Raw `Credential` value, e.g. `AKID/20251106/us-east-1/secretsmanager/aws4_request`; split
   * it with parseCredential(). (AWS checks its shape only after the date, so parsing the header
   * does not.)
   */
  readonly credential: string;
  /** Raw `SignedHeaders` value, e.g. `content-type;host;x-amz-date;x-amz-target`. */
  readonly signedHeaders: string;
  /** Raw `Signature` value. Never put it in a message, log line or audit record. */
  readonly signature: string;
}

/** The five parts of the Credential value. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

const MISSING_TOKEN = 'Missing Authentication Token';

function incomplete(message: string): AwsError {
  return new AwsError('IncompleteSignatureException', message);
}

/** The error for a request that carries no SigV4 Authorization header at all. */
export function missingAuthenticationToken(): AwsError {
  return new AwsError('MissingAuthenticationTokenException', MISSING_TOKEN);
}

/**
 * Client text echoed into a message goes through this: a run of 32+ hex digits is what a
 * signature looks like, so it is blanked even where the client put it in the wrong place.
 */
export function redactForMessage(text: string): string {
  return /[0-9a-fA-F]{32}/.test(text) ? text.replace(/[0-9a-fA-F]{32,}/g, '<redacted>') : text;
}

/** `AWS4-HMAC-SHA256 Credential=...`: what Coffer echoes after "Authorization=". */
function describe(algorithm: string, credential: string | undefined): string {
  const text = credential === undefined ? algorithm : `${algorithm} Credential=${credential}`;
  return redactForMessage(text);
}

function isSeparator(code: number): boolean {
  // space, tab, comma: AWS accepts parameters separated by commas, blanks or both
  // (dynalite test/connection.js "Signature=b Credential=a"; scylladb alternator #9568).
  return code === 0x20 || code === 0x09 || code === 0x2c;
}

/**
 * Parses the header, in AWS's order: not SigV4 at all -> Missing Authentication Token;
 * a parameter without '=' -> IncompleteSignature; missing parameters or no date header ->
 * IncompleteSignature (all missing ones named in one message); unsupported algorithm ->
 * IncompleteSignature.
 *
 * `hasDateHeader` says whether the request carries `X-Amz-Date` or `Date`: AWS reports its
 * absence in the same message as the missing parameters.
 */
export function parseAuthorizationHeader(value: string | undefined, hasDateHeader: boolean): AuthorizationHeader {
  if (value === undefined) throw missingAuthenticationToken();
  const header = value.trim();
  // A header that does not even start like SigV4 (e.g. "Bearer x", "AWS4") is treated as no
  // token at all, as DynamoDB does (dynalite: 'X' and 'AWS4' -> MissingAuthenticationToken).
  if (!header.startsWith('AWS4-')) throw missingAuthenticationToken();

  let end = 0;
  while (end < header.length && !isSeparator(header.charCodeAt(end))) end++;
  const algorithm = header.slice(0, end);

  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let badPair: string | undefined;

  let i = end;
  const n = header.length;
  while (i < n) {
    while (i < n && isSeparator(header.charCodeAt(i))) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && !isSeparator(header.charCodeAt(j))) j++;
    const token = header.slice(i, j);
    i = j;
    const eq = token.indexOf('=');
    if (eq < 0) {
      badPair ??= token;
      continue;
    }
    const key = token.slice(0, eq);
    // The last occurrence of a parameter wins (scratchstack rule 6c).
    if (key === 'Credential') credential = token.slice(eq + 1);
    else if (key === 'SignedHeaders') signedHeaders = token.slice(eq + 1);
    else if (key === 'Signature') signature = token.slice(eq + 1);
  }

  if (badPair !== undefined) {
    throw incomplete(
      `'${redactForMessage(badPair)}' not a valid key=value pair (missing equal-sign) in Authorization header: ` +
        `'${describe(algorithm, credential)}'`,
    );
  }

  let missing = '';
  if (credential === undefined) missing += "Authorization header requires 'Credential' parameter. ";
  if (signature === undefined) missing += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === undefined) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!hasDateHeader) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing !== '') throw incomplete(`${missing}Authorization=${describe(algorithm, credential)}`);

  if (algorithm !== SIGV4_ALGORITHM) {
    throw incomplete(`Unsupported AWS 'algorithm': '${redactForMessage(algorithm)}'.`);
  }
  return { algorithm, credential: credential!, signedHeaders: signedHeaders!, signature: signature! };
}

/**
 * Splits the Credential value into its five parts, or throws AWS's IncompleteSignatureException.
 * Trailing empty parts are dropped first (AWS ignores trailing slashes: dynalite's notes, i.e.
 * Java's String.split semantics).
 */
export function parseCredential(credential: string): CredentialScope {
  const parts = credential.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 5) {
    throw incomplete(
      'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, ' +
        `got '${redactForMessage(credential)}'`,
    );
  }
  return { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]!, terminator: parts[4]! };
}
