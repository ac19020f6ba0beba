import type { KmsAliasRecord, KmsKeyMaterialRecord, KmsKeyRecord } from './records.js';

/**
 * The KMS part of the persistence port, beyond the key and alias lookups every layer uses
 * (StoreTx.getKmsKey, insertKmsKey, getKmsAlias, insertKmsAlias): listing, updating and deleting
 * keys and aliases, and the earlier key material versions a rotated key keeps.
 */
export interface KmsTx {
  /** Replaces the mutable columns of the key with the same (account, region, key id). */
  updateKey(k: KmsKeyRecord): Promise<void>;
  /** The keys of an account and region, oldest first (key id breaks ties). */
  listKeys(accountId: string, region: string): Promise<KmsKeyRecord[]>;
  /**
   * Keys whose scheduled deletion, or automatic rotation (enabled keys only), is due at `now`,
   * at most `limit` (any account and region).
   */
  keysDue(now: number, limit: number): Promise<KmsKeyRecord[]>;
  /** Deletes a key for good: its row, its earlier material versions and the aliases pointing at it. */
  deleteKey(accountId: string, region: string, keyId: string): Promise<void>;

  /** The aliases of an account and region, by name. */
  listAliases(accountId: string, region: string): Promise<KmsAliasRecord[]>;
  updateAlias(a: KmsAliasRecord): Promise<void>;
  deleteAlias(accountId: string, region: string, aliasName: string): Promise<void>;

  insertMaterial(m: KmsKeyMaterialRecord): Promise<void>;
  getMaterial(keyArn: string, version: number): Promise<KmsKeyMaterialRecord | undefined>;
  /** The material versions of a rotated key, oldest first (none for a key never rotated). */
  listMaterials(keyArn: string): Promise<KmsKeyMaterialRecord[]>;
}
