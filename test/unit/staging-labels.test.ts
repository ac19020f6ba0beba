import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../src/errors/index.js';
import { LabelSet } from '../../src/secrets/staging-labels.js';
import type { VersionRecord } from '../../src/store/index.js';

const v = (id: string, stages: string[]): VersionRecord => ({ secretArn: 'a', versionId: id, stages, createdAt: 0, kmsKeyArn: 'k' });

describe('staging labels (api-notes §6)', () => {
  it('moving AWSCURRENT gives the old holder AWSPREVIOUS and takes AWSPREVIOUS from its former holder', () => {
    const v0 = v('0', ['AWSPREVIOUS', 'PUT0']);
    const v1 = v('1', ['AWSCURRENT', 'PUT1']);
    const v2 = v('2', []);
    const labels = new LabelSet([v0, v1, v2]);
    labels.attach('AWSCURRENT', v2);
    assert.deepEqual([v0.stages, v1.stages.sort(), v2.stages], [['PUT0'], ['AWSPREVIOUS', 'PUT1'], ['AWSCURRENT']]);
    assert.deepEqual(new Set([...labels.changed].map((x) => x.versionId)), new Set(['0', '1', '2']));
  });

  it('with dropPending the old current loses AWSPENDING too (PutSecretValue without VersionStages)', () => {
    const v1 = v('1', ['AWSCURRENT', 'AWSPENDING']);
    const v2 = v('2', []);
    new LabelSet([v1, v2]).attach('AWSCURRENT', v2, true);
    assert.deepEqual(v1.stages, ['AWSPREVIOUS']);
  });

  it('moving AWSCURRENT onto the AWSPENDING version leaves both labels there', () => {
    const v1 = v('1', ['AWSCURRENT']);
    const v2 = v('2', ['AWSPENDING']);
    new LabelSet([v1, v2]).attach('AWSCURRENT', v2);
    assert.deepEqual(v2.stages.sort(), ['AWSCURRENT', 'AWSPENDING']);
    assert.deepEqual(v1.stages, ['AWSPREVIOUS']);
  });

  it('a custom label moves alone, and attaching where it already is changes nothing', () => {
    const v1 = v('1', ['one', 'three', 'two']);
    const v2 = v('2', ['AWSCURRENT']);
    const labels = new LabelSet([v1, v2]);
    labels.attach('one', v2);
    labels.attach('AWSCURRENT', v2);
    assert.deepEqual([v1.stages, v2.stages], [['three', 'two'], ['AWSCURRENT', 'one']]);
  });

  it('enforces 20 labels per version and across the secret with LimitExceededException', () => {
    const many = Array.from({ length: 20 }, (_, i) => `L${i}`);
    const v1 = v('1', [...many]);
    const labels = new LabelSet([v1]);
    labels.checkLimits();
    labels.attach('L20', v1);
    assert.throws(() => labels.checkLimits(), (e: unknown) => e instanceof AwsError && e.code === 'LimitExceededException');
    const spread = new LabelSet([v('a', many.slice(0, 10)), v('b', [...many.slice(10), 'extra'])]);
    assert.throws(() => spread.checkLimits(), (e: unknown) => e instanceof AwsError && e.code === 'LimitExceededException');
  });
});
