import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Project root (this file runs from dist/test/support/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = path.join(ROOT, 'bin', 'coffer');
export const REGION = 'us-east-1';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-test-'));
}

/**
 * A real Coffer server process (`bin/coffer serve`) on a fresh data directory and a free loopback
 * port. Everything it prints is kept, so tests can search its whole output.
 */
export class CofferServer {
  proc?: ChildProcess;
  output = '';
  port = 0;
  readonly dataDir: string;
  readonly env: Record<string, string>;
  /** PEM of the CA that signed the server's certificate, for a server started with COFFER_TLS_*: https. */
  readonly ca?: string;

  constructor(opts: { dataDir?: string; env?: Record<string, string>; ca?: string } = {}) {
    this.dataDir = opts.dataDir ?? tempDataDir();
    this.env = opts.env ?? {};
    this.ca = opts.ca;
  }

  get url(): string {
    return `${this.ca ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** GET /health's status (over TLS, trusting `ca`); throws while nothing answers. */
  private async health(): Promise<number> {
    if (!this.ca) return (await fetch(`${this.url}/health`)).status;
    return new Promise((resolve, reject) => {
      const req = https.get(`${this.url}/health`, { ca: this.ca, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const proc = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        COFFER_PORT: String(this.port),
        COFFER_DATA_DIR: this.dataDir,
        COFFER_LOG_LEVEL: 'debug',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    proc.stdout!.on('data', (d) => (this.output += d.toString()));
    proc.stderr!.on('data', (d) => (this.output += d.toString()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`coffer exited with ${proc.exitCode}: ${this.output}`);
      try {
        if ((await this.health()) === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`coffer did not become healthy: ${this.output}`);
  }

  /** Graceful stop (SIGTERM), waiting for the process to exit. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** kill -9: no shutdown code runs. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill(sig);
    await exited;
  }

  /** The admin key the first start wrote to coffer-data/credentials. */
  credentials(): Credentials {
    const text = fs.readFileSync(path.join(this.dataDir, 'credentials'), 'utf8');
    const id = /aws_access_key_id = (\S+)/.exec(text)![1]!;
    const secret = /aws_secret_access_key = (\S+)/.exec(text)![1]!;
    return { accessKeyId: id, secretAccessKey: secret };
  }

  client(creds: Credentials = this.credentials(), region = REGION): SecretsManagerClient {
    return new SecretsManagerClient({ endpoint: this.url, region, credentials: creds, maxAttempts: 1 });
  }

  /** Environment for the AWS CLI or boto3 pointed at this server. */
  awsEnv(creds: Credentials = this.credentials()): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_DEFAULT_REGION: REGION,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: this.url,
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
  }

  removeDataDir(): void {
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Starts a server for a test file; `after` should call `stopAndClean`. */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<CofferServer> {
  const s = new CofferServer(opts);
  await s.start();
  return s;
}

export async function stopAndClean(s: CofferServer | undefined): Promise<void> {
  if (!s) return;
  await s.stop();
  s.removeDataDir();
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/coffer <args>` (a command-line tool, not the server) to completion against a data directory. */
export function runCoffer(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', COFFER_DATA_DIR: dataDir, ...env },
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
