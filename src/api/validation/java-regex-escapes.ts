/**
 * The escape sequences of Java regular expressions (java.util.regex.Pattern), lexed into
 * tokens that the pattern translator (java-regex.ts) writes out as JavaScript (flag `u`).
 */

export type Escape =
  | { kind: 'literal'; cp: number }
  | { kind: 'set'; cls: string; neg: boolean; single?: string }
  | { kind: 'raw'; text: string }
  | { kind: 'quote'; text: string };

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '\\x21-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7E',
  Graph: '\\x21-\\x7E',
  Print: '\\x20-\\x7E',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: '\\t\\n\\v\\f\\r ',
};

const JAVA_PROPS: Record<string, string> = {
  javaLowerCase: 'Lowercase',
  javaUpperCase: 'Uppercase',
  javaWhitespace: 'White_Space',
  javaMirrored: 'Bidi_Mirrored',
  javaLetter: 'L',
  javaDigit: 'Nd',
  javaLetterOrDigit: 'L}\\p{Nd',
  javaAlphabetic: 'Alphabetic',
};

function jsPropertyExists(name: string): boolean {
  try {
    new RegExp(`\\p{${name}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** `\p{Name}` / `\P{Name}` (also `\pL`) starting at p[i] === '\\'. */
function property(p: string, i: number, negated: boolean): [Escape, number] {
  let name: string;
  let next: number;
  if (p[i + 2] === '{') {
    const end = p.indexOf('}', i + 3);
    if (end < 0) throw new Error('unclosed \\p{');
    name = p.slice(i + 3, end);
    next = end + 1;
  } else {
    name = p[i + 2] ?? '';
    next = i + 3;
  }
  const posix = POSIX[name];
  if (posix !== undefined) return [{ kind: 'set', cls: posix, neg: negated }, next];
  let js: string | undefined = JAVA_PROPS[name];
  if (js === undefined) {
    const bare = name.startsWith('Is') ? name.slice(2) : name;
    if (jsPropertyExists(bare)) js = bare;
    else if (jsPropertyExists(`Script=${bare}`)) js = `Script=${bare}`;
    else if (name.startsWith('general_category=') || name.startsWith('gc=')) js = `gc=${name.split('=')[1]}`;
  }
  if (js === undefined) throw new Error(`unsupported Java character property \\p{${name}}`);
  const cls = `\\p{${js}}`;
  return [{ kind: 'set', cls, neg: negated, single: `\\${negated ? 'P' : 'p'}{${js}}` }, next];
}

function hex(p: string, from: number, count: number): number {
  const digits = p.slice(from, from + count);
  if (digits.length !== count || !/^[0-9A-Fa-f]+$/.test(digits)) throw new Error('bad hex escape');
  return parseInt(digits, 16);
}

/** Lexes the escape at p[i] === '\\'; returns the token and the index after it. */
export function escape(p: string, i: number): [Escape, number] {
  const e = p[i + 1];
  if (e === undefined) throw new Error('trailing backslash');
  switch (e) {
    case 'd':
      return [{ kind: 'set', cls: '0-9', neg: false, single: '\\d' }, i + 2];
    case 'D':
      return [{ kind: 'set', cls: '0-9', neg: true, single: '\\D' }, i + 2];
    case 'w':
      return [{ kind: 'set', cls: 'a-zA-Z_0-9', neg: false, single: '\\w' }, i + 2];
    case 'W':
      return [{ kind: 'set', cls: 'a-zA-Z_0-9', neg: true, single: '\\W' }, i + 2];
    case 's': // Java's \s is ASCII only
      return [{ kind: 'set', cls: '\\t\\n\\v\\f\\r ', neg: false }, i + 2];
    case 'S':
      return [{ kind: 'set', cls: '\\t\\n\\v\\f\\r ', neg: true }, i + 2];
    case 'h':
    case 'H':
      return [{ kind: 'set', cls: ' \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000', neg: e === 'H' }, i + 2];
    case 'v':
    case 'V':
      return [{ kind: 'set', cls: '\\n\\v\\f\\r\\x85\\u2028\\u2029', neg: e === 'V' }, i + 2];
    case 'p':
    case 'P':
      return property(p, i, e === 'P');
    case 't':
      return [{ kind: 'literal', cp: 9 }, i + 2];
    case 'n':
      return [{ kind: 'literal', cp: 10 }, i + 2];
    case 'r':
      return [{ kind: 'literal', cp: 13 }, i + 2];
    case 'f':
      return [{ kind: 'literal', cp: 12 }, i + 2];
    case 'a':
      return [{ kind: 'literal', cp: 7 }, i + 2];
    case 'e':
      return [{ kind: 'literal', cp: 27 }, i + 2];
    case 'c': {
      const x = p.charCodeAt(i + 2);
      if (Number.isNaN(x)) throw new Error('bad \\c escape');
      return [{ kind: 'literal', cp: x ^ 64 }, i + 3];
    }
    case '0': {
      const m = /^[0-7]{1,3}/.exec(p.slice(i + 2));
      if (!m) throw new Error('bad octal escape');
      let digits = m[0];
      if (digits.length === 3 && digits[0]! > '3') digits = digits.slice(0, 2);
      return [{ kind: 'literal', cp: parseInt(digits, 8) }, i + 2 + digits.length];
    }
    case 'x': {
      if (p[i + 2] === '{') {
        const end = p.indexOf('}', i + 3);
        if (end < 0) throw new Error('unclosed \\x{');
        return [{ kind: 'literal', cp: hex(p, i + 3, end - i - 3) }, end + 1];
      }
      return [{ kind: 'literal', cp: hex(p, i + 2, 2) }, i + 4];
    }
    case 'u': {
      let cp = hex(p, i + 2, 4);
      let next = i + 6;
      // A surrogate pair written as two escapes is one code point to Java.
      if (cp >= 0xd800 && cp <= 0xdbff && p[next] === '\\' && p[next + 1] === 'u') {
        const low = hex(p, next + 2, 4);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          next += 6;
        }
      }
      return [{ kind: 'literal', cp }, next];
    }
    case 'Q': {
      const end = p.indexOf('\\E', i + 2);
      return end < 0 ? [{ kind: 'quote', text: p.slice(i + 2) }, p.length] : [{ kind: 'quote', text: p.slice(i + 2, end) }, end + 2];
    }
    case 'b':
    case 'B':
      return [{ kind: 'raw', text: `\\${e}` }, i + 2];
    case 'A':
      return [{ kind: 'raw', text: '(?<![\\s\\S])' }, i + 2];
    case 'z':
      return [{ kind: 'raw', text: '(?![\\s\\S])' }, i + 2];
    case 'Z':
      return [{ kind: 'raw', text: '(?=\\n?(?![\\s\\S]))' }, i + 2];
    case 'R':
      return [{ kind: 'raw', text: '(?:\\r\\n|[\\n\\v\\f\\r\\x85\\u2028\\u2029])' }, i + 2];
    case 'k': {
      const m = /^<[A-Za-z][A-Za-z0-9]*>/.exec(p.slice(i + 2));
      if (!m) throw new Error('bad \\k escape');
      return [{ kind: 'raw', text: `\\k${m[0]}` }, i + 2 + m[0].length];
    }
    default: {
      if (e >= '1' && e <= '9') {
        const m = /^[0-9]+/.exec(p.slice(i + 1)) as RegExpExecArray;
        return [{ kind: 'raw', text: `\\${m[0]}` }, i + 1 + m[0].length];
      }
      if (/[A-Za-z0-9]/.test(e)) throw new Error(`unsupported Java escape \\${e}`);
      const cp = p.codePointAt(i + 1) as number;
      return [{ kind: 'literal', cp }, i + 1 + (cp > 0xffff ? 2 : 1)];
    }
  }
}
