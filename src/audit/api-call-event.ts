import crypto from 'node:crypto';
import type { Caller } from '../operation/index.js';
import {
  EVENT_VERSION,
  eventSourceOf,
  eventTimeText,
  secretResource,
  type CloudTrailEvent,
  type CloudTrailResource,
  type TlsDetails,
} from './cloudtrail-event.js';
import { pickMembers } from './sensitive-fields.js';
import { SECRETS_MANAGER_FIELDS } from './secretsmanager-fields.js';
import { serviceEvent } from './service-event.js';

/** Everything known about one call when its event is written. Never holds a secret. */
export interface ApiCallFacts {
  requestId: string;
  /** Request time, epoch milliseconds. */
  time: number;
  region: string;
  /** IAM service prefix ('secretsmanager', 'cloudtrail', ...). */
  service: string;
  operation: string;
  readOnly: boolean;
  /** The authenticated caller; absent when authentication failed or never ran. */
  caller?: Caller;
  /** What an unauthenticated request claimed: the access key id of its Credential, its owner if known. */
  claimed?: { accessKeyId?: string; accountId?: string };
  /** The account an event of an unknown caller is filed under. */
  defaultAccountId: string;
  sourceIp?: string;
  userAgent?: string;
  tls?: TlsDetails;
  /** The validated input, when it validated. */
  input?: Record<string, unknown>;
  /** The output of a successful call. */
  output?: unknown;
  error?: { code: string; message: string };
}

const MAX_TEXT = 1024;
const AUTH_ERRORS = new Set([
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

/**
 * The events of one API call: the call's own event, plus what AWS writes alongside it (a
 * GetSecretValue event per secret a BatchGetSecretValue returned; the deletion service events of
 * DeleteSecret and RestoreSecret).
 */
export function apiCallEvents(f: ApiCallFacts): CloudTrailEvent[] {
  const main = apiCallEvent(f);
  const out = [main];
  if (f.error || f.service !== 'secretsmanager') return out;
  const o = f.output as Record<string, any> | undefined;
  if (f.operation === 'BatchGetSecretValue' && Array.isArray(o?.SecretValues)) {
    for (const v of o.SecretValues) {
      if (typeof v?.ARN !== 'string') continue;
      out.push({
        ...apiCallEvent({ ...f, operation: 'GetSecretValue', input: { SecretId: v.ARN }, output: { ARN: v.ARN } }),
        requestID: f.requestId,
      });
    }
  }
  const arn = typeof o?.ARN === 'string' ? o.ARN : undefined;
  if (arn && f.operation === 'DeleteSecret') {
    const name = f.input?.ForceDeleteWithoutRecovery === true ? 'EndSecretVersionDelete' : 'StartSecretVersionDelete';
    out.push(serviceEvent({ eventName: name, secretArn: arn, region: f.region, time: f.time }));
  }
  if (arn && f.operation === 'RestoreSecret') {
    out.push(serviceEvent({ eventName: 'CancelSecretVersionDelete', secretArn: arn, region: f.region, time: f.time }));
  }
  return out;
}

function apiCallEvent(f: ApiCallFacts): CloudTrailEvent {
  const fields = f.service === 'secretsmanager' ? SECRETS_MANAGER_FIELDS[f.operation] : undefined;
  const accountId = f.caller?.accountId ?? f.claimed?.accountId ?? f.defaultAccountId;
  const e: CloudTrailEvent = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(f),
    eventTime: eventTimeText(f.time),
    eventSource: eventSourceOf(f.service),
    eventName: f.operation,
    awsRegion: f.region,
    sourceIPAddress: clip(f.sourceIp ?? 'unknown'),
    userAgent: clip(f.userAgent ?? ''),
    requestParameters: f.input ? pickMembers(f.input, fields ? fields.request : 'all') : null,
    responseElements: !f.error && fields && fields.response.length ? pickMembers(f.output, fields.response) : null,
    requestID: f.requestId,
    eventID: crypto.randomUUID(),
    readOnly: f.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
  if (f.error) {
    e.errorCode = f.error.code === 'AccessDeniedException' ? 'AccessDenied' : f.error.code;
    e.errorMessage = clip(AUTH_ERRORS.has(f.error.code) ? scrubCredentials(f.error.message) : f.error.message);
  }
  const resources = resourcesOf(f);
  if (resources.length) e.resources = resources;
  if (f.tls) e.tlsDetails = f.tls;
  return e;
}

function userIdentity(f: ApiCallFacts): Record<string, unknown> {
  const c = f.caller;
  if (!c) {
    const id: Record<string, unknown> = { type: 'Unknown' };
    if (f.claimed?.accountId) id.accountId = f.claimed.accountId;
    if (f.claimed?.accessKeyId) id.accessKeyId = f.claimed.accessKeyId;
    return id;
  }
  if (c.type === 'Root' || c.arn.endsWith(':root')) {
    return { type: 'Root', principalId: c.accountId, arn: c.arn, accountId: c.accountId, accessKeyId: c.accessKeyId };
  }
  const role = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(c.arn);
  if (c.type === 'AssumedRole' || role) {
    const s = c.session;
    const context: Record<string, unknown> = {
      sessionIssuer: {
        type: 'Role',
        principalId: s?.roleId ?? c.principalId.split(':')[0],
        arn: s?.roleArn ?? `arn:aws:iam::${c.accountId}:role/${role?.[2] ?? ''}`,
        accountId: c.accountId,
        userName: s?.roleName ?? role?.[2],
      },
    };
    if (s) context.attributes = { creationDate: new Date(s.issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' };
    if (s?.sourceIdentity) context.sourceIdentity = s.sourceIdentity;
    return { type: 'AssumedRole', principalId: c.principalId, arn: c.arn, accountId: c.accountId, accessKeyId: c.accessKeyId, sessionContext: context };
  }
  return { type: 'IAMUser', principalId: c.principalId, arn: c.arn, accountId: c.accountId, accessKeyId: c.accessKeyId, userName: c.userName };
}

/** The secret a call was about, when its ARN is known (from the output or an ARN given as SecretId). */
function resourcesOf(f: ApiCallFacts): CloudTrailResource[] {
  if (f.service !== 'secretsmanager') return [];
  const o = f.output as Record<string, unknown> | undefined;
  const arn = typeof o?.ARN === 'string' ? o.ARN : typeof f.input?.SecretId === 'string' ? f.input.SecretId : undefined;
  return arn && /^arn:[^:]+:secretsmanager:[^:]*:\d{12}:secret:/.test(arn) ? [secretResource(arn)] : [];
}

function clip(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}...` : s;
}

/**
 * Authentication errors echo parts of the Authorization header. Coffer's own messages already
 * blank anything shaped like a signature; this also blanks what looks like a secret access key a
 * client put in the wrong place (40 characters of base64 with both cases).
 */
function scrubCredentials(message: string): string {
  return message
    .replace(/[0-9a-fA-F]{32,}/g, '<redacted>')
    .replace(/[A-Za-z0-9/+=]{30,}/g, (m) => (/[a-z]/.test(m) && /[A-Z]/.test(m) ? '<redacted>' : m));
}
