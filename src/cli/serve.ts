import cluster from 'node:cluster';
import { startCoffer } from '../app/index.js';
import { ConfigError, loadConfig, loadTlsCredentials } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { serveAsPrimary } from './cluster-primary.js';
import { serveAsWorker } from './cluster-worker.js';
import { errorMessage, exitCannotStart, isKnownStartFailure } from './start-failure.js';

/**
 * `coffer serve`: runs the server until SIGINT/SIGTERM. Bad configuration (TLS files that cannot
 * be read or do not fit included) exits 2 with one line, before anything is created.
 * COFFER_WORKERS > 1 makes this process the primary of a node:cluster (cluster-primary.ts); each
 * worker reads the TLS files itself and serves HTTPS on the shared port.
 */
export async function serve(): Promise<void> {
  let config;
  let tls;
  try {
    config = loadConfig(process.env);
    // A worker reads the files in startCoffer and reports a failure to the primary, which read them first.
    tls = config.tls && !cluster.isWorker ? loadTlsCredentials(config.tls) : undefined;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`coffer: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) return serveAsWorker(config, logger);
  if (config.workers > 1) return serveAsPrimary(config, logger);
  let running;
  try {
    running = await startCoffer(config, logger, undefined, tls);
  } catch (err) {
    exitCannotStart(errorMessage(err), logger, isKnownStartFailure(err) ? undefined : err instanceof Error ? err.stack : String(err));
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
