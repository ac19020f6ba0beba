import tls from 'node:tls';

/** The key shares Coffer prefers: the hybrid post-quantum group first, where OpenSSL has it. */
const HYBRID_FIRST = 'X25519MLKEM768:X25519:P-256:P-384:P-521';

let groups: string | undefined | null = null;

/** HYBRID_FIRST when this runtime's OpenSSL knows X25519MLKEM768 (OpenSSL 3.5, Node >= 24); else undefined (Node's default). */
function preferredGroups(): string | undefined {
  if (groups === null) {
    try {
      tls.createSecureContext({ ecdhCurve: HYBRID_FIRST });
      groups = HYBRID_FIRST;
    } catch {
      groups = undefined;
    }
  }
  return groups;
}

/** The server side of Coffer's TLS: the certificate and key, TLS 1.2 at least. */
export function tlsServerOptions(credentials: { cert: Buffer; key: Buffer }): tls.TlsOptions {
  const ecdhCurve = preferredGroups();
  return { cert: credentials.cert, key: credentials.key, minVersion: 'TLSv1.2', ...(ecdhCurve ? { ecdhCurve } : {}) };
}
