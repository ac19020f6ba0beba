/**
 * The bound on rotations running at once (COFFER_ROTATION_CONCURRENCY), deployment-wide: with
 * more rotations due than the bound and two cluster workers each running a scheduler, no more
 * than that many run at the same time, and they all complete. Each invocation of the function records when it started and ended, and for
 * which secret; a rotation runs from the start of its first step to the end of its last.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateSecretCommand, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CofferServer } from '../support/coffer-server.js';
import { createCommandFunction, rotationEnv, TEST_FUNCTION_COMMAND, waitForRotationEnd } from '../support/rotation.js';

const CAP = 2;
const SECRETS = 5;

/** The largest number of [start, end] intervals that overlap at one instant. */
function maxOverlap(intervals: [bigint, bigint][]): number {
  const edges = intervals.flatMap(([s, e]) => [
    { t: s, d: 1 },
    { t: e, d: -1 },
  ]);
  edges.sort((a, b) => (a.t === b.t ? a.d - b.d : a.t < b.t ? -1 : 1));
  let now = 0;
  let most = 0;
  for (const { d } of edges) most = Math.max(most, (now += d));
  return most;
}

describe('rotations running at once in the deployment', () => {
  // Two worker processes: the bound holds across them (claims count every live lease in the store).
  const server = new CofferServer({ env: rotationEnv({ COFFER_ROTATION_CONCURRENCY: String(CAP), COFFER_WORKERS: '2' }) });
  let sm: SecretsManagerClient;
  let log: string;

  before(async () => {
    await server.start();
    sm = server.client();
    log = path.join(fs.mkdtempSync(path.join(server.dataDir, 'fn-')), 'times.log');
  });
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  it(`never exceed COFFER_ROTATION_CONCURRENCY=${CAP}, and all ${SECRETS} complete`, async () => {
    // Reads the event, notes "<secret> start|end <ns>" around the real (Python) function, which
    // gets the same event on its standard input; the sleep widens each step.
    const command = [
      'ev=$(cat)',
      `s=$(printf '%s' "$ev" | sed -E 's/.*"SecretId": *"([^"]*)".*/\\1/')`,
      `echo "$s start $(date +%s%N)" >> ${log}`,
      'sleep 0.3',
      `printf '%s' "$ev" | ${TEST_FUNCTION_COMMAND}`,
      'rc=$?',
      `echo "$s end $(date +%s%N)" >> ${log}`,
      'exit $rc',
    ].join('; ');
    const fn = await createCommandFunction(server, 'timed', command);
    const names = Array.from({ length: SECRETS }, (_, i) => `busy-${i}`);
    const arns: string[] = [];
    for (const n of names) arns.push((await sm.send(new CreateSecretCommand({ Name: n, SecretString: '{"password":"0"}' }))).ARN!);
    await Promise.all(names.map((n) => sm.send(new RotateSecretCommand({ SecretId: n, RotationLambdaARN: fn }))));
    for (const n of names) assert.equal((await waitForRotationEnd(server, n, 120_000)).status, 'Succeeded', n);

    const lines = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' '));
    assert.equal(lines.length, SECRETS * 4 * 2, 'four steps per rotation, each with a start and an end');
    const bySecret = new Map<string, bigint[]>();
    for (const [secret, , ns] of lines) bySecret.set(secret!, [...(bySecret.get(secret!) ?? []), BigInt(ns!)]);
    assert.deepEqual([...bySecret.keys()].sort(), [...arns].sort());
    const rotations = [...bySecret.values()].map((ts): [bigint, bigint] => [ts.reduce((a, b) => (a < b ? a : b)), ts.reduce((a, b) => (a > b ? a : b))]);
    const steps: [bigint, bigint][] = [];
    const open = new Map<string, bigint>();
    for (const [secret, what, ns] of lines) {
      if (what === 'start') open.set(secret!, BigInt(ns!));
      else steps.push([open.get(secret!)!, BigInt(ns!)]);
    }
    assert.equal(maxOverlap(rotations), CAP, `at most ${CAP} rotations at once (and the bound is reached)`);
    assert.ok(maxOverlap(steps) <= CAP);
  });
});
