import type { AuditConfig } from '../config/index.js';
import type { Store } from '../store/index.js';
import { AuditTrail } from './audit-trail.js';
import { HeadFiles } from './head-files.js';
import type { AuditSigner } from './signer.js';
import { FileSink } from './sinks/file-sink.js';
import { SinkQueue } from './sinks/sink-queue.js';
import { StdoutSink } from './sinks/stdout-sink.js';

/** Builds the trail of this process from the settings (not started yet). */
export function openAuditTrail(
  /** The audit part of the configuration (COFFER_AUDIT_*). */
  settings: AuditConfig,
  deps: { store: Store; signer: AuditSigner; region: string; headDir?: string; onProblem(message: string, err?: unknown): void },
): AuditTrail {
  const streams: SinkQueue[] = [];
  if (settings.sinks.includes('file')) {
    streams.push(new SinkQueue(new FileSink(settings.file, settings.fileMaxBytes), settings.required.includes('file'), settings.sinkTimeoutMs, deps.onProblem));
  }
  if (settings.sinks.includes('stdout')) {
    streams.push(new SinkQueue(new StdoutSink(), settings.required.includes('stdout'), settings.sinkTimeoutMs, deps.onProblem));
  }
  return new AuditTrail({
    store: deps.store,
    storeSink: { enabled: settings.sinks.includes('store'), required: settings.required.includes('store') },
    streams,
    signer: deps.signer,
    region: deps.region,
    digestIntervalMs: settings.digestIntervalMs,
    retentionMs: settings.retentionMs,
    storeTimeoutMs: settings.sinkTimeoutMs,
    heads: deps.headDir ? new HeadFiles(deps.headDir) : undefined,
    onProblem: deps.onProblem,
  });
}
