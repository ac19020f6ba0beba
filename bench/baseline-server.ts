/**
 * The baseline: a bare node:http server (one process, as `node server.js` runs it) answering every
 * request with one fixed JSON body of a given size, after reading the request body as any server
 * must. Run as its own process: `node baseline-server.js <body bytes>`; it prints
 * `{"port":<n>}` once listening on 127.0.0.1.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A JSON object of exactly `bytes` bytes (at least 12). */
export function fixedJsonBody(bytes: number): Buffer {
  const overhead = '{"Payload":""}'.length;
  return Buffer.from(`{"Payload":"${'x'.repeat(Math.max(0, bytes - overhead))}"}`, 'utf8');
}

function main(): void {
  const bytes = Number(process.argv[2]);
  if (!Number.isInteger(bytes) || bytes < 0) throw new Error('usage: baseline-server <body bytes>');
  const body = fixedJsonBody(bytes);
  const headers = {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': body.length,
    'x-amzn-RequestId': '00000000-0000-4000-8000-000000000000',
  };
  const server = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, headers);
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n');
  });
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();

/** A running baseline server process. */
export interface Baseline {
  port: number;
  stop(): Promise<void>;
}

/** Starts the baseline server (this file, compiled) as its own process. */
export async function startBaseline(bodyBytes: number): Promise<Baseline> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), String(bodyBytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve((JSON.parse(line!) as { port: number }).port);
    });
    proc.once('exit', (code) => reject(new Error(`baseline server exited with ${code}`)));
  });
  return {
    port,
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
