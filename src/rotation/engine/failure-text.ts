/**
 * A step's failure message quotes the function (the tail of its standard error, or of an
 * endpoint's answer), and a function may print what it handles. Before the message is stored
 * (`coffer rotation status`) or logged, every value of the secret being rotated that Coffer holds
 * is replaced by `[secret]`: each labelled version's whole value and, for a JSON object, the
 * string members whose name says they are secret (password, secret, token, key: a password
 * printed alone). Other members (host, username, dbname, engine) are left, so that messages such
 * as a database's "connection refused" stay readable.
 */
import type { VersionSealer } from '../../secrets/index.js';
import type { StoreTx } from '../../store/index.js';

const SECRET_MEMBER = /password|secret|token|key/i;

/** The texts of the secret's labelled versions that must not appear in a failure message, longest first. */
export async function secretTexts(tx: StoreTx, sealer: VersionSealer, secretArn: string, now: number): Promise<string[]> {
  const out = new Set<string>();
  for (const version of await tx.listVersions(secretArn)) {
    if (version.stages.length === 0) continue;
    const value = await sealer.open(tx, secretArn, version, now).catch(() => undefined);
    if (!value || value.kind !== 'string') continue;
    const text = value.bytes.toString('utf8');
    out.add(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [k, v] of Object.entries(parsed)) if (SECRET_MEMBER.test(k) && typeof v === 'string') out.add(v);
      }
    } catch {
      // not JSON: the whole text is enough
    }
  }
  return [...out].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
}

/** `message` with every one of `texts` replaced by `[secret]`. */
export function withoutTexts(message: string, texts: readonly string[]): string {
  let out = message;
  for (const t of texts) out = out.split(t).join('[secret]');
  return out;
}
