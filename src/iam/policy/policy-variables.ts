/**
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"):
 * - `${aws:username}`, `${aws:PrincipalTag/team}`, ... are replaced by the request-context value
 *   of that key (key names are case-insensitive);
 * - `${key, 'default'}` gives a default when the key is absent ("Specifying default values");
 * - `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$` ("Special characters");
 * - variables exist only in Version 2012-10-17: without it they are literal text;
 * - a key that is not present (or is multivalued) cannot be resolved, and "any attempt to match
 *   it fails and causes the statement to be invalid" (same page, "Principal key values").
 */

/** Returns the single value of a (lower-cased) context key, or undefined when absent. */
export type VariableLookup = (lowerKey: string) => string | undefined;

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'escape'; text: string }
  | { kind: 'var'; key: string; fallback?: string };

export interface Template {
  parts: readonly TemplatePart[];
  hasVariables: boolean;
}

/** A resolved piece: `literal` pieces never carry wildcards (substituted values and escapes). */
export interface GlobPart {
  text: string;
  literal: boolean;
}

const VARIABLE = /\$\{([^}]*)\}/g;
const WITH_DEFAULT = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/;

export function parseTemplate(text: string, variablesEnabled: boolean): Template {
  if (!variablesEnabled || !text.includes('${')) return { parts: [{ kind: 'text', text }], hasVariables: false };
  const parts: TemplatePart[] = [];
  let last = 0;
  let hasVariables = false;
  for (const m of text.matchAll(VARIABLE)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    const inner = m[1] as string;
    if (inner === '*' || inner === '?' || inner === '$') parts.push({ kind: 'escape', text: inner });
    else {
      const d = WITH_DEFAULT.exec(inner);
      parts.push(d ? { kind: 'var', key: (d[1] as string).toLowerCase(), fallback: d[2] } : { kind: 'var', key: inner.trim().toLowerCase() });
      hasVariables = true;
    }
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return { parts, hasVariables: hasVariables || parts.some((p) => p.kind === 'escape') };
}

/** The template's pieces with variables substituted, or undefined if one cannot be resolved. */
export function resolveParts(t: Template, lookup: VariableLookup): GlobPart[] | undefined {
  const out: GlobPart[] = [];
  for (const p of t.parts) {
    if (p.kind === 'text') out.push({ text: p.text, literal: false });
    else if (p.kind === 'escape') out.push({ text: p.text, literal: true });
    else {
      const v = lookup(p.key) ?? p.fallback;
      if (v === undefined) return undefined;
      out.push({ text: v, literal: true });
    }
  }
  return out;
}

/** The template as a plain string (for the String operators), or undefined if unresolvable. */
export function resolveString(t: Template, lookup: VariableLookup): string | undefined {
  if (!t.hasVariables) return (t.parts[0] as { text: string }).text;
  const parts = resolveParts(t, lookup);
  return parts?.map((p) => p.text).join('');
}
