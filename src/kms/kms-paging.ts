import { kmsErrors } from './kms-errors.js';

/**
 * Limit/Marker paging of the KMS list operations: `Truncated` always, `NextMarker` when more
 * follow. The marker is opaque (the offset of the next item).
 */
export function page<T>(items: T[], limit: number | undefined, marker: string | undefined, defaultLimit: number): {
  items: T[];
  Truncated: boolean;
  NextMarker?: string;
} {
  const start = marker === undefined ? 0 : readMarker(marker, items.length);
  const size = limit ?? defaultLimit;
  const out = items.slice(start, start + size);
  const next = start + size;
  return next < items.length
    ? { items: out, Truncated: true, NextMarker: Buffer.from(`kms:${next}`).toString('base64') }
    : { items: out, Truncated: false };
}

function readMarker(marker: string, total: number): number {
  const m = /^kms:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(n) || n > total) throw kmsErrors.invalidMarker();
  return n;
}
