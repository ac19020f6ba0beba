import type { IncomingHttpHeaders } from 'node:http';
import { AwsError, errors } from '../errors/index.js';
import type { CredentialDirectory, ResolvedCredential } from '../iam/index.js';
import type { Caller } from '../operation/index.js';
import type { Authenticator } from '../pipeline/index.js';
import { parseAuthorizationHeader, parseCredential, verifySigV4, type SigningKeyCache } from './sigv4/index.js';

export interface HttpRequestParts {
  method: string;
  url: string;
  headers: NodeJS.Dict<string[]>;
  rawHeaders: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Authenticates one HTTP request with SigV4 against the stored access keys, or, for temporary
 * credentials, against the session token (x-amz-security-token) it carries.
 */
export class SigV4Authenticator implements Authenticator {
  private readonly regions: readonly string[];
  /** The account of the access key the request named, once authenticate() looked it up. */
  private keyAccountId: string | undefined;

  /**
   * `region`: the region credential scopes must name; a list accepts any of them (IAM and STS:
   * the deployment's region, which clients given --endpoint-url sign with, and us-east-1, the
   * region of IAM's and STS's global endpoints); errors name the first.
   */
  constructor(
    private readonly req: HttpRequestParts,
    private readonly credentials: CredentialDirectory,
    private readonly signingKeys: SigningKeyCache,
    region: string | readonly string[],
    private readonly service: string,
  ) {
    this.regions = typeof region === 'string' ? [region] : region;
  }

  async authenticate(now: number): Promise<Caller> {
    const { req } = this;
    let accessKeyId: string | undefined;
    let region = this.regions[0]!;
    try {
      const hasDate = req.rawHeaders['x-amz-date'] !== undefined || req.rawHeaders.date !== undefined;
      const header = parseAuthorizationHeader(req.rawHeaders.authorization, hasDate);
      const scope = parseCredential(header.credential);
      accessKeyId = scope.accessKeyId;
      if (this.regions.includes(scope.region)) region = scope.region;
    } catch (err) {
      // A malformed header: verifySigV4 below reports it with AWS's exact error.
      if (!(err instanceof AwsError)) throw err;
    }
    const token = req.rawHeaders['x-amz-security-token'];
    // Outside the try: a store or seal failure is an internal error (logged, 500), not an
    // "invalid security token" that would hide it from the operator. A session token's problem
    // (forged, expired) is raised only once the verifier reaches the key lookup, so that header,
    // time and scope errors come first, in AWS's order.
    let resolved: ResolvedCredential | AwsError | undefined;
    if (accessKeyId !== undefined) {
      resolved =
        typeof token === 'string'
          ? this.credentials.resolveSession(accessKeyId, token, now)
          : await this.credentials.resolve(accessKeyId, now);
    }
    if (resolved !== undefined && !(resolved instanceof AwsError)) this.keyAccountId = resolved.caller.accountId;
    const q = req.url.indexOf('?');
    const identity = verifySigV4(
      {
        method: req.method,
        rawPath: q < 0 ? req.url : req.url.slice(0, q),
        rawQuery: q < 0 ? '' : req.url.slice(q + 1),
        headers: req.headers,
        body: req.body,
      },
      (id) => {
        if (resolved instanceof AwsError) throw resolved;
        return resolved && resolved.caller.accessKeyId === id ? resolved.secretAccessKey : undefined;
      },
      { region, service: this.service, now: new Date(now) },
      // Session secrets are short-lived and many: their signing keys are derived, not cached.
      typeof token === 'string' ? undefined : this.signingKeys,
    );
    if (identity.sessionToken === undefined && resolved instanceof AwsError) throw errors.unrecognizedClient();
    return (resolved as ResolvedCredential).caller;
  }

  /**
   * The access key id the Credential names (only when it has the shape of one, so that a secret key
   * pasted into the wrong place never reaches the audit trail) and its account, if authenticate()
   * found the key. Never the signature.
   */
  claimed(): { accessKeyId?: string; accountId?: string } {
    const out: { accessKeyId?: string; accountId?: string } = {};
    const header = this.req.rawHeaders.authorization;
    const m = typeof header === 'string' ? /Credential=([^/,\s]*)\//.exec(header) : null;
    if (m && /^[A-Z0-9]{16,128}$/.test(m[1]!)) out.accessKeyId = m[1]!;
    if (this.keyAccountId !== undefined && out.accessKeyId !== undefined) out.accountId = this.keyAccountId;
    return out;
  }
}
