/** An encryption context as KMS has it: string pairs, bound into the ciphertext's authentication. */
export type EncryptionContext = Record<string, string>;

/** Canonical bytes of a context: keys sorted, so the same pairs always give the same bytes. */
export function canonicalContext(ctx: EncryptionContext): Buffer {
  const keys = Object.keys(ctx).sort();
  return Buffer.from(JSON.stringify(keys.map((k) => [k, ctx[k]])), 'utf8');
}

/** The context Secrets Manager uses for a secret version (as in AWS's CloudTrail records). */
export function secretVersionContext(secretArn: string, versionId: string): EncryptionContext {
  return { SecretARN: secretArn, SecretVersionId: versionId };
}
