/**
 * Unwrapped KMS key material, kept in memory so that the root key is not used on every request.
 * Bounded in size (oldest entry evicted first) and in time (entries expire after ttlMs).
 */
export class KeyMaterialCache {
  private readonly entries = new Map<string, { material: Buffer; expires: number }>();

  constructor(
    private readonly maxEntries = 1024,
    private readonly ttlMs = 5 * 60 * 1000,
  ) {}

  get(keyArn: string, now: number): Buffer | undefined {
    const e = this.entries.get(keyArn);
    if (!e) return undefined;
    if (e.expires <= now) {
      this.entries.delete(keyArn);
      e.material.fill(0);
      return undefined;
    }
    return e.material;
  }

  set(keyArn: string, material: Buffer, now: number): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(keyArn)) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.get(oldest)?.material.fill(0);
      this.entries.delete(oldest);
    }
    this.entries.set(keyArn, { material, expires: now + this.ttlMs });
  }

  forget(keyArn: string): void {
    this.entries.get(keyArn)?.material.fill(0);
    this.entries.delete(keyArn);
  }
}
