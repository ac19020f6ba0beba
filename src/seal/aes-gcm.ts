import crypto from 'node:crypto';

/** Format version byte of every AES-256-GCM blob Coffer writes: [1][iv 12][tag 16][ciphertext]. */
export const GCM_FORMAT_V1 = 1;
const IV = 12;
const TAG = 16;

/** AES-256-GCM seal with a fresh random IV. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = crypto.randomBytes(IV);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(GCM_FORMAT_V1), iv, cipher.getAuthTag(), ct]);
}

/** Opens a gcmSeal blob; returns undefined when the blob is malformed, tampered or for other aad. */
export function gcmOpen(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | undefined {
  if (sealed.length < 1 + IV + TAG || sealed[0] !== GCM_FORMAT_V1) return undefined;
  const iv = sealed.subarray(1, 1 + IV);
  const tag = sealed.subarray(1 + IV, 1 + IV + TAG);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV + TAG)), decipher.final()]);
  } catch {
    return undefined;
  }
}
