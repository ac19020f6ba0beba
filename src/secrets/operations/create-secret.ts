import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { SecretRecord, Tag } from '../../store/index.js';
import type { SecretsDeps } from '../deps.js';
import { refuseReplication, requireToken } from '../request-rules.js';
import { checkNewName, newSecretArn } from '../secret-id.js';
import { valueFromInput } from '../secret-value.js';
import { checkTagKeys, MAX_TAGS } from '../tags.js';
import { keyUseCheck } from '../key-use.js';
import { writeVersion } from '../version-writer.js';

interface Input {
  Name: string;
  ClientRequestToken?: string;
  Description?: string;
  KmsKeyId?: string;
  SecretString?: string;
  SecretBinary?: Buffer;
  Tags?: Tag[];
  AddReplicaRegions?: unknown[];
  ForceOverwriteReplicaSecret?: boolean;
  Type?: string;
}

export function createSecret(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'CreateSecret',
    readOnly: false,
    resource: (i) => i.Name,
    async handler(ctx, input) {
      checkNewName(input.Name);
      const value = valueFromInput(input);
      const token = value ? requireToken(input.ClientRequestToken) : input.ClientRequestToken;
      refuseReplication(input.AddReplicaRegions);
      if (input.Tags) {
        checkTagKeys(input.Tags.map((t) => t.Key));
        if (new Set(input.Tags.map((t) => t.Key)).size > MAX_TAGS) throw errors.limitExceeded(`A secret can have at most ${MAX_TAGS} tags.`);
      }
      const { accountId } = ctx.caller;
      return deps.store.write(async (tx) => {
        const existing = await tx.getSecretByName(accountId, ctx.region, input.Name);
        if (existing) {
          if (existing.deletionDate !== undefined) {
            throw errors.invalidRequest(
              "You can't create this secret because a secret with this name is already scheduled for deletion.",
            );
          }
          // The same token with the same value is a retry: answer as the first call did (api-notes §7).
          const v = token !== undefined && value ? await tx.getVersion(existing.arn, token) : undefined;
          if (v && value && (await deps.sealer.holds(tx, existing.arn, v, value, ctx.now, keyUseCheck(ctx)))) {
            return { ARN: existing.arn, Name: existing.name, VersionId: v.versionId };
          }
          if (v) {
            throw errors.exists(
              `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${existing.arn}.`,
            );
          }
          throw errors.exists(`The operation failed because the secret ${input.Name} already exists.`);
        }
        const secret: SecretRecord = {
          arn: newSecretArn(ctx.region, accountId, input.Name),
          accountId,
          region: ctx.region,
          name: input.Name,
          createdAt: ctx.now,
          lastChangedAt: ctx.now,
        };
        // An empty Description is no description: AWS omits it (LocalStack snapshot, recorded against
        // AWS: test_create_secret_version_from_empty_secret).
        if (input.Description) secret.description = input.Description;
        if (input.KmsKeyId !== undefined && input.KmsKeyId !== '') secret.kmsKeyId = input.KmsKeyId;
        if (input.Tags !== undefined) secret.tags = dedupeTags(input.Tags);
        if (input.Type !== undefined) secret.type = input.Type;
        // The key must exist even for a secret created without a value.
        await deps.sealer.keyFor(tx, secret);
        await tx.insertSecret(secret);
        if (!value) return { ARN: secret.arn, Name: secret.name };
        const { version } = await writeVersion(tx, deps.sealer, secret, token!, value, undefined, ctx.now, keyUseCheck(ctx));
        return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId };
      });
    },
  };
}

/** The last value given for a key wins, as with TagResource. */
function dedupeTags(tags: Tag[]): Tag[] {
  const out: Tag[] = [];
  for (const t of tags) {
    const found = out.find((o) => o.Key === t.Key);
    if (found) found.Value = t.Value;
    else out.push({ Key: t.Key, Value: t.Value });
  }
  return out;
}
