import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';

/**
 * Operations of the model whose feature (replication) arrives with
 * later work. They answer with an AWS-shaped error and change nothing; they never pretend to work.
 */
const REPLICATION = 'replication is not available';
const PENDING: Record<string, string> = {
  ReplicateSecretToRegions: REPLICATION,
  RemoveRegionsFromReplication: REPLICATION,
  StopReplicationToReplica: REPLICATION,
};

export function notYetSupported(): Operation<{ SecretId?: string }>[] {
  return Object.entries(PENDING).map(([name, why]) => ({
    service: 'secretsmanager',
    name,
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler() {
      throw errors.invalidRequest(`${name} is not supported by this Coffer deployment yet: ${why}.`);
    },
  }));
}
