import crypto from 'node:crypto';

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SPKI DER prefix of an Ed25519 public key; the 32 raw bytes follow it. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Short id of a public key: the first 16 hex digits of SHA-256 over its raw 32 bytes. */
export function keyIdOf(rawPublicKey: Buffer): string {
  return crypto.createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

/** Checks Ed25519 signatures made by the audit signing key. */
export class AuditVerifyKey {
  readonly keyId: string;
  private readonly key: crypto.KeyObject;

  constructor(readonly raw: Buffer) {
    if (raw.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
    this.key = crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
    this.keyId = keyIdOf(raw);
  }

  /** The key as `coffer audit public-key` prints it: base64 of the 32 raw bytes. */
  toText(): string {
    return this.raw.toString('base64');
  }

  verify(text: string, signatureB64: string): boolean {
    let sig: Buffer;
    try {
      sig = Buffer.from(signatureB64, 'base64');
    } catch {
      return false;
    }
    if (sig.length !== 64) return false;
    return crypto.verify(null, Buffer.from(text, 'utf8'), this.key, sig);
  }

  /** Reads a key given as printed by `audit public-key` (base64), or as an SPKI PEM block. */
  static parse(text: string): AuditVerifyKey {
    const t = text.trim();
    if (t.startsWith('-----BEGIN')) {
      const der = crypto.createPublicKey(t).export({ format: 'der', type: 'spki' });
      return new AuditVerifyKey(Buffer.from(der.subarray(der.length - 32)));
    }
    if (!/^[A-Za-z0-9+/]{43}=$/.test(t)) throw new Error('not an audit public key (expected 44 characters of base64)');
    return new AuditVerifyKey(Buffer.from(t, 'base64'));
  }
}

/**
 * The Ed25519 key that signs digests, pruning anchors and exports. Its 32-byte seed is derived
 * from the root key (`root.deriveKey('audit-signing')`), so it never exists anywhere else and
 * every process of a deployment signs with the same key.
 */
export class AuditSigner {
  readonly verifyKey: AuditVerifyKey;
  private readonly key: crypto.KeyObject;

  constructor(seed: Buffer) {
    if (seed.length !== 32) throw new Error('the audit signing seed must have 32 bytes');
    this.key = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = crypto.createPublicKey(this.key).export({ format: 'der', type: 'spki' });
    this.verifyKey = new AuditVerifyKey(Buffer.from(spki.subarray(spki.length - 32)));
  }

  get keyId(): string {
    return this.verifyKey.keyId;
  }

  /** Base64 Ed25519 signature over the UTF-8 bytes of `text`. */
  sign(text: string): string {
    return crypto.sign(null, Buffer.from(text, 'utf8'), this.key).toString('base64');
  }
}
