export type { Operation, CallContext, Caller, CallerSession } from './operation.js';
