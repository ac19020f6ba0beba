import { iamErrors } from './iam-errors.js';

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/**
 * IAM's Marker/MaxItems paging over a list already in its final order. The marker is opaque: the
 * position of the next item, base64. MaxItems defaults to 100 (the model bounds it to 1..1000).
 */
export function page<T>(all: T[], marker: string | undefined, maxItems: number | undefined): Page<T> {
  let start = 0;
  if (marker !== undefined) {
    const n = Number(Buffer.from(marker, 'base64').toString('utf8'));
    if (!Number.isInteger(n) || n < 0) throw iamErrors.invalidInput('Invalid Marker.'); // (unverified)
    start = n;
  }
  const size = maxItems ?? 100;
  const items = all.slice(start, start + size);
  const next = start + items.length;
  if (next < all.length) return { items, IsTruncated: true, Marker: Buffer.from(String(next), 'utf8').toString('base64') };
  return { items, IsTruncated: false };
}

/** Keeps entities whose path starts with the prefix (PathPrefix). */
export function withPathPrefix<T extends { path: string }>(all: T[], prefix: string | undefined): T[] {
  return prefix === undefined ? all : all.filter((x) => x.path.startsWith(prefix));
}
