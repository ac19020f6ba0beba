/**
 * Policy parsing and validation: every case names the AWS behaviour it pins. Sources (the tag at
 * the end of each row):
 * [GRAMMAR]  IAM User Guide, "Grammar of the IAM JSON policy language"
 * [VERSION]  IAM User Guide, "IAM JSON policy elements: Version"
 * [PRINC]    IAM User Guide, "AWS JSON policy elements: Principal"
 * [NOTPR]    IAM User Guide, "AWS JSON policy elements: NotPrincipal"
 * [COND]     IAM User Guide, "IAM JSON policy elements: Condition operators"
 * [VARS]     IAM User Guide, "IAM policy elements: Variables and tags"
 * [SMRP]     Secrets Manager User Guide, "Resource-based policies"
 * [KMS]      AWS KMS Developer Guide, "Key policies"
 * [MOTO]     the error text and case were recorded against AWS IAM in getmoto/moto
 *            tests/test_iam/test_iam_policies.py
 * [GH n]     the error text as AWS returned it, quoted in the GitHub issue named in policy-error.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy, PolicyCache, PolicyError, validatePolicy, type PolicyKind } from '../../src/iam/policy/index.js';

const S3 = 'arn:aws:s3:::example_bucket';
const V = '2012-10-17';
type Doc = string | Record<string, unknown>;
const text = (d: Doc): string => (typeof d === 'string' ? d : JSON.stringify(d));
/** A one-statement document; `null` leaves Version out. */
const stmt = (s: Record<string, unknown>, version: string | null = V): Doc => (version === null ? { Statement: s } : { Version: version, Statement: s });
const list = (...s: Record<string, unknown>[]): Doc => ({ Version: V, Statement: s });
const allow = { Effect: 'Allow', Action: 's3:ListBucket', Resource: S3 };

interface Refusal {
  name: string;
  doc: Doc;
  kind?: PolicyKind;
  managed?: boolean;
  code?: string;
  message: string;
}

const refused: Refusal[] = [
  { name: 'not JSON is a syntax error', doc: 'This is not a json document', message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'managed policy without Version', doc: stmt(allow, null), managed: true, message: 'Policy document must be version 2012-10-17 or greater.' }, // [MOTO][VERSION]
  { name: 'managed policy with Version 2008-10-17', doc: stmt(allow, '2008-10-17'), managed: true, message: 'Policy document must be version 2012-10-17 or greater.' }, // [MOTO][VERSION]
  { name: 'unknown Version value', doc: stmt(allow, '2013-10-17'), message: 'Syntax errors in policy.' }, // [MOTO][VERSION]
  { name: 'no Statement', doc: { Version: V }, message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'a statement that is a string', doc: { Version: V, Statement: ['afd'] }, message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'unknown top-level element', doc: { Version: V, Statement: allow, 'Extra field': 'value' }, message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'unknown statement element', doc: stmt({ ...allow, 'Extra field': 'value' }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Id that is a list', doc: { Version: V, Id: ['x'], Statement: allow }, message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Id that is an object', doc: { Version: V, Id: {}, Statement: allow }, message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Effect neither Allow nor Deny', doc: stmt({ ...allow, Effect: 'invalid' }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'empty Statement list', doc: { Version: V, Statement: [] }, message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'statement without Effect', doc: stmt({ Action: 's3:ListBucket', Resource: S3 }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Resource that is an object', doc: stmt({ ...allow, Resource: { a: S3 } }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Resource list with an object', doc: stmt({ ...allow, Effect: 'Deny', Resource: ['adfdf', {}] }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Resource together with NotResource', doc: stmt({ ...allow, NotResource: [] }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Action together with NotAction', doc: stmt({ ...allow, NotAction: 's3s:ListBucket' }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Action list holding a list', doc: stmt({ ...allow, Action: [[]] }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Action that is an object', doc: stmt({ ...allow, Action: {} }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Condition that is a list', doc: stmt({ ...allow, Condition: [] }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Condition that is a string', doc: stmt({ ...allow, Condition: 'a' }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'condition block that is a string', doc: stmt({ ...allow, Condition: { a: 'b' } }), message: 'Syntax errors in policy.' }, // [MOTO][COND]
  { name: 'condition value that is an object', doc: stmt({ ...allow, Condition: { DateGreaterThan: { a: {} } } }), message: 'Syntax errors in policy.' }, // [MOTO][COND]
  { name: 'unknown operator with values', doc: stmt({ ...allow, Condition: { x: { a: '1' } } }), message: 'Syntax errors in policy.' }, // [MOTO][COND]
  { name: 'malformed set qualifier ForAnyValue::', doc: stmt({ ...allow, Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } }), message: 'Syntax errors in policy.' }, // [MOTO][COND]
  { name: 'Sid that is an object', doc: stmt({ ...allow, Sid: {} }), message: 'Syntax errors in policy.' }, // [MOTO][GRAMMAR]
  { name: 'Effect in the wrong case fails legacy parsing', doc: stmt({ ...allow, Effect: 'denY' }), message: 'The policy failed legacy parsing' }, // [MOTO]
  { name: 'Date condition value that is no date', doc: stmt({ ...allow, Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), message: 'The policy failed legacy parsing' }, // [MOTO][COND]
  { name: 'Date with month 13', doc: stmt({ ...allow, Condition: { DateLessThanEquals: { a: '234-13' } } }), message: 'The policy failed legacy parsing' }, // [MOTO][COND]
  { name: 'Date with a one-digit zone', doc: stmt({ ...allow, Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } } }), message: 'The policy failed legacy parsing' }, // [MOTO][COND]
  { name: 'Date with ten fraction digits', doc: stmt({ ...allow, Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.1999999999+10:59' } } }), message: 'The policy failed legacy parsing' }, // [MOTO][COND]
  { name: 'epoch date beyond 2^63-1', doc: stmt({ ...allow, Condition: { DateLessThan: { a: '9223372036854775808' } } }), message: 'The policy failed legacy parsing' }, // [MOTO][COND]
  { name: 'resource with too few segments and ::', doc: stmt({ ...allow, Resource: 'arn:aws:s3::example_bucket' }), message: 'The policy failed legacy parsing' }, // [MOTO]
  { name: 'resource with an empty service', doc: stmt({ ...allow, Resource: 'arn:aws::fdsasf' }), message: 'The policy failed legacy parsing' }, // [MOTO]
  { name: 'NotResource with too few segments', doc: stmt({ Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3::example_bucket' }), message: 'The policy failed legacy parsing' }, // [MOTO]
  { name: 'without Version a managed policy is refused before legacy parsing', doc: stmt({ ...allow, Effect: 'denY' }, null), managed: true, message: 'Policy document must be version 2012-10-17 or greater.' }, // [MOTO][VERSION]
  { name: 'duplicate Sid', doc: list({ ...allow, Sid: 'sdf' }, { Sid: 'sdf', Effect: 'Allow' }), message: 'Statement IDs (SID) in a single policy must be unique.' }, // [MOTO][GRAMMAR]
  { name: 'no Action', doc: stmt({ Effect: 'Allow', Resource: S3 }), message: 'Policy statement must contain actions.' }, // [MOTO][GRAMMAR]
  { name: 'empty Action list', doc: stmt({ ...allow, Action: [] }), message: 'Policy statement must contain actions.' }, // [MOTO][GRAMMAR]
  { name: 'a statement with only Effect, among others', doc: list({ Effect: 'Deny' }, allow), message: 'Policy statement must contain actions.' }, // [MOTO][GRAMMAR]
  { name: 'no Resource', doc: stmt({ Effect: 'Allow', Action: 's3:ListBucket' }), message: 'Policy statement must contain resources.' }, // [MOTO][GRAMMAR]
  { name: 'empty Resource list', doc: stmt({ ...allow, Resource: [] }), message: 'Policy statement must contain resources.' }, // [MOTO][GRAMMAR]
  { name: 'resource that is no ARN', doc: stmt({ ...allow, Resource: 'invalid resource' }), message: 'Resource invalid resource must be in ARN format or "*".' }, // [MOTO]
  { name: 'empty resource string', doc: stmt({ ...allow, Resource: '' }), message: 'Resource  must be in ARN format or "*".' }, // [MOTO]
  { name: 'resource error reported before an action error', doc: stmt({ ...allow, Action: 's:3:ListBucket', Resource: 'sdfsadf' }), message: 'Resource sdfsadf must be in ARN format or "*".' }, // [MOTO]
  { name: 'unknown partition, printed with * segments', doc: stmt({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' }), message: 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".' }, // [MOTO]
  { name: 'unknown partition with extra segments', doc: stmt({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:c:d:e:f:g:h' }), message: 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".' }, // [MOTO]
  { name: 'resource missing "arn:"', doc: stmt({ ...allow, Resource: 'aws:s3:::example_bucket' }), message: 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".' }, // [MOTO]
  { name: 'last resource error wins within a list', doc: stmt({ ...allow, Resource: ['arn:error:s3:::example_bucket', 'arn:error:s3::example_bucket'] }), message: 'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".' }, // [MOTO]
  { name: 'resource without a vendor', doc: stmt({ ...allow, Resource: 'arn:aws' }), message: 'Resource vendor must be fully qualified and cannot contain regexes.' }, // [MOTO]
  { name: 'IAM resource with a region', doc: stmt({ ...allow, Resource: 'arn:aws:iam:us-east-1::example_bucket' }), message: 'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.' }, // [MOTO]
  { name: 'S3 resource with a region', doc: stmt({ ...allow, Resource: 'arn:aws:s3:us-east-1::example_bucket' }), message: 'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.' }, // [MOTO]
  {
    name: 'IAM resource path',
    doc: stmt({ ...allow, Resource: 'arn:aws:iam:::example_bucket' }),
    message: 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  }, // [MOTO]
  { name: 'action without a vendor', doc: stmt({ ...allow, Action: 'invalid' }), message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' }, // [MOTO]
  { name: 'action vendor error comes before missing resources', doc: stmt({ Effect: 'Allow', Action: 'invalid' }), message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' }, // [MOTO]
  { name: 'empty NotAction string', doc: stmt({ Effect: 'Allow', NotAction: '', Resource: S3 }), message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' }, // [MOTO]
  { name: 'vendor with a space', doc: stmt({ ...allow, Action: 'a a:ListBucket' }), message: 'Vendor a a is not valid' }, // [MOTO]
  { name: 'action with two colons', doc: stmt({ ...allow, Action: 's3:List:Bucket' }), message: 'Actions/Condition can contain only one colon.' }, // [MOTO]
  // Coffer's kinds of documents
  { name: 'identity policy with a Principal', doc: stmt({ ...allow, Principal: '*' }), message: 'Policy document should not specify a principal.' }, // [PRINC][GH terraform#13449]
  { name: 'session policy with a NotPrincipal', kind: 'session', doc: stmt({ ...allow, NotPrincipal: { AWS: '111122223333' } }), message: 'Policy document should not specify a principal.' }, // [NOTPR]
  { name: 'secret resource policy without Principal', kind: 'resource', code: 'MalformedPolicyDocumentException', doc: stmt({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }), message: 'Missing required field Principal' }, // [SMRP][PRINC]
  { name: 'secret resource policy: invalid Version is Secrets Manager syntax text', kind: 'resource', code: 'MalformedPolicyDocumentException', doc: stmt({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:*', Resource: '*' }, '2019-10-19'), message: 'This policy has invalid syntax.' }, // [SMRP][GH aws-cloudformation-user-guide#623]
  { name: 'secret resource policy: a Principal string other than *', kind: 'resource', doc: stmt({ Effect: 'Allow', Principal: '111122223333', Action: 'secretsmanager:*', Resource: '*' }), message: 'Invalid principal in policy: "111122223333"' }, // [PRINC]
  { name: 'trust policy naming a malformed role ARN', kind: 'trust', code: 'MalformedPolicyDocument', doc: stmt({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::12345:role/x' }, Action: 'sts:AssumeRole' }), message: 'Invalid principal in policy: "AWS":"arn:aws:iam::12345:role/x"' }, // [PRINC][GH configure-aws-credentials#332]
  { name: 'trust policy with a Resource', kind: 'trust', doc: stmt({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole', Resource: '*' }), message: 'Has prohibited field Resource' }, // [GRAMMAR]
  { name: 'trust policy with an unknown principal type', kind: 'trust', doc: stmt({ Effect: 'Allow', Principal: { Robot: 'x' }, Action: 'sts:AssumeRole' }), message: 'Invalid principal in policy: "Robot":"x"' }, // [PRINC]
  { name: 'key policy with an invalid principal', kind: 'key', code: 'MalformedPolicyDocumentException', doc: stmt({ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 'kms:*', Resource: '*' }), message: 'Policy contains a statement with one or more invalid principals.' }, // [KMS][GH Data-Platform#2238]
  { name: 'Principal with NotPrincipal', kind: 'resource', doc: stmt({ Effect: 'Deny', Principal: '*', NotPrincipal: { AWS: '*' }, Action: 'secretsmanager:*', Resource: '*' }), message: 'This policy has invalid syntax.' }, // [NOTPR]
  { name: 'JSON with a trailing comma', doc: '{"Version":"2012-10-17","Statement":[],}', message: 'Syntax errors in policy.' }, // [GRAMMAR]
];

describe('parsePolicy refuses malformed documents with AWS texts', () => {
  for (const c of refused) {
    it(c.name, () => {
      assert.throws(
        () => parsePolicy(text(c.doc), c.kind ?? 'identity', { managed: c.managed ?? false }),
        (e: unknown) => {
          assert.ok(e instanceof PolicyError, String(e));
          assert.equal(e.message, c.message);
          assert.equal(e.code, c.code ?? (c.kind === 'resource' || c.kind === 'key' ? 'MalformedPolicyDocumentException' : 'MalformedPolicyDocument'));
          assert.equal(e.status, 400);
          return true;
        },
      );
    });
  }
});

const accepted: { name: string; doc: Doc; kind?: PolicyKind; managed?: boolean }[] = [
  { name: 'Resource as a list', doc: stmt({ ...allow, Resource: [S3] }), managed: true }, // [MOTO][GRAMMAR]
  { name: 'action names are not checked against a catalogue', doc: stmt({ ...allow, Action: 'iam: asdf safdsf af ' }) }, // [MOTO]
  { name: 'Action *', doc: stmt({ ...allow, Action: '*' }) }, // [MOTO][GRAMMAR]
  { name: 'unknown service in a resource ARN', doc: stmt({ ...allow, Resource: 'arn:aws:invalid-service:us-east-1::example_bucket' }) }, // [MOTO]
  { name: 'a short ARN without ::', doc: stmt({ ...allow, Resource: 'arn:aws:fdsasf' }) }, // [MOTO]
  { name: 'empty Condition', doc: stmt({ ...allow, Condition: {} }) }, // [MOTO][COND]
  { name: 'unknown operators with no keys', doc: stmt({ ...allow, Condition: { x: {}, y: {} } }) }, // [MOTO][COND]
  { name: 'empty value list in a condition', doc: stmt({ ...allow, Condition: { DateGreaterThan: { a: [] } } }) }, // [MOTO][COND]
  { name: 'ForAnyValue with IfExists', doc: stmt({ ...allow, Condition: { 'ForAnyValue:StringEqualsIfExists': { a: 'asf' } } }) }, // [MOTO][COND]
  { name: 'dates: year-only-with-T, offset +23, negative year', doc: stmt({ ...allow, Condition: { DateGreaterThan: { a: ['01T', '2016-12-13t2:00:00.593194+23', '-292275054', '2019-07-01T13:20:15Z'] } } }) }, // [MOTO][COND]
  { name: 'NotAction with NotResource *', doc: stmt({ Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' }) }, // [MOTO][GRAMMAR]
  { name: 'vendors with - and .', doc: stmt({ ...allow, Action: ['s3-s:ListBucket', 's3.s:ListBucket'] }) }, // [MOTO]
  { name: 'an empty Sid does not clash', doc: list({ ...allow, Sid: '' }, { ...allow, Sid: '' }) }, // [MOTO][GRAMMAR]
  { name: 'inline policy without Version', doc: stmt(allow, null) }, // [VERSION]
  { name: 'boolean and number condition values', doc: stmt({ ...allow, Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 } } }) }, // [COND]
  { name: 'secret resource policy naming an account, a user and a role session', kind: 'resource', doc: stmt({ Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:user/a', 'arn:aws:sts::111122223333:assumed-role/r/s'] }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }) }, // [SMRP][PRINC]
  { name: 'trust policy with a service principal and no Resource', kind: 'trust', doc: stmt({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) }, // [PRINC]
  { name: 'default key policy', kind: 'key', doc: stmt({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }) }, // [KMS]
];

describe('parsePolicy accepts what AWS accepts', () => {
  for (const c of accepted) {
    it(c.name, () => {
      const p = parsePolicy(text(c.doc), c.kind ?? 'identity', { managed: c.managed ?? false });
      assert.ok(p.statements.length >= 1);
    });
  }
});

describe('parsed form', () => {
  it('Version absent means the 2008-10-17 language (policy variables off)', () => {
    // [VERSION] "If you do not include a Version element, the value defaults to 2008-10-17"
    const p = parsePolicy(text(stmt(allow, null)), 'identity');
    assert.deepEqual([p.version, p.versionGiven], ['2008-10-17', false]);
  });
  it('a single statement object and a list give the same statements, with Sid and Id kept', () => {
    // [GRAMMAR] Statement is a statement or a list of statements
    const a = parsePolicy(text({ Version: V, Id: 'p1', Statement: { ...allow, Sid: 's1' } }), 'identity');
    const b = parsePolicy(text({ Version: V, Statement: [{ ...allow, Sid: 's1' }] }), 'identity');
    assert.deepEqual([a.id, a.statements[0]?.sid, b.statements.length], ['p1', 's1', 1]);
  });
  it('statement positions are 1-based line and column (SimulatePrincipalPolicy StartPosition/EndPosition)', () => {
    const doc = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},\n    {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}\n  ]\n}';
    const p = parsePolicy(doc, 'identity');
    assert.deepEqual(p.statements.map((s) => [s.start, s.end]), [
      [{ line: 4, column: 5 }, { line: 4, column: 58 }],
      [{ line: 5, column: 5 }, { line: 5, column: 57 }],
    ]);
  });
  it('a key named __proto__ is data, not a prototype change (and is an unknown element)', () => {
    assert.throws(() => parsePolicy('{"Version":"2012-10-17","__proto__":{},"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', 'identity'), PolicyError);
  });
  it('PolicyCache compiles a document once and keeps the most recently used entries', () => {
    const cache = new PolicyCache(2);
    const d1 = text(stmt(allow));
    const first = cache.get(d1, 'identity');
    assert.equal(cache.get(d1, 'identity'), first);
    cache.get(text(stmt({ ...allow, Sid: 'b' })), 'identity');
    cache.get(d1, 'identity');
    cache.get(text(stmt({ ...allow, Sid: 'c' })), 'identity');
    assert.equal(cache.get(d1, 'identity'), first);
    assert.equal(cache.size, 2);
    assert.throws(() => cache.get('nope', 'identity'), PolicyError);
  });
  it('validatePolicy reports a syntax error as a finding instead of throwing', () => {
    const r = validatePolicy('{', 'resource');
    assert.equal(r.passed, false);
    assert.deepEqual(r.findings.map((f) => [f.checkName, f.message, f.error?.code]), [['SyntaxCheck', 'This policy has invalid syntax.', 'MalformedPolicyDocumentException']]);
  });
});
