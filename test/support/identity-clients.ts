import { execFile } from 'node:child_process';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { REGION, type CofferServer, type Credentials } from './coffer-server.js';

export interface SessionCredentials extends Credentials {
  sessionToken?: string;
}

export function iamClient(server: CofferServer, creds: SessionCredentials = server.credentials(), region = REGION): IAMClient {
  return new IAMClient({ endpoint: server.url, region, credentials: creds, maxAttempts: 1 });
}

export function stsClient(server: CofferServer, creds: SessionCredentials = server.credentials(), region = REGION): STSClient {
  return new STSClient({ endpoint: server.url, region, credentials: creds, maxAttempts: 1 });
}

/** Credentials of an AssumeRole answer, as the SDK's credential object. */
export function sessionCredentials(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): SessionCredentials {
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

export interface QueryResponse {
  status: number;
  contentType: string | null;
  requestId: string | null;
  text: string;
}

/**
 * A signed AWS Query request (form body) to the server, bypassing the SDK: for checking the XML
 * exactly as it goes over the wire. `params` are sent in order, form-encoded.
 */
export async function rawQuery(
  server: CofferServer,
  service: 'iam' | 'sts',
  params: Record<string, string>,
  opts: { creds?: SessionCredentials; region?: string; unsigned?: boolean } = {},
): Promise<QueryResponse> {
  const body = new URLSearchParams(params).toString();
  const url = new URL(server.url);
  let headers: Record<string, string> = { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (!opts.unsigned) {
    const signer = new SignatureV4({
      credentials: opts.creds ?? server.credentials(),
      region: opts.region ?? REGION,
      service,
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body });
    headers = { ...(signed.headers as Record<string, string>) };
  }
  const { host: _host, ...send } = headers;
  const res = await fetch(server.url + '/', { method: 'POST', headers: send, body });
  return { status: res.status, contentType: res.headers.get('content-type'), requestId: res.headers.get('x-amzn-requestid'), text: await res.text() };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs /usr/bin/aws against the server with the given credentials. */
export function awsCli(server: CofferServer, args: string[], creds: SessionCredentials = server.credentials()): Promise<CliResult> {
  const env: Record<string, string> = { ...server.awsEnv(creds) };
  if (creds.sessionToken) env.AWS_SESSION_TOKEN = creds.sessionToken;
  return new Promise((resolve) => {
    execFile('/usr/bin/aws', ['--endpoint-url', server.url, '--output', 'json', ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
