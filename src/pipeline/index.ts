export {
  Pipeline,
  type Authenticator,
  type IncomingCall,
  type CallClient,
  type CallOutcome,
  type CallObserver,
  type PipelineDeps,
} from './pipeline.js';
export { AuditObserver } from './audit-observer.js';
