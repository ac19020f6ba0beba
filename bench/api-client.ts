/**
 * A small concurrent API client over keep-alive connections: seeds data through the real API and
 * checks sample responses before a measurement. Every request is signed by the SDK's signer.
 */
import http from 'node:http';
import { RequestSigner, type SignedRequest } from './signer.js';
import type { Credentials } from './coffer-process.js';

export interface ApiResponse {
  status: number;
  body: string;
  bytes: number;
}

export class ApiClient {
  readonly signer: RequestSigner;
  private readonly agent: http.Agent;

  constructor(
    readonly port: number,
    creds: Credentials,
    readonly concurrency = 64,
  ) {
    this.signer = new RequestSigner(creds, `127.0.0.1:${port}`);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  async call(operation: string, input: unknown): Promise<ApiResponse> {
    return this.send(await this.signer.sign(operation, JSON.stringify(input)));
  }

  /** Sends a request signed earlier (a sample of a load generator's pool). */
  send(req: SignedRequest): Promise<ApiResponse> {
    return new Promise((resolve, reject) => {
      const { host: _host, ...headers } = req.headers;
      const r = http.request(
        { host: '127.0.0.1', port: this.port, method: 'POST', path: '/', headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const buf = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, body: buf.toString('utf8'), bytes: buf.length });
          });
          res.on('error', reject);
        },
      );
      r.on('error', reject);
      r.end(req.body);
    });
  }

  /** Runs `count` calls, `concurrency` at a time; throws on the first non-200 answer. */
  async many(count: number, make: (i: number) => [operation: string, input: unknown]): Promise<number> {
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const i = next++;
        const [op, input] = make(i);
        const res = await this.call(op, input);
        if (res.status !== 200) throw new Error(`${op} #${i} answered ${res.status}: ${res.body.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, count) }, lane));
    return performance.now() - started;
  }

  close(): void {
    this.agent.destroy();
  }
}
