import type { CallContext } from '../../operation/index.js';
import type { KmsKeyRecord, StoreTx } from '../../store/index.js';
import { readBlobHeader } from '../data-key-blob.js';
import type { EncryptionContext } from '../encryption-context.js';
import { kmsErrors } from '../kms-errors.js';
import { findKey, requireEnabled } from '../key-lookup.js';
import type { KeyService } from '../key-service.js';
import { lookupFor } from './kms-operation.js';

export const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';

/** Symmetric keys know one algorithm; another is KMS's InvalidKeyUsageException. */
export function checkAlgorithm(algorithm: string | undefined): void {
  if (algorithm !== undefined && algorithm !== SYMMETRIC_DEFAULT) {
    throw kmsErrors.invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${SYMMETRIC_DEFAULT}.`);
  }
}

/** An enabled key for Encrypt, GenerateDataKey* and ReEncrypt's destination (another account's by ARN). */
export async function encryptionKey(tx: StoreTx, ctx: CallContext, keyId: string): Promise<KmsKeyRecord> {
  const key = await findKey(tx, lookupFor(ctx, true), keyId);
  requireEnabled(key);
  return key;
}

/**
 * Decrypts a ciphertext blob (Decrypt, ReEncrypt's source). The blob names its key; a KeyId, if
 * given, must name the same key (IncorrectKeyException). A blob that is not one of Coffer's, or
 * that does not open with this encryption context, is InvalidCiphertextException.
 */
export async function decryptBlob(
  tx: StoreTx,
  ctx: CallContext,
  keys: KeyService,
  blob: Buffer,
  context: EncryptionContext | undefined,
  keyId: string | undefined,
): Promise<{ key: KmsKeyRecord; plaintext: Buffer }> {
  const header = readBlobHeader(blob);
  if (!header) throw kmsErrors.invalidCiphertext();
  const lookup = lookupFor(ctx, true);
  let key: KmsKeyRecord;
  if (keyId !== undefined) {
    key = await findKey(tx, lookup, keyId);
    if (key.arn !== header.keyArn) throw kmsErrors.incorrectKey();
  } else {
    key = await findKey(tx, lookup, header.keyArn);
  }
  requireEnabled(key);
  const plaintext = await keys.decryptRaw(tx, key, blob, context ?? {}, ctx.now);
  if (!plaintext) throw kmsErrors.invalidCiphertext();
  return { key, plaintext };
}
