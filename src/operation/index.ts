export type { Operation, CallContext, Caller, CallerSession, AuthorizeExtra } from './operation.js';
