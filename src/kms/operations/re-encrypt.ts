import type { Operation } from '../../operation/index.js';
import { blobKeyArn } from '../data-key-blob.js';
import type { KmsDeps } from '../deps.js';
import type { EncryptionContext } from '../encryption-context.js';
import { checkAlgorithm, decryptBlob, encryptionKey, SYMMETRIC_DEFAULT } from './crypto-common.js';
import { b64, kmsOperation } from './kms-operation.js';

interface Input {
  CiphertextBlob: Buffer;
  SourceEncryptionContext?: EncryptionContext;
  SourceKeyId?: string;
  DestinationKeyId: string;
  DestinationEncryptionContext?: EncryptionContext;
  SourceEncryptionAlgorithm?: string;
  DestinationEncryptionAlgorithm?: string;
}

/**
 * ReEncrypt: decrypts under the source key (named by the blob, or SourceKeyId which must agree)
 * and encrypts under the destination key, without the plaintext leaving the service. There is
 * no kms:ReEncrypt action: AWS authorises kms:ReEncryptFrom on the source key and
 * kms:ReEncryptTo on the destination key, so the handler asks the authoriser for both (keys as
 * the caller named them, as the pipeline does for other operations) before anything is read.
 */
export function reEncrypt(deps: KmsDeps): Operation<Input> {
  const op = kmsOperation<Input>('ReEncrypt', true, (i) => i.SourceKeyId ?? blobKeyArn(i.CiphertextBlob), async (ctx, input) => {
    await ctx.authorize('kms:ReEncryptFrom', input.SourceKeyId ?? blobKeyArn(input.CiphertextBlob), {
      input: { EncryptionContext: input.SourceEncryptionContext },
    });
    await ctx.authorize('kms:ReEncryptTo', input.DestinationKeyId, { input: { EncryptionContext: input.DestinationEncryptionContext } });
    checkAlgorithm(input.SourceEncryptionAlgorithm);
    checkAlgorithm(input.DestinationEncryptionAlgorithm);
    const { source, destination, plaintext } = await deps.store.read(async (tx) => {
      const { key: source, plaintext } = await decryptBlob(tx, ctx, deps.keys, input.CiphertextBlob, input.SourceEncryptionContext, input.SourceKeyId);
      try {
        const destination = await encryptionKey(tx, ctx, input.DestinationKeyId);
        return { source, destination, plaintext };
      } catch (e) {
        plaintext.fill(0);
        throw e;
      }
    });
    try {
      return {
        CiphertextBlob: b64(deps.keys.encryptRaw(destination, plaintext, input.DestinationEncryptionContext ?? {}, ctx.now)),
        SourceKeyId: source.arn,
        KeyId: destination.arn,
        SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT,
        DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT,
      };
    } finally {
      plaintext.fill(0);
    }
  });
  return { ...op, authorization: 'handler' };
}
