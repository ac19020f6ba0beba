export type { Operation, CallContext, Caller } from './operation.js';
