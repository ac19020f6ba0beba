/**
 * GetRandomPassword: a password drawn with the CSPRNG from the character classes the request
 * leaves in.
 *
 * Rules (api-notes §5 GetRandomPassword; [M] = the service model's documentation):
 * - Length defaults to 32 [M] and is exact. The model validates 1..4096 before this runs.
 * - Classes: lower-case a-z, upper-case A-Z, digits 0-9, the 32 punctuation characters
 *   listed under ExcludePunctuation [M], and the space when IncludeSpace [M]. Each Exclude*
 *   switch removes its class; ExcludeCharacters removes single characters from every class.
 * - RequireEachIncludedType defaults to true [M: "If you don't include this switch, the
 *   password contains at least one of every character type"]: one character of each included
 *   class of the four [M] names (lower, upper, digit, punctuation; the space is allowed by
 *   IncludeSpace but never required: [M] says the password "can" contain it), then the rest from
 *   the union, the whole shuffled so required characters land at uniformly random positions.
 * - Every draw uses crypto.randomInt, which rejects out-of-range draws (no modulo bias).
 *
 * Refusals, all InvalidParameterException (checked in this order):
 * 1. a required class emptied by ExcludeCharacters: CLASS_EMPTIED. Text quoted as AWS's
 *    (CloudFormation GenerateSecretString, which uses the same generator) by several public
 *    CDK projects, e.g. comments "an error occurred such as: 'All characters of the desired
 *    type have been excluded'"; the trailing period is our guess.
 * 2. nothing left to draw from: ALL_EXCLUDED. Text from go-to-k/cdkd#3086, which reports it
 *    as measured on CloudFormation; unverified against GetRandomPassword itself.
 * 3. length below the number of required classes: TOO_SHORT. moto's text
 *    (moto/secretsmanager/responses.py), also reported by cdkd#3086; unverified.
 */
import { randomInt } from 'node:crypto';
import { errors } from '../errors/index.js';

export interface PasswordOptions {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

const PASSWORD_ERRORS = {
  CLASS_EMPTIED: 'All characters of the desired type have been excluded.',
  ALL_EXCLUDED: 'All characters have been excluded from selection.',
  TOO_SHORT: 'Password length is too short based on the required types.',
} as const;

const DEFAULT_LENGTH = 32;
const MAX_LENGTH = 4096;
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const SPACE = ' ';

function pick(chars: string): string {
  return chars[randomInt(chars.length)]!;
}

/** Fisher–Yates with the CSPRNG: every permutation equally likely. */
function shuffle(a: string[]): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** The required classes the switches leave in, each with ExcludeCharacters already removed. */
function includedClasses(o: PasswordOptions): string[] {
  const excluded = new Set(o.ExcludeCharacters ?? '');
  const classes: string[] = [];
  if (!o.ExcludeLowercase) classes.push(LOWER);
  if (!o.ExcludeUppercase) classes.push(UPPER);
  if (!o.ExcludeNumbers) classes.push(DIGITS);
  if (!o.ExcludePunctuation) classes.push(PUNCTUATION);
  return classes.map((c) => [...c].filter((ch) => !excluded.has(ch)).join(''));
}

/** Generates one password; throws AwsError InvalidParameterException for impossible requests. */
export function generateRandomPassword(o: PasswordOptions): string {
  const length = o.PasswordLength ?? DEFAULT_LENGTH;
  if (!Number.isSafeInteger(length) || length < 1 || length > MAX_LENGTH) {
    // The model check (1..4096) normally rejects this first, with a ValidationException.
    throw errors.invalidParameter('PasswordLength must be between 1 and 4096.');
  }
  const classes = includedClasses(o);
  const requireEach = o.RequireEachIncludedType ?? true;
  if (requireEach && classes.some((c) => c.length === 0)) {
    throw errors.invalidParameter(PASSWORD_ERRORS.CLASS_EMPTIED);
  }
  const space = o.IncludeSpace && !(o.ExcludeCharacters ?? '').includes(SPACE) ? SPACE : '';
  const pool = classes.join('') + space;
  if (pool.length === 0) throw errors.invalidParameter(PASSWORD_ERRORS.ALL_EXCLUDED);
  const required = requireEach ? classes : [];
  if (length < required.length) throw errors.invalidParameter(PASSWORD_ERRORS.TOO_SHORT);

  const chars = required.map(pick);
  while (chars.length < length) chars.push(pick(pool));
  shuffle(chars);
  return chars.join('');
}
