import { gcmOpen, gcmSeal } from '../seal/index.js';

/**
 * A data key wrapped by a KMS key: [format 1][key ARN length, 2 bytes][key ARN][AES-256-GCM blob].
 * Carrying the key ARN lets a blob name its key, as KMS ciphertext blobs do, so re-keying needs no
 * flag day.
 */
const FORMAT = 1;

export function wrapDataKey(keyArn: string, material: Buffer, dataKey: Buffer, context: Buffer): Buffer {
  const arn = Buffer.from(keyArn, 'utf8');
  const header = Buffer.alloc(3);
  header[0] = FORMAT;
  header.writeUInt16BE(arn.length, 1);
  return Buffer.concat([header, arn, gcmSeal(material, dataKey, aad(arn, context))]);
}

/** The key ARN a blob names, or undefined when the blob is malformed. */
export function blobKeyArn(blob: Buffer): string | undefined {
  if (blob.length < 3 || blob[0] !== FORMAT) return undefined;
  const len = blob.readUInt16BE(1);
  if (blob.length < 3 + len) return undefined;
  return blob.subarray(3, 3 + len).toString('utf8');
}

/** Unwraps a data key; undefined when the blob was tampered with, moved or wrapped for another context. */
export function unwrapDataKey(blob: Buffer, material: Buffer, context: Buffer): Buffer | undefined {
  const keyArn = blobKeyArn(blob);
  if (keyArn === undefined) return undefined;
  const arn = Buffer.from(keyArn, 'utf8');
  return gcmOpen(material, blob.subarray(3 + arn.length), aad(arn, context));
}

function aad(arn: Buffer, context: Buffer): Buffer {
  return Buffer.concat([Buffer.from('coffer data key v1\0', 'utf8'), arn, Buffer.of(0), context]);
}
