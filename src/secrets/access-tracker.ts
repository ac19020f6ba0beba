import type { Store } from '../store/index.js';
import { startOfDay } from './secret-view.js';

/**
 * Records that a version was read: LastAccessedDate of the secret and of the version, at day
 * precision, so at most one write per secret and day. Reads the rows afresh inside the write.
 */
export async function recordAccess(
  store: Store,
  secretArn: string,
  versionId: string,
  known: { secret?: number; version?: number },
  now: number,
): Promise<void> {
  const day = startOfDay(now);
  if (known.secret === day && known.version === day) return;
  await store.write(async (tx) => {
    const s = await tx.getSecretByArn(secretArn);
    if (s && s.lastAccessedAt !== day) {
      s.lastAccessedAt = day;
      await tx.updateSecret(s);
    }
    const v = await tx.getVersion(secretArn, versionId);
    if (v && v.lastAccessedAt !== day) {
      v.lastAccessedAt = day;
      await tx.updateVersion(v);
    }
  });
}
