/**
 * sts:AssumeRole. The handler makes the whole authorisation decision (authorization: 'handler'),
 * as AWS does: one evaluation of sts:AssumeRole on the role with the role's trust policy as the
 * resource-side policy and the caller's identity (and session) policies and permissions boundary,
 * so that a trust policy naming the caller directly needs no identity allow, and one naming the
 * account needs both (and the boundary's allow).
 * Passing session tags also needs sts:TagSession, a SourceIdentity sts:SetSourceIdentity.
 * `ExternalId` takes part as the `sts:ExternalId` condition key (and `sts:RoleSessionName`,
 * `aws:RequestTag/*`, `aws:TagKeys`, `sts:TransitiveTagKeys`, `sts:SourceIdentity`).
 *
 * A role that does not exist is refused exactly like one whose trust policy does not allow the
 * caller (AWS reveals nothing), with AWS's AccessDenied text:
 *   User: <caller> is not authorized to perform: sts:AssumeRole on resource: <RoleArn>
 */
import { AwsError } from '../../errors/index.js';
import type { Caller, Operation } from '../../operation/index.js';
import type { IamRoleRecord } from '../../store/index.js';
import { loadCallerIdentity, type CallerIdentity } from '../identity-policies.js';
import { iamErrors } from '../iam-errors.js';
import type { IamDeps } from '../iam-operation.js';
import { findUsableManagedPolicy } from '../managed-policies.js';
import { checkPolicyDocument, policyCache } from '../policy-documents.js';
import { accessDeniedMessage, evaluate, type ContextValue, type Decision } from '../policy/index.js';
import { assumedRoleArn } from './session-caller.js';
import { roleSessionClaims } from './role-session.js';
import { sessionTags } from './session-tags.js';

export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: { arn?: string }[];
  Policy?: string;
  DurationSeconds?: number;
  Tags?: { Key: string; Value: string }[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

export const DEFAULT_SESSION_SECONDS = 3600;
/** Role chaining limits a session to one hour. */
export const CHAINED_SESSION_MAX_SECONDS = 3600;
/** The packed-size budget PackedPolicySize is reported against (session policy and tags text). */
const PACKED_BUDGET = 2048;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/((?:[\u0021-\u007F]+\/)?)([\w+=,.@-]+)$/;

function denied(caller: Caller, action: string, roleArn: string, decision?: Decision): AwsError {
  const message = decision
    ? accessDeniedMessage(caller.arn, action, roleArn, decision)
    : `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${roleArn}`;
  return iamErrors.accessDenied(message);
}

export function assumeRoleOperation({ store, credentials }: IamDeps): Operation<AssumeRoleInput> {
  return {
    service: 'sts',
    name: 'AssumeRole',
    readOnly: true,
    authorization: 'handler',
    resource: (i) => i.RoleArn,
    handler: async (ctx, i) => {
      const caller = ctx.caller;
      // "nothing-valid-in-here is invalid" (ValidationError; localstack snapshot recorded against STS).
      if (!/^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(i.RoleArn)) throw iamErrors.validation(`${i.RoleArn} is invalid`);
      if (i.Policy !== undefined) checkPolicyDocument(i.Policy, 'session');
      const tags = sessionTags(caller, i.Tags ?? [], i.TransitiveTagKeys ?? []);
      const policyArns = (i.PolicyArns ?? []).map((p) => p.arn).filter((a): a is string => a !== undefined);

      const m = ROLE_ARN.exec(i.RoleArn);
      const { role, identity } = await store.read(async (tx) => {
        const found = m ? await tx.iam.getRole(m[1]!, m[3]!) : undefined;
        const role: IamRoleRecord | undefined = found && found.arn === i.RoleArn ? found : undefined;
        for (const arn of policyArns) {
          // A managed session policy is one of the role's account or an AWS managed one.
          const p = role ? await findUsableManagedPolicy(tx, role.accountId, arn) : undefined;
          // (unverified) STS's answer for a managed session policy that does not exist
          if (!p) throw iamErrors.validation(`Policy ${arn} does not exist or is not attachable.`);
        }
        return { role, identity: await loadCallerIdentity(tx, caller) };
      });
      if (!role) throw denied(caller, 'sts:AssumeRole', i.RoleArn);

      const context: Record<string, ContextValue> = { 'sts:RoleSessionName': i.RoleSessionName };
      if (i.ExternalId !== undefined) context['sts:ExternalId'] = i.ExternalId;
      if (i.SourceIdentity !== undefined) context['sts:SourceIdentity'] = i.SourceIdentity;
      const newTags = i.Tags ?? [];
      if (newTags.length > 0) {
        for (const t of newTags) context[`aws:RequestTag/${t.Key}`] = t.Value;
        context['aws:TagKeys'] = newTags.map((t) => t.Key);
        if (i.TransitiveTagKeys?.length) context['sts:TransitiveTagKeys'] = i.TransitiveTagKeys;
      }
      const actions = ['sts:AssumeRole'];
      if (newTags.length > 0) actions.push('sts:TagSession');
      if (i.SourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
      for (const action of actions) {
        const decision = decide(identity, role, action, context, ctx.now);
        if (decision.decision !== 'Allow') throw denied(caller, action, i.RoleArn, decision);
      }

      const seconds = i.DurationSeconds ?? DEFAULT_SESSION_SECONDS;
      if (caller.type === 'AssumedRole' && seconds > CHAINED_SESSION_MAX_SECONDS) {
        throw iamErrors.validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
      }
      if (seconds > role.maxSessionDuration) {
        throw iamErrors.validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      }

      const claims = roleSessionClaims({
        role,
        sessionName: i.RoleSessionName,
        seconds,
        now: ctx.now,
        issuerArn: caller.arn,
        tags: tags.tags,
        transitiveTagKeys: tags.transitiveTagKeys,
        policy: i.Policy,
        policyArns,
        sourceIdentity: i.SourceIdentity,
      });
      const packed = (i.Policy?.length ?? 0) + policyArns.join('').length + JSON.stringify(tags.tags).length;
      return {
        Credentials: {
          AccessKeyId: claims.accessKeyId,
          SecretAccessKey: claims.secretAccessKey,
          SessionToken: credentials.sessions.seal(claims),
          Expiration: new Date(claims.expiresAt),
        },
        AssumedRoleUser: {
          AssumedRoleId: `${role.roleId}:${i.RoleSessionName}`,
          Arn: assumedRoleArn(role.accountId, role.name, i.RoleSessionName),
        },
        ...(i.Policy !== undefined || policyArns.length > 0 || newTags.length > 0
          ? { PackedPolicySize: Math.min(100, Math.ceil((packed / PACKED_BUDGET) * 100)) }
          : {}),
        ...(i.SourceIdentity !== undefined ? { SourceIdentity: i.SourceIdentity } : {}),
      };
    },
  };
}

function decide(identity: CallerIdentity, role: IamRoleRecord, action: string, context: Record<string, ContextValue>, now: number): Decision {
  return evaluate({
    principal: identity.principal,
    action,
    resource: role.arn,
    resourceAccount: role.accountId,
    trustPolicy: { id: 'TrustPolicy', policy: policyCache.get(role.trustPolicy, 'trust') },
    identityPolicies: identity.identityPolicies,
    sessionPolicies: identity.sessionPolicies,
    ...(identity.permissionsBoundary ? { permissionsBoundary: identity.permissionsBoundary } : {}),
    context,
    now,
  });
}
