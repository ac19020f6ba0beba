import crypto from 'node:crypto';
import { EVENT_VERSION, eventTimeText, secretResource, type CloudTrailEvent } from './cloudtrail-event.js';

/**
 * Work Coffer does on its own, recorded as AWS records it: `EndSecretVersionDelete` when the
 * purger removes a secret, `RotationStarted`/`RotationSucceeded`/`RotationFailed` for rotation,
 * and so on. The event names the secret; it never carries a value.
 */
export interface ServiceEventInput {
  eventName: string;
  /** The secret the work was about; its account receives the event. */
  secretArn?: string;
  /** Required when there is no secretArn. */
  accountId?: string;
  region: string;
  /** Default: secretsmanager.amazonaws.com. */
  eventSource?: string;
  /** Merged into additionalEventData (which always names the secret as SecretId). */
  additionalEventData?: Record<string, unknown>;
  serviceEventDetails?: Record<string, unknown>;
  /** Epoch milliseconds; default now. */
  time?: number;
}

/** The CloudTrail event of a service event (eventType AwsServiceEvent). */
export function serviceEvent(input: ServiceEventInput): CloudTrailEvent {
  const source = input.eventSource ?? 'secretsmanager.amazonaws.com';
  const accountId = input.secretArn?.split(':')[4] ?? input.accountId;
  if (!accountId) throw new Error('a service event needs secretArn or accountId');
  const additional = { ...(input.secretArn ? { SecretId: input.secretArn } : {}), ...(input.additionalEventData ?? {}) };
  const e: CloudTrailEvent = {
    eventVersion: EVENT_VERSION,
    userIdentity: { accountId, invokedBy: source },
    eventTime: eventTimeText(input.time ?? Date.now()),
    eventSource: source,
    eventName: input.eventName,
    awsRegion: input.region,
    sourceIPAddress: source,
    userAgent: source,
    requestParameters: null,
    responseElements: null,
    requestID: crypto.randomUUID(),
    eventID: crypto.randomUUID(),
    readOnly: false,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
  if (Object.keys(additional).length) e.additionalEventData = additional;
  if (input.secretArn) e.resources = [secretResource(input.secretArn)];
  if (input.serviceEventDetails) e.serviceEventDetails = input.serviceEventDetails;
  return e;
}
