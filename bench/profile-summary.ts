/**
 * Reads V8 CPU profiles (`node --cpu-prof`) and lists where the busy time went (idle samples are
 * left out): self time per function, then inclusive time (the function and what it calls).
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileLine {
  name: string;
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  busyPct: number;
  self: ProfileLine[];
  inclusive: ProfileLine[];
  /** Self time by where the code lives: a file of Coffer, a package, node's own code, native. */
  byFile: ProfileLine[];
}

function fileOf(n: ProfileNode): string {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : 'native (C++: crypto, sqlite, syscalls)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `package ${pkg[1]}`;
  if (url.startsWith('node:')) return 'node internals (http, streams, ...)';
  const src = /\/dist\/(src\/.+)\.js$/.exec(url);
  return src ? src[1]! : path.basename(url);
}

function nameOf(n: ProfileNode): string {
  const f = n.callFrame;
  const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : 'native';
  return `${f.functionName || '(anonymous)'} ${where}`;
}

/**
 * `windowMs`: only the samples of the profile's last `windowMs` milliseconds (a measurement that
 * ended just before the process stopped), instead of the whole life of the process.
 */
export function summarizeProfile(file: string, top = 25, windowMs?: number): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  if (windowMs !== undefined && p.samples && p.timeDeltas) {
    const hits = new Map<number, number>();
    let t = p.startTime;
    const from = p.endTime - windowMs * 1000;
    p.samples.forEach((id, i) => {
      t += p.timeDeltas![i]!;
      if (t >= from) hits.set(id, (hits.get(id) ?? 0) + 1);
    });
    for (const n of p.nodes) n.hitCount = hits.get(n.id) ?? 0;
  }
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let all = 0;
  let idle = 0;
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0;
    all += hits;
    if (n.callFrame.functionName === '(idle)') idle += hits;
    else if (hits) {
      self.set(nameOf(n), (self.get(nameOf(n)) ?? 0) + hits);
      byFile.set(fileOf(n), (byFile.get(fileOf(n)) ?? 0) + hits);
    }
  }
  // Inclusive: each sample counts once for every distinct function on its stack.
  const walk = (id: number, onStack: Set<string>): number => {
    const n = byId.get(id)!;
    const name = nameOf(n);
    const fresh = !onStack.has(name);
    if (fresh) onStack.add(name);
    let hits = n.hitCount ?? 0;
    for (const c of n.children ?? []) hits += walk(c, onStack);
    if (fresh) {
      onStack.delete(name);
      if (n.callFrame.functionName !== '(root)' && n.callFrame.functionName !== '(idle)') inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
    }
    return hits;
  };
  walk(p.nodes[0]!.id, new Set());
  const busy = all - idle;
  const lines = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, hits]) => ({ name, pct: (hits / busy) * 100 }));
  return {
    totalMs: (p.endTime - p.startTime) / 1000,
    busyPct: (busy / all) * 100,
    self: lines(self),
    inclusive: lines(inclusive),
    byFile: lines(byFile),
  };
}

export function printProfiles(dir: string, windowMs?: number): void {
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')).sort()) {
    const s = summarizeProfile(path.join(dir, f), 25, windowMs);
    process.stdout.write(`\n${f}: ${(s.totalMs / 1000).toFixed(1)} s, busy ${s.busyPct.toFixed(0)}%; shares of busy time\n  self:\n`);
    for (const l of s.self) process.stdout.write(`  ${l.pct.toFixed(1).padStart(5)}%  ${l.name}\n`);
    process.stdout.write('  self time by file:\n');
    for (const l of s.byFile) process.stdout.write(`  ${l.pct.toFixed(1).padStart(5)}%  ${l.name}\n`);
    process.stdout.write('  inclusive:\n');
    for (const l of s.inclusive) process.stdout.write(`  ${l.pct.toFixed(1).padStart(5)}%  ${l.name}\n`);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  printProfiles(process.argv[2] ?? '.', process.argv[3] ? Number(process.argv[3]) * 1000 : undefined);
}
