/**
 * The built-in catalogue of AWS managed policies (src/iam/aws-managed-policies/): every document
 * parses with Coffer's policy parser as a managed policy (Version 2012-10-17 required), and every
 * entry has the fields AWS's GetPolicy and GetPolicyVersion show for it (IAM API Reference, Policy
 * and PolicyVersion; AWS Managed Policy Reference Guide, "Policy details" and "Policy version"),
 * consistent with each other.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AWS_MANAGED_POLICY_SOURCES,
  awsManagedPolicies,
  awsManagedPolicy,
  isAwsManagedPolicyArn,
} from '../../src/iam/aws-managed-policies/catalogue.js';
import { MANAGED_POLICY_SIZE } from '../../src/iam/operations/managed-policies.js';
import { policySize } from '../../src/iam/policy-documents.js';
import { parsePolicy } from '../../src/iam/policy/index.js';

const EXPECTED = [
  ['AdministratorAccess', 'v1'],
  ['AWSKeyManagementServicePowerUser', 'v2'],
  ['IAMFullAccess', 'v2'],
  ['IAMReadOnlyAccess', 'v4'],
  ['SecretsManagerReadWrite', 'v5'],
] as const;

describe('the AWS managed policy catalogue', () => {
  it('holds the policies a secrets manager needs, with their current default versions, in name order', () => {
    assert.deepEqual(
      awsManagedPolicies().map((p) => [p.record.name, p.record.defaultVersionId]),
      EXPECTED.map(([n, v]) => [n, v]),
    );
    // ReadOnlyAccess is left out: its document could not be reproduced exactly (README.md).
    assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess'), undefined);
  });

  for (const p of awsManagedPolicies()) {
    const { record, version, source } = p;
    describe(record.name, () => {
      it('parses with the policy parser as a managed policy, within the managed policy size quota', () => {
        const policy = parsePolicy(version.document, 'identity', { managed: true });
        assert.ok(policy.statements.length > 0);
        assert.ok(policySize(version.document) <= MANAGED_POLICY_SIZE, `${policySize(version.document)} characters`);
      });

      it('has the fields GetPolicy shows: name, AWS ARN, path /, ANPA id, default version, dates, description', () => {
        assert.equal(record.arn, `arn:aws:iam::aws:policy/${record.name}`);
        assert.equal(record.path, '/');
        assert.equal(record.accountId, 'aws');
        assert.match(record.policyId, /^ANPA[A-Z0-9]{17}$/);
        assert.match(record.defaultVersionId, /^v[1-9][0-9]*$/);
        assert.ok(record.createdAt <= record.updatedAt, 'CreateDate <= UpdateDate');
        assert.ok(record.createdAt >= Date.UTC(2015, 1, 6), 'no AWS managed policy is older than 2015-02-06');
        assert.ok(record.description && record.description.length > 0);
        assert.deepEqual(record.tags, []);
      });

      it('has one version, the default, created when the policy was last updated, with Version and Statement', () => {
        assert.equal(version.policyArn, record.arn);
        assert.equal(version.versionId, record.defaultVersionId);
        assert.equal(version.createdAt, record.updatedAt);
        const doc = JSON.parse(version.document) as { Version: string; Statement: unknown[] };
        assert.equal(doc.Version, '2012-10-17');
        assert.ok(Array.isArray(doc.Statement) && doc.Statement.length > 0);
        assert.deepEqual(doc, source.Document, 'the document is the published one, unchanged');
      });

      it('cites the AWS Managed Policy Reference Guide page it comes from', () => {
        const cites = source['//'].join(' ');
        assert.ok(cites.includes(`https://docs.aws.amazon.com/aws-managed-policy/latest/reference/${record.name}.html`), cites);
      });

      it('is found by its ARN, and only by it', () => {
        assert.equal(awsManagedPolicy(record.arn), p);
        assert.equal(awsManagedPolicy(record.arn.toLowerCase()), undefined);
        assert.ok(isAwsManagedPolicyArn(record.arn));
      });
    });
  }

  it('pins the published details that Coffer users rely on', () => {
    const srw = awsManagedPolicy('arn:aws:iam::aws:policy/SecretsManagerReadWrite')!;
    assert.equal(srw.record.policyId, 'ANPAI3VG7CI5BIQZQ6G2E');
    assert.equal(new Date(srw.record.createdAt).toISOString(), '2018-04-04T18:05:29.000Z');
    assert.equal(new Date(srw.record.updatedAt).toISOString(), '2024-02-22T18:12:06.000Z');
    const sids = (JSON.parse(srw.version.document) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid);
    assert.deepEqual(sids, ['BasePermissions', 'LambdaPermissions', 'SARPermissions', 'S3Permissions']);
    const admin = awsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess')!;
    assert.equal(admin.record.policyId, 'ANPAIWMBCKSKIEE64ZLYK');
    assert.deepEqual(JSON.parse(admin.version.document), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.equal(AWS_MANAGED_POLICY_SOURCES.length, awsManagedPolicies().length);
  });

  it('treats every arn:aws:iam::aws:policy/ ARN as AWS managed, found or not', () => {
    assert.ok(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/NoSuchPolicyAnywhere'));
    assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicyAnywhere'), undefined);
    assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/service-role/SecretsManagerReadWrite'), undefined);
    assert.ok(!isAwsManagedPolicyArn('arn:aws:iam::000000000000:policy/SecretsManagerReadWrite'));
  });
});
