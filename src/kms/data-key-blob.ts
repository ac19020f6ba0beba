import { gcmOpen, gcmSeal } from '../seal/index.js';

/**
 * Data (or, for KMS Encrypt, up to 4 KiB of plaintext) sealed by a KMS key's material. Two
 * formats, told apart by the first byte:
 * - 1: [1][key ARN length, 2 bytes][key ARN][AES-256-GCM blob] — material version 0 (the
 *   material the key was created with); every blob written before key rotation existed.
 * - 2: [2][key ARN length, 2 bytes][key ARN][material version, 4 bytes][AES-256-GCM blob] — a
 *   later material version, after the key was rotated.
 * Carrying the key ARN lets a blob name its key, as KMS ciphertext blobs do (Decrypt needs no
 * KeyId); the version picks the material, so rotation keeps older blobs readable. Both the ARN
 * and the version are bound into the authentication (AAD) with the encryption context.
 */
const FORMAT_V1 = 1;
const FORMAT_V2 = 2;

export interface BlobHeader {
  keyArn: string;
  materialVersion: number;
  /** Offset of the AES-256-GCM part. */
  body: number;
}

export function wrapDataKey(keyArn: string, material: Buffer, dataKey: Buffer, context: Buffer, materialVersion = 0): Buffer {
  const arn = Buffer.from(keyArn, 'utf8');
  const header = Buffer.alloc(3);
  header.writeUInt16BE(arn.length, 1);
  if (materialVersion === 0) {
    header[0] = FORMAT_V1;
    return Buffer.concat([header, arn, gcmSeal(material, dataKey, aadV1(arn, context))]);
  }
  header[0] = FORMAT_V2;
  const version = Buffer.alloc(4);
  version.writeUInt32BE(materialVersion);
  return Buffer.concat([header, arn, version, gcmSeal(material, dataKey, aadV2(arn, version, context))]);
}

/** What a blob's header says, or undefined when the blob is malformed. */
export function readBlobHeader(blob: Buffer): BlobHeader | undefined {
  if (blob.length < 3 || (blob[0] !== FORMAT_V1 && blob[0] !== FORMAT_V2)) return undefined;
  const len = blob.readUInt16BE(1);
  const versioned = blob[0] === FORMAT_V2;
  const body = 3 + len + (versioned ? 4 : 0);
  if (len === 0 || blob.length <= body) return undefined;
  return {
    keyArn: blob.subarray(3, 3 + len).toString('utf8'),
    materialVersion: versioned ? blob.readUInt32BE(3 + len) : 0,
    body,
  };
}

/** The key ARN a blob names, or undefined when the blob is malformed. */
export function blobKeyArn(blob: Buffer): string | undefined {
  return readBlobHeader(blob)?.keyArn;
}

/**
 * Unwraps a data key with the material of the version the blob names; undefined when the blob
 * was tampered with, moved or wrapped for another context.
 */
export function unwrapDataKey(blob: Buffer, material: Buffer, context: Buffer): Buffer | undefined {
  const h = readBlobHeader(blob);
  if (!h) return undefined;
  const arn = Buffer.from(h.keyArn, 'utf8');
  const sealed = blob.subarray(h.body);
  if (blob[0] === FORMAT_V1) return gcmOpen(material, sealed, aadV1(arn, context));
  return gcmOpen(material, sealed, aadV2(arn, blob.subarray(h.body - 4, h.body), context));
}

function aadV1(arn: Buffer, context: Buffer): Buffer {
  return Buffer.concat([Buffer.from('coffer data key v1\0', 'utf8'), arn, Buffer.of(0), context]);
}

function aadV2(arn: Buffer, version: Buffer, context: Buffer): Buffer {
  return Buffer.concat([Buffer.from('coffer data key v2\0', 'utf8'), arn, Buffer.of(0), version, Buffer.of(0), context]);
}
