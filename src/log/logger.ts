import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino censors wherever they appear in a log object. Code never passes a secret value to the
 * logger; this list is the second line of defence.
 */
const REDACT = [
  'SecretString',
  'SecretBinary',
  'RandomPassword',
  'RotationToken',
  'secretAccessKey',
  'authorization',
  'signature',
  '*.SecretString',
  '*.SecretBinary',
  '*.RandomPassword',
  '*.RotationToken',
  '*.secretAccessKey',
  '*.authorization',
  '*.signature',
  'headers.authorization',
  'headers["x-amz-security-token"]',
];

/** JSON-lines logger on stdout (or the given stream). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'coffer' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
