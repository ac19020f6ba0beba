import crypto from 'node:crypto';
import { errors } from '../errors/index.js';
import type { RootKey } from '../seal/index.js';
import { gcmOpen, gcmSeal } from '../seal/index.js';
import type { KmsKeyRecord, KmsTag, StoreTx } from '../store/index.js';
import { blobKeyArn, readBlobHeader, unwrapDataKey, wrapDataKey } from './data-key-blob.js';
import { canonicalContext, type EncryptionContext } from './encryption-context.js';
import { KeyMaterialCache } from './key-material-cache.js';

export const SECRETS_MANAGER_ALIAS = 'alias/aws/secretsmanager';
export const DAY_MS = 86_400_000;
/** AWS-managed keys rotate every year; customer keys by default too (EnableKeyRotation). */
export const DEFAULT_ROTATION_DAYS = 365;

/** A secret value sealed under a fresh data key, the data key wrapped by a KMS key. */
export interface SealedValue {
  wrappedDataKey: Buffer;
  ciphertext: Buffer;
}

export interface NewKeyOptions {
  policy?: string;
  tags?: KmsTag[];
}

/**
 * Secrets Manager's errors for a key it cannot use (the service model's documentation of
 * EncryptionFailure; DecryptionFailure has the same first sentence). Not verified against AWS.
 */
const UNUSABLE_ADVICE = 'Check that the KMS key is available, enabled, and not in an invalid state.';
export const SM_CANT_ENCRYPT = `Secrets Manager can't encrypt the protected secret text using the provided KMS key. ${UNUSABLE_ADVICE}`;
export const SM_CANT_DECRYPT = "Secrets Manager can't decrypt the protected secret text using the provided KMS key.";

/**
 * The built-in KMS: key records in the store, key material sealed under the root key and
 * versioned (rotation keeps every earlier version), envelope encryption of secret values with
 * one fresh 256-bit data key per value, and the raw encrypt/decrypt the KMS API serves.
 *
 * The key record's state is read from the store on every use and checked before any material is
 * touched; the material cache holds only unwrapped bytes, never the state, so a disabled key is
 * refused at once even while its material is cached.
 */
export class KeyService {
  constructor(
    private readonly root: RootKey,
    private readonly cache = new KeyMaterialCache(),
  ) {}

  /** Creates the account's AWS-managed key aws/secretsmanager in a region, if it is not there yet. */
  async ensureSecretsManagerKey(tx: StoreTx, accountId: string, region: string, now: number): Promise<KmsKeyRecord> {
    const existing = await this.resolve(tx, accountId, region, SECRETS_MANAGER_ALIAS);
    if (existing) return existing;
    const key = await this.createKey(tx, accountId, region, 'AWS', 'Default key that protects my Secrets Manager data when no other key is defined', now);
    await tx.insertKmsAlias({ accountId, region, aliasName: SECRETS_MANAGER_ALIAS, targetKeyId: key.keyId, createdAt: now, lastUpdatedAt: now });
    return key;
  }

  async createKey(
    tx: StoreTx,
    accountId: string,
    region: string,
    keyManager: 'AWS' | 'CUSTOMER',
    description: string,
    now: number,
    options: NewKeyOptions = {},
  ): Promise<KmsKeyRecord> {
    const keyId = crypto.randomUUID();
    const arn = `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
    const material = crypto.randomBytes(32);
    const key: KmsKeyRecord = {
      keyId,
      arn,
      accountId,
      region,
      keyManager,
      description,
      state: 'Enabled',
      sealedMaterial: this.root.wrap(material, materialAad(arn, 0)),
      createdAt: now,
    };
    material.fill(0);
    if (options.policy !== undefined) key.policy = options.policy;
    if (options.tags !== undefined) key.tags = options.tags;
    if (keyManager === 'AWS') {
      key.rotationEnabled = true;
      key.rotationPeriodDays = DEFAULT_ROTATION_DAYS;
      key.nextRotationAt = now + DEFAULT_ROTATION_DAYS * DAY_MS;
    }
    await tx.insertKmsKey(key);
    return key;
  }

  /**
   * Replaces the key's material with fresh material (automatic rotation, run by KeyMaintenance);
   * every version is kept (sealed as it was) so that everything encrypted under an earlier one
   * still decrypts. The caller stores the changed record (tx.kms.updateKey).
   */
  async rotateMaterial(tx: StoreTx, key: KmsKeyRecord, now: number): Promise<void> {
    const current = key.materialVersion ?? 0;
    if (current === 0) {
      await tx.kms.insertMaterial({ keyArn: key.arn, version: 0, sealedMaterial: key.sealedMaterial, createdAt: key.createdAt });
    }
    const next = current + 1;
    const material = crypto.randomBytes(32);
    key.sealedMaterial = this.root.wrap(material, materialAad(key.arn, next));
    key.materialVersion = next;
    material.fill(0);
    await tx.kms.insertMaterial({ keyArn: key.arn, version: next, sealedMaterial: key.sealedMaterial, createdAt: now, rotationType: 'AUTOMATIC' });
  }

  /**
   * Finds a key by key id, key ARN, alias name or alias ARN in the caller's account and region.
   * An ARN may name another account.
   */
  async resolve(tx: StoreTx, accountId: string, region: string, identifier: string): Promise<KmsKeyRecord | undefined> {
    let acct = accountId;
    let reg = region;
    let rest = identifier;
    const arn = /^arn:aws:kms:([^:]+):(\d{12}):(.+)$/.exec(identifier);
    if (arn) {
      reg = arn[1]!;
      acct = arn[2]!;
      rest = arn[3]!;
      if (rest.startsWith('key/')) rest = rest.slice(4);
      else if (!rest.startsWith('alias/')) return undefined;
    }
    if (rest.startsWith('alias/')) {
      const alias = await tx.getKmsAlias(acct, reg, rest);
      return alias && tx.getKmsKey(acct, reg, alias.targetKeyId);
    }
    return tx.getKmsKey(acct, reg, rest);
  }

  /** The key a wrapped data key (or KMS ciphertext blob) names. */
  async keyOfBlob(tx: StoreTx, wrappedDataKey: Buffer): Promise<KmsKeyRecord | undefined> {
    const arn = blobKeyArn(wrappedDataKey);
    return arn === undefined ? undefined : this.resolve(tx, '', '', arn);
  }

  /**
   * Encrypts `plaintext` under the key's current material with the encryption context bound in
   * (KMS Encrypt and GenerateDataKey). No state check: callers check the state with their
   * service's errors first.
   */
  encryptRaw(key: KmsKeyRecord, plaintext: Buffer, context: EncryptionContext, now: number): Buffer {
    const version = key.materialVersion ?? 0;
    return wrapDataKey(key.arn, this.material(key.arn, version, key.sealedMaterial, now), plaintext, canonicalContext(context), version);
  }

  /**
   * Decrypts a blob made by encryptRaw (or a wrapped data key) with the material version it
   * names; undefined when it does not open (another context, tampering, unknown version). No state
   * check.
   */
  async decryptRaw(tx: StoreTx, key: KmsKeyRecord, blob: Buffer, context: EncryptionContext, now: number): Promise<Buffer | undefined> {
    const h = readBlobHeader(blob);
    if (!h || h.keyArn !== key.arn) return undefined;
    const material = await this.materialOf(tx, key, h.materialVersion, now);
    return material && unwrapDataKey(blob, material, canonicalContext(context));
  }

  /** Seals a value under a fresh data key wrapped by `key`; the context is bound into both layers. */
  seal(key: KmsKeyRecord, plaintext: Buffer, context: EncryptionContext, now: number): SealedValue {
    if (key.state !== 'Enabled') throw errors.encryptionFailure(SM_CANT_ENCRYPT);
    const dataKey = crypto.randomBytes(32);
    try {
      return {
        wrappedDataKey: this.encryptRaw(key, dataKey, context, now),
        ciphertext: gcmSeal(dataKey, plaintext, valueAad(canonicalContext(context))),
      };
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * Opens a value sealed under the key's current material. Any mismatch (moved row, other
   * context, tampering) is a DecryptionFailure. `openSealed` also opens values sealed before the
   * key was rotated.
   */
  open(key: KmsKeyRecord, sealed: SealedValue, context: EncryptionContext, now: number): Buffer {
    this.requireUsable(key);
    const version = key.materialVersion ?? 0;
    const h = readBlobHeader(sealed.wrappedDataKey);
    const material = h && h.keyArn === key.arn && h.materialVersion === version ? this.material(key.arn, version, key.sealedMaterial, now) : undefined;
    return this.openWith(material, sealed, context);
  }

  /** Opens a sealed value whatever material version of its key sealed it. */
  async openSealed(tx: StoreTx, key: KmsKeyRecord, sealed: SealedValue, context: EncryptionContext, now: number): Promise<Buffer> {
    this.requireUsable(key);
    const h = readBlobHeader(sealed.wrappedDataKey);
    const material = h && h.keyArn === key.arn ? await this.materialOf(tx, key, h.materialVersion, now) : undefined;
    return this.openWith(material, sealed, context);
  }

  private requireUsable(key: KmsKeyRecord): void {
    if (key.state !== 'Enabled') throw errors.decryptionFailure(`${SM_CANT_DECRYPT} ${UNUSABLE_ADVICE}`);
  }

  private openWith(material: Buffer | undefined, sealed: SealedValue, context: EncryptionContext): Buffer {
    const ctx = canonicalContext(context);
    const dataKey = material && unwrapDataKey(sealed.wrappedDataKey, material, ctx);
    const plaintext = dataKey && gcmOpen(dataKey, sealed.ciphertext, valueAad(ctx));
    dataKey?.fill(0);
    if (!plaintext) throw errors.decryptionFailure(SM_CANT_DECRYPT);
    return plaintext;
  }

  /** The unwrapped material of one version of a key: the current one from the record, earlier ones from the store. */
  private async materialOf(tx: StoreTx, key: KmsKeyRecord, version: number, now: number): Promise<Buffer | undefined> {
    if (version === (key.materialVersion ?? 0)) return this.material(key.arn, version, key.sealedMaterial, now);
    const cached = this.cache.get(cacheKey(key.arn, version), now);
    if (cached) return cached;
    const older = await tx.kms.getMaterial(key.arn, version);
    return older && this.material(key.arn, version, older.sealedMaterial, now);
  }

  private material(arn: string, version: number, sealed: Buffer, now: number): Buffer {
    const k = cacheKey(arn, version);
    let m = this.cache.get(k, now);
    if (!m) {
      m = this.root.unwrap(sealed, materialAad(arn, version));
      this.cache.set(k, m, now);
    }
    return m;
  }

  /** Forgets the unwrapped material of a key (deleted for good). */
  forget(arn: string, versions: number): void {
    for (let v = 0; v <= versions; v++) this.cache.forget(cacheKey(arn, v));
  }
}

/** The root key's AAD for a material version: the key ARN for the first, so older stores still open. */
export function materialAad(arn: string, version: number): string {
  return version === 0 ? arn : `${arn}#material-${version}`;
}

const cacheKey = (arn: string, version: number): string => (version === 0 ? arn : `${arn}#${version}`);

function valueAad(ctx: Buffer): Buffer {
  return Buffer.concat([Buffer.from('coffer secret value v1\0', 'utf8'), ctx]);
}
