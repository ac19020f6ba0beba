import type { Operation } from '../../operation/index.js';
import type { SecretSortKey } from '../../store/index.js';
import type { SecretsDeps } from '../deps.js';
import type { SecretFilter } from '../list-filter.js';
import { listPage } from '../secret-listing.js';
import { secretView } from '../secret-view.js';

interface Input {
  IncludePlannedDeletion?: boolean;
  MaxResults?: number;
  NextToken?: string;
  Filters?: SecretFilter[];
  SortOrder?: 'asc' | 'desc';
  SortBy?: SecretSortKey;
}

/** Default page size when MaxResults is not given. */
const DEFAULT_PAGE = 100;

export function listSecrets(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'ListSecrets',
    readOnly: true,
    resource: () => undefined,
    async handler(ctx, input) {
      return deps.store.read(async (tx) => {
        const { secrets, nextToken } = await listPage(tx, {
          accountId: ctx.caller.accountId,
          region: ctx.region,
          filters: input.Filters ?? [],
          includeDeleted: input.IncludePlannedDeletion === true,
          sortBy: input.SortBy ?? 'created-date',
          sortOrder: input.SortOrder ?? 'asc',
          maxResults: input.MaxResults ?? DEFAULT_PAGE,
          nextToken: input.NextToken,
        });
        const SecretList = [];
        for (const s of secrets) SecretList.push(secretView(s, await tx.listVersions(s.arn), 'SecretVersionsToStages'));
        return nextToken === undefined ? { SecretList } : { SecretList, NextToken: nextToken };
      });
    },
  };
}
