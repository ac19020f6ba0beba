import { errors } from '../errors/index.js';
import { InvalidCursorError, type SecretRecord, type SecretSortKey, type StoreTx } from '../store/index.js';
import { compileFilters, type SecretFilter } from './list-filter.js';

export interface ListQuery {
  accountId: string;
  region: string;
  filters: SecretFilter[];
  includeDeleted: boolean;
  sortBy: SecretSortKey;
  sortOrder: 'asc' | 'desc';
  maxResults: number;
  nextToken?: string;
}

/** At most this many rows are examined per call; past it a page may come back short, with a NextToken. */
const SCAN_BUDGET = 10_000;

/**
 * One page of a filtered, sorted listing (ListSecrets, BatchGetSecretValue with Filters). Rows are
 * read in sort order with keyset pagination and filtered as they stream by.
 */
export async function listPage(tx: StoreTx, q: ListQuery): Promise<{ secrets: SecretRecord[]; nextToken?: string }> {
  const match = compileFilters(q.filters);
  let after = q.nextToken === undefined ? undefined : readToken(q.nextToken, q);
  const page: SecretRecord[] = [];
  let scanned = 0;
  const batchSize = Math.max(q.maxResults, 100);
  for (;;) {
    let batch;
    try {
      batch = await tx.scanSecrets({
        accountId: q.accountId,
        region: q.region,
        includeDeleted: q.includeDeleted,
        sortBy: q.sortBy,
        sortOrder: q.sortOrder,
        after,
        limit: batchSize,
      });
    } catch (e) {
      if (e instanceof InvalidCursorError) throw errors.invalidNextToken();
      throw e;
    }
    for (const { secret, cursor } of batch.secrets) {
      after = cursor;
      scanned++;
      if (match({ name: secret.name, description: secret.description, tags: secret.tags ?? [], owningService: secret.owningService })) {
        page.push(secret);
        if (page.length === q.maxResults) return { secrets: page, nextToken: writeToken(cursor, q) };
      }
    }
    if (batch.done) return { secrets: page };
    if (scanned >= SCAN_BUDGET) return { secrets: page, nextToken: writeToken(after!, q) };
  }
}

/** NextToken: the store's cursor, bound to the sort it was made for. */
function writeToken(cursor: string, q: ListQuery): string {
  return Buffer.from(JSON.stringify({ c: cursor, s: q.sortBy, o: q.sortOrder }), 'utf8').toString('base64');
}

function readToken(token: string, q: ListQuery): string {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (t && typeof t.c === 'string' && t.s === q.sortBy && t.o === q.sortOrder) return t.c;
  } catch {
    // fall through
  }
  throw errors.invalidNextToken();
}
