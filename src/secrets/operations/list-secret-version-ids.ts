import { errors } from '../../errors/index.js';
import { SECRETS_MANAGER_ALIAS } from '../../kms/index.js';
import type { Operation } from '../../operation/index.js';
import type { VersionRecord } from '../../store/index.js';
import type { SecretsDeps } from '../deps.js';
import { checkSecretId, requireSecret } from '../secret-id.js';
import { epochSeconds } from '../secret-view.js';
import { sortedStages } from '../staging-labels.js';

interface Input {
  SecretId: string;
  MaxResults?: number;
  NextToken?: string;
  IncludeDeprecated?: boolean;
}

const DEFAULT_PAGE = 100;

export function listSecretVersionIds(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'ListSecretVersionIds',
    readOnly: true,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      return deps.store.read(async (tx) => {
        const secret = await requireSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        const all = (await tx.listVersions(secret.arn)).filter((v) => input.IncludeDeprecated || v.stages.length > 0);
        const start = input.NextToken === undefined ? 0 : readOffset(input.NextToken, all.length);
        const size = input.MaxResults ?? DEFAULT_PAGE;
        const page = all.slice(start, start + size);
        const defaultKey = await deps.keys.resolve(tx, secret.accountId, secret.region, SECRETS_MANAGER_ALIAS);
        const out: Record<string, unknown> = {
          Versions: page.map((v) => versionEntry(v, v.kmsKeyArn === defaultKey?.arn)),
          ARN: secret.arn,
          Name: secret.name,
        };
        if (start + size < all.length) out.NextToken = Buffer.from(`v1:${start + size}`).toString('base64');
        return out;
      });
    },
  };
}

function versionEntry(v: VersionRecord, defaultKey: boolean): Record<string, unknown> {
  const e: Record<string, unknown> = { VersionId: v.versionId };
  if (v.stages.length) e.VersionStages = sortedStages(v);
  if (v.lastAccessedAt !== undefined) e.LastAccessedDate = epochSeconds(v.lastAccessedAt);
  e.CreatedDate = epochSeconds(v.createdAt);
  // With the default key AWS reports the placeholder "DefaultEncryptionKey" (api-notes §12); a
  // version sealed under a customer key shows that key's ARN.
  e.KmsKeyIds = [defaultKey ? 'DefaultEncryptionKey' : v.kmsKeyArn];
  return e;
}

function readOffset(token: string, total: number): number {
  const m = /^v1:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(n) || n > total) throw errors.invalidNextToken();
  return n;
}
