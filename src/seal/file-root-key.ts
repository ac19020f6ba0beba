import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gcmOpen, gcmSeal } from './aes-gcm.js';
import { type RootKey, SealError } from './root-key.js';

export const ROOT_KEY_FILE = 'root.key';

/**
 * Root key kept in a file of the data directory (mode 0600): 32 random bytes, base64. Created on
 * first start; refused when other users can read it.
 */
export function openFileRootKey(dataDir: string): RootKey {
  const file = path.join(dataDir, ROOT_KEY_FILE);
  let key: Buffer;
  if (!fs.existsSync(file)) {
    key = crypto.randomBytes(32);
    fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } else {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) {
      throw new SealError(`root key file ${file} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`);
    }
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new SealError(`root key file ${file} does not hold a 32-byte base64 key`);
  }
  return rootKeyFromBytes(key);
}

/** A RootKey over raw key bytes (also the core of the other providers). */
export function rootKeyFromBytes(key: Buffer): RootKey {
  const wrapKey = hkdf(key, 'coffer root wrap v1');
  return {
    wrap: (plaintext, aad) => gcmSeal(wrapKey, plaintext, Buffer.from(aad, 'utf8')),
    unwrap: (sealed, aad) => {
      const out = gcmOpen(wrapKey, sealed, Buffer.from(aad, 'utf8'));
      if (!out) throw new SealError('sealed material does not open under this root key');
      return out;
    },
    deriveKey: (purpose) => hkdf(key, `coffer derived v1: ${purpose}`),
  };
}

function hkdf(key: Buffer, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}
