/**
 * Wildcard matching, compiled once per pattern list.
 *
 * - Action/NotAction: case-insensitive, `*` any run of characters, `?` one character, over the
 *   whole `service:Action` text (IAM User Guide, "IAM JSON policy elements: Action").
 * - Resource/NotResource and the Arn condition operators: case-sensitive and per ARN segment
 *   ("IAM JSON policy elements: Condition operators", ARN: "Each of the six colon-delimited
 *   components of the ARN is checked separately"): a wildcard in partition, service, region or
 *   account stays inside its segment; in the resource part (after the fifth colon) it may span
 *   colons. A pattern with fewer than six segments is read with the missing ones as `*`, the way
 *   IAM prints such a resource back (`arn:b:cadfsdf:*:*:*`, see resource-format.ts).
 * - StringLike: case-sensitive over the whole string.
 */
import { parseTemplate, resolveParts, type GlobPart, type Template, type VariableLookup } from './policy-variables.js';

export type Matcher = (value: string) => boolean;
/** undefined: a policy variable could not be resolved, so the statement does not apply. */
export type TemplateMatcher = (value: string, lookup: VariableLookup) => boolean | undefined;

export type GlobMode = 'plain' | 'arn';

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The anchored regular-expression source for pattern pieces. */
export function globSource(parts: readonly GlobPart[], mode: GlobMode): string {
  let src = '';
  let colons = 0;
  const isArn = mode === 'arn' && parts.length > 0 && !parts[0]!.literal && parts[0]!.text.startsWith('arn:');
  for (const p of parts) {
    if (p.literal) {
      for (const ch of p.text) if (ch === ':') colons++;
      src += escapeRegex(p.text);
      continue;
    }
    for (const ch of p.text) {
      const inSegment = isArn && colons < 5;
      if (ch === '*') src += inSegment ? '[^:]*' : '[\\s\\S]*';
      else if (ch === '?') src += inSegment ? '[^:]' : '[\\s\\S]';
      else {
        if (ch === ':') colons++;
        src += escapeRegex(ch);
      }
    }
  }
  // Missing segments read as `*`; the sixth (resource part) may span colons.
  if (isArn) while (colons < 5) src += ++colons === 5 ? ':[\\s\\S]*' : ':[^:]*';
  return `^${src}$`;
}

const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

/** Compiles a list of patterns without variables into one matcher (any pattern matches). */
export function compileGlobs(patterns: readonly string[], mode: GlobMode, ignoreCase: boolean): Matcher {
  if (patterns.includes('*')) return () => true;
  const exact = new Set<string>();
  const sources: string[] = [];
  for (const p of patterns) {
    const padded = mode === 'arn' && p.startsWith('arn:') && p.split(':').length < 6;
    if (!hasWildcard(p) && !padded) exact.add(ignoreCase ? p.toLowerCase() : p);
    else sources.push(globSource([{ text: p, literal: false }], mode));
  }
  const re = sources.length ? new RegExp(sources.map((s) => `(?:${s})`).join('|'), ignoreCase ? 'i' : '') : undefined;
  if (!re) return ignoreCase ? (v) => exact.has(v.toLowerCase()) : (v) => exact.has(v);
  return ignoreCase ? (v) => exact.has(v.toLowerCase()) || re.test(v) : (v) => exact.has(v) || re.test(v);
}

/** A small bounded cache of patterns compiled after variable substitution. */
const dynamic = new Map<string, RegExp>();
const DYNAMIC_LIMIT = 2048;
function dynamicRegex(source: string): RegExp {
  let re = dynamic.get(source);
  if (re) return re;
  re = new RegExp(source);
  if (dynamic.size >= DYNAMIC_LIMIT) dynamic.delete(dynamic.keys().next().value as string);
  dynamic.set(source, re);
  return re;
}

/**
 * Compiles a Resource/NotResource list (or ArnLike values) that may hold policy variables.
 * Patterns without variables are compiled once; the others after substitution, per request.
 */
export function compileTemplates(patterns: readonly string[], mode: GlobMode, variablesEnabled: boolean): TemplateMatcher {
  const templates: Template[] = [];
  const fixed: string[] = [];
  for (const p of patterns) {
    const t = parseTemplate(p, variablesEnabled);
    if (t.hasVariables) templates.push(t);
    else fixed.push(p);
  }
  const fixedMatch = fixed.length ? compileGlobs(fixed, mode, false) : () => false;
  if (!templates.length) return (v) => fixedMatch(v);
  return (value, lookup) => {
    let matched = fixedMatch(value);
    for (const t of templates) {
      const parts = resolveParts(t, lookup);
      if (!parts) return undefined;
      if (!matched) matched = dynamicRegex(globSource(parts, mode)).test(value);
    }
    return matched;
  };
}
