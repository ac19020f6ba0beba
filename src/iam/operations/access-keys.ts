/** CreateAccessKey, ListAccessKeys, UpdateAccessKey (Active/Inactive), DeleteAccessKey. */
import type { Operation } from '../../operation/index.js';
import type { IamUserRecord, StoreTx } from '../../store/index.js';
import { createAccessKey } from '../access-keys.js';
import { bumpCredentialGeneration } from '../credential-generation.js';
import { namedOrCallingUser } from '../entities.js';
import { iamErrors } from '../iam-errors.js';
import { iamOperation, resourceArn, type IamDeps } from '../iam-operation.js';
import { page } from '../paging.js';

/** IAM's quota: "Cannot exceed quota for AccessKeysPerUser: 2" (localstack snapshot, LimitExceeded 409). */
export const ACCESS_KEYS_PER_USER = 2;

const keyNotFound = (id: string) => iamErrors.noSuchEntity(`The Access Key with id ${id} cannot be found.`);

/** The key, if it belongs to the user. */
async function userKey(tx: StoreTx, user: IamUserRecord, accessKeyId: string) {
  const key = await tx.getAccessKey(accessKeyId);
  if (!key || key.principalArn !== user.arn) throw keyNotFound(accessKeyId);
  return key;
}

const userResource = (name: string | undefined, c: Parameters<Operation['resource']>[1]) =>
  name === undefined ? c.arn : resourceArn(c, 'user', name);

export function accessKeyOperations({ store, root, credentials }: IamDeps): Operation[] {
  /**
   * UpdateAccessKey / DeleteAccessKey: check the key belongs to the user, change it, bump the
   * credential generation, and forget the key at once.
   */
  const userKeyChange = <I extends { UserName?: string; AccessKeyId: string }>(name: string, change: (tx: StoreTx, i: I) => Promise<void>) =>
    iamOperation<I>({
      name,
      readOnly: false,
      resource: (i, c) => userResource(i.UserName, c),
      handler: async (ctx, i) => {
        await store.write(async (tx) => {
          const user = await namedOrCallingUser(tx, ctx.caller, i.UserName);
          await userKey(tx, user, i.AccessKeyId);
          await change(tx, i);
          await bumpCredentialGeneration(tx);
        });
        credentials.forget(i.AccessKeyId);
        return {};
      },
    });
  return [
    iamOperation<{ UserName?: string }>({
      name: 'CreateAccessKey',
      readOnly: false,
      resource: (i, c) => userResource(i.UserName, c),
      handler: async (ctx, i) =>
        store.write(async (tx) => {
          const user = await namedOrCallingUser(tx, ctx.caller, i.UserName);
          if ((await tx.iam.listAccessKeyIds(user.arn)).length >= ACCESS_KEYS_PER_USER) {
            throw iamErrors.limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
          }
          const key = await createAccessKey(tx, root, user, ctx.now);
          return {
            AccessKey: {
              UserName: user.name,
              AccessKeyId: key.accessKeyId,
              Status: 'Active',
              SecretAccessKey: key.secretAccessKey,
              CreateDate: new Date(ctx.now),
            },
          };
        }),
    }),
    iamOperation<{ UserName?: string; Marker?: string; MaxItems?: number }>({
      name: 'ListAccessKeys',
      readOnly: true,
      resource: (i, c) => userResource(i.UserName, c),
      handler: async (ctx, i) =>
        store.read(async (tx) => {
          const user = await namedOrCallingUser(tx, ctx.caller, i.UserName);
          const ids = await tx.iam.listAccessKeyIds(user.arn);
          const p = page(ids, i.Marker, i.MaxItems);
          const keys = [];
          for (const id of p.items) {
            const k = await tx.getAccessKey(id);
            if (k) keys.push({ UserName: user.name, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: new Date(k.createdAt) });
          }
          return { AccessKeyMetadata: keys, IsTruncated: p.IsTruncated, Marker: p.Marker };
        }),
    }),
    userKeyChange<{ UserName?: string; AccessKeyId: string; Status: 'Active' | 'Inactive' }>('UpdateAccessKey', (tx, i) =>
      tx.iam.setAccessKeyStatus(i.AccessKeyId, i.Status),
    ),
    userKeyChange<{ UserName?: string; AccessKeyId: string }>('DeleteAccessKey', (tx, i) => tx.deleteAccessKey(i.AccessKeyId)),
  ];
}
