/**
 * Coffer as a user runs it: `node bin/coffer serve` from the production build, SQLite in a data
 * directory, configured only by COFFER_* variables. Output goes to a log file beside the data
 * directory, as a service manager would keep it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { BIN, freePort, ROOT, type Credentials } from '../test/support/coffer-server.js';
import { childrenOf } from '../test/support/process-tree.js';

// The same project root, bin/coffer, free-port and process-tree helpers as the tests use.
export { ROOT, type Credentials } from '../test/support/coffer-server.js';

export interface CofferOptions {
  dataDir: string;
  logFile: string;
  /** Extra environment (COFFER_WORKERS, ...). */
  env?: Record<string, string>;
  /** Options for node itself (e.g. --cpu-prof); cluster workers inherit them. */
  nodeArgs?: string[];
}

/** Memory of a process and all of its descendants (Coffer's primary and its workers). */
export interface TreeMemory {
  processes: number;
  /** Sum of VmRSS: pages shared between processes are counted once per process (an upper bound). */
  rssMiB: number;
  /** Sum of Pss: shared pages divided among their sharers (what the tree really costs). */
  pssMiB: number;
}

function kib(text: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

export function treeMemory(rootPid: number): TreeMemory {
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) pids.push(...childrenOf(pids[i]!));
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      rss += kib(fs.readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
      pss += kib(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      // exited meanwhile
    }
  }
  return { processes: pids.length, rssMiB: rss / 1024, pssMiB: pss / 1024 };
}

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
}

export class CofferProcess {
  private proc?: ChildProcess;
  port = 0;
  /** Milliseconds from spawn to the first 200 from GET /health, of the last start. */
  startMs = 0;

  constructor(private readonly opts: CofferOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.proc?.pid ?? 0;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    fs.mkdirSync(path.dirname(this.opts.logFile), { recursive: true });
    const log = fs.openSync(this.opts.logFile, 'a');
    const started = performance.now();
    const proc = spawn(process.execPath, [...(this.opts.nodeArgs ?? []), BIN, 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        COFFER_PORT: String(this.port),
        COFFER_DATA_DIR: this.opts.dataDir,
        ...this.opts.env,
      },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.proc = proc;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`coffer exited with code ${proc.exitCode}; see ${this.opts.logFile}`);
      if ((await healthStatus(this.port)) === 200) {
        this.startMs = performance.now() - started;
        return;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`coffer did not become healthy within 30 s; see ${this.opts.logFile}`);
  }

  memory(): TreeMemory {
    return treeMemory(this.pid);
  }

  /** SIGTERM, as a service manager stops it; waits for the whole process to exit. */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** The admin key the first start wrote to <data dir>/credentials. */
  credentials(): Credentials {
    const text = fs.readFileSync(path.join(this.opts.dataDir, 'credentials'), 'utf8');
    return {
      accessKeyId: /aws_access_key_id = (\S+)/.exec(text)![1]!,
      secretAccessKey: /aws_secret_access_key = (\S+)/.exec(text)![1]!,
    };
  }
}
