/**
 * Filter matching for ListSecrets and BatchGetSecretValue (`Filters`). Pure functions, no I/O.
 *
 * Source keys (see /work/shared/reference/api-notes.md):
 *   [M]  service model, Filter.Key / Filter.Values documentation.
 *   [LS] localstack tests/aws/services/secretsmanager/test_secretsmanager.py
 *        `test_list_secrets_filtering` (@markers.aws.validated, recorded against AWS).
 *   [MV] moto tests/test_secretsmanager/test_list_secrets.py, tests marked @aws_verified:
 *        test_with_all_filter, test_with_all_filter_special_characters,
 *        test_with_duplicate_filter_keys, test_with_filter_with_value_with_multiple_words.
 *   [UG] Secrets Manager User Guide, "Find secrets" (manage_search-secret.md).
 *   [BLOG] AWS Security Blog "Identify, arrange, and manage secrets easily using enhanced search
 *        in AWS Secrets Manager", as quoted in getmoto/moto#3173.
 *   [MO] moto implementation (emulator, not verified).
 *
 * Rules:
 * - name: literal prefix, case-sensitive; spaces are not word separators (`testing1 one`
 *   matches nothing) [M, LS].
 * - description: WORD-WISE, case-insensitive, despite the model's "prefix match": every word of
 *   the value must be a prefix of some word of the description, in any order [LS, MV, UG].
 *   `a` matches "a secret", "an secret", "asecret" but not "thesecret"; `a secret` matches
 *   "a secret" and "an secret" but not "asecret" [LS]; `o t` matches "one two" and
 *   "one and two" [MV]. A secret without a description has nothing to match.
 * - tag-key / tag-value: literal prefix, case-sensitive, of any one tag [M, UG].
 * - primary-region / owning-service: literal prefix, case-sensitive [M]. (moto matches
 *   owning-service word-wise [MO]; not recorded, so the model wins.)
 * - all: the value is split into words; a secret matches when ONE field (the name, the
 *   description, one tag key or one tag value) contains every word as a word prefix,
 *   case-insensitively. Same-field: [BLOG] ("includes both 'secrets' and 'for' in the same
 *   field"). Every word must match (AND): `SomeSecret` and `d t` [MV]. A value with no word
 *   (e.g. `+`) matches nothing [MV]. Tokenisation below.
 * - `!` before a value negates it: the value matches exactly the secrets it would not match
 *   otherwise (`!/` on names, `!a` and `!c` on descriptions) [M, LS].
 * - Values of one filter are ORed [M convention, MO]; filters, even with the same key, are
 *   ANDed [MV test_with_duplicate_filter_keys].
 *
 * Tokenisation (description and all): every character that is not a letter or digit separates
 * words (`/ _ + = . @ -` [MV], space, `#` [UG]); inside a run of letters and digits a new word
 * starts at a lower→upper change (`AppBeta` → App, Beta [MV]), before the last capital of a
 * capital run that is followed by a lower-case letter (`COMPANYthings` → COMPAN, Ythings;
 * `SecretFTag` → Secret, F, Tag [MV]), and between letters and digits (`credsDatabase#892` →
 * creds, Database, 892 [UG]; the letter/digit split is documented, not recorded). The value
 * is tokenised the same way, so `AppBeta` searches for App and Beta.
 */
import { errors } from '../errors/index.js';

export interface FilterableSecret {
  name: string;
  description?: string;
  tags: { Key: string; Value: string }[];
  primaryRegion?: string;
  owningService?: string;
}

export interface SecretFilter {
  Key: 'description' | 'name' | 'tag-key' | 'tag-value' | 'primary-region' | 'owning-service' | 'all';
  Values: string[];
}

type Predicate = (s: FilterableSecret, words: WordCache) => boolean;

/** Lower-cased words of each field of one secret, computed at most once per secret. */
class WordCache {
  private name?: string[];
  private description?: string[] | null;
  private tagFields?: string[][];

  constructor(private readonly secret: FilterableSecret) {}

  nameWords(): string[] {
    return (this.name ??= lowerWords(this.secret.name));
  }

  descriptionWords(): string[] | null {
    if (this.description === undefined) {
      const d = this.secret.description;
      this.description = d === undefined ? null : lowerWords(d);
    }
    return this.description;
  }

  /** One word list per tag key and per tag value. */
  tagWords(): string[][] {
    return (this.tagFields ??= this.secret.tags.flatMap((t) => [lowerWords(t.Key), lowerWords(t.Value)]));
  }
}

// Alternatives, in order: a capital run that ends before Capital+lower (COMPAN|Ythings, F|Tag);
// an optional capital and lower-case letters (Secret, things); a trailing capital run (COMPANY);
// digits; other letters (scripts without case). Anything else separates words.
const WORD = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?[\p{Ll}\p{M}]+|\p{Lu}+\p{M}*|\p{N}+|[\p{Lo}\p{Lt}\p{Lm}\p{M}]+/gu;

/** Splits text into search words, case preserved (the tokenisation rule above). */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

function lowerWords(text: string): string[] {
  return splitWords(text).map((w) => w.toLowerCase());
}

/** Every query word is a prefix of some word of the field. An empty query matches nothing. */
function wordsMatch(query: string[], field: string[] | null): boolean {
  if (query.length === 0 || field === null) return false;
  return query.every((q) => field.some((w) => w.startsWith(q)));
}

function prefixOf(value: string, field: string | undefined): boolean {
  return field !== undefined && field.startsWith(value);
}

function compileValue(key: SecretFilter['Key'], value: string): Predicate {
  switch (key) {
    case 'name':
      return (s) => s.name.startsWith(value);
    case 'tag-key':
      return (s) => s.tags.some((t) => t.Key.startsWith(value));
    case 'tag-value':
      return (s) => s.tags.some((t) => t.Value.startsWith(value));
    case 'primary-region':
      return (s) => prefixOf(value, s.primaryRegion);
    case 'owning-service':
      return (s) => prefixOf(value, s.owningService);
    case 'description': {
      const query = lowerWords(value);
      return (_s, w) => wordsMatch(query, w.descriptionWords());
    }
    case 'all': {
      const query = lowerWords(value);
      return (_s, w) =>
        wordsMatch(query, w.nameWords()) ||
        wordsMatch(query, w.descriptionWords()) ||
        w.tagWords().some((field) => wordsMatch(query, field));
    }
    default: {
      const unknown: never = key;
      // The model's enum check runs first; this only guards callers that skip it.
      throw errors.invalidParameter(`Invalid filter key: ${String(unknown)}`);
    }
  }
}

function compileFilter(filter: SecretFilter): Predicate {
  // The model marks neither Filter.Key nor Filter.Values required, so a raw request can leave
  // either out; refuse that as a bad parameter instead of failing (AWS's text is not recorded).
  if (filter.Key === undefined || filter.Values === undefined) {
    throw errors.invalidParameter('Each filter must have a Key and Values.');
  }
  const alternatives = filter.Values.map((raw): Predicate => {
    const negated = raw.startsWith('!');
    const match = compileValue(filter.Key, negated ? raw.slice(1) : raw);
    return negated ? (s, w) => !match(s, w) : match;
  });
  return (s, w) => alternatives.some((p) => p(s, w));
}

/**
 * Compiles request filters once; the returned predicate is applied to each candidate secret.
 * No filters → every secret matches. Filters AND; the values of one filter OR.
 */
export function compileFilters(filters: SecretFilter[]): (s: FilterableSecret) => boolean {
  const compiled = filters.map(compileFilter);
  if (compiled.length === 0) return () => true;
  return (s) => {
    const words = new WordCache(s);
    return compiled.every((p) => p(s, words));
  };
}
