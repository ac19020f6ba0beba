import { startCoffer } from '../app/index.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { SealError } from '../seal/index.js';

/** `coffer serve`: runs the server until SIGINT/SIGTERM. Bad configuration exits 2 with one line. */
export async function serve(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`coffer: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startCoffer(config, logger);
  } catch (err) {
    const known = err instanceof SealError || (err as NodeJS.ErrnoException)?.code === 'EADDRINUSE' || (err as NodeJS.ErrnoException)?.code === 'EACCES';
    process.stderr.write(`coffer: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    if (!known) logger.error({ err: err instanceof Error ? err.stack : String(err) }, 'start-up failed');
    process.exit(1);
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
