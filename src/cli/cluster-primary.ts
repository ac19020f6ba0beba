import cluster, { type Worker } from 'node:cluster';
import { announceStart, prepareDataDir, serverUrl } from '../app/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { CLUSTER_ROLE_VARIABLE, isWorkerMessage } from './cluster-messages.js';
import { errorMessage, exitCannotStart, isKnownStartFailure } from './start-failure.js';

/** More unexpected worker exits than this within RESTART_WINDOW_MS stop the whole server. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** A worker that has not stopped this long after SIGTERM is killed. */
const STOP_GRACE_MS = 30_000;

type Role = 'maintenance' | 'serving';

/**
 * `coffer serve` with COFFER_WORKERS > 1: the primary prepares the data directory once (migrations,
 * first-start bootstrap), then forks the workers, which share the listening socket (node:cluster
 * hands each new connection to one of them) and the SQLite store (WAL; writers take turns). The
 * primary serves nothing itself: it prints the start-up lines once, when the first worker serves
 * (as /health then answers), replaces a worker that dies (or fails to start after that), and on
 * SIGTERM/SIGINT stops every worker before it exits.
 */
export async function serveAsPrimary(config: Config, logger: Logger): Promise<void> {
  let boot;
  try {
    boot = await prepareDataDir(config);
  } catch (err) {
    exitCannotStart(errorMessage(err), logger, isKnownStartFailure(err) ? undefined : err instanceof Error ? err.stack : String(err));
  }

  const roles = new Map<Worker, Role>();
  let stopping = false;
  let started = false;
  const exits: number[] = [];

  const fork = (role: Role): Worker => {
    const w = cluster.fork({ [CLUSTER_ROLE_VARIABLE]: role });
    roles.set(w, role);
    return w;
  };

  const stopAll = (signal: NodeJS.Signals): Promise<void> => {
    const alive = [...roles.keys()].filter((w) => w.process.exitCode === null && w.process.signalCode === null);
    return Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              w.process.kill('SIGKILL');
              setTimeout(resolve, 1000).unref();
            }, STOP_GRACE_MS);
            w.process.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            // Gone in the meantime: its exit event has been and will not come again.
            if (!w.process.kill(signal)) {
              clearTimeout(timer);
              resolve();
            }
          }),
      ),
    ).then(() => undefined);
  };

  // Start-up: the first worker serving, or the first failure before that is the one line an
  // operator sees. A worker failing later is replaced like one that dies.
  const ready = new Promise<number>((resolve, reject) => {
    const onMessage = (w: Worker, m: unknown) => {
      if (!isWorkerMessage(m) || started) return;
      if (m.type === 'failed') reject(Object.assign(new Error(m.message), { known: m.known }));
      else resolve(m.port);
    };
    const onEarlyExit = (w: Worker, code: number | null, signal: string | null) => {
      // A worker that could not start says why before it exits: give that message time to arrive.
      const why = new Error(`a worker exited during start-up (${signal ?? `code ${code}`})`);
      if (!started && !stopping) setTimeout(() => reject(why), 250);
    };
    cluster.on('message', onMessage);
    cluster.on('exit', onEarlyExit);
  });

  cluster.on('exit', (w, code, signal) => {
    const role = roles.get(w);
    roles.delete(w);
    if (!started || stopping || role === undefined) return;
    logger.error({ pid: w.process.pid, code, signal }, 'a worker exited unexpectedly; starting another');
    const now = Date.now();
    exits.push(now);
    while (exits.length > 0 && exits[0]! < now - RESTART_WINDOW_MS) exits.shift();
    if (exits.length > MAX_RESTARTS) {
      logger.fatal({ exits: exits.length, windowMs: RESTART_WINDOW_MS }, 'workers keep exiting; stopping');
      stopping = true;
      void stopAll('SIGTERM').then(() => process.exit(1));
      return;
    }
    fork(role);
  });

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (started) logger.info({ signal }, 'shutting down');
    void stopAll('SIGTERM').then(() => process.exit(0));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  for (let i = 0; i < config.workers; i++) fork(i === 0 ? 'maintenance' : 'serving');
  let port: number;
  try {
    port = await ready;
  } catch (err) {
    stopping = true;
    await stopAll('SIGKILL');
    exitCannotStart(errorMessage(err), logger);
  }
  started = true;
  const url = serverUrl(config, port);
  announceStart(config, logger, url, boot, { workers: config.workers });
}
