import type { KeyService } from '../kms/index.js';
import type { Store } from '../store/index.js';
import type { RotationControl } from './rotation-control.js';
import type { VersionSealer } from './secret-value.js';

/** The ports the Secrets Manager operations run over. */
export interface SecretsDeps {
  store: Store;
  keys: KeyService;
  sealer: VersionSealer;
  /** The rotation engine, behind its port (RotateSecret, CancelRotateSecret). */
  rotation: RotationControl;
}
