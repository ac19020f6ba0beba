import crypto from 'node:crypto';
import type { FunctionCredentials } from '../functions/function-credentials.js';

/** An error answer of Coffer's API (`__type` and `Message`). */
export class CofferApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

function hmac(key: Buffer | string, data: string): Buffer {
  return crypto.createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256(data: string): string {
  return crypto.createHash('sha256').update(data, 'utf8').digest('hex');
}

/**
 * A minimal Secrets Manager client for the built-in rotators: signed (SigV4) awsJson1_1 calls to
 * Coffer's own endpoint, so a built-in rotation goes through authentication, authorisation and
 * the request log exactly like an AWS rotation function's calls do.
 */
export class CofferApi {
  private readonly url: URL;

  constructor(
    endpoint: string,
    private readonly region: string,
    private readonly credentials: FunctionCredentials,
    private readonly signal?: AbortSignal,
  ) {
    this.url = new URL('/', endpoint);
  }

  async call<T = Record<string, any>>(operation: string, input: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify(input);
    const now = new Date();
    const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      host: this.url.host,
      'x-amz-date': amzDate,
      'x-amz-target': `secretsmanager.${operation}`,
    };
    if (this.credentials.sessionToken !== undefined) headers['x-amz-security-token'] = this.credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const canonical = [
      'POST',
      '/',
      '',
      ...names.map((n) => `${n}:${headers[n]}`),
      '',
      names.join(';'),
      sha256(body),
    ].join('\n');
    const scope = `${date}/${this.region}/secretsmanager/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    let key = hmac(`AWS4${this.credentials.secretAccessKey}`, date);
    for (const part of [this.region, 'secretsmanager', 'aws4_request']) key = hmac(key, part);
    const signature = hmac(key, toSign).toString('hex');
    const { host: _host, ...send } = headers;
    send.authorization = `AWS4-HMAC-SHA256 Credential=${this.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
    const res = await fetch(this.url, { method: 'POST', headers: send, body, signal: this.signal });
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    if (res.status !== 200) {
      const code = String(json.__type ?? 'Error').replace(/^.*#/, '');
      throw new CofferApiError(code, String(json.Message ?? json.message ?? `HTTP ${res.status}`));
    }
    return json as T;
  }

  /** The SecretString of a version, or undefined when that version/stage has no value (ResourceNotFound). */
  async getSecretString(secretId: string, stage: string, versionId?: string): Promise<string | undefined> {
    try {
      const input: Record<string, unknown> = { SecretId: secretId, VersionStage: stage };
      if (versionId) input.VersionId = versionId;
      const out = await this.call<{ SecretString?: string }>('GetSecretValue', input);
      return out.SecretString;
    } catch (err) {
      if (err instanceof CofferApiError && err.code === 'ResourceNotFoundException') return undefined;
      throw err;
    }
  }
}
