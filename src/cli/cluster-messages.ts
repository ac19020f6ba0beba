/** What a cluster worker tells its primary over the IPC channel. */
export type WorkerMessage =
  | { type: 'ready'; port: number }
  | { type: 'failed'; message: string; known: boolean };

/**
 * Set by the primary in each worker's environment: `maintenance` for the one worker that runs the
 * maintenance timers, `serving` for the others. Not a setting: the configuration ignores it.
 */
export const CLUSTER_ROLE_VARIABLE = 'COFFER_CLUSTER_ROLE';

export function isWorkerMessage(m: unknown): m is WorkerMessage {
  return typeof m === 'object' && m !== null && ((m as WorkerMessage).type === 'ready' || (m as WorkerMessage).type === 'failed');
}
