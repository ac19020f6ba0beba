import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { REGION, type CofferServer, type Credentials } from './coffer-server.js';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface RawOptions {
  creds?: Credentials;
  region?: string;
  service?: string;
  /** Extra headers, signed. */
  headers?: Record<string, string>;
  /** Signing time (default now). */
  signingDate?: Date;
  /** Changes the signed request before it is sent (tampering tests). */
  mutate?: (req: { headers: Record<string, string>; body: string }) => void;
  /** Send without any signature. */
  unsigned?: boolean;
  /**
   * Add and sign x-amz-content-sha256 (the JS signer's default, true). The AWS CLI and boto3
   * send no such header for this service: pass false to sign as they do.
   */
  contentSha256?: boolean;
}

/**
 * A signed awsJson1_1 POST to the server, bypassing the SDK's own validation: for requests an SDK
 * refuses to send and for SigV4 tests. `target` is the X-Amz-Target, e.g. 'secretsmanager.GetSecretValue'.
 */
export async function rawCall(server: CofferServer, target: string, body: unknown, opts: RawOptions = {}): Promise<RawResponse> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const url = new URL(server.url);
  const request = {
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      ...(opts.headers ?? {}),
    } as Record<string, string>,
    body: text,
  };
  let headers = request.headers;
  let sentBody = text;
  if (!opts.unsigned) {
    const signer = new SignatureV4({
      credentials: opts.creds ?? server.credentials(),
      region: opts.region ?? REGION,
      service: opts.service ?? 'secretsmanager',
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: opts.contentSha256 ?? true,
    });
    const signed = await signer.sign(request, { signingDate: opts.signingDate });
    headers = { ...(signed.headers as Record<string, string>) };
  }
  if (opts.mutate) {
    const m = { headers, body: sentBody };
    opts.mutate(m);
    headers = m.headers;
    sentBody = m.body;
  }
  const { host: _host, ...sendHeaders } = headers;
  const res = await fetch(server.url + '/', { method: 'POST', headers: sendHeaders, body: sentBody });
  const resText = await res.text();
  let json: any;
  try {
    json = resText ? JSON.parse(resText) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text: resText, json };
}
