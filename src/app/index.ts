export { startCoffer, SINGLE_PROCESS, type RunningCoffer, type ServeRole } from './coffer-app.js';
export { announceStart, serverUrl } from './announce.js';
export { prepareDataDir } from './prepare-data.js';
export { withDataSession, NoDataError, type DataSession } from './data-session.js';
export { AccountError, createAccount, seedAccount, type NewAccount } from './accounts.js';
