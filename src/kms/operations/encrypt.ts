import type { Operation } from '../../operation/index.js';
import type { KmsDeps } from '../deps.js';
import type { EncryptionContext } from '../encryption-context.js';
import { checkAlgorithm, encryptionKey, SYMMETRIC_DEFAULT } from './crypto-common.js';
import { b64, kmsOperation } from './kms-operation.js';

interface Input {
  KeyId: string;
  Plaintext: Buffer;
  EncryptionContext?: EncryptionContext;
  EncryptionAlgorithm?: string;
}

/**
 * Encrypt: up to 4 KiB under an enabled key's current material; the ciphertext blob names the key
 * and the material version (data-key-blob.ts) and binds the encryption context.
 */
export function encrypt(deps: KmsDeps): Operation<Input> {
  return kmsOperation('Encrypt', true, (i) => i.KeyId, async (ctx, input) => {
    checkAlgorithm(input.EncryptionAlgorithm);
    const key = await deps.store.read((tx) => encryptionKey(tx, ctx, input.KeyId));
    return {
      CiphertextBlob: b64(deps.keys.encryptRaw(key, input.Plaintext, input.EncryptionContext ?? {}, ctx.now)),
      KeyId: key.arn,
      EncryptionAlgorithm: SYMMETRIC_DEFAULT,
    };
  });
}
