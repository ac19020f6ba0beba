/**
 * Pre-signed awsJson1_1 requests, signed by @smithy/signature-v4 (the AWS SDK's own signer, an
 * oracle independent of Coffer's verifier) exactly as the JavaScript SDK signs them (it adds and
 * signs x-amz-content-sha256). A signature is valid for 5 minutes, so pools are signed per run.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './coffer-process.js';

export const REGION = 'us-east-1';

export interface SignedRequest {
  target: string;
  headers: Record<string, string>;
  body: string;
}

export class RequestSigner {
  private readonly signer: SignatureV4;

  constructor(
    creds: Credentials,
    /** host:port the requests go to; it is signed. */
    readonly host: string,
  ) {
    this.signer = new SignatureV4({
      credentials: creds,
      region: REGION,
      service: 'secretsmanager',
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: true,
    });
  }

  /** `operation` is the Secrets Manager operation name, e.g. GetSecretValue. */
  async sign(operation: string, body: string, signingDate = new Date()): Promise<SignedRequest> {
    const [hostname, port] = this.host.split(':');
    const target = `secretsmanager.${operation}`;
    const signed = await this.signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: hostname!,
        port: Number(port),
        path: '/',
        query: {},
        headers: { host: this.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      },
      { signingDate },
    );
    return { target, headers: signed.headers as Record<string, string>, body };
  }
}

/**
 * The request as bytes on the wire (HTTP/1.1, keep-alive), split around `shared` when the body
 * contains it once: wire = head + shared + tail. A load generator then keeps one copy of a large
 * shared value instead of one per request.
 */
export function wireRequest(req: SignedRequest, shared = ''): { head: string; tail: string } {
  let head = 'POST / HTTP/1.1\r\n';
  for (const [name, value] of Object.entries(req.headers)) head += `${name}: ${value}\r\n`;
  head += `content-length: ${Buffer.byteLength(req.body, 'utf8')}\r\n\r\n`;
  const at = shared === '' ? -1 : req.body.indexOf(shared);
  if (at < 0) return { head: head + req.body, tail: '' };
  return { head: head + req.body.slice(0, at), tail: req.body.slice(at + shared.length) };
}
