import { AwsError } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { AuditLookupKey, AuditRow, Store } from '../../store/index.js';
import { renderCloudTrailEvent, usernameOf, type CloudTrailEvent } from '../cloudtrail-event.js';
import { decodeNextToken, encodeNextToken, queryFingerprint } from './next-token.js';

interface Input {
  LookupAttributes?: { AttributeKey: AuditLookupKey; AttributeValue: string }[];
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

const DEFAULT_MAX = 50;

/**
 * CloudTrail's LookupEvents over the audit trail in the store: the caller's account's events,
 * newest first, filtered by at most one lookup attribute and a time range (inclusive), in pages of
 * up to 50. Without StartTime it reaches back as far as the retention period keeps events (CloudTrail
 * itself keeps 90 days). Insights events do not exist in Coffer: EventCategory=insight finds none.
 */
export function lookupEvents(store: Store): Operation<Input> {
  return {
    service: 'cloudtrail',
    name: 'LookupEvents',
    readOnly: true,
    resource: () => undefined,
    async handler(ctx, input) {
      const attrs = input.LookupAttributes ?? [];
      if (attrs.length > 1) {
        throw new AwsError('InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
      }
      const attribute = attrs[0] && { key: attrs[0].AttributeKey, value: attrs[0].AttributeValue };
      if (attribute?.key === 'ReadOnly' && attribute.value !== 'true' && attribute.value !== 'false') {
        throw new AwsError('InvalidLookupAttributesException', 'The value of the ReadOnly attribute must be true or false.');
      }
      const endTime = input.EndTime?.getTime() ?? ctx.now;
      const startTime = input.StartTime?.getTime() ?? 0;
      if (startTime > endTime) throw new AwsError('InvalidTimeRangeException', 'The start time must not be after the end time.');
      if (input.EventCategory === 'insight') return { Events: [] };
      const limit = input.MaxResults ?? DEFAULT_MAX;
      const fingerprint = queryFingerprint([attribute?.key, attribute?.value, input.StartTime?.getTime(), input.EndTime?.getTime()]);
      const before = input.NextToken !== undefined ? decodeNextToken(input.NextToken, fingerprint) : undefined;
      const rows = await store.read((tx) =>
        tx.audit.lookup({ accountId: ctx.caller.accountId, startTime, endTime, attribute, before, limit: limit + 1 }),
      );
      const page = rows.slice(0, limit);
      const out: Record<string, unknown> = { Events: page.map(toLookupEvent) };
      if (rows.length > limit) {
        const last = page[page.length - 1]!;
        out.NextToken = encodeNextToken({ time: last.time, pos: last.pos! }, fingerprint);
      }
      return out;
    },
  };
}

/** An event as LookupEvents answers it; CloudTrailEvent is the record as a JSON string. */
function toLookupEvent(row: AuditRow): Record<string, unknown> {
  const e = JSON.parse(row.body).body as CloudTrailEvent;
  const accessKeyId = e.userIdentity.accessKeyId;
  const out: Record<string, unknown> = {
    EventId: e.eventID,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    EventTime: Math.floor(row.time / 1000),
    EventSource: e.eventSource,
    Resources: (e.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: renderCloudTrailEvent(e),
  };
  if (typeof accessKeyId === 'string') out.AccessKeyId = accessKeyId;
  const username = usernameOf(e);
  if (username !== undefined) out.Username = username;
  return out;
}
