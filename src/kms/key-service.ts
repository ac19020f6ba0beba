import crypto from 'node:crypto';
import { errors } from '../errors/index.js';
import type { RootKey } from '../seal/index.js';
import { gcmOpen, gcmSeal } from '../seal/index.js';
import type { KmsKeyRecord, StoreTx } from '../store/index.js';
import { blobKeyArn, unwrapDataKey, wrapDataKey } from './data-key-blob.js';
import { canonicalContext, type EncryptionContext } from './encryption-context.js';
import { KeyMaterialCache } from './key-material-cache.js';

export const SECRETS_MANAGER_ALIAS = 'alias/aws/secretsmanager';

/** A secret value sealed under a fresh data key, the data key wrapped by a KMS key. */
export interface SealedValue {
  wrappedDataKey: Buffer;
  ciphertext: Buffer;
}

/**
 * The built-in KMS: key records in the store, key material sealed under the root key, envelope
 * encryption of secret values with one fresh 256-bit data key per value.
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
    await tx.insertKmsAlias({ accountId, region, aliasName: SECRETS_MANAGER_ALIAS, targetKeyId: key.keyId, createdAt: now });
    return key;
  }

  async createKey(
    tx: StoreTx,
    accountId: string,
    region: string,
    keyManager: 'AWS' | 'CUSTOMER',
    description: string,
    now: number,
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
      sealedMaterial: this.root.wrap(material, arn),
      createdAt: now,
    };
    material.fill(0);
    await tx.insertKmsKey(key);
    return key;
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

  /** The key a wrapped data key names. */
  async keyOfBlob(tx: StoreTx, wrappedDataKey: Buffer): Promise<KmsKeyRecord | undefined> {
    const arn = blobKeyArn(wrappedDataKey);
    return arn === undefined ? undefined : this.resolve(tx, '', '', arn);
  }

  /** Seals a value under a fresh data key wrapped by `key`; the context is bound into both layers. */
  seal(key: KmsKeyRecord, plaintext: Buffer, context: EncryptionContext, now: number): SealedValue {
    if (key.state !== 'Enabled') {
      throw errors.encryptionFailure(`Secrets Manager can't encrypt the protected secret text because the KMS key ${key.arn} is ${stateWord(key)}.`);
    }
    const ctx = canonicalContext(context);
    const dataKey = crypto.randomBytes(32);
    try {
      return {
        wrappedDataKey: wrapDataKey(key.arn, this.material(key, now), dataKey, ctx),
        ciphertext: gcmSeal(dataKey, plaintext, valueAad(ctx)),
      };
    } finally {
      dataKey.fill(0);
    }
  }

  /** Opens a sealed value; any mismatch (moved row, other context, tampering) is a DecryptionFailure. */
  open(key: KmsKeyRecord, sealed: SealedValue, context: EncryptionContext, now: number): Buffer {
    if (key.state !== 'Enabled') {
      throw errors.decryptionFailure(`Secrets Manager can't decrypt the protected secret text because the KMS key ${key.arn} is ${stateWord(key)}.`);
    }
    const ctx = canonicalContext(context);
    const dataKey = unwrapDataKey(sealed.wrappedDataKey, this.material(key, now), ctx);
    const plaintext = dataKey && gcmOpen(dataKey, sealed.ciphertext, valueAad(ctx));
    dataKey?.fill(0);
    if (!plaintext) {
      throw errors.decryptionFailure("Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
    }
    return plaintext;
  }

  private material(key: KmsKeyRecord, now: number): Buffer {
    let m = this.cache.get(key.arn, now);
    if (!m) {
      m = this.root.unwrap(key.sealedMaterial, key.arn);
      this.cache.set(key.arn, m, now);
    }
    return m;
  }
}

function valueAad(ctx: Buffer): Buffer {
  return Buffer.concat([Buffer.from('coffer secret value v1\0', 'utf8'), ctx]);
}

function stateWord(key: KmsKeyRecord): string {
  return key.state === 'Disabled' ? 'disabled' : 'pending deletion';
}
