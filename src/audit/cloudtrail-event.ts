import type { AuditRow } from '../store/index.js';

/** CloudTrail's record format version Coffer writes. */
export const EVENT_VERSION = '1.11';

export interface CloudTrailResource {
  accountId?: string;
  type: string;
  ARN: string;
}

export interface TlsDetails {
  tlsVersion: string;
  cipherSuite: string;
  clientProvidedHostHeader?: string;
}

/**
 * One event in CloudTrail's record format (docs: "CloudTrail record contents for management
 * events"). Members without a value are left out, except requestParameters and responseElements,
 * which CloudTrail writes as null.
 */
export interface CloudTrailEvent {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: CloudTrailResource[];
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  serviceEventDetails?: Record<string, unknown>;
  eventCategory: 'Management';
  tlsDetails?: TlsDetails;
}

/** The order CloudTrail writes the members in (records are stored canonically, sorted). */
const ORDER: (keyof CloudTrailEvent)[] = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'readOnly',
  'resources',
  'eventType',
  'managementEvent',
  'recipientAccountId',
  'serviceEventDetails',
  'eventCategory',
  'tlsDetails',
];

/** The event as CloudTrail prints it (LookupEvents' CloudTrailEvent string). */
export function renderCloudTrailEvent(e: CloudTrailEvent): string {
  const out: Record<string, unknown> = {};
  for (const k of ORDER) {
    if (e[k] === undefined) continue;
    if (k === 'userIdentity') out[k] = ordered(e.userIdentity, IDENTITY_ORDER);
    else if (k === 'tlsDetails') out[k] = ordered({ ...e.tlsDetails }, TLS_ORDER);
    else out[k] = e[k];
  }
  return JSON.stringify(out);
}

const IDENTITY_ORDER = ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'sessionContext', 'invokedBy'];
const TLS_ORDER = ['tlsVersion', 'cipherSuite', 'clientProvidedHostHeader'];

function ordered(obj: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out)) out[k] = obj[k];
  return out;
}

/** `2024-05-01T12:00:00Z`: CloudTrail's eventTime (whole seconds, UTC). */
export function eventTimeText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * How CloudTrail renders a timestamp inside requestParameters/responseElements of Secrets Manager
 * events (Java's medium date-time, UTC): `May 3, 2018 5:51:02 PM` (AWS user guide example of a
 * DeleteSecret event).
 */
export function javaDateText(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const hh = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${hh}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The name LookupEvents reports as Username: the user, the role session, or root. */
export function usernameOf(e: CloudTrailEvent): string | undefined {
  const id = e.userIdentity;
  if (typeof id.userName === 'string') return id.userName;
  if (id.type === 'AssumedRole' && typeof id.arn === 'string') return id.arn.split('/').pop();
  if (id.type === 'Root') return 'root';
  return undefined;
}

/** The columns of a stored event row that lookups filter on, derived from the event alone. */
export function eventColumns(e: CloudTrailEvent): Pick<
  AuditRow,
  'accountId' | 'eventId' | 'eventName' | 'eventSource' | 'readOnly' | 'username' | 'accessKeyId' | 'resources'
> {
  const accessKeyId = e.userIdentity.accessKeyId;
  return {
    accountId: e.recipientAccountId,
    eventId: e.eventID,
    eventName: e.eventName,
    eventSource: e.eventSource,
    readOnly: e.readOnly,
    username: usernameOf(e),
    accessKeyId: typeof accessKeyId === 'string' ? accessKeyId : undefined,
    resources: e.resources?.length
      ? JSON.stringify(e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })))
      : undefined,
  };
}

const SOURCES: Record<string, string> = {
  secretsmanager: 'secretsmanager.amazonaws.com',
  kms: 'kms.amazonaws.com',
  TrentService: 'kms.amazonaws.com',
  iam: 'iam.amazonaws.com',
  sts: 'sts.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail.amazonaws.com',
};

/** eventSource of a service, by IAM prefix or X-Amz-Target prefix. */
export function eventSourceOf(service: string): string {
  return SOURCES[service] ?? `${service.toLowerCase()}.amazonaws.com`;
}

export const SECRET_RESOURCE_TYPE = 'AWS::SecretsManager::Secret';

/** The resource entry of a secret, from its ARN. */
export function secretResource(arn: string): CloudTrailResource {
  return { accountId: arn.split(':')[4], type: SECRET_RESOURCE_TYPE, ARN: arn };
}
