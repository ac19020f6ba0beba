import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilters, splitWords, type FilterableSecret, type SecretFilter } from '../../src/secrets/list-filter.js';

type Seed = Partial<FilterableSecret> & { name: string };
const secret = (s: Seed): FilterableSecret => ({ tags: [], ...s });

/** Names of the secrets, in order, that the filters keep. */
function run(secrets: Seed[], filters: SecretFilter[]): string[] {
  const keep = compileFilters(filters);
  return secrets.map(secret).filter(keep).map((s) => s.name);
}

describe('list-filter: localstack test_list_secrets_filtering (aws validated)', () => {
  // localstack tests/aws/services/secretsmanager/test_secretsmanager.py, recorded against AWS.
  const sfx = '12345';
  const s1 = `testing1/one-${sfx}`;
  const s2 = `/testing2/two-${sfx}`;
  const s3 = `testing3/three-${sfx}`;
  const s4 = `/testing4/four-${sfx}`;
  const all = [
    { name: s1, description: 'a secret' },
    { name: s2, description: 'an secret' },
    { name: s3, description: 'asecret' },
    { name: s4, description: 'thesecret' },
  ];

  it('name "/" is a literal prefix', () => assert.deepEqual(run(all, [{ Key: 'name', Values: ['/'] }]), [s2, s4]));
  it('name "!/" negates', () => assert.deepEqual(run(all, [{ Key: 'name', Values: ['!/'] }]), [s1, s3]));
  it('name "testing1 one" matches nothing (space is literal)', () =>
    assert.deepEqual(run(all, [{ Key: 'name', Values: ['testing1 one'] }]), []));
  it('description "a" is a word prefix', () =>
    assert.deepEqual(run(all, [{ Key: 'description', Values: ['a'] }]), [s1, s2, s3]));
  it('description "!a"', () => assert.deepEqual(run(all, [{ Key: 'description', Values: ['!a'] }]), [s4]));
  it('description "a secret" needs both words', () =>
    assert.deepEqual(run(all, [{ Key: 'description', Values: ['a secret'] }]), [s1, s2]));
  it('description "a" AND name "secret" / "an" match nothing', () => {
    assert.deepEqual(run(all, [{ Key: 'description', Values: ['a'] }, { Key: 'name', Values: ['secret'] }]), []);
    assert.deepEqual(run(all, [{ Key: 'description', Values: ['a'] }, { Key: 'name', Values: ['an'] }]), []);
  });
  it('description "!c" keeps everything', () =>
    assert.deepEqual(run(all, [{ Key: 'description', Values: ['!c'] }]), [s1, s2, s3, s4]));
});

describe('list-filter: moto aws_verified description tests', () => {
  // moto tests/test_secretsmanager/test_list_secrets.py
  const all = [
    { name: 'foo', description: 'one two' },
    { name: 'bar', description: 'one and two' },
    { name: 'baz', description: 'one' },
    { name: 'qux', description: 'two' },
    { name: 'none', description: 'unrelated' },
  ];
  const desc = (...Values: string[]): SecretFilter => ({ Key: 'description', Values });

  it('test_with_filter_with_value_with_multiple_words', () => {
    assert.deepEqual(run(all, [desc('one two')]), ['foo', 'bar']);
    assert.deepEqual(run(all, [desc('o t')]), ['foo', 'bar']);
    assert.deepEqual(run(all, [desc('t')]), ['foo', 'bar', 'qux']);
  });
  it('test_with_duplicate_filter_keys: filters AND', () => {
    const four = [
      { name: 'foo', description: 'one two' },
      { name: 'bar', description: 'one' },
      { name: 'baz', description: 'two' },
      { name: 'qux', description: 'unrelated' },
    ];
    assert.deepEqual(run(four, [desc('one'), desc('two')]), ['foo']);
  });
  it('description is case-insensitive and order-free (User Guide examples)', () => {
    const ug = [
      { name: 'a', description: 'My Description' },
      { name: 'b', description: 'my description' },
      { name: 'c', description: 'My basic description' },
      { name: 'd', description: 'Description of my secret' },
      { name: 'e', description: 'Mine' },
      { name: 'f' },
    ];
    assert.deepEqual(run(ug, [desc('My Description')]), ['a', 'b', 'c', 'd']);
  });
});

describe('list-filter: moto aws_verified "all" tests', () => {
  // test_with_all_filter; the random suffix is fixed to one without words starting with d or t.
  const u = '9f8e7a';
  const first = `SecretOne${u}`;
  const second = `SecretTwo${u}`;
  const third = `Thirdsecret${u}`;
  const tagKey = `SecretFTag${u}`;
  const tagVal = `SecretFValue${u}`;
  const secrets = [
    { name: first },
    { name: second, description: 'DescTwo' },
    { name: third },
    { name: tagKey, tags: [{ Key: '1', Value: 'foo' }] },
    { name: tagVal, tags: [{ Key: 'foo', Value: 'v' }] },
    { name: `none${u}` },
  ];
  const search = (v: string) => run(secrets, [{ Key: 'all', Values: [v] }]);

  it('full, tag, prefix and case-insensitive matches', () => {
    assert.deepEqual(search('SecretOne'), [first]);
    assert.deepEqual(search('foo'), [tagKey, tagVal]);
    assert.deepEqual(search('Secret'), [first, second, tagKey, tagVal]);
    assert.deepEqual(search('secret'), [first, second, tagKey, tagVal]);
    assert.deepEqual(search('sec'), [first, second, tagKey, tagVal]);
  });
  it('no mid-word matches, every word must match', () => {
    assert.deepEqual(search('ret'), []);
    assert.deepEqual(search('SomeSecret'), []);
    assert.deepEqual(search('d'), [second]);
    assert.deepEqual(search('d t'), [second]);
    assert.deepEqual(search('t'), [second, third, tagKey]);
  });

  // test_with_all_filter_special_characters
  const specials = ['/', '_', '+', '=', '.', '@', '-'].map((c) => `prod${c}AppBeta${c}${u}`);
  const full = `uat/COMPANY/${u}`;
  const partial = `uat/COMPANYthings/${u}`;
  const names = [...specials, full, partial].map((name) => ({ name }));
  const find = (...Values: string[]) => run(names, [{ Key: 'all', Values }]);

  it('splits names on / _ + = . @ - and case changes', () => {
    assert.deepEqual(find('AppBeta'), specials);
    assert.deepEqual(find('Beta'), specials);
    assert.deepEqual(find('AppBeta', 'prod'), specials);
    assert.deepEqual(find('+'), []);
    assert.deepEqual(find(u), [...specials, full, partial]);
    assert.deepEqual(find('company'), [full]);
    assert.deepEqual(find('things'), []);
    assert.deepEqual(find('Ythings'), [partial]);
    assert.deepEqual(find('N'), []);
    assert.deepEqual(find('pany'), []);
  });
});

describe('list-filter: api-notes §10 and model rules', () => {
  it('tokeniser', () => {
    assert.deepEqual(splitWords('COMPANYthings'), ['COMPAN', 'Ythings']);
    assert.deepEqual(splitWords('SecretFTag'), ['Secret', 'F', 'Tag']);
    assert.deepEqual(splitWords('MyTestPhrase'), ['My', 'Test', 'Phrase']);
    assert.deepEqual(splitWords('Mytest my/test'), ['Mytest', 'my', 'test']);
    assert.deepEqual(splitWords('credsDatabase#892'), ['creds', 'Database', '892']); // User Guide
    assert.deepEqual(splitWords('+'), []);
  });
  it('name is case-sensitive (User Guide: Data matches DatabaseSecret, not databaseSecret or MyData)', () => {
    const s = [{ name: 'DatabaseSecret' }, { name: 'databaseSecret' }, { name: 'MyData' }];
    assert.deepEqual(run(s, [{ Key: 'name', Values: ['Data'] }]), ['DatabaseSecret']);
  });
  it('tag-key / tag-value: case-sensitive prefix of any tag (User Guide Prod example)', () => {
    const s = [
      { name: 'a', tags: [{ Key: 'Production', Value: 'x' }] },
      { name: 'b', tags: [{ Key: 'z', Value: 'y' }, { Key: 'Prod1', Value: 'Prod1' }] },
      { name: 'c', tags: [{ Key: 'prod', Value: 'prod' }] },
      { name: 'd', tags: [{ Key: '1 Prod', Value: '1 Prod' }] },
      { name: 'e' },
    ];
    assert.deepEqual(run(s, [{ Key: 'tag-key', Values: ['Prod'] }]), ['a', 'b']);
    assert.deepEqual(run(s, [{ Key: 'tag-value', Values: ['Prod'] }]), ['b']);
    assert.deepEqual(run(s, [{ Key: 'tag-key', Values: ['!Prod'] }]), ['c', 'd', 'e']);
  });
  it('tag-key AND tag-value (moto test_with_multiple_filters)', () => {
    const s = [
      { name: 'foo', tags: [{ Key: 'right', Value: 'right' }] },
      { name: 'bar', tags: [{ Key: 'right', Value: 'wrong' }] },
      { name: 'baz', tags: [{ Key: 'wrong', Value: 'right' }] },
    ];
    const f: SecretFilter[] = [{ Key: 'tag-key', Values: ['right'] }, { Key: 'tag-value', Values: ['right'] }];
    assert.deepEqual(run(s, f), ['foo']);
  });
  it('values of one filter OR, negated values included', () => {
    const s = [{ name: 'foo' }, { name: 'bar' }, { name: 'baz' }];
    assert.deepEqual(run(s, [{ Key: 'name', Values: ['foo', 'bar'] }]), ['foo', 'bar']);
    assert.deepEqual(run(s, [{ Key: 'name', Values: ['foo', '!ba'] }]), ['foo']);
  });
  it('primary-region and owning-service are case-sensitive prefixes', () => {
    const s = [
      { name: 'a', primaryRegion: 'eu-west-1', owningService: 'rds' },
      { name: 'b', primaryRegion: 'us-east-1' },
      { name: 'c' },
    ];
    assert.deepEqual(run(s, [{ Key: 'primary-region', Values: ['eu-'] }]), ['a']);
    assert.deepEqual(run(s, [{ Key: 'primary-region', Values: ['EU'] }]), []);
    assert.deepEqual(run(s, [{ Key: 'owning-service', Values: ['rd'] }]), ['a']);
    assert.deepEqual(run(s, [{ Key: 'owning-service', Values: ['n/a'] }]), []);
    assert.deepEqual(run(s, [{ Key: 'owning-service', Values: ['!rds'] }]), ['b', 'c']);
  });
  it('all: every word in the same field; description and tags searched', () => {
    const s = [
      { name: 'prod/app', tags: [{ Key: 'team', Value: 'db' }] },
      { name: 'x', description: 'Secrets for prod' },
      { name: 'y', tags: [{ Key: 'Secrets', Value: 'for' }] },
    ];
    const all = (v: string) => run(s, [{ Key: 'all', Values: [v] }]);
    assert.deepEqual(all('secrets for'), ['x']);
    assert.deepEqual(all('prod db'), []);
    assert.deepEqual(all('prod'), ['prod/app', 'x']);
    assert.deepEqual(all('!prod'), ['y']);
  });
  it('no filters keep everything; the predicate is reusable', () => {
    const keep = compileFilters([]);
    assert.equal(keep(secret({ name: 'a' })), true);
    const byName = compileFilters([{ Key: 'name', Values: ['a'] }]);
    assert.deepEqual(['a', 'b', 'ab'].map((name) => byName(secret({ name }))), [true, false, true]);
  });
});
