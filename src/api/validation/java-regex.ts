/**
 * Java regular expressions (botocore `pattern`s) -> JavaScript RegExp (flag `u`), full match.
 */
import { escape } from './java-regex-escapes.js';

const SYNTAX = new Set('^$\\.*+?()[]{}|/-');

function literalOut(cp: number): string {
  const c = String.fromCodePoint(cp);
  if (SYNTAX.has(c)) return c === '-' ? '-' : `\\${c}`;
  return cp < 0x20 || cp > 0x7e ? `\\u{${cp.toString(16)}}` : c;
}

function literalIn(cp: number): string {
  const c = String.fromCodePoint(cp);
  if (c === '\\' || c === ']' || c === '[' || c === '^' || c === '-') return `\\${c}`;
  return cp < 0x20 || cp > 0x7e ? `\\u{${cp.toString(16)}}` : c;
}

/** Parses a class starting at p[i] === '['; returns its JS class body, negation and end. */
function parseClass(p: string, i: number): { body: string; neg: boolean; next: number } {
  let j = i + 1;
  let neg = false;
  if (p[j] === '^') {
    neg = true;
    j++;
  }
  let body = '';
  let first = true;
  for (;;) {
    if (j >= p.length) throw new Error('unclosed character class');
    const c = p[j] as string;
    if (c === ']' && !first) return { body, neg, next: j + 1 };
    if (c === '&' && p[j + 1] === '&') throw new Error('character class intersection (&&) is not supported');
    if (c === '[') {
      const inner = parseClass(p, j);
      if (inner.neg) throw new Error('negated nested character class is not supported');
      body += inner.body;
      j = inner.next;
    } else if (c === '\\') {
      const [esc, next] = escape(p, j);
      if (esc.kind === 'literal') body += literalIn(esc.cp);
      else if (esc.kind === 'quote') for (const ch of esc.text) body += literalIn(ch.codePointAt(0) as number);
      else if (esc.kind === 'set') {
        if (!esc.neg) body += esc.cls;
        else if (esc.single !== undefined) body += esc.single;
        else throw new Error('negated class escape inside a character class is not supported');
      } else throw new Error(`${esc.text} is not allowed in a character class`);
      j = next;
    } else if (c === '-') {
      body += '-';
      j++;
    } else {
      const cp = p.codePointAt(j) as number;
      body += literalIn(cp);
      j += cp > 0xffff ? 2 : 1;
    }
    first = false;
  }
}

function translate(p: string, dotAll: boolean): string {
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p[i] as string;
    if (c === '\\') {
      const [esc, next] = escape(p, i);
      if (esc.kind === 'literal') out += literalOut(esc.cp);
      else if (esc.kind === 'quote') for (const ch of esc.text) out += literalOut(ch.codePointAt(0) as number);
      else if (esc.kind === 'set') out += esc.single ?? `[${esc.neg ? '^' : ''}${esc.cls}]`;
      else out += esc.text;
      i = next;
    } else if (c === '[') {
      const cls = parseClass(p, i);
      out += `[${cls.neg ? '^' : ''}${cls.body}]`;
      i = cls.next;
    } else if (c === '(') {
      const rest = p.slice(i);
      const group = /^\((?:\?(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>))?/.exec(rest) as RegExpExecArray;
      if (rest[1] === '?' && group[0] === '(') throw new Error(`unsupported group construct ${rest.slice(0, 3)}`);
      out += group[0];
      i += group[0].length;
    } else if (c === '.') {
      // Java's dot also stops at U+0085.
      out += dotAll ? '[\\s\\S]' : '[^\\n\\r\\x85\\u2028\\u2029]';
      i++;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      const quant = c === '{' ? /^\{\d+(?:,\d*)?\}/.exec(p.slice(i))?.[0] : c;
      if (quant === undefined) {
        out += '\\{';
        i++;
        continue;
      }
      out += quant;
      i += quant.length;
      // Possessive quantifiers (X*+) have no JS form; greedy matches the same strings in
      // every pattern of the AWS models.
      if (p[i] === '+') i++;
    } else if (c === '}' || c === ']') {
      out += `\\${c}`;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Compiles a Java regular expression (a botocore `pattern`) into a JavaScript RegExp that
 * matches the whole value, as Coral validates patterns (Pattern#matches). Handles Java-only
 * syntax: leading inline flags, \p{Posix} classes, \Q..\E, \x{..}, \e, \a, octal, \h, \v, \R,
 * \A/\z/\Z, nested class unions and possessive quantifiers. Throws for constructs without a
 * JavaScript equivalent (class intersections, atomic groups, embedded flag groups).
 */
export function compileJavaPattern(pattern: string): RegExp {
  let flags = 'u';
  let body = pattern;
  const inline = /^\(\?([idmsuxU]+)\)/.exec(body);
  if (inline) {
    const f = inline[1] as string;
    if (f.includes('x')) throw new Error('the COMMENTS flag (?x) is not supported');
    if (f.includes('i')) flags += 'i';
    if (f.includes('s')) flags += 's';
    if (f.includes('m')) flags += 'm';
    body = body.slice(inline[0].length);
  }
  try {
    const js = translate(body, flags.includes('s'));
    return flags.includes('m') ? new RegExp(`(?<![\\s\\S])(?:${js})(?![\\s\\S])`, flags) : new RegExp(`^(?:${js})$`, flags);
  } catch (e) {
    throw new Error(`cannot compile model pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}
