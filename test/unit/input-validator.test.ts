import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AwsError } from '../../src/errors/index.js';
import { getInputShapeName, loadServiceModel, type ServiceModel } from '../../src/api/model/index.js';
import { compileJavaPattern, createInputValidator } from '../../src/api/validation/index.js';

// The test runs from dist/test/unit/: the model lives at the project root.
const modelDir = fileURLToPath(new URL('../../../model/', import.meta.url));
const sm = loadServiceModel(`${modelDir}secretsmanager-service-2.json`);

const validate = (op: string, body: unknown, model: ServiceModel = sm) =>
  createInputValidator(model, getInputShapeName(model, op))(body);

/** Runs the validator and returns the AwsError it throws. */
function failure(op: string, body: unknown, model: ServiceModel = sm): AwsError {
  try {
    validate(op, body, model);
  } catch (e) {
    assert.ok(e instanceof AwsError, `expected an AwsError, got ${String(e)}`);
    return e;
  }
  assert.fail(`${op} accepted ${JSON.stringify(body)}`);
}

function rejects(op: string, body: unknown, code: string, message: string, model: ServiceModel = sm): void {
  const e = failure(op, body, model);
  assert.equal(e.code, code);
  assert.equal(e.status, 400);
  assert.equal(e.message, message);
}

const one = (m: string) => `1 validation error detected: ${m}`;
const TOKEN = '0123456789abcdef0123456789abcdef';

describe('input-validator: service model', () => {
  it('loads a model once and names input shapes', () => {
    assert.equal(loadServiceModel(`${modelDir}secretsmanager-service-2.json`), sm);
    assert.equal(getInputShapeName(sm, 'GetSecretValue'), 'GetSecretValueRequest');
    assert.throws(() => getInputShapeName(sm, 'NoSuchOperation'), /NoSuchOperation/);
  });

  it('compiles a validator once per shape', () => {
    assert.equal(createInputValidator(sm, 'ListSecretsRequest'), createInputValidator(sm, 'ListSecretsRequest'));
  });

  it('compiles every input shape of every model in model/', () => {
    for (const file of readdirSync(modelDir).filter((f) => f.endsWith('-service-2.json'))) {
      const model = loadServiceModel(modelDir + file);
      for (const op of Object.keys(model.operations)) createInputValidator(model, getInputShapeName(model, op));
    }
  });
});

describe('input-validator: constraint violations (ValidationException)', () => {
  it('required SecretId missing', () =>
    rejects(
      'GetSecretValue',
      {},
      'ValidationException',
      one("Value null at 'secretId' failed to satisfy constraint: Member must not be null"),
    ));

  it('required SecretId given as null is missing too', () =>
    rejects(
      'DescribeSecret',
      { SecretId: null },
      'ValidationException',
      one("Value null at 'secretId' failed to satisfy constraint: Member must not be null"),
    ));

  it('Name of 513 characters', () => {
    const name = 'n'.repeat(513);
    rejects(
      'CreateSecret',
      { Name: name },
      'ValidationException',
      one(`Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512`),
    );
    assert.deepEqual(validate('CreateSecret', { Name: 'n'.repeat(512) }), { Name: 'n'.repeat(512) });
  });

  it('empty ClientRequestToken is shorter than 32', () =>
    rejects(
      'PutSecretValue',
      { SecretId: 's', ClientRequestToken: '', SecretString: 'v' },
      'ValidationException',
      one("Value '' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32"),
    ));

  it('Filters with a key outside the enum: filters.1.member.key', () =>
    rejects(
      'ListSecrets',
      { Filters: [{ Key: 'name', Values: ['a'] }, { Key: 'invalid', Values: ['foo'] }] },
      'ValidationException',
      one(
        "Value 'invalid' at 'filters.2.member.key' failed to satisfy constraint: Member must satisfy enum value set: " +
          '[description, name, tag-key, tag-value, primary-region, owning-service, all]',
      ),
    ));

  it('FilterValue breaking the pattern is reported on the list, with the whole list as value', () =>
    rejects(
      'ListSecrets',
      { Filters: [{ Key: 'name', Values: ['ok', 'no*star'] }] },
      'ValidationException',
      one(
        "Value '[ok, no*star]' at 'filters.1.member.values' failed to satisfy constraint: Member must satisfy constraint: " +
          '[Member must have length less than or equal to 512, Member must satisfy regular expression pattern: ' +
          '^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$]',
      ),
    ));

  it('FilterValue pattern is a full match', () => {
    assert.doesNotThrow(() => validate('ListSecrets', { Filters: [{ Key: 'name', Values: ['!prod/db-1'] }] }));
    assert.equal(failure('ListSecrets', { Filters: [{ Key: 'name', Values: ['a\nb'] }] }).code, 'ValidationException');
  });

  it('MaxResults 0 and 101', () => {
    rejects(
      'ListSecrets',
      { MaxResults: 0 },
      'ValidationException',
      one("Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    );
    rejects(
      'ListSecrets',
      { MaxResults: 101 },
      'ValidationException',
      one("Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"),
    );
    assert.deepEqual(validate('ListSecrets', { MaxResults: 100 }), { MaxResults: 100 });
  });

  it('an integer beyond Java int range is reported without its value', () =>
    rejects(
      'ListSecrets',
      { MaxResults: 99999999999 },
      'ValidationException',
      one("Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"),
    ));

  it('PasswordLength 4097', () =>
    rejects(
      'GetRandomPassword',
      { PasswordLength: 4097 },
      'ValidationException',
      one("Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096"),
    ));

  it('SecretString over 65536 characters, value not in the message', () => {
    const secret = `TOPSECRET-${'s'.repeat(65536)}`;
    const e = failure('CreateSecret', { Name: 'n', SecretString: secret });
    assert.equal(e.code, 'ValidationException');
    assert.equal(
      e.message,
      one("Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536"),
    );
    assert.ok(!e.message.includes('TOPSECRET'));
  });

  it('empty SecretString: no value, not even an empty one', () =>
    rejects(
      'PutSecretValue',
      { SecretId: 's', SecretString: '' },
      'ValidationException',
      one("Value at 'secretString' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    ));

  it('RotationToken (sensitive) breaking its pattern is not echoed', () => {
    const token = `${'t'.repeat(40)}!`;
    const e = failure('PutSecretValue', { SecretId: 's', SecretString: 'v', RotationToken: token });
    assert.equal(
      e.message,
      one("Value at 'rotationToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\-]+$"),
    );
  });

  it('SecretBinary decoding to 65537 bytes is rejected, 65536 accepted', () => {
    rejects(
      'CreateSecret',
      { Name: 'n', SecretBinary: Buffer.alloc(65537, 7).toString('base64') },
      'ValidationException',
      one("Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to 65536"),
    );
    // 65536 bytes are 87384 base64 characters: the limit applies to the decoded bytes.
    const ok = validate('CreateSecret', { Name: 'n', SecretBinary: Buffer.alloc(65536, 7).toString('base64') });
    assert.ok(Buffer.isBuffer(ok.SecretBinary));
    assert.equal((ok.SecretBinary as Buffer).length, 65536);
  });

  it('several errors: count, "; " separator, model member order, depth first', () =>
    rejects(
      'CreateSecret',
      {
        Tags: [{ Key: '', Value: 'v' }],
        SecretString: '',
        ClientRequestToken: 'short',
        Name: 'n'.repeat(600),
        AddReplicaRegions: [{ Region: 'Mars' }],
      },
      'ValidationException',
      '5 validation errors detected: ' +
        [
          `Value '${'n'.repeat(600)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512`,
          "Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32",
          "Value at 'secretString' failed to satisfy constraint: Member must have length greater than or equal to 1",
          "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
          "Value 'Mars' at 'addReplicaRegions.1.member.region' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-)+\\d+$",
        ].join('; '),
    ));

  it('one value breaking two constraints gives two errors, pattern first', () =>
    rejects(
      'RotateSecret',
      { SecretId: 's', RotationRules: { ScheduleExpression: '', Duration: '1000h' } },
      'ValidationException',
      '3 validation errors detected: ' +
        [
          "Value '1000h' at 'rotationRules.duration' failed to satisfy constraint: Member must have length less than or equal to 3",
          "Value '' at 'rotationRules.scheduleExpression' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+",
          "Value '' at 'rotationRules.scheduleExpression' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ].join('; '),
    ));

  it('list sizes use "Member must have length" with the list as value', () => {
    rejects(
      'BatchGetSecretValue',
      { SecretIdList: Array.from({ length: 21 }, (_, i) => `s${i}`) },
      'ValidationException',
      one(
        `Value '[${Array.from({ length: 21 }, (_, i) => `s${i}`).join(', ')}]' at 'secretIdList' failed to satisfy constraint: ` +
          'Member must have length less than or equal to 20',
      ),
    );
    rejects(
      'PutSecretValue',
      { SecretId: 's', SecretString: 'v', VersionStages: [] },
      'ValidationException',
      one("Value '[]' at 'versionStages' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    );
  });

  it('a structure inside a list is printed Coral-style in a list-size error', () =>
    rejects(
      'ListSecrets',
      { Filters: Array.from({ length: 11 }, () => ({ Key: 'name', Values: ['a'] })) },
      'ValidationException',
      one(
        `Value '[${Array.from({ length: 11 }, () => 'Filter(key=name, values=[a])').join(', ')}]' at 'filters' ` +
          'failed to satisfy constraint: Member must have length less than or equal to 10',
      ),
    ));

  it('echoValues: false prints no value at all', () => {
    const v = createInputValidator(sm, 'CreateSecretRequest', { echoValues: false });
    assert.throws(
      () => v({ Name: '' }),
      (e: AwsError) =>
        e.message === one("Value at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    );
  });
});

describe('input-validator: wrong JSON types (SerializationException)', () => {
  const ser = (op: string, body: unknown, message: string) => rejects(op, body, 'SerializationException', message);

  it('SecretId: 5', () => ser('GetSecretValue', { SecretId: 5 }, 'NUMBER_VALUE can not be converted to a String'));
  it('SecretId: true / 1.5', () => {
    ser('GetSecretValue', { SecretId: true }, 'TRUE_VALUE can not be converted to a String');
    ser('GetSecretValue', { SecretId: 1.5 }, 'NUMBER_VALUE can not be converted to a String');
  });
  it('SecretId: [] / {}', () => {
    ser('GetSecretValue', { SecretId: ['s'] }, 'Start of list found where not expected');
    ser('GetSecretValue', { SecretId: {} }, 'Start of structure or map found where not expected.');
  });
  it('Tags: "x"', () => ser('CreateSecret', { Name: 'n', Tags: 'x' }, 'Expected list or null'));
  it('Tags: {}', () => ser('CreateSecret', { Name: 'n', Tags: {} }, 'Start of structure or map found where not expected.'));
  it('a Tag that is not an object', () => {
    ser('CreateSecret', { Name: 'n', Tags: ['k=v'] }, 'Expected null');
    ser('CreateSecret', { Name: 'n', Tags: [[]] }, 'Start of list found where not expected');
  });
  it('IncludePlannedDeletion: "true" (no string booleans)', () =>
    ser('ListSecrets', { IncludePlannedDeletion: 'true' }, 'STRING_VALUE can not be converted to a Boolean'));
  it('ForceDeleteWithoutRecovery: 1', () =>
    ser('DeleteSecret', { SecretId: 's', ForceDeleteWithoutRecovery: 1 }, 'NUMBER_VALUE can not be converted to a Boolean'));
  it('MaxResults: "10", false, 1.5', () => {
    ser('ListSecrets', { MaxResults: '10' }, 'STRING_VALUE can not be converted to an Integer');
    ser('ListSecrets', { MaxResults: false }, 'FALSE_VALUE can not be converted to an Integer');
    ser('ListSecrets', { MaxResults: 1.5 }, 'NUMBER_VALUE can not be converted to an Integer');
  });
  it('PasswordLength (long): "32"', () =>
    ser('GetRandomPassword', { PasswordLength: '32' }, 'STRING_VALUE can not be converted to a Long'));
  it('RotationRules: "x"', () => ser('RotateSecret', { SecretId: 's', RotationRules: 'x' }, 'Expected null'));
  it('SecretBinary: 12', () => ser('CreateSecret', { Name: 'n', SecretBinary: 12 }, 'NUMBER_VALUE can not be converted to a Blob'));

  it('invalid base64 in SecretBinary', () => {
    ser('CreateSecret', { Name: 'n', SecretBinary: 'abcde' }, 'Base64 encoded length is expected a multiple of 4 bytes but found: 5');
    ser('CreateSecret', { Name: 'n', SecretBinary: '+/+=' }, 'Invalid last non-pad Base64 character dectected');
    // The offending character of a sensitive blob is not shown either.
    ser('CreateSecret', { Name: 'n', SecretBinary: 'ab*d' }, 'Invalid Base64 character');
    ser('CreateSecret', { Name: 'n', SecretBinary: '=abc' }, 'Invalid Base64 character');
  });

  it('a type error wins over constraint violations', () =>
    ser('ListSecrets', { NextToken: '', MaxResults: '1' }, 'STRING_VALUE can not be converted to an Integer'));

  it('bodies that are not objects', () => {
    ser('ListSecrets', [], 'Start of list found where not expected');
    for (const body of [null, 'x', 5, true]) ser('ListSecrets', body, '');
  });
});

describe('input-validator: parsed copy', () => {
  it('unknown members are dropped, null members are absent', () => {
    const out = validate('ListSecrets', JSON.parse('{"MaxResults":5,"Bogus":1,"NextToken":null,"__proto__":{"x":1}}'));
    assert.deepEqual(out, { MaxResults: 5 });
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('unknown members inside structures are dropped too', () => {
    const out = validate('CreateSecret', { Name: 'n', Tags: [{ Key: 'k', Value: 'v', Extra: true }, null] });
    assert.deepEqual(out, { Name: 'n', Tags: [{ Key: 'k', Value: 'v' }] });
  });

  it('blobs come back as Buffers', () => {
    const out = validate('PutSecretValue', { SecretId: 's', SecretBinary: Buffer.from('héllo').toString('base64'), ClientRequestToken: TOKEN });
    assert.ok(Buffer.isBuffer(out.SecretBinary));
    assert.equal((out.SecretBinary as Buffer).toString(), 'héllo');
    assert.equal(out.ClientRequestToken, TOKEN);
  });

  it('an absent body is an empty object; input without input shape', () => {
    assert.deepEqual(validate('ListSecrets', undefined), {});
    assert.deepEqual(createInputValidator(sm, undefined)({ Anything: 1 }), {});
  });

  it('the input object is not modified', () => {
    const body = { Name: 'n', SecretBinary: 'aGk=', Junk: 1 };
    validate('CreateSecret', body);
    assert.deepEqual(body, { Name: 'n', SecretBinary: 'aGk=', Junk: 1 });
  });
});

describe('input-validator: other models (maps, timestamps, doubles, recursion)', () => {
  const model: ServiceModel = {
    metadata: {
      apiVersion: '2020-01-01',
      endpointPrefix: 'test',
      protocol: 'json',
      serviceFullName: 'Test',
      signatureVersion: 'v4',
      targetPrefix: 'Test',
    },
    operations: { Op: { name: 'Op', input: { shape: 'OpRequest' } } },
    shapes: {
      OpRequest: {
        type: 'structure',
        members: {
          Context: { shape: 'ContextMap' },
          Weights: { shape: 'WeightMap' },
          Groups: { shape: 'GroupMap' },
          StartTime: { shape: 'Time' },
          Ratio: { shape: 'Ratio' },
          Node: { shape: 'TreeNode' },
          Plain: { shape: 'Plain', sensitive: true },
        },
      },
      ContextMap: { type: 'map', key: { shape: 'Key' }, value: { shape: 'Plain' }, max: 2 },
      WeightMap: { type: 'map', key: { shape: 'Plain' }, value: { shape: 'Ratio' } },
      GroupMap: { type: 'map', key: { shape: 'Plain' }, value: { shape: 'Group' } },
      Group: { type: 'structure', required: ['Id'], members: { Id: { shape: 'Plain' } } },
      Key: { type: 'string', min: 1, max: 3, pattern: '[a-z]+' },
      Plain: { type: 'string', min: 1 },
      Time: { type: 'timestamp' },
      Ratio: { type: 'double', min: 0, max: 1 },
      TreeNode: {
        type: 'structure',
        required: ['Name'],
        members: { Name: { shape: 'Plain' }, Children: { shape: 'TreeNodes' } },
      },
      TreeNodes: { type: 'list', member: { shape: 'TreeNode' } },
    },
  };

  it('map keys and values are checked as a whole, nested values by key', () =>
    rejects(
      'Op',
      { Context: { abcd: 'x' }, Weights: { a: 2 }, Groups: { g1: {} } },
      'ValidationException',
      '3 validation errors detected: ' +
        [
          "Value '{abcd=x}' at 'context' failed to satisfy constraint: Map keys must satisfy constraint: " +
            '[Member must have length less than or equal to 3, Member must have length greater than or equal to 1, ' +
            'Member must satisfy regular expression pattern: [a-z]+]',
          "Value '{a=2.0}' at 'weights' failed to satisfy constraint: Map value must satisfy constraint: " +
            '[Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]',
          "Value null at 'groups.g1.member.id' failed to satisfy constraint: Member must not be null",
        ].join('; '),
      model,
    ));

  it('map size, and "__proto__" stays an ordinary key', () => {
    rejects(
      'Op',
      { Context: { a: '1', b: '2', c: '3' } },
      'ValidationException',
      one("Value '{a=1, b=2, c=3}' at 'context' failed to satisfy constraint: Member must have length less than or equal to 2"),
      model,
    );
    const out = validate('Op', JSON.parse('{"Weights":{"__proto__":0.5}}'), model);
    assert.deepEqual(Object.entries(out.Weights as object), [['__proto__', 0.5]]);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
    assert.equal(failure('Op', { Context: [] }, model).message, 'Start of list found where not expected');
    assert.equal(failure('Op', { Context: 1 }, model).message, 'Expected map or null');
  });

  it('timestamps (epoch seconds) become Dates; doubles print the Java way', () => {
    const out = validate('Op', { StartTime: 1523477145.713, Ratio: 0.5 }, model);
    assert.ok(out.StartTime instanceof Date);
    assert.equal((out.StartTime as Date).getTime(), 1523477145713);
    rejects(
      'Op',
      { Ratio: 2 },
      'ValidationException',
      one("Value '2.0' at 'ratio' failed to satisfy constraint: Member must have value less than or equal to 1.0"),
      model,
    );
    assert.equal(failure('Op', { StartTime: '2024-01-01' }, model).message, 'STRING_VALUE can not be converted to a Timestamp');
  });

  it('recursive shapes: paths go depth first', () =>
    rejects(
      'Op',
      { Node: { Name: 'root', Children: [{ Name: 'a' }, { Children: [{ Name: '' }] }] } },
      'ValidationException',
      '2 validation errors detected: ' +
        [
          "Value null at 'node.children.2.member.name' failed to satisfy constraint: Member must not be null",
          "Value '' at 'node.children.2.member.children.1.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ].join('; '),
      model,
    ));

  it('a member marked sensitive on the reference is not echoed', () =>
    rejects(
      'Op',
      { Plain: '' },
      'ValidationException',
      one("Value at 'plain' failed to satisfy constraint: Member must have length greater than or equal to 1"),
      model,
    ));
});

describe('input-validator: Java patterns', () => {
  // Every pattern of the KMS, CloudTrail, IAM and STS models (botocore), verbatim.
  const patterns = [
    '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/',
    '(?s).*',
    '(\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)',
    '.*',
    '.+',
    '[:\\w]+',
    '[\\d]*',
    '[\\d]+',
    '[\\p{L}\\p{M}\\p{Z}\\p{S}\\p{N}\\p{P}]*',
    '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
    '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
    '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
    '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
    '[\\u0020-\\u00FF]*',
    '[\\u0020-\\u00FF]+',
    '[\\w+=,.@-]*',
    '[\\w+=,.@-]+',
    '[\\w+=,.@:-]*',
    '[\\w+=,.@:\\/-]*',
    '[\\w+=,.@\\:-]*',
    '[\\w+=/:,.@-]*',
    '[\\w+=/:,.@-]+',
    '[\\w-]*',
    '[\\w._-]+',
    '[\\w]*',
    '[\\w]+',
    '[\\w|\\d|\\.|_]+',
    '\\d+',
    '\\u002F[\\u0021-\\u007F]*',
    '^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$',
    '^([a-z]+-){2,3}\\d+$',
    '^[A-Z2-7]+$',
    '^[\\w+=,.@:/-]+$',
    '^[a-f0-9\\-]+$',
    '^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$',
    '^[a-zA-Z0-9-_.]+$',
    '^[a-zA-Z0-9._/\\-:]+$',
    '^[a-zA-Z0-9._\\-]+$',
    '^[a-zA-Z0-9:/_-]+$',
    '^[a-zA-Z0-9\\/+=]+$',
    '^com\\.amazonaws\\.vpce\\.([a-z]+-){2,3}\\d+\\.vpce-svc-[0-9a-z]+$',
    '^https://[a-zA-Z0-9.-]+$',
    '^o-[0-9a-z]{10,32}\\/r-[0-9a-z]{4,32}[0-9a-z-\\/]*',
    '^p-[0-9a-zA-Z_]{8,128}$',
    's3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?',
    'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?',
  ];

  it('all compile', () => {
    for (const p of patterns) assert.ok(compileJavaPattern(p) instanceof RegExp, p);
  });

  it('match the whole value, as Pattern#matches does', () => {
    const role = compileJavaPattern('[\\w+=,.@-]+');
    assert.ok(role.test('my-role@x'));
    assert.ok(!role.test('my role'));
    const alt = compileJavaPattern('(\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)');
    assert.ok(alt.test('/') && alt.test('/a/') && !alt.test('/a'));
    const s3 = compileJavaPattern('s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?');
    assert.ok(s3.test('s3://bucket/key') && !s3.test('xs3://bucket'));
  });

  it('Java-only syntax', () => {
    assert.ok(compileJavaPattern('\\p{Alpha}+').test('abc') && !compileJavaPattern('\\p{Alpha}+').test('é'));
    assert.ok(compileJavaPattern('[\\p{L}\\p{Z}]+').test('é ü'));
    assert.ok(compileJavaPattern('\\Qa.b\\E').test('a.b') && !compileJavaPattern('\\Qa.b\\E').test('axb'));
    assert.ok(compileJavaPattern('[a-c[x-z]]+').test('abzy'));
    assert.ok(compileJavaPattern('(?i)abc').test('ABC'));
    assert.ok(compileJavaPattern('(?s).*').test('a\nb') && !compileJavaPattern('.*').test('a\nb'));
    assert.ok(compileJavaPattern('\\x{41}\\0101\\u0041').test('AAA'));
    assert.ok(compileJavaPattern('a*+b').test('aab'));
    assert.ok(!compileJavaPattern('\\s+').test('\u00a0'), "Java's \\s is ASCII");
    // Java reads \u10000 as \u1000 followed by "0".
    const sts = compileJavaPattern('[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+');
    assert.ok(sts.test('ok\u0085') && !sts.test('\u{1F600}'));
    assert.throws(() => compileJavaPattern('[a-z&&[^aeiou]]'), /intersection/);
    assert.throws(() => compileJavaPattern('(?>a)'), /unsupported/);
  });
});
