import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';

/**
 * Operations of the model whose features (resource policies, rotation, replication) arrive with
 * later work. They answer with an AWS-shaped error and change nothing; they never pretend to work.
 */
const POLICIES = 'resource policies are not available';
const ROTATION = 'rotation is not available';
const REPLICATION = 'replication is not available';
const PENDING: Record<string, string> = {
  PutResourcePolicy: POLICIES,
  GetResourcePolicy: POLICIES,
  DeleteResourcePolicy: POLICIES,
  ValidateResourcePolicy: POLICIES,
  RotateSecret: ROTATION,
  CancelRotateSecret: ROTATION,
  ReplicateSecretToRegions: REPLICATION,
  RemoveRegionsFromReplication: REPLICATION,
  StopReplicationToReplica: REPLICATION,
};

export function notYetSupported(): Operation<{ SecretId?: string }>[] {
  return Object.entries(PENDING).map(([name, why]) => ({
    service: 'secretsmanager',
    name,
    readOnly: name.startsWith('Get') || name.startsWith('Validate'),
    resource: (i) => i.SecretId,
    async handler() {
      throw errors.invalidRequest(`${name} is not supported by this Coffer deployment yet: ${why}.`);
    },
  }));
}
