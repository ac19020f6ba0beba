import type { RotationConfig } from '../../config/index.js';
import type { SessionTokens } from '../../iam/index.js';
import type { Logger } from '../../log/index.js';
import type { RootKey } from '../../seal/index.js';
import type { VersionSealer } from '../../secrets/index.js';
import type { Store } from '../../store/index.js';
import type { RotationAudit } from './rotation-audit.js';

/** How the rotation engine runs: the rotation part of the configuration. */
export type RotationSettings = RotationConfig;

export interface EngineDeps {
  store: Store;
  root: RootKey;
  sealer: VersionSealer;
  /** Seals the session tokens of functions' role sessions: the credential directory's, so Coffer's API accepts them. */
  sessions: SessionTokens;
  logger: Logger;
  settings: RotationSettings;
  /** When set, RotationStarted/Succeeded/Failed are recorded, each committing with its write. */
  audit?: RotationAudit;
  clock?: () => number;
  random?: () => number;
}

/** Delay before attempt `attempts + 1` of a step. */
export function retryDelay(settings: RotationSettings, attempts: number): number {
  return Math.min(3_600_000, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
}

/** A claimed rotation may be driven until this long after its last write. */
export function leaseLength(settings: RotationSettings): number {
  return settings.stepTimeoutMs + Math.min(30_000, Math.max(2_000, settings.stepTimeoutMs / 2));
}
