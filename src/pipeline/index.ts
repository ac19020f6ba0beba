export { Pipeline, type Authenticator, type IncomingCall, type CallOutcome, type CallObserver, type PipelineDeps } from './pipeline.js';
