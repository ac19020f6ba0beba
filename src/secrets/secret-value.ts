import crypto from 'node:crypto';
import { errors } from '../errors/index.js';
import { secretVersionContext, type KeyService } from '../kms/index.js';
import type { KmsKeyRecord, SecretRecord, StoreTx, VersionRecord } from '../store/index.js';
import type { KeyUseCheck } from './key-use.js';

export const MAX_VALUE_BYTES = 65536;

/** A secret value in memory: never logged, never put in an error message. */
export interface SecretValue {
  kind: 'string' | 'binary';
  bytes: Buffer;
}

export interface ValueInput {
  SecretString?: string;
  SecretBinary?: Buffer;
}

/** The value a request carries, if any; both at once is AWS's InvalidParameterException. */
export function valueFromInput(input: ValueInput): SecretValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw errors.invalidParameter(
      'You can’t specify both a binary secret value and a string secret value in the same secret.',
    );
  }
  if (input.SecretString !== undefined) {
    const bytes = Buffer.from(input.SecretString, 'utf8');
    if (bytes.length > MAX_VALUE_BYTES) {
      throw errors.validation(
        `1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_BYTES}`,
      );
    }
    return { kind: 'string', bytes };
  }
  if (input.SecretBinary !== undefined) return { kind: 'binary', bytes: input.SecretBinary };
  return undefined;
}

/** The value as it goes on the wire: SecretString or SecretBinary (base64). */
export function valueToOutput(v: SecretValue): { SecretString: string } | { SecretBinary: string } {
  return v.kind === 'string' ? { SecretString: v.bytes.toString('utf8') } : { SecretBinary: v.bytes.toString('base64') };
}

/** Seals and opens secret versions under the secret's KMS key. */
export class VersionSealer {
  constructor(private readonly keys: KeyService) {}

  /** The key a secret's new versions are sealed under: its KmsKeyId, or aws/secretsmanager. */
  async keyFor(tx: StoreTx, secret: Pick<SecretRecord, 'accountId' | 'region' | 'kmsKeyId'>): Promise<KmsKeyRecord> {
    const id = secret.kmsKeyId ?? 'alias/aws/secretsmanager';
    const key = await this.keys.resolve(tx, secret.accountId, secret.region, id);
    if (!key) throw errors.notFound("Secrets Manager can't find the specified KMS key.");
    return key;
  }

  /** Fills `version` (id and stages already set) with the sealed value. */
  seal(key: KmsKeyRecord, secretArn: string, version: VersionRecord, value: SecretValue, now: number): void {
    const sealed = this.keys.seal(key, value.bytes, secretVersionContext(secretArn, version.versionId), now);
    version.kmsKeyArn = key.arn;
    version.wrappedDataKey = sealed.wrappedDataKey;
    version.ciphertext = sealed.ciphertext;
    version.valueType = value.kind;
  }

  /**
   * Opens a version's value; DecryptionFailure when it does not open. Undefined for a value-less
   * version. `check`: the caller's kms:Decrypt on the key, asked before anything is decrypted.
   */
  async open(tx: StoreTx, secretArn: string, version: VersionRecord, now: number, check?: KeyUseCheck): Promise<SecretValue | undefined> {
    if (!version.ciphertext || !version.wrappedDataKey || !version.valueType) return undefined;
    const key = await this.keys.keyOfBlob(tx, version.wrappedDataKey);
    if (!key) throw errors.decryptionFailure("Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
    if (check) await check(tx, key, 'kms:Decrypt', secretArn, version.versionId);
    const bytes = await this.keys.openSealed(
      tx,
      key,
      { wrappedDataKey: version.wrappedDataKey, ciphertext: version.ciphertext },
      secretVersionContext(secretArn, version.versionId),
      now,
    );
    return { kind: version.valueType, bytes };
  }

  /** Does a stored version hold exactly this value? Compared in constant time. */
  async holds(tx: StoreTx, secretArn: string, version: VersionRecord, value: SecretValue, now: number, check?: KeyUseCheck): Promise<boolean> {
    const stored = await this.open(tx, secretArn, version, now, check);
    if (!stored) return false;
    const same =
      stored.kind === value.kind &&
      stored.bytes.length === value.bytes.length &&
      crypto.timingSafeEqual(stored.bytes, value.bytes);
    stored.bytes.fill(0);
    return same;
  }
}
