/**
 * Helpers for the audit trail tests: a CloudTrail client on a Coffer server, every event it has
 * (through LookupEvents), the `coffer audit ...` commands, and the store file opened directly
 * (the way someone with write access to the database would tamper with it).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { CloudTrailClient, paginateLookupEvents, type LookupAttribute } from '@aws-sdk/client-cloudtrail';
import { REGION, type CofferServer, type Credentials } from './coffer-server.js';

export function cloudTrail(server: CofferServer, creds: Credentials = server.credentials()): CloudTrailClient {
  return new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: creds, maxAttempts: 1 });
}

/** Events as LookupEvents returns them, with CloudTrailEvent parsed. */
export interface FoundEvent {
  EventId?: string;
  EventName?: string;
  ReadOnly?: string;
  AccessKeyId?: string;
  EventTime?: Date;
  EventSource?: string;
  Username?: string;
  Resources?: { ResourceType?: string; ResourceName?: string }[];
  raw: string;
  event: any;
}

/** Every event the caller may see (all pages), newest first. */
export async function lookupAll(server: CofferServer, attr?: LookupAttribute, creds?: Credentials, extra: { StartTime?: Date; EndTime?: Date } = {}): Promise<FoundEvent[]> {
  const out: FoundEvent[] = [];
  const client = cloudTrail(server, creds);
  for await (const page of paginateLookupEvents({ client, pageSize: 50 }, { LookupAttributes: attr ? [attr] : undefined, ...extra })) {
    for (const e of page.Events ?? []) out.push({ ...e, raw: e.CloudTrailEvent!, event: JSON.parse(e.CloudTrailEvent!) } as FoundEvent);
  }
  return out;
}

/** The events of one request (by x-amzn-RequestId). */
export async function eventsOfRequest(server: CofferServer, requestId: string | undefined): Promise<any[]> {
  const all = await lookupAll(server);
  return all.map((e) => e.event).filter((e) => e.requestID === requestId);
}

/** Runs `bin/coffer <args>` against a data directory. */
export { runCoffer as coffer, type RunResult } from './coffer-server.js';

export function openDb(dataDir: string): Database.Database {
  const db = new Database(path.join(dataDir, 'coffer.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

export interface AuditRowView {
  pos: number;
  writer_id: string;
  seq: number;
  kind: string;
  time: number;
  event_name: string | null;
  body: string;
  hash: string;
}

export function auditRows(dataDir: string): AuditRowView[] {
  const db = openDb(dataDir);
  try {
    return db.prepare('SELECT pos, writer_id, seq, kind, time, event_name, body, hash FROM audit_records ORDER BY pos').all() as AuditRowView[];
  } finally {
    db.close();
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
