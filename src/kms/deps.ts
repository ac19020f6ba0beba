import type { Store } from '../store/index.js';
import type { KeyService } from './key-service.js';

/** The ports the KMS operations run over. */
export interface KmsDeps {
  store: Store;
  keys: KeyService;
}
