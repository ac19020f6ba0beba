/**
 * The Principal/NotPrincipal element (IAM User Guide, "AWS JSON policy elements: Principal" and
 * "NotPrincipal"): parsing, and matching a calling principal.
 *
 * - `"*"` and `{"AWS": "*"}` mean everyone.
 * - `{"AWS": "123456789012"}` and `{"AWS": "arn:aws:iam::123456789012:root"}` both name the
 *   account: any principal of it, subject to that account's IAM policies (delegation).
 * - user and role ARNs name that user or role; a role session is also matched by the session ARN
 *   `arn:aws:sts::<acct>:assumed-role/<role>/<session>`.
 * - `{"Service": "secretsmanager.amazonaws.com"}` names a service principal.
 */
import type { JsonValue } from './json-reader.js';
import type { RequestPrincipal } from './policy-types.js';

export interface PrincipalSpec {
  readonly wildcard: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  /** The values as written, for the public-policy check and error texts. */
  readonly entries: readonly { type: string; value: string }[];
}

/** How a principal is named by a statement, strongest last. */
export type PrincipalGrant = 'none' | 'account' | 'role' | 'direct';

const ACCOUNT = /^\d{12}$/;
const ROOT = /^arn:aws:iam::(\d{12}):root$/;
const IAM_ENTITY = /^arn:aws:iam::\d{12}:(user|role)\/[\w+=,.@\-/]+$/;
const STS_SESSION = /^arn:aws:sts::\d{12}:(assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+)$/;
const SERVICE = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const KNOWN_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export type PrincipalParse = { spec: PrincipalSpec } | { invalid: string };

/** Parses the element; `invalid` carries AWS's rendering of the first bad entry: `"AWS":"x"`. */
export function parsePrincipal(raw: JsonValue): PrincipalParse {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const services = new Set<string>();
  const federated = new Set<string>();
  const entries: { type: string; value: string }[] = [];
  let wildcard = false;
  if (typeof raw === 'string') {
    if (raw !== '*') return { invalid: JSON.stringify(raw) };
    return { spec: { wildcard: true, accounts, arns, services, federated, entries: [{ type: '*', value: '*' }] } };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { invalid: JSON.stringify(raw) };
  for (const [type, v] of Object.entries(raw)) {
    const values = Array.isArray(v) ? v : [v];
    if (!KNOWN_TYPES.has(type) || values.length === 0) return { invalid: `${JSON.stringify(type)}:${JSON.stringify(v)}` };
    for (const value of values) {
      const bad = { invalid: `${JSON.stringify(type)}:${JSON.stringify(value)}` };
      if (typeof value !== 'string' || value === '') return bad;
      entries.push({ type, value });
      if (type === 'AWS') {
        const root = ROOT.exec(value);
        if (value === '*') wildcard = true;
        else if (ACCOUNT.test(value)) accounts.add(value);
        else if (root) accounts.add(root[1] as string);
        else if (IAM_ENTITY.test(value) || STS_SESSION.test(value)) arns.add(value);
        else return bad;
      } else if (type === 'Service') {
        if (!SERVICE.test(value)) return bad;
        services.add(value.toLowerCase());
      } else if (type === 'Federated') federated.add(value);
      // CanonicalUser (S3 only) is accepted but never matches a Coffer principal.
    }
  }
  return { spec: { wildcard, accounts, arns, services, federated, entries } };
}

/** The role ARN of a session: given, or derived (without path) from the session ARN. */
export function sessionRoleArn(p: RequestPrincipal): string | undefined {
  if (p.type !== 'AssumedRole') return undefined;
  if (p.roleArn) return p.roleArn;
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(p.arn);
  return m ? `arn:aws:iam::${m[1]}:role/${m[2]}` : undefined;
}

/** How strongly a Principal element names the caller. */
export function principalGrant(spec: PrincipalSpec, p: RequestPrincipal): PrincipalGrant {
  if (spec.wildcard) return 'direct';
  switch (p.type) {
    case 'Service':
      return spec.services.has(p.arn.toLowerCase()) ? 'direct' : 'none';
    case 'User':
      if (spec.arns.has(p.arn)) return 'direct';
      break;
    case 'AssumedRole': {
      if (spec.arns.has(p.arn)) return 'direct';
      const role = sessionRoleArn(p);
      if (role && spec.arns.has(role)) return 'role';
      break;
    }
    case 'Root':
      break;
  }
  return spec.accounts.has(p.accountId) ? 'account' : 'none';
}

/**
 * Whether a NotPrincipal element exempts the caller. AWS may check every identity of the chain
 * (account, then role, then session), so the page asks to list them all: a user is exempt only if
 * its ARN and its account are listed; a role session only if the session ARN, the role ARN and
 * the account are ("NotPrincipal", "NotPrincipal With Deny").
 */
export function notPrincipalExempts(spec: PrincipalSpec, p: RequestPrincipal): boolean {
  if (spec.wildcard) return true;
  if (p.type === 'Service') return spec.services.has(p.arn.toLowerCase());
  if (!spec.accounts.has(p.accountId)) return false;
  if (p.type === 'Root') return true;
  if (p.type === 'User') return spec.arns.has(p.arn);
  const role = sessionRoleArn(p);
  return spec.arns.has(p.arn) && role !== undefined && spec.arns.has(role);
}
