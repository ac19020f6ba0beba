export { type RootKey, SealError } from './root-key.js';
export { openFileRootKey, rootKeyFromBytes, ROOT_KEY_FILE } from './file-root-key.js';
export { gcmSeal, gcmOpen } from './aes-gcm.js';
