import crypto from 'node:crypto';
import type { Operation } from '../../operation/index.js';
import type { KmsDeps } from '../deps.js';
import type { EncryptionContext } from '../encryption-context.js';
import { kmsErrors } from '../kms-errors.js';
import { encryptionKey } from './crypto-common.js';
import { b64, kmsOperation } from './kms-operation.js';

interface Input {
  KeyId: string;
  EncryptionContext?: EncryptionContext;
  NumberOfBytes?: number;
  KeySpec?: 'AES_256' | 'AES_128';
}

/** Exactly one of KeySpec and NumberOfBytes (text from moto's KMS, not verified). */
function dataKeyLength(input: Input): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw kmsErrors.validation('Please specify either number of bytes or key spec.');
  }
  return input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
}

function generate(deps: KmsDeps, name: string, withPlaintext: boolean): Operation<Input> {
  return kmsOperation(name, true, (i) => i.KeyId, async (ctx, input) => {
    const length = dataKeyLength(input);
    const key = await deps.store.read((tx) => encryptionKey(tx, ctx, input.KeyId));
    const dataKey = crypto.randomBytes(length);
    try {
      const out: Record<string, unknown> = {
        CiphertextBlob: b64(deps.keys.encryptRaw(key, dataKey, input.EncryptionContext ?? {}, ctx.now)),
      };
      if (withPlaintext) out.Plaintext = b64(dataKey);
      out.KeyId = key.arn;
      return out;
    } finally {
      dataKey.fill(0);
    }
  });
}

/** GenerateDataKey: a fresh data key, in plaintext and encrypted under the KMS key. */
export const generateDataKey = (deps: KmsDeps) => generate(deps, 'GenerateDataKey', true);

/** GenerateDataKeyWithoutPlaintext: the encrypted data key only. */
export const generateDataKeyWithoutPlaintext = (deps: KmsDeps) => generate(deps, 'GenerateDataKeyWithoutPlaintext', false);

/** GenerateRandom: 1 to 1024 random bytes ("NumberOfBytes is required." as recorded against AWS). */
export function generateRandom(): Operation<{ NumberOfBytes?: number; CustomKeyStoreId?: string }> {
  return kmsOperation('GenerateRandom', true, () => undefined, async (_ctx, input) => {
    if (input.NumberOfBytes === undefined) throw kmsErrors.validation('NumberOfBytes is required.');
    if (input.CustomKeyStoreId !== undefined) throw kmsErrors.unsupported('Custom key stores are not supported by this Coffer deployment.');
    return { Plaintext: b64(crypto.randomBytes(input.NumberOfBytes)) };
  });
}
