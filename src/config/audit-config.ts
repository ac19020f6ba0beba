import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config.js';

export type AuditSinkName = 'store' | 'file' | 'stdout';

/** COFFER_AUDIT_*: where the audit trail goes and how it is sealed and kept. */
export interface AuditConfig {
  /** Sinks in use; empty only with COFFER_AUDIT_SINKS=none (a measurement aid: no audit trail at all). */
  sinks: AuditSinkName[];
  /** Sinks that must each accept an event before the call may succeed. */
  required: AuditSinkName[];
  file: string;
  fileMaxBytes: number;
  digestIntervalMs: number;
  /** 0 keeps records for ever. */
  retentionMs: number;
  sinkTimeoutMs: number;
}

const SINK_LIST = /^(none|(store|file|stdout)(,(store|file|stdout))*)$/;

const positiveSeconds = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a positive number of seconds')
  .transform(Number)
  .refine((n) => n > 0, 'must be a positive number of seconds');

/** The variables, merged into the configuration schema. */
export const AUDIT_VARIABLES = {
  COFFER_AUDIT_SINKS: z.string().regex(SINK_LIST, 'must be none or a comma-separated list of store, file, stdout').default('store'),
  COFFER_AUDIT_REQUIRED: z.string().regex(SINK_LIST, 'must be a comma-separated list of store, file, stdout').optional(),
  COFFER_AUDIT_FILE: z.string().min(1).optional(),
  COFFER_AUDIT_FILE_MAX_BYTES: z
    .string()
    .regex(/^\d{4,15}$/, 'must be a whole number of bytes, at least 1000')
    .transform(Number)
    .default('104857600'),
  COFFER_AUDIT_DIGEST_INTERVAL_SECONDS: positiveSeconds.default('60'),
  COFFER_AUDIT_RETENTION_DAYS: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of days (0 keeps records for ever)')
    .transform(Number)
    .default('0'),
  COFFER_AUDIT_SINK_TIMEOUT_MS: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number of milliseconds from 1 to 9999999')
    .transform(Number)
    .refine((n) => n >= 1, 'must be a whole number of milliseconds from 1 to 9999999')
    .default('2000'),
};

type Parsed = z.output<z.ZodObject<typeof AUDIT_VARIABLES>>;

function list(v: string): AuditSinkName[] {
  return v === 'none' ? [] : ([...new Set(v.split(','))] as AuditSinkName[]);
}

/**
 * The audit settings. Required sinks default to the store when it is a sink, else to every sink;
 * they must be sinks in use, and at least one is required (otherwise nothing could fail closed).
 */
export function auditConfig(c: Parsed, dataDir: string): AuditConfig {
  const sinks = list(c.COFFER_AUDIT_SINKS);
  const required = c.COFFER_AUDIT_REQUIRED !== undefined ? list(c.COFFER_AUDIT_REQUIRED) : sinks.includes('store') ? ['store' as const] : sinks;
  if (sinks.length > 0 && required.length === 0) {
    throw new ConfigError('invalid configuration: COFFER_AUDIT_REQUIRED must name at least one sink');
  }
  const stray = required.find((r) => !sinks.includes(r));
  if (stray) throw new ConfigError(`invalid configuration: COFFER_AUDIT_REQUIRED names ${stray}, which is not in COFFER_AUDIT_SINKS`);
  return {
    sinks,
    required: sinks.length === 0 ? [] : required,
    file: path.resolve(c.COFFER_AUDIT_FILE ?? path.join(dataDir, 'audit', 'audit.jsonl')),
    fileMaxBytes: c.COFFER_AUDIT_FILE_MAX_BYTES,
    digestIntervalMs: Math.round(c.COFFER_AUDIT_DIGEST_INTERVAL_SECONDS * 1000),
    retentionMs: Math.round(c.COFFER_AUDIT_RETENTION_DAYS * 24 * 60 * 60 * 1000),
    sinkTimeoutMs: c.COFFER_AUDIT_SINK_TIMEOUT_MS,
  };
}
