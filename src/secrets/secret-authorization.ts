/**
 * What the authoriser needs to know about a Secrets Manager request (Service Authorization
 * Reference, "Actions, resources, and condition keys for AWS Secrets Manager"):
 * - the secret named by SecretId (or CreateSecret's Name), found by name in the caller's account
 *   and region, or by full or partial ARN in any account: its ARN, account, resource policy and
 *   tags (`secretsmanager:ResourceTag/<k>`, `aws:ResourceTag/<k>`), and `secretsmanager:SecretId`;
 * - a secret that does not exist is still authorised (authorisation comes before existence, so
 *   a caller learns nothing about secrets it may not touch): its resource is the ARN as named, or
 *   `arn:aws:secretsmanager:<region>:<caller's account>:secret:<name>` for a name;
 * - the request keys from the input: `secretsmanager:Name`, `Description`, `KmsKeyId`,
 *   `VersionId`, `VersionStage`, `ForceDeleteWithoutRecovery`, `RecoveryWindowInDays`,
 *   `BlockPublicPolicy`, `RotationLambdaARN`, `AddReplicaRegions`, and `aws:RequestTag/<k>` /
 *   `aws:TagKeys` (CreateSecret and TagResource Tags, UntagResource TagKeys).
 * Actions without a resource (ListSecrets, GetRandomPassword, BatchGetSecretValue) are `*`.
 */
import type { ContextValue } from '../iam/policy/index.js';
import type { Caller } from '../operation/index.js';
import type { StoreTx, Tag } from '../store/index.js';
import { findSecret } from './secret-id.js';

/**
 * The request as the authoriser asks about it, and the facts it gets back: the shapes of iam/'s
 * AuthorizationRequest and ResourceFacts (app/ wires this loader in; secrets/ does not import
 * iam/, which sits above it, only its pure evaluator).
 */
export interface SecretAuthorizationRequest {
  caller: Caller;
  resource: string | undefined;
  input?: Record<string, unknown>;
  region: string;
}

export interface SecretAuthorizationFacts {
  resource: string;
  resourceAccount?: string;
  resourcePolicy?: string;
  context?: Record<string, ContextValue>;
}

const SCALAR_KEYS = [
  'Name',
  'Description',
  'KmsKeyId',
  'VersionId',
  'VersionStage',
  'ForceDeleteWithoutRecovery',
  'RecoveryWindowInDays',
  'BlockPublicPolicy',
  'RotationLambdaARN',
] as const;

/** The request's own condition keys, from its input. */
export function secretsRequestContext(input: Record<string, unknown> | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (!input) return out;
  for (const k of SCALAR_KEYS) {
    const v = input[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[`secretsmanager:${k}`] = v;
  }
  const replicas = input.AddReplicaRegions;
  if (Array.isArray(replicas)) {
    out['secretsmanager:AddReplicaRegions'] = replicas
      .map((r) => (r && typeof r === 'object' ? (r as { Region?: unknown }).Region : undefined))
      .filter((r): r is string => typeof r === 'string');
  }
  const tags = input.Tags;
  if (Array.isArray(tags)) {
    const list = tags as Tag[];
    for (const t of list) out[`aws:RequestTag/${t.Key}`] = t.Value;
    out['aws:TagKeys'] = list.map((t) => t.Key);
  }
  if (Array.isArray(input.TagKeys)) out['aws:TagKeys'] = (input.TagKeys as unknown[]).filter((k): k is string => typeof k === 'string');
  return out;
}

const ARN = /^arn:aws:secretsmanager:([^:]+):(\d{12}):secret:(.+)$/;

export async function loadSecretAuthorizationFacts(tx: StoreTx, request: SecretAuthorizationRequest): Promise<SecretAuthorizationFacts> {
  const context = secretsRequestContext(request.input);
  const id = request.resource;
  if (id === undefined) return { resource: '*', context };
  const secret = await findSecret(tx, request.caller.accountId, request.region, id);
  if (secret) {
    for (const t of secret.tags ?? []) {
      context[`secretsmanager:ResourceTag/${t.Key}`] = t.Value;
      context[`aws:ResourceTag/${t.Key}`] = t.Value;
    }
    context['secretsmanager:SecretId'] = secret.arn;
    return {
      resource: secret.arn,
      resourceAccount: secret.accountId,
      ...(secret.resourcePolicy !== undefined ? { resourcePolicy: secret.resourcePolicy } : {}),
      context,
    };
  }
  const m = ARN.exec(id);
  const arn = id.startsWith('arn:') ? id : `arn:aws:secretsmanager:${request.region}:${request.caller.accountId}:secret:${id}`;
  context['secretsmanager:SecretId'] = arn;
  return { resource: arn, resourceAccount: m ? m[2]! : request.caller.accountId, context };
}
