import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, requireLiveSecret } from '../secret-id.js';
import { AWSCURRENT, LabelSet } from '../staging-labels.js';

interface Input {
  SecretId: string;
  VersionStage: string;
  RemoveFromVersionId?: string;
  MoveToVersionId?: string;
}

/** Moves or removes one staging label (api-notes §6). */
export function updateSecretVersionStage(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'UpdateSecretVersionStage',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      const label = input.VersionStage;
      if (input.MoveToVersionId === undefined && input.RemoveFromVersionId === undefined) {
        throw errors.invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId, or both.');
      }
      return deps.store.write(async (tx) => {
        const secret = await requireLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        const versions = await tx.listVersions(secret.arn);
        const byId = (id: string) => {
          const v = versions.find((x) => x.versionId === id);
          if (!v) throw errors.notFound(`Secrets Manager can't find the specified secret value for VersionId: ${id}`);
          return v;
        };
        const target = input.MoveToVersionId === undefined ? undefined : byId(input.MoveToVersionId);
        const from = input.RemoveFromVersionId === undefined ? undefined : byId(input.RemoveFromVersionId);
        const labels = new LabelSet(versions);
        const holder = labels.holder(label);
        if (from && !from.stages.includes(label)) {
          throw errors.invalidParameter(
            `The staging label ${label} is not attached to version ${from.versionId}, so it can't be removed from that version.`,
          );
        }
        if (target) {
          if (holder && holder !== target && holder !== from) {
            throw errors.invalidParameter(
              `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
            );
          }
          labels.attach(label, target);
        } else if (from) {
          if (label === AWSCURRENT) {
            throw errors.invalidParameter(
              'You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.',
            );
          }
          labels.detach(label, from);
        }
        labels.checkLimits();
        for (const v of labels.changed) await tx.updateVersion(v);
        if (labels.changed.size) {
          secret.lastChangedAt = ctx.now;
          await tx.updateSecret(secret);
        }
        return { ARN: secret.arn, Name: secret.name };
      });
    },
  };
}
