import { ConfigError, loadConfig, type Config } from '../config/index.js';

/** The configuration for an administrative command; bad configuration exits 2 with one line. */
export function adminConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`coffer: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Prints a result as indented JSON on standard output. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Exits 1 with a one-line message. */
export function fail(message: string): never {
  process.stderr.write(`coffer: ${message}\n`);
  process.exit(1);
}
