import type { Operation } from '../../operation/index.js';
import { blobKeyArn } from '../data-key-blob.js';
import type { KmsDeps } from '../deps.js';
import type { EncryptionContext } from '../encryption-context.js';
import { checkAlgorithm, decryptBlob, SYMMETRIC_DEFAULT } from './crypto-common.js';
import { b64, kmsOperation } from './kms-operation.js';

interface Input {
  CiphertextBlob: Buffer;
  EncryptionContext?: EncryptionContext;
  KeyId?: string;
  EncryptionAlgorithm?: string;
}

/**
 * Decrypt: the blob names its key, so KeyId is optional; with the wrong encryption context (or
 * none when one was used) the answer is InvalidCiphertextException with an empty message, as AWS
 * gives it. The resource authorised is the key the blob names when no KeyId is given.
 */
export function decrypt(deps: KmsDeps): Operation<Input> {
  return kmsOperation('Decrypt', true, (i) => i.KeyId ?? blobKeyArn(i.CiphertextBlob), async (ctx, input) => {
    checkAlgorithm(input.EncryptionAlgorithm);
    const { key, plaintext } = await deps.store.read((tx) =>
      decryptBlob(tx, ctx, deps.keys, input.CiphertextBlob, input.EncryptionContext, input.KeyId),
    );
    try {
      return { KeyId: key.arn, Plaintext: b64(plaintext), EncryptionAlgorithm: SYMMETRIC_DEFAULT };
    } finally {
      plaintext.fill(0);
    }
  });
}
