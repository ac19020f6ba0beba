/**
 * `npm run bench`: measures Coffer against a bare node:http baseline in the same run and writes
 * docs/benchmarks.md. See docs/benchmarks.md for what is measured and how.
 *
 * Options: --runs N (3), --warmup S (2), --seconds S (4), --connections N (32), --threads N (2),
 * --only key,key (scenario keys, see scenarios.ts), --no-report (print only),
 * --profile key (one run of one scenario with Coffer under --cpu-prof; prints where time goes),
 * --keep (keep the work directory: data, logs, wrk output).
 * COFFER_WORKERS in the environment is passed on to Coffer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient } from './api-client.js';
import { startBaseline } from './baseline-server.js';
import { CofferProcess, ROOT } from './coffer-process.js';
import { seedLarge, seedSmall, SMALL } from './datasets.js';
import { describeMachine } from './machine.js';
import { errorCount, runWrk, wrkVersion, type WrkResult } from './load.js';
import { printProfiles } from './profile-summary.js';
import { renderResults, writeReport, type BenchResult, type ScenarioResult, type ScenarioRun, type StartupSample } from './report.js';
import { buildPool, checkScenario, SCENARIOS, type Scenario } from './scenarios.js';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '32' },
    threads: { type: 'string', default: '2' },
    only: { type: 'string' },
    profile: { type: 'string' },
    'no-report': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const RUNS = opt.profile ? 1 : Number(opt.runs);
const WARMUP = Number(opt.warmup);
const SECONDS = Number(opt.seconds);
const CONNECTIONS = Number(opt.connections);
const THREADS = Number(opt.threads);
const POOL = 4000;
/** A bare node:http server needs no JIT warm-up to speak of. */
const BASELINE_WARMUP = 1;
/** PutSecretValue spreads over the 1,000 secrets; each may gain at most 99 versions a day. */
const PUT_POOL_MAX = 70_000;

/** The machine's 1-minute load average: other tenants' work shows here. */
const loadAverage = () => Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const say = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const f0 = (n: number) => Math.round(n).toLocaleString('en');
const brief = (r: WrkResult) =>
  `${f0(r.rps)} rps, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms${errorCount(r) ? `, ${errorCount(r)} ERRORS` : ''}${r.repeats ? `, ${r.repeats} repeats` : ''}`;

function selected(): Scenario[] {
  const keys = opt.profile ? [opt.profile] : opt.only ? opt.only.split(',') : undefined;
  if (!keys) return SCENARIOS;
  const out = SCENARIOS.filter((s) => keys.includes(s.key));
  if (out.length !== keys.length) throw new Error(`unknown scenario in ${keys.join(',')}; known: ${SCENARIOS.map((s) => s.key).join(', ')}`);
  return out;
}

/** Baselines measured in this run, by answer size: answers within 2 % of each other share one. */
type BaselineCache = Array<{ bytes: number; result: WrkResult }>;

async function measure(s: Scenario, coffer: CofferProcess, api: ApiClient, dir: string, run: number, baselines: BaselineCache): Promise<ScenarioRun> {
  const bodyBytes = await checkScenario(api, s);
  const wrk = (port: number, pool: Awaited<ReturnType<typeof buildPool>>, label: string, seconds: number, connections = CONNECTIONS, threads = THREADS) =>
    runWrk({ port, pool, connections, threads, seconds, dir, label: `run${run}-${s.key}-${label}` });

  // The baseline, with the same requests, right before Coffer (or the one just measured for an
  // answer of the same size).
  let baseline = baselines.find((b) => Math.abs(b.bytes - bodyBytes) <= 0.02 * bodyBytes)?.result;
  if (!baseline) {
    const basePool = await buildPool(api.signer, s, 1000);
    const base = await startBaseline(bodyBytes);
    try {
      await wrk(base.port, basePool, 'baseline-warmup', Math.min(WARMUP, BASELINE_WARMUP));
      baseline = await wrk(base.port, basePool, 'baseline', SECONDS);
    } finally {
      await base.stop();
    }
    baselines.push({ bytes: bodyBytes, result: baseline });
  }

  let pool = await buildPool(api.signer, s, s.unique ? 15_000 : POOL);
  const warm = await wrk(coffer.port, pool, 'warmup', WARMUP);
  if (s.unique) {
    // A fresh request for every one the measurement can send: sized from the warm-up's rate.
    const count = Math.min(PUT_POOL_MAX, Math.max(5000, Math.ceil(warm.rps * SECONDS * 1.6)));
    pool = await buildPool(api.signer, s, count);
  }
  const coffer_ = await wrk(coffer.port, pool, 'coffer', SECONDS);
  const result: ScenarioRun = { bodyBytes, baseline, coffer: coffer_, load: loadAverage() };
  if (s.dataset === 'large') result.single = await wrk(coffer.port, pool, 'single', 2, 1, 1);
  say(
    `run ${run} ${s.key}: baseline ${brief(baseline)} | coffer ${brief(coffer_)} | ratio ${(coffer_.rps / baseline.rps).toFixed(2)}` +
      (result.single ? ` | one client: ${brief(result.single)}` : ''),
  );
  return result;
}

async function main(): Promise<void> {
  const began = new Date();
  const wrkV = await wrkVersion();
  const machine = describeMachine(wrkV);
  const scenarios = selected();
  const small = scenarios.filter((s) => s.dataset === 'small');
  const large = scenarios.filter((s) => s.dataset === 'large');
  const wantLarge = large.length > 0 || (!opt.only && !opt.profile);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-bench-'));
  const profileDir = path.join(work, 'profiles');
  const env: Record<string, string> = {};
  if (process.env.COFFER_WORKERS) env.COFFER_WORKERS = process.env.COFFER_WORKERS;
  const nodeArgs = opt.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  say(`work directory ${work}; ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, wrk ${wrkV}`);

  const results: ScenarioResult[] = scenarios.map((scenario) => ({ scenario, runs: [] }));
  const add = (s: Scenario, r: ScenarioRun) => results.find((x) => x.scenario === s)!.runs.push(r);
  const seedSmalls: BenchResult['seedSmall'] = [];
  const startup: StartupSample[] = [];
  let seedLargeResult: BenchResult['seedLarge'] = { secrets: 0, ms: 0, perSecond: 0 };

  const largeDir = path.join(work, 'large');
  if (wantLarge) {
    const coffer = new CofferProcess({ dataDir: largeDir, logFile: path.join(work, 'large-seed.log'), env });
    await coffer.start();
    const api = new ApiClient(coffer.port, coffer.credentials(), 64);
    say('seeding 100,000 secrets through CreateSecret ...');
    try {
      seedLargeResult = await seedLarge(api, (n) => say(`  ${f0(n)} created`));
    } finally {
      api.close();
      await coffer.stop();
    }
    say(`seeded in ${(seedLargeResult.ms / 1000).toFixed(1)} s (${f0(seedLargeResult.perSecond)} creates/s)`);
  }

  for (let run = 1; run <= RUNS; run++) {
    const baselines: BaselineCache = [];
    if (small.length) {
      const coffer = new CofferProcess({ dataDir: path.join(work, `small-${run}`), logFile: path.join(work, `small-${run}.log`), env, nodeArgs });
      await coffer.start();
      const api = new ApiClient(coffer.port, coffer.credentials(), 32);
      try {
        const seeded = await seedSmall(api);
        seedSmalls.push(seeded);
        say(`run ${run}: ${SMALL.secrets} secrets of 4 KB created (${f0(seeded.perSecond)}/s)`);
        for (const s of small) add(s, await measure(s, coffer, api, path.join(work, 'wrk'), run, baselines));
      } finally {
        api.close();
        await coffer.stop();
      }
    }
    if (wantLarge) {
      const coffer = new CofferProcess({ dataDir: largeDir, logFile: path.join(work, `large-${run}.log`), env, nodeArgs });
      await coffer.start();
      const sample: StartupSample = { ms: coffer.startMs, atHealthy: coffer.memory() };
      say(`run ${run}: start-up with 100,000 secrets ${f0(sample.ms)} ms, RSS ${f0(sample.atHealthy.rssMiB)} MiB in ${sample.atHealthy.processes} processes`);
      const api = new ApiClient(coffer.port, coffer.credentials(), 32);
      try {
        for (const s of large) add(s, await measure(s, coffer, api, path.join(work, 'wrk'), run, baselines));
        if (large.length) sample.afterLoad = coffer.memory();
      } finally {
        api.close();
        await coffer.stop();
      }
      // The same data directory served by one process, for comparison.
      if (!opt.profile && !env.COFFER_WORKERS) {
        const one = new CofferProcess({ dataDir: largeDir, logFile: path.join(work, `large-${run}-one.log`), env: { COFFER_WORKERS: '1' } });
        await one.start();
        sample.singleProcess = { ms: one.startMs, atHealthy: one.memory() };
        await one.stop();
        say(`run ${run}: with COFFER_WORKERS=1: ${f0(one.startMs)} ms, RSS ${f0(sample.singleProcess.atHealthy.rssMiB)} MiB`);
      }
      startup.push(sample);
    }
  }

  if (opt.profile) {
    // The last seconds of each profile: the measurement, not the seeding and warm-up before it.
    printProfiles(profileDir, SECONDS * 1000);
    say(`profiles kept in ${profileDir}`);
    return;
  }
  const extra = process.argv.slice(2).join(' ');
  const result: BenchResult = {
    machine,
    command: `npm run bench${extra ? ` -- ${extra}` : ''}${env.COFFER_WORKERS ? ` (COFFER_WORKERS=${env.COFFER_WORKERS})` : ''}`,
    startedAt: began,
    seconds: (Date.now() - began.getTime()) / 1000,
    settings: {
      runs: RUNS,
      warmupS: WARMUP,
      measureS: SECONDS,
      connections: CONNECTIONS,
      threads: THREADS,
      workers: env.COFFER_WORKERS ? `COFFER_WORKERS=${env.COFFER_WORKERS}` : 'COFFER_WORKERS unset (the default)',
    },
    seedLarge: seedLargeResult,
    seedSmall: seedSmalls,
    scenarios: results.filter((r) => r.runs.length > 0),
    startup,
  };
  const section = renderResults(result);
  process.stdout.write('\n' + section);
  if (!opt['no-report']) {
    const file = path.join(ROOT, 'docs', 'benchmarks.md');
    writeReport(file, section);
    say(`written to ${path.relative(process.cwd(), file) || file}`);
  }
  if (!opt.keep) fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
