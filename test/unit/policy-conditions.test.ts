/**
 * Condition evaluation: each row is one Allow statement guarded by a Condition, evaluated for a
 * request; `allow` says whether the condition holds. Sources (tag at the end of each row):
 * [OPS]   IAM User Guide, "IAM JSON policy elements: Condition operators"
 * [COND]  IAM User Guide, "IAM JSON policy elements: Condition" (evaluation: AND between blocks
 *         and keys, OR between values; missing keys; negated operators)
 * [MULTI] IAM User Guide, "Single-valued vs. multivalued context keys" (ForAllValues/ForAnyValue)
 * [VARS]  IAM User Guide, "IAM policy elements: Variables and tags"
 * [GLOBAL] IAM User Guide, "AWS global condition context keys"
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, parsePolicy, type ContextValue, type RequestPrincipal } from '../../src/iam/policy/index.js';

const A = '111122223333';
const SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:db-AbCdEf`;
const alice: RequestPrincipal = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: 'User', userId: 'AIDAALICE', userName: 'alice', tags: { team: 'blue' } };
const session: RequestPrincipal = {
  arn: `arn:aws:sts::${A}:assumed-role/reader/sess`,
  accountId: A,
  type: 'AssumedRole',
  userId: 'AROAREADER:sess',
  roleArn: `arn:aws:iam::${A}:role/reader`,
};
const NOW = Date.parse('2024-06-01T12:00:00Z');

interface Case {
  name: string;
  condition: Record<string, Record<string, unknown>>;
  context?: Record<string, ContextValue>;
  principal?: RequestPrincipal;
  /** null: no Version element (2008-10-17 language). */
  version?: string | null;
  allow: boolean;
}

function holds(c: Case): boolean {
  const statement = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: c.condition };
  const version = c.version === undefined ? '2012-10-17' : c.version;
  const doc = version === null ? { Statement: statement } : { Version: version, Statement: statement };
  const policy = parsePolicy(JSON.stringify(doc), 'identity');
  const request = { principal: c.principal ?? alice, action: 'secretsmanager:GetSecretValue', resource: SECRET, now: NOW, identityPolicies: [policy] };
  return evaluate(c.context ? { ...request, context: c.context } : request).decision === 'Allow';
}

const env = 'secretsmanager:ResourceTag/env';
const cases: Case[] = [
  // String operators
  { name: 'StringEquals matches the exact value', condition: { StringEquals: { [env]: 'prod' } }, context: { [env]: 'prod' }, allow: true }, // [OPS]
  { name: 'StringEquals is case-sensitive', condition: { StringEquals: { [env]: 'prod' } }, context: { [env]: 'Prod' }, allow: false }, // [OPS]
  { name: 'values of one key are ORed', condition: { StringEquals: { [env]: ['dev', 'prod'] } }, context: { [env]: 'prod' }, allow: true }, // [COND]
  { name: 'a positive operator on an absent key is false', condition: { StringEquals: { [env]: 'prod' } }, allow: false }, // [COND]
  { name: 'condition key names are case-insensitive', condition: { StringEquals: { 'SECRETSMANAGER:resourcetag/ENV': 'prod' } }, context: { [env]: 'prod' }, allow: true }, // [COND][GLOBAL]
  { name: 'StringNotEquals with another value', condition: { StringNotEquals: { [env]: 'prod' } }, context: { [env]: 'dev' }, allow: true }, // [OPS]
  { name: 'StringNotEquals with the same value', condition: { StringNotEquals: { [env]: 'prod' } }, context: { [env]: 'prod' }, allow: false }, // [OPS]
  { name: 'StringNotEquals on an absent key is true', condition: { StringNotEquals: { [env]: 'prod' } }, allow: true }, // [COND]
  { name: 'negated values combine as NOR: one matches', condition: { StringNotEquals: { [env]: ['dev', 'prod'] } }, context: { [env]: 'prod' }, allow: false }, // [COND]
  { name: 'negated values combine as NOR: none matches', condition: { StringNotEquals: { [env]: ['dev', 'prod'] } }, context: { [env]: 'test' }, allow: true }, // [COND]
  { name: 'StringEqualsIgnoreCase ignores case', condition: { StringEqualsIgnoreCase: { [env]: 'PROD' } }, context: { [env]: 'prod' }, allow: true }, // [OPS]
  { name: 'StringNotEqualsIgnoreCase ignores case', condition: { StringNotEqualsIgnoreCase: { [env]: 'PROD' } }, context: { [env]: 'prod' }, allow: false }, // [OPS]
  { name: 'StringLike * spans characters', condition: { StringLike: { [env]: 'team-*' } }, context: { [env]: 'team-a/b:c' }, allow: true }, // [OPS]
  { name: 'StringLike ? is exactly one character', condition: { StringLike: { [env]: 'a?c' } }, context: { [env]: 'abc' }, allow: true }, // [OPS]
  { name: 'StringLike ? does not match two', condition: { StringLike: { [env]: 'a?c' } }, context: { [env]: 'abbc' }, allow: false }, // [OPS]
  { name: 'StringLike is case-sensitive', condition: { StringLike: { [env]: 'Team-*' } }, context: { [env]: 'team-a' }, allow: false }, // [OPS]
  { name: 'StringNotLike with a non-matching value', condition: { StringNotLike: { [env]: 'prod*' } }, context: { [env]: 'dev1' }, allow: true }, // [OPS]
  { name: 'StringNotLike with a matching value', condition: { StringNotLike: { [env]: 'prod*' } }, context: { [env]: 'prod-eu' }, allow: false }, // [OPS]
  { name: 'StringNotLike on an absent key is true', condition: { StringNotLike: { [env]: 'prod*' } }, allow: true }, // [COND]
  // Numeric
  { name: 'NumericEquals', condition: { NumericEquals: { 'secretsmanager:RecoveryWindowInDays': '10' } }, context: { 'secretsmanager:RecoveryWindowInDays': '10' }, allow: true }, // [OPS]
  { name: 'NumericEquals compares numbers, not text', condition: { NumericEquals: { 'secretsmanager:RecoveryWindowInDays': '10' } }, context: { 'secretsmanager:RecoveryWindowInDays': '10.0' }, allow: true }, // [OPS]
  { name: 'NumericNotEquals', condition: { NumericNotEquals: { 'secretsmanager:RecoveryWindowInDays': '10' } }, context: { 'secretsmanager:RecoveryWindowInDays': 11 }, allow: true }, // [OPS]
  { name: 'NumericLessThan below', condition: { NumericLessThan: { 'secretsmanager:RecoveryWindowInDays': '10' } }, context: { 'secretsmanager:RecoveryWindowInDays': '7' }, allow: true }, // [OPS]
  { name: 'NumericLessThan equal is false', condition: { NumericLessThan: { 'secretsmanager:RecoveryWindowInDays': '10' } }, context: { 'secretsmanager:RecoveryWindowInDays': '10' }, allow: false }, // [OPS]
  { name: 'NumericLessThanEquals equal', condition: { NumericLessThanEquals: { 'secretsmanager:RecoveryWindowInDays': '10' } }, context: { 'secretsmanager:RecoveryWindowInDays': '10' }, allow: true }, // [OPS]
  { name: 'NumericGreaterThan above', condition: { NumericGreaterThan: { 'secretsmanager:RecoveryWindowInDays': 7 } }, context: { 'secretsmanager:RecoveryWindowInDays': '30' }, allow: true }, // [OPS]
  { name: 'NumericGreaterThanEquals below is false', condition: { NumericGreaterThanEquals: { 'secretsmanager:RecoveryWindowInDays': '7' } }, context: { 'secretsmanager:RecoveryWindowInDays': '6.5' }, allow: false }, // [OPS]
  { name: 'a request value that is not a number never matches', condition: { NumericLessThan: { 'secretsmanager:RecoveryWindowInDays': '10' } }, context: { 'secretsmanager:RecoveryWindowInDays': 'seven' }, allow: false }, // [OPS]
  // Date
  { name: 'DateGreaterThan with aws:CurrentTime after the date', condition: { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, allow: true }, // [OPS][GLOBAL]
  { name: 'DateLessThan with aws:CurrentTime after the date', condition: { DateLessThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, allow: false }, // [OPS][GLOBAL]
  { name: 'DateEquals: epoch seconds and ISO 8601 name the same instant', condition: { DateEquals: { 'aws:CurrentTime': String(NOW / 1000) } }, allow: true }, // [OPS]
  { name: 'DateLessThanEquals at the same instant', condition: { DateLessThanEquals: { 'aws:EpochTime': '2024-06-01T12:00:00Z' } }, allow: true }, // [OPS][GLOBAL]
  { name: 'DateGreaterThanEquals one second later is false', condition: { DateGreaterThanEquals: { 'aws:CurrentTime': '2024-06-01T12:00:01Z' } }, allow: false }, // [OPS]
  { name: 'DateNotEquals another instant', condition: { DateNotEquals: { 'aws:CurrentTime': '2024-06-01' } }, allow: true }, // [OPS]
  { name: 'a time-zone offset is applied', condition: { DateEquals: { 'aws:CurrentTime': '2024-06-01T14:00:00+02:00' } }, allow: true }, // [OPS]
  { name: 'a date key in the request context', condition: { DateLessThan: { 'aws:TokenIssueTime': '2024-06-01T00:00:00Z' } }, context: { 'aws:TokenIssueTime': '2024-05-31T23:59:59Z' }, allow: true }, // [OPS][GLOBAL]
  // Bool, Binary
  { name: 'Bool true', condition: { Bool: { 'aws:SecureTransport': 'true' } }, context: { 'aws:SecureTransport': true }, allow: true }, // [OPS]
  { name: 'Bool false against true', condition: { Bool: { 'aws:SecureTransport': 'false' } }, context: { 'aws:SecureTransport': 'true' }, allow: false }, // [OPS]
  { name: 'Bool on an absent key is false', condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, allow: false }, // [OPS][GLOBAL]
  { name: 'BoolIfExists on an absent key is true', condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, allow: true }, // [OPS]
  { name: 'a JSON boolean value', condition: { Bool: { 'aws:SecureTransport': false } }, context: { 'aws:SecureTransport': 'false' }, allow: true }, // [OPS]
  { name: 'BinaryEquals compares the decoded bytes', condition: { BinaryEquals: { 'custom:blob': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, context: { 'custom:blob': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, allow: true }, // [OPS]
  { name: 'BinaryEquals with other bytes', condition: { BinaryEquals: { 'custom:blob': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, context: { 'custom:blob': 'T3RoZXI=' }, allow: false }, // [OPS]
  // IP address
  { name: 'IpAddress inside the CIDR', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, context: { 'aws:SourceIp': '203.0.113.77' }, allow: true }, // [OPS]
  { name: 'IpAddress outside the CIDR', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, context: { 'aws:SourceIp': '203.0.114.1' }, allow: false }, // [OPS]
  { name: 'an address without a prefix is one address', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, context: { 'aws:SourceIp': '203.0.113.8' }, allow: false }, // [OPS]
  { name: 'IPv6 CIDR', condition: { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, context: { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }, allow: true }, // [OPS]
  { name: 'IPv6 outside the CIDR', condition: { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, context: { 'aws:SourceIp': '2001:db8:1234:5679::1' }, allow: false }, // [OPS]
  { name: 'an IPv4 CIDR does not hold an IPv6 address', condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, context: { 'aws:SourceIp': '2001:db8::1' }, allow: false }, // [OPS]
  { name: 'an IPv4-mapped IPv6 address is compared as IPv4', condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context: { 'aws:SourceIp': '::ffff:10.1.2.3' }, allow: true }, // [OPS]
  { name: 'NotIpAddress outside the CIDR', condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }, context: { 'aws:SourceIp': '203.0.113.1' }, allow: true }, // [OPS]
  { name: 'NotIpAddress inside one of the CIDRs', condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }, context: { 'aws:SourceIp': '192.168.1.1' }, allow: false }, // [OPS][COND]
  // ARN
  { name: 'ArnLike with wildcards', condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/al*' } }, allow: true }, // [OPS][GLOBAL]
  { name: 'ArnEquals takes wildcards like ArnLike', condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::1111222233?3:user/alice' } }, allow: true }, // [OPS]
  { name: 'ArnLike: a wildcard stays inside its segment', condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam*:user/alice' } }, allow: false }, // [OPS]
  { name: 'StringLike on the same pattern spans colons', condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam*:user/alice' } }, allow: true }, // [OPS]
  { name: 'ArnLike: * in the resource part spans colons', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111122223333:*' } }, context: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111122223333:log-group:a:log-stream:b' }, allow: true }, // [OPS]
  { name: 'ArnEquals is case-sensitive', condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/Alice' } }, allow: false }, // [OPS]
  { name: 'ArnNotEquals with the caller ARN', condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice' } }, allow: false }, // [OPS]
  { name: 'ArnNotLike on an absent key is true', condition: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:lambda:*' } }, allow: true }, // [COND]
  // Null, IfExists
  { name: 'Null true: the key is absent', condition: { Null: { 'aws:TokenIssueTime': 'true' } }, allow: true }, // [OPS]
  { name: 'Null true: the key is present', condition: { Null: { 'aws:SourceIp': 'true' } }, context: { 'aws:SourceIp': '10.0.0.1' }, allow: false }, // [OPS]
  { name: 'Null false: the key is present', condition: { Null: { 'aws:SourceIp': 'false' } }, context: { 'aws:SourceIp': '10.0.0.1' }, allow: true }, // [OPS]
  { name: 'Null false: the key is absent', condition: { Null: { 'aws:SourceIp': 'false' } }, allow: false }, // [OPS]
  { name: 'Null true: an empty multivalued key counts as absent', condition: { Null: { 'aws:TagKeys': 'true' } }, context: { 'aws:TagKeys': [] }, allow: true }, // [OPS][MULTI]
  { name: 'StringEqualsIfExists with a present, different value', condition: { StringEqualsIfExists: { [env]: 'prod' } }, context: { [env]: 'dev' }, allow: false }, // [OPS]
  { name: 'StringEqualsIfExists on an absent key', condition: { StringEqualsIfExists: { [env]: 'prod' } }, allow: true }, // [OPS]
  { name: 'NumericLessThanIfExists on an absent key', condition: { NumericLessThanIfExists: { 'secretsmanager:RecoveryWindowInDays': '10' } }, allow: true }, // [OPS]
  // Set operators
  { name: 'ForAllValues: every request value is in the set', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, context: { 'aws:TagKeys': ['env', 'team'] }, allow: true }, // [MULTI]
  { name: 'ForAllValues: one value outside the set', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, context: { 'aws:TagKeys': ['env', 'owner'] }, allow: false }, // [MULTI]
  { name: 'ForAllValues on an absent key is true', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, allow: true }, // [MULTI]
  { name: 'ForAllValues on an empty set is true', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, context: { 'aws:TagKeys': [] }, allow: true }, // [MULTI]
  { name: 'ForAnyValue: one request value in the set', condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, context: { 'aws:TagKeys': ['owner', 'env'] }, allow: true }, // [MULTI]
  { name: 'ForAnyValue: none in the set', condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, context: { 'aws:TagKeys': ['owner'] }, allow: false }, // [MULTI]
  { name: 'ForAnyValue on an absent key is false', condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, allow: false }, // [MULTI]
  { name: 'ForAnyValue:StringLike', condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['app-*'] } }, context: { 'aws:TagKeys': ['env', 'app-id'] }, allow: true }, // [MULTI]
  { name: 'ForAllValues:StringNotEquals: no request value in the list', condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['owner'] } }, context: { 'aws:TagKeys': ['env', 'team'] }, allow: true }, // [MULTI]
  { name: 'ForAllValues:StringNotEquals: one request value in the list', condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['owner'] } }, context: { 'aws:TagKeys': ['env', 'owner'] }, allow: false }, // [MULTI]
  { name: 'ForAnyValue:StringNotEquals: one request value outside the list', condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['owner'] } }, context: { 'aws:TagKeys': ['owner', 'env'] }, allow: true }, // [MULTI]
  // "Multivalued context keys require a condition set operator" [MULTI]; without one, Coffer reads a
  // positive operator as "some request value matches" and a negated one as "no request value matches".
  { name: 'multivalued key without a set operator: one value matches (Coffer\'s reading)', condition: { StringEquals: { 'aws:TagKeys': 'env' } }, context: { 'aws:TagKeys': ['team', 'env'] }, allow: true }, // [MULTI]
  { name: 'multivalued key, negated operator without a set operator: one value matches (Coffer\'s reading)', condition: { StringNotEquals: { 'aws:TagKeys': 'env' } }, context: { 'aws:TagKeys': ['team', 'env'] }, allow: false }, // [MULTI]
  // AND and OR
  { name: 'two keys in one block: both must hold', condition: { StringEquals: { [env]: 'prod', 'aws:PrincipalTag/team': 'blue' } }, context: { [env]: 'prod' }, allow: true }, // [COND]
  { name: 'two keys in one block: one fails', condition: { StringEquals: { [env]: 'prod', 'aws:PrincipalTag/team': 'red' } }, context: { [env]: 'prod' }, allow: false }, // [COND]
  { name: 'two operators: both must hold', condition: { StringEquals: { [env]: 'prod' }, Bool: { 'aws:SecureTransport': 'true' } }, context: { [env]: 'prod', 'aws:SecureTransport': 'false' }, allow: false }, // [COND]
  { name: 'unknown operator with no keys is ignored', condition: { Whatever: {} }, allow: true }, // [OPS]
  // Policy variables
  { name: '${aws:username} in a condition value', condition: { StringEquals: { [env]: '${aws:username}' } }, context: { [env]: 'alice' }, allow: true }, // [VARS]
  { name: '${aws:PrincipalTag/team} against the resource tag (ABAC)', condition: { StringEquals: { 'secretsmanager:ResourceTag/team': '${aws:PrincipalTag/team}' } }, context: { 'secretsmanager:ResourceTag/team': 'blue' }, allow: true }, // [VARS]
  { name: 'ABAC with a different tag value', condition: { StringEquals: { 'secretsmanager:ResourceTag/team': '${aws:PrincipalTag/team}' } }, context: { 'secretsmanager:ResourceTag/team': 'red' }, allow: false }, // [VARS]
  { name: 'an unresolvable variable makes the statement not apply', condition: { StringEquals: { [env]: '${aws:username}' } }, principal: session, context: { [env]: '${aws:username}' }, allow: false }, // [VARS]
  { name: 'an unresolvable variable also defeats a negated operator', condition: { StringNotEquals: { [env]: '${aws:username}' } }, principal: session, context: { [env]: 'x' }, allow: false }, // [VARS]
  { name: 'a default value stands in for an absent key', condition: { StringEquals: { [env]: "${aws:PrincipalTag/stage, 'prod'}" } }, context: { [env]: 'prod' }, allow: true }, // [VARS]
  { name: 'without Version, variables are literal text', condition: { StringEquals: { [env]: '${aws:username}' } }, version: null, context: { [env]: '${aws:username}' }, allow: true }, // [VARS]
  { name: 'without Version, a variable does not resolve', condition: { StringEquals: { [env]: '${aws:username}' } }, version: null, context: { [env]: 'alice' }, allow: false }, // [VARS]
  { name: '${*} is a literal asterisk in StringLike', condition: { StringLike: { [env]: 'a${*}' } }, context: { [env]: 'a*' }, allow: true }, // [VARS]
  { name: '${*} does not act as a wildcard', condition: { StringLike: { [env]: 'a${*}' } }, context: { [env]: 'abc' }, allow: false }, // [VARS]
  { name: '${?} and ${$} are literal characters', condition: { StringEquals: { [env]: 'x${?}${$}' } }, context: { [env]: 'x?$' }, allow: true }, // [VARS]
  { name: 'a variable in ArnLike', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*:user/${aws:username}' } }, context: { 'aws:SourceArn': 'arn:aws:iam::111122223333:user/alice' }, allow: true }, // [VARS]
  { name: 'variables are not substituted in Numeric operators', condition: { NumericEquals: { 'custom:n': '${aws:PrincipalTag/n}' } }, principal: { ...alice, tags: { n: '5' } }, context: { 'custom:n': '5' }, allow: false }, // [VARS]
];

describe('condition operators, set operators and policy variables', () => {
  for (const c of cases) it(c.name, () => assert.equal(holds(c), c.allow));
});
