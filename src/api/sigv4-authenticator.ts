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

/** Authenticates one HTTP request with SigV4 against the stored access keys. */
export class SigV4Authenticator implements Authenticator {
  constructor(
    private readonly req: HttpRequestParts,
    private readonly credentials: CredentialDirectory,
    private readonly signingKeys: SigningKeyCache,
    private readonly region: string,
    private readonly service: string,
  ) {}

  async authenticate(now: number): Promise<Caller> {
    const { req } = this;
    let accessKeyId: string | undefined;
    try {
      const hasDate = req.rawHeaders['x-amz-date'] !== undefined || req.rawHeaders.date !== undefined;
      const header = parseAuthorizationHeader(req.rawHeaders.authorization, hasDate);
      accessKeyId = parseCredential(header.credential).accessKeyId;
    } catch (err) {
      // A malformed header: verifySigV4 below reports it with AWS's exact error.
      if (!(err instanceof AwsError)) throw err;
    }
    // Outside the try: a store or seal failure is an internal error (logged, 500), not an
    // "invalid security token" that would hide it from the operator.
    const resolved: ResolvedCredential | undefined =
      accessKeyId === undefined ? undefined : await this.credentials.resolve(accessKeyId, now);
    const q = req.url.indexOf('?');
    const identity = verifySigV4(
      {
        method: req.method,
        rawPath: q < 0 ? req.url : req.url.slice(0, q),
        rawQuery: q < 0 ? '' : req.url.slice(q + 1),
        headers: req.headers,
        body: req.body,
      },
      (id) => (resolved && resolved.caller.accessKeyId === id ? resolved.secretAccessKey : undefined),
      { region: this.region, service: this.service, now: new Date(now) },
      this.signingKeys,
    );
    // Temporary credentials (session tokens) arrive with STS; until then a token is not valid.
    if (identity.sessionToken !== undefined) {
      throw errors.unrecognizedClient();
    }
    return resolved!.caller;
  }
}
