import cluster from 'node:cluster';
import { startCoffer } from '../app/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { CLUSTER_ROLE_VARIABLE, type WorkerMessage } from './cluster-messages.js';
import { errorMessage, isKnownStartFailure } from './start-failure.js';

function tell(m: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(m, undefined, {}, () => resolve());
  });
}

/**
 * One serving process of a cluster. The primary did the bootstrap and prints the start-up lines;
 * the worker reports `ready` (or why it could not start, and exits) and stops gracefully on
 * SIGTERM/SIGINT. node:cluster ends a worker whose primary has gone.
 */
export async function serveAsWorker(config: Config, parentLogger: Logger): Promise<void> {
  const id = cluster.worker?.id ?? 0;
  const logger = parentLogger.child({ worker: id });
  let running;
  try {
    running = await startCoffer(config, logger, {
      bootstrap: false,
      maintenance: process.env[CLUSTER_ROLE_VARIABLE] === 'maintenance',
      announce: false,
    });
  } catch (err) {
    const known = isKnownStartFailure(err);
    if (!known) logger.error({ err: err instanceof Error ? err.stack : String(err) }, 'start-up failed');
    await tell({ type: 'failed', message: errorMessage(err), known });
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.debug({ signal }, 'worker shutting down');
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await tell({ type: 'ready', port: running.port });
}
