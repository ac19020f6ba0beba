/**
 * The load generator: Debian's `wrk` (C, event-driven, one connection per slot, HTTP/1.1
 * keep-alive) replaying a pool of pre-signed requests through a generated Lua script.
 *
 * The pool is written to a data file the script reads at start: one shared string (a large
 * value common to every request, possibly empty), then per request a head and a tail; the wire
 * bytes of a request are head .. shared .. tail. Each wrk thread takes its own slice of the pool
 * and cycles through it; the script counts the requests it generated, so a measurement that
 * outran its pool (and so repeated requests) is visible. Latency percentiles and totals come
 * from the script's done() hook as one JSON line.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const WRK = '/usr/bin/wrk';

export interface RequestPool {
  shared: string;
  items: Array<{ head: string; tail: string }>;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  /** Requests generated beyond the pool's size (replays of requests already sent). */
  repeats: number;
}

export interface WrkOptions {
  port: number;
  pool: RequestPool;
  connections: number;
  threads: number;
  seconds: number;
  /** Where the script, the pool and wrk's own output are kept. */
  dir: string;
  label: string;
}

/** Throws a message telling the user what to install when wrk is missing. */
export async function wrkVersion(): Promise<string> {
  if (!fs.existsSync(WRK)) {
    throw new Error(`the benchmark needs wrk at ${WRK}: install it with "sudo apt-get install wrk" (Debian/Ubuntu) and run again`);
  }
  const out = await run(WRK, ['--version']).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return /wrk\s+(\S+)/.exec(out.stdout)?.[1] ?? 'unknown';
}

const LUA = `
local path = __POOL__
local registered = {}
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(registered, thread)
end

function init(args)
  local nthreads = tonumber(args[1])
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  local pos = 1
  local function record()
    local nl = data:find("\\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    local s = data:sub(nl + 1, nl + len)
    pos = nl + len + 1
    return s
  end
  shared = record()
  heads, tails = {}, {}
  local k = 0
  while pos <= #data do
    local h = record()
    local t = record()
    if k % nthreads == tid then
      heads[#heads + 1] = h
      tails[#tails + 1] = t
    end
    k = k + 1
  end
  n = #heads
  whole = shared == ""
  i = 0
  sent = 0
end

function request()
  i = i + 1
  if i > n then i = 1 end
  sent = sent + 1
  if whole then return heads[i] end
  return heads[i] .. shared .. tails[i]
end

function done(summary, latency, requests)
  local repeats = 0
  for _, t in ipairs(registered) do
    local extra = t:get("sent") - t:get("n")
    if extra > 0 then repeats = repeats + extra end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"repeats":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, repeats))
end
`;

function writePool(file: string, pool: RequestPool): void {
  const parts: Buffer[] = [];
  const record = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    parts.push(Buffer.from(`${b.length}\n`, 'ascii'), b);
  };
  record(pool.shared);
  for (const it of pool.items) {
    record(it.head);
    record(it.tail);
  }
  fs.writeFileSync(file, Buffer.concat(parts));
}

function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  fs.mkdirSync(o.dir, { recursive: true });
  const poolFile = path.join(o.dir, `${o.label}.pool`);
  const script = path.join(o.dir, `${o.label}.lua`);
  writePool(poolFile, o.pool);
  fs.writeFileSync(script, LUA.replace('__POOL__', JSON.stringify(poolFile)));
  const args = [
    `-t${o.threads}`,
    `-c${o.connections}`,
    `-d${o.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    `http://127.0.0.1:${o.port}/`,
    '--',
    String(o.threads),
  ];
  const { stdout, stderr } = await run(WRK, args);
  fs.writeFileSync(path.join(o.dir, `${o.label}.out`), `wrk ${args.join(' ')}\n${stdout}${stderr}`);
  fs.rmSync(poolFile);
  const line = stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
  if (!line) throw new Error(`wrk printed no result for ${o.label}:\n${stdout}${stderr}`);
  const j = JSON.parse(line.slice('WRKJSON '.length)) as Record<string, number>;
  const seconds = j.duration_us! / 1e6;
  return {
    requests: j.requests!,
    seconds,
    rps: j.requests! / seconds,
    p50Ms: j.p50! / 1000,
    p90Ms: j.p90! / 1000,
    p99Ms: j.p99! / 1000,
    maxMs: j.max! / 1000,
    errors: { connect: j.connect!, read: j.read!, write: j.write!, status: j.status!, timeout: j.timeout! },
    repeats: j.repeats!,
  };
}

/** Errors of any kind in a measurement: a run with errors is not a valid figure. */
export function errorCount(r: WrkResult): number {
  return r.errors.connect + r.errors.read + r.errors.write + r.errors.status + r.errors.timeout;
}
