/**
 * SigV4 verification: the public face of `api/sigv4`.
 *
 * Usage (in the HTTP layer, once the whole body has been read):
 *
 *   const keys = new SigningKeyCache();            // one per process, shared by all requests
 *   const q = req.url!.indexOf('?');
 *   const identity = verifySigV4(
 *     {
 *       method: req.method!,
 *       rawPath: q < 0 ? req.url! : req.url!.slice(0, q),
 *       rawQuery: q < 0 ? '' : req.url!.slice(q + 1),
 *       headers: req.headersDistinct,               // or req.headers, see below
 *       body,                                       // Buffer, exactly as received
 *     },
 *     (accessKeyId) => secretFor(accessKeyId),      // undefined when unknown
 *     { region: 'us-east-1', service: 'secretsmanager', now: new Date() },
 *     keys,
 *   );
 *   // then validate identity.sessionToken, if any, and authorise identity.accessKeyId.
 *
 * - verifySigV4 throws AwsError (always HTTP 400) with AWS's code and message:
 *   MissingAuthenticationTokenException, IncompleteSignatureException,
 *   InvalidSignatureException, UnrecognizedClientException. No message contains the signature.
 * - `headers`: lower-case names, values as node:http gives them (one character per byte).
 *   `req.headersDistinct` keeps repeated headers apart so they are joined with ',' as SigV4
 *   wants; `req.headers` joins them with ', ' (and drops repeats of some), which only matters
 *   for a client that signs a repeated header.
 * - Only header authentication is supported (no presigned query-string auth, no S3 rules,
 *   no chunked payloads): that is all the Secrets Manager and KMS clients use.
 * - The session token (x-amz-security-token) must be signed when present, but is not
 *   validated here; AWS validates it after the signature, and so should the caller.
 * - The lookup is synchronous. To resolve keys asynchronously, read the access key id first
 *   with parseCredential(parseAuthorizationHeader(...).credential).accessKeyId (catch errors and let
 *   verifySigV4 report them, in AWS's order), resolve, then verify with a lookup over the result.
 */
export {
  verifySigV4,
  DEFAULT_MAX_SKEW_MS,
  type SigV4Request,
  type VerifyOptions,
  type SigV4Identity,
  type SecretKeyLookup,
} from './verify.js';
export { SigningKeyCache, deriveSigningKey, DEFAULT_SIGNING_KEY_CACHE_SIZE } from './signing-key-cache.js';
export {
  parseAuthorizationHeader,
  parseCredential,
  missingAuthenticationToken,
  SIGV4_ALGORITHM,
  type AuthorizationHeader,
  type CredentialScope,
} from './authorization-header.js';
export { type HeaderBag } from './canonical-request.js';
