import { AwsError, errors } from '../../errors/index.js';
import type { CallContext, Operation } from '../../operation/index.js';
import type { SecretsDeps } from '../deps.js';
import type { SecretFilter } from '../list-filter.js';
import { checkSecretId } from '../secret-id.js';
import { listPage } from '../secret-listing.js';
import { keyUseCheck } from '../key-use.js';
import { readSecretValue } from './get-secret-value.js';

interface Input {
  SecretIdList?: string[];
  Filters?: SecretFilter[];
  MaxResults?: number;
  NextToken?: string;
}

const DEFAULT_PAGE = 20;

/**
 * The AWSCURRENT values of up to 20 secrets, named by id or found by filters. Each secret is
 * authorised as a GetSecretValue of its own; failures are reported per secret (api-notes §5).
 */
export function batchGetSecretValue(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'BatchGetSecretValue',
    readOnly: true,
    resource: () => undefined,
    async handler(ctx, input) {
      if ((input.SecretIdList === undefined) === (input.Filters === undefined)) {
        throw errors.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
      }
      if (input.MaxResults !== undefined && input.Filters === undefined) {
        throw errors.invalidParameter("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
      }
      let ids: string[];
      let nextToken: string | undefined;
      if (input.SecretIdList) {
        ids = input.SecretIdList;
      } else {
        await ctx.authorize('secretsmanager:ListSecrets', undefined);
        const page = await deps.store.read((tx) =>
          listPage(tx, {
            accountId: ctx.caller.accountId,
            region: ctx.region,
            filters: input.Filters!,
            includeDeleted: false,
            sortBy: 'created-date',
            sortOrder: 'asc',
            maxResults: input.MaxResults ?? DEFAULT_PAGE,
            nextToken: input.NextToken,
          }),
        );
        ids = page.secrets.map((s) => s.arn);
        nextToken = page.nextToken;
      }
      const SecretValues: Record<string, unknown>[] = [];
      const Errors: Record<string, unknown>[] = [];
      for (const id of ids) {
        try {
          SecretValues.push(await readOne(deps, ctx, id));
        } catch (e) {
          if (!(e instanceof AwsError) || e.status >= 500) throw e;
          Errors.push({ SecretId: id, ErrorCode: e.code, Message: e.message });
        }
      }
      const out: Record<string, unknown> = { SecretValues, Errors };
      if (nextToken !== undefined) out.NextToken = nextToken;
      return out;
    },
  };
}

async function readOne(deps: SecretsDeps, ctx: CallContext, id: string): Promise<Record<string, unknown>> {
  checkSecretId(id);
  await ctx.authorize('secretsmanager:GetSecretValue', id);
  return readSecretValue(deps, ctx.caller.accountId, ctx.region, { SecretId: id }, ctx.now, keyUseCheck(ctx));
}
