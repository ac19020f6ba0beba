import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateRandomPassword, type PasswordOptions } from '../../src/secrets/random-password.js';
import { AwsError } from '../../src/errors/index.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
// The model's ExcludePunctuation list: every printable ASCII character that is not a letter,
// digit or space.
const PUNCT = [...Array(95).keys()]
  .map((i) => String.fromCharCode(32 + i))
  .filter((c) => !/[A-Za-z0-9 ]/.test(c))
  .join('');

const has = (pw: string, set: string) => [...pw].some((c) => set.includes(c));
const samples = (n: number, o: PasswordOptions) => Array.from({ length: n }, () => generateRandomPassword(o));

function refuses(o: PasswordOptions, message: string): void {
  assert.throws(
    () => generateRandomPassword(o),
    (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'InvalidParameterException');
      assert.equal(e.status, 400);
      assert.equal(e.message, message);
      return true;
    },
  );
}

describe('generateRandomPassword', () => {
  it('punctuation set is the 32 characters of the model', () => {
    assert.equal(PUNCT, '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
    assert.equal(PUNCT.length, 32);
  });

  it('default length is 32 and lengths are exact', () => {
    assert.equal(generateRandomPassword({}).length, 32);
    for (const n of [1, 2, 3, 4, 5, 17, 32, 33, 100, 1000, 4096]) {
      const o: PasswordOptions = { PasswordLength: n, RequireEachIncludedType: n >= 4 };
      for (const pw of samples(5, o)) assert.equal(pw.length, n);
    }
  });

  it('only allowed characters appear (no space unless asked)', () => {
    const allowed = LOWER + UPPER + DIGITS + PUNCT;
    for (const pw of samples(200, { PasswordLength: 64 })) {
      for (const c of pw) assert.ok(allowed.includes(c), `unexpected ${JSON.stringify(c)}`);
    }
  });

  it('each Exclude* switch is honoured', () => {
    const cases: [PasswordOptions, string][] = [
      [{ ExcludeLowercase: true }, LOWER],
      [{ ExcludeUppercase: true }, UPPER],
      [{ ExcludeNumbers: true }, DIGITS],
      [{ ExcludePunctuation: true }, PUNCT],
    ];
    for (const [o, banned] of cases) {
      for (const pw of samples(300, { ...o, PasswordLength: 64 })) assert.ok(!has(pw, banned), pw);
    }
  });

  it('ExcludeCharacters never appear (localstack/moto example, length 120)', () => {
    const excluded = 'xyzDje@?!.';
    for (const pw of samples(300, { PasswordLength: 120, ExcludeCharacters: excluded })) {
      assert.equal(pw.length, 120);
      assert.ok(!has(pw, excluded), pw);
    }
  });

  it('ExcludeCharacters can leave a single character of a class', () => {
    const o = { PasswordLength: 16, ExcludeCharacters: DIGITS.slice(1), ExcludePunctuation: true };
    for (const pw of samples(200, o)) {
      assert.ok(pw.includes('0'));
      assert.ok(!has(pw, DIGITS.slice(1)));
    }
  });

  it('IncludeSpace allows spaces but does not require one in every password', () => {
    // [M]: with IncludeSpace the password "can" contain spaces; RequireEachIncludedType names only
    // upper, lower, number and punctuation.
    const pws = samples(500, { PasswordLength: 4, IncludeSpace: true });
    assert.ok(pws.some((pw) => pw.includes(' ')) === false, 'at length 4 the four required classes fill every place');
    const long = samples(500, { PasswordLength: 32, IncludeSpace: true });
    assert.ok(long.some((pw) => pw.includes(' ')) && long.some((pw) => !pw.includes(' ')));
    const loose = samples(500, { PasswordLength: 32, IncludeSpace: true, RequireEachIncludedType: false });
    assert.ok(loose.some((pw) => pw.includes(' ')));
  });

  it('every required class is present in every password, even at the minimum length', () => {
    for (const [len, n] of [[4, 2000], [5, 2000], [32, 500]] as const) {
      for (const pw of samples(n, { PasswordLength: len })) {
        for (const set of [LOWER, UPPER, DIGITS, PUNCT]) assert.ok(has(pw, set), `${pw} lacks one of ${set}`);
      }
    }
    for (const pw of samples(1000, { PasswordLength: 3, ExcludePunctuation: true })) {
      for (const set of [LOWER, UPPER, DIGITS]) assert.ok(has(pw, set), pw);
    }
  });

  it('required characters are not stuck at fixed positions', () => {
    // At length 4 each position must at some point hold each of the four classes.
    const seen = Array.from({ length: 4 }, () => new Set<string>());
    const classOf = (c: string) => [LOWER, UPPER, DIGITS, PUNCT].findIndex((s) => s.includes(c));
    for (const pw of samples(2000, { PasswordLength: 4 })) [...pw].forEach((c, i) => seen[i]!.add(String(classOf(c))));
    for (const s of seen) assert.equal(s.size, 4);
  });

  it('every allowed character shows up across 2000 passwords (rough uniformity)', () => {
    // 94 characters, 64000 draws: each is expected ~680 times; missing one has probability ~e^-680.
    const counts = new Map<string, number>();
    for (const pw of samples(2000, {})) for (const c of pw) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const c of LOWER + UPPER + DIGITS + PUNCT) assert.ok((counts.get(c) ?? 0) > 0, `never saw ${c}`);
    assert.equal(counts.size, 94);
  });

  it('RequireEachIncludedType=false allows classes to be missing and short lengths', () => {
    assert.equal(generateRandomPassword({ PasswordLength: 1, RequireEachIncludedType: false }).length, 1);
    const pws = samples(300, { PasswordLength: 2, RequireEachIncludedType: false });
    assert.ok(pws.some((pw) => !has(pw, PUNCT)));
  });

  it('refuses impossible combinations with InvalidParameterException', () => {
    const tooShort = 'Password length is too short based on the required types.';
    const allExcluded = 'All characters have been excluded from selection.';
    const classEmptied = 'All characters of the desired type have been excluded.';
    refuses({ PasswordLength: 3 }, tooShort);
    refuses({ PasswordLength: 1 }, tooShort);
    assert.equal(generateRandomPassword({ PasswordLength: 4, IncludeSpace: true }).length, 4);
    refuses({ PasswordLength: 1, ExcludeLowercase: true, ExcludeUppercase: true }, tooShort);
    assert.equal(generateRandomPassword({ PasswordLength: 2, ExcludeLowercase: true, ExcludeUppercase: true }).length, 2);
    const none = { ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true };
    refuses(none, allExcluded);
    refuses({ ...none, RequireEachIncludedType: false }, allExcluded);
    refuses({ ExcludeCharacters: LOWER + UPPER + DIGITS + PUNCT, RequireEachIncludedType: false }, allExcluded);
    refuses({ ExcludeCharacters: DIGITS }, classEmptied);
    refuses({ ExcludeCharacters: PUNCT }, classEmptied);
    for (const pw of samples(200, { IncludeSpace: true, ExcludeCharacters: ' ' })) assert.ok(!pw.includes(' '));
  });

  it('works when only the space is left', () => {
    const none = { ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true };
    assert.equal(generateRandomPassword({ ...none, IncludeSpace: true, PasswordLength: 3 }), '   ');
  });

  it('a class emptied by ExcludeCharacters is fine when classes are not required', () => {
    for (const pw of samples(100, { ExcludeCharacters: DIGITS, RequireEachIncludedType: false })) {
      assert.ok(!has(pw, DIGITS));
    }
  });
});
