/**
 * The root of the key hierarchy. It wraps KMS key material and access-key secrets; the key itself
 * never enters the store. Providers: a key file (here); passphrase and PKCS#11 may follow.
 */
export interface RootKey {
  /** Seals plaintext; `aad` binds the result to what it belongs to (a key ARN, an access key id). */
  wrap(plaintext: Buffer, aad: string): Buffer;
  /** Opens what wrap produced with the same aad; throws SealError on any mismatch or tampering. */
  unwrap(sealed: Buffer, aad: string): Buffer;
  /** Derives a purpose-bound sub-key (for example for signing audit digests). */
  deriveKey(purpose: string): Buffer;
}

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}
