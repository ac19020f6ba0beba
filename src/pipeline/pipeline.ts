import { AwsError, errors } from '../errors/index.js';
import type { Authorizer } from '../iam/index.js';
import type { CallContext, Caller, Operation } from '../operation/index.js';

/** Proves who sent a request (SigV4 in api/); throws the AWS auth error when it can't. */
export interface Authenticator {
  authenticate(now: number): Promise<Caller>;
}

/** One call as the protocol layer hands it over, not yet trusted. */
export interface IncomingCall {
  requestId: string;
  now: number;
  operation: Operation;
  /** The operation's input, parsed and checked against the service model. */
  readInput(): Record<string, unknown>;
  authenticator: Authenticator;
}

export interface CallOutcome {
  caller?: Caller;
  output?: unknown;
  error?: AwsError;
  /** An unexpected failure, rendered as InternalServiceError; kept for the log only. */
  internal?: unknown;
}

/**
 * Watches every call at the pipeline's two audit points: before the handler runs and with its
 * outcome. The audit trail plugs in here; today the request log does.
 */
export interface CallObserver {
  onRequest?(call: IncomingCall, caller: Caller, input: Record<string, unknown>): Promise<void> | void;
  onResult(call: IncomingCall, outcome: CallOutcome): Promise<void> | void;
}

export interface PipelineDeps {
  authorizer: Authorizer;
  region: string;
  observers: CallObserver[];
}

/**
 * THE chokepoint every call passes, declared once:
 * authenticate -> validate input -> authorise -> observe(request) -> handler -> observe(result).
 */
export class Pipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async run(call: IncomingCall): Promise<CallOutcome> {
    const outcome: CallOutcome = {};
    try {
      const caller = await call.authenticator.authenticate(call.now);
      outcome.caller = caller;
      const input = call.readInput();
      const op = call.operation;
      const action = `${op.service}:${op.name}`;
      this.deps.authorizer.authorize(caller, action, op.resource(input));
      for (const o of this.deps.observers) await o.onRequest?.(call, caller, input);
      const ctx: CallContext = {
        requestId: call.requestId,
        caller,
        region: this.deps.region,
        now: call.now,
        authorize: (a, r) => this.deps.authorizer.authorize(caller, a, r),
      };
      outcome.output = await op.handler(ctx, input);
    } catch (err) {
      if (err instanceof AwsError) outcome.error = err;
      else {
        outcome.internal = err;
        outcome.error = errors.internal();
      }
    }
    for (const o of this.deps.observers) await o.onResult(call, outcome);
    return outcome;
  }
}
