import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AUDIT_VARIABLES, auditConfig } from './audit-config.js';
import { TLS_VARIABLES, tlsConfig } from './tls-config.js';
import { type Config, ConfigError } from './config.js';

function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,6}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);
}

const seconds = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a positive number of seconds')
  .transform(Number)
  .refine((n) => n > 0, 'must be a positive number of seconds');

const schema = z.object({
  COFFER_HOST: z.string().min(1).default('127.0.0.1'),
  COFFER_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number from 0 to 65535')
    .transform(Number)
    .refine((p) => p <= 65535, 'must be a whole number from 0 to 65535')
    .default('8585'),
  COFFER_DATA_DIR: z.string().min(1).default('./coffer-data'),
  COFFER_REGION: z
    .string()
    .regex(/^([a-z]+-)+\d+$/, 'must look like an AWS region, e.g. us-east-1')
    .max(128)
    .default('us-east-1'),
  COFFER_ACCOUNT_ID: z.string().regex(/^\d{12}$/, 'must be 12 digits').default('000000000000'),
  COFFER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COFFER_ADMIN_ACCESS_KEY_ID: z
    .string()
    .regex(/^[A-Z0-9]{16,128}$/, 'must be 16 to 128 upper-case letters and digits')
    .optional(),
  COFFER_ADMIN_SECRET_ACCESS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9/+=]{16,128}$/, 'must be 16 to 128 characters of A-Z a-z 0-9 / + =')
    .optional(),
  COFFER_PURGE_INTERVAL_SECONDS: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a positive number of seconds')
    .transform(Number)
    .refine((n) => n > 0, 'must be a positive number of seconds')
    .default('60'),
  COFFER_WORKERS: wholeNumber(1, 64).optional(),
  COFFER_ROTATION_CONCURRENCY: wholeNumber(1, 64).default('4'),
  COFFER_ROTATION_STEP_TIMEOUT_SECONDS: seconds.default('300'),
  COFFER_ROTATION_MAX_ATTEMPTS: wholeNumber(1, 100).default('5'),
  COFFER_ROTATION_RETRY_SECONDS: seconds.default('30'),
  COFFER_ROTATION_POLL_SECONDS: seconds.default('10'),
  COFFER_ROTATION_ENDPOINT: z.string().url('must be a URL such as http://127.0.0.1:8585').optional(),
  ...AUDIT_VARIABLES,
  ...TLS_VARIABLES,
});

/**
 * Reads the configuration from environment variables. Throws ConfigError with a one-line
 * message naming the variable; a secret's value is never part of that message.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const relevant: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('COFFER_') && v !== undefined && v !== '') relevant[k] = v;
  }
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration: ${String(issue.path[0])} ${issue.message}`);
  }
  const c = parsed.data;
  if ((c.COFFER_ADMIN_ACCESS_KEY_ID === undefined) !== (c.COFFER_ADMIN_SECRET_ACCESS_KEY === undefined)) {
    throw new ConfigError(
      'invalid configuration: COFFER_ADMIN_ACCESS_KEY_ID and COFFER_ADMIN_SECRET_ACCESS_KEY must be set together',
    );
  }
  return {
    host: c.COFFER_HOST,
    port: c.COFFER_PORT,
    dataDir: path.resolve(c.COFFER_DATA_DIR),
    region: c.COFFER_REGION,
    accountId: c.COFFER_ACCOUNT_ID,
    logLevel: c.COFFER_LOG_LEVEL,
    adminAccessKeyId: c.COFFER_ADMIN_ACCESS_KEY_ID,
    adminSecretAccessKey: c.COFFER_ADMIN_SECRET_ACCESS_KEY,
    purgeIntervalMs: Math.round(c.COFFER_PURGE_INTERVAL_SECONDS * 1000),
    // Default: one serving process per core (at most 64).
    workers: c.COFFER_WORKERS ?? Math.min(64, os.availableParallelism()),
    rotation: {
      concurrency: c.COFFER_ROTATION_CONCURRENCY,
      stepTimeoutMs: Math.round(c.COFFER_ROTATION_STEP_TIMEOUT_SECONDS * 1000),
      maxAttempts: c.COFFER_ROTATION_MAX_ATTEMPTS,
      retryBaseMs: Math.round(c.COFFER_ROTATION_RETRY_SECONDS * 1000),
      pollMs: Math.round(c.COFFER_ROTATION_POLL_SECONDS * 1000),
      endpoint: c.COFFER_ROTATION_ENDPOINT,
    },
    audit: auditConfig(c, path.resolve(c.COFFER_DATA_DIR)),
    tls: tlsConfig(c),
  };
}
