import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';

/**
 * Operations of the model whose features (resource policies, rotation, replication) arrive with
 * later work. They answer with an AWS-shaped error and change nothing; they never pretend to work.
 */
const PENDING: Record<string, string> = {
  PutResourcePolicy: 'resource policies',
  GetResourcePolicy: 'resource policies',
  DeleteResourcePolicy: 'resource policies',
  ValidateResourcePolicy: 'resource policies',
  RotateSecret: 'rotation',
  CancelRotateSecret: 'rotation',
  ReplicateSecretToRegions: 'replication',
  RemoveRegionsFromReplication: 'replication',
  StopReplicationToReplica: 'replication',
};

export function notYetSupported(): Operation<{ SecretId?: string }>[] {
  return Object.entries(PENDING).map(([name, feature]) => ({
    service: 'secretsmanager',
    name,
    readOnly: name.startsWith('Get') || name.startsWith('Validate'),
    resource: (i) => i.SecretId,
    async handler() {
      throw errors.invalidRequest(`${name} is not supported by this Coffer deployment yet: ${feature} are not available.`);
    },
  }));
}
