/**
 * The AWS Query protocol pieces: parameters -> typed input by the model (lists `.member.N`, maps
 * `.entry.N.key/value`, nested structures, numbers, booleans, empty lists), the model-driven XML
 * output, and the translation of shared error names into Query codes and statuses.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadServiceModel, type ServiceModel } from '../../src/api/model/index.js';
import { decodeQueryInput, paramTree } from '../../src/api/query/query-decoder.js';
import { toQueryError } from '../../src/api/query/query-errors.js';
import { buildQueryService } from '../../src/api/query/query-service.js';
import { writeStructureMembers, isoSeconds } from '../../src/api/query/xml-writer.js';
import { AwsError } from '../../src/errors/index.js';
import { ROOT } from '../support/coffer-server.js';

const iamModel = (): ServiceModel => loadServiceModel(path.join(ROOT, 'model', 'iam-service-2.json'));
const stsModel = (): ServiceModel => loadServiceModel(path.join(ROOT, 'model', 'sts-service-2.json'));
const params = (q: string) => [...new URLSearchParams(q).entries()];

test('lists, nested structures and numbers decode as the model says', () => {
  const input = decodeQueryInput(
    stsModel(),
    'AssumeRoleRequest',
    paramTree(
      params(
        'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fr&RoleSessionName=s1' +
          '&DurationSeconds=900&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1%20%2B' +
          '&TransitiveTagKeys.member.1=a&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3A111122223333%3Apolicy%2Fp',
      ),
    ),
  );
  assert.deepEqual(input, {
    RoleArn: 'arn:aws:iam::111122223333:role/r',
    RoleSessionName: 's1',
    PolicyArns: [{ arn: 'arn:aws:iam::111122223333:policy/p' }],
    DurationSeconds: 900,
    Tags: [
      { Key: 'a', Value: '1 +' },
      { Key: 'b', Value: '2' },
    ],
    TransitiveTagKeys: ['a'],
  });
});

test('an empty list is `Name=`; booleans are true/false; a bad number is a ValidationException', () => {
  const m = iamModel();
  assert.deepEqual(decodeQueryInput(m, 'UntagUserRequest', paramTree(params('UserName=u&TagKeys='))), { UserName: 'u', TagKeys: [] });
  assert.deepEqual(decodeQueryInput(m, 'CreatePolicyVersionRequest', paramTree(params('PolicyArn=a&PolicyDocument=d&SetAsDefault=true'))), {
    PolicyArn: 'a',
    PolicyDocument: 'd',
    SetAsDefault: true,
  });
  assert.throws(
    () => decodeQueryInput(m, 'ListUsersRequest', paramTree(params('MaxItems=ten'))),
    (e: unknown) => e instanceof AwsError && e.code === 'ValidationException' && /maxItems/.test(e.message),
  );
});

test('validation messages: IAM prints no values and no enum list; STS echoes values', () => {
  const iamService = buildQueryService(iamModel(), [updateAccessKey()], { internalErrorCode: 'ServiceFailure', echoValues: false, enumListInMessages: false });
  const route = iamService.routes.get('UpdateAccessKey')!;
  assert.throws(
    () => route.decode(params('AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Sleeping')),
    (e: unknown) =>
      e instanceof AwsError &&
      e.message === "1 validation error detected: Value at 'status' failed to satisfy constraint: Member must satisfy enum value set",
  );
  assert.ok(iamService.unimplemented.has('GetAccountSummary'));
  assert.ok(!iamService.unimplemented.has('UpdateAccessKey'));
});

function updateAccessKey() {
  return { service: 'iam', name: 'UpdateAccessKey', readOnly: false, resource: () => undefined, handler: async () => ({}) };
}

test('XML output follows the model: order, list members, timestamps, escaping, absent members left out', () => {
  const xml = writeStructureMembers(iamModel(), 'GetUserResponse', {
    User: {
      UserName: 'a<b>&c',
      Arn: 'arn:aws:iam::111122223333:user/x',
      Path: '/',
      UserId: 'AIDA',
      CreateDate: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
      Tags: [{ Key: 'k', Value: 'v"' }],
      PasswordLastUsed: undefined,
    },
  });
  assert.equal(
    xml,
    '<User><Path>/</Path><UserName>a&lt;b&gt;&amp;c</UserName><UserId>AIDA</UserId><Arn>arn:aws:iam::111122223333:user/x</Arn>' +
      '<CreateDate>2026-01-02T03:04:05Z</CreateDate><Tags><member><Key>k</Key><Value>v"</Value></member></Tags></User>',
  );
  assert.equal(isoSeconds(0), '1970-01-01T00:00:00Z');
  assert.equal(writeStructureMembers(iamModel(), 'ListUsersResponse', { Users: [], IsTruncated: false }), '<Users></Users><IsTruncated>false</IsTruncated>');
});

test('shared error names become the Query codes and statuses AWS answers with', () => {
  const cases: [string, number, string, number][] = [
    ['UnrecognizedClientException', 400, 'InvalidClientTokenId', 403],
    ['InvalidSignatureException', 400, 'SignatureDoesNotMatch', 403],
    ['ExpiredTokenException', 400, 'ExpiredToken', 403],
    ['IncompleteSignatureException', 400, 'IncompleteSignature', 400],
    ['AccessDeniedException', 400, 'AccessDenied', 403],
    ['ValidationException', 400, 'ValidationError', 400],
    ['NoSuchEntity', 404, 'NoSuchEntity', 404],
    ['EntityAlreadyExists', 409, 'EntityAlreadyExists', 409],
  ];
  for (const [code, status, query, queryStatus] of cases) {
    const out = toQueryError(new AwsError(code, 'm', status), 'ServiceFailure');
    assert.deepEqual([out.code, out.status], [query, queryStatus], code);
  }
  assert.deepEqual(toQueryError(new AwsError('InternalServiceError', 'secret detail', 500), 'InternalFailure'), {
    code: 'InternalFailure',
    status: 500,
    message: 'An internal error occurred.',
  });
});
