import { AwsError, errors } from '../errors/index.js';
import type { AuthorizationRequest, Authorizer } from '../iam/index.js';
import type { StoreTx } from '../store/index.js';
import type { CallContext, Caller, Operation } from '../operation/index.js';

/** Proves who sent a request (SigV4 in api/); throws the AWS auth error when it can't. */
export interface Authenticator {
  authenticate(now: number): Promise<Caller>;
  /**
   * What the request claimed to be, known even when authentication failed or never ran: the
   * access key id of its credential (when it has the shape of one) and that key's account, if known.
   */
  claimed?(): { accessKeyId?: string; accountId?: string };
}

/** Where a call came from, as the HTTP layer saw it (for the audit trail). */
export interface CallClient {
  sourceIp?: string;
  userAgent?: string;
  tls?: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader?: string };
}

/** One call as the protocol layer hands it over, not yet trusted. */
export interface IncomingCall {
  requestId: string;
  now: number;
  operation: Operation;
  /** The operation's input, parsed and checked against the service model. */
  readInput(): Record<string, unknown>;
  authenticator: Authenticator;
  client?: CallClient;
}

export interface CallOutcome {
  caller?: Caller;
  /** The validated input, once it validated. */
  input?: Record<string, unknown>;
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
  /** Runs the handler; an observer may wrap it (the audit trail runs it in its call scope). */
  aroundHandler?<T>(call: IncomingCall, caller: Caller, input: Record<string, unknown>, run: () => Promise<T>): Promise<T>;
  /**
   * Sees every call's outcome, refused ones included. A throw turns the outcome into
   * InternalServiceError (the audit trail fails closed this way); later observers see that.
   */
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
      outcome.input = input;
      const op = call.operation;
      const action = `${op.service}:${op.name}`;
      const asked = (a: string, r: string | undefined, i?: Record<string, unknown>): AuthorizationRequest => ({
        caller,
        action: a,
        resource: r,
        ...(i ? { input: i } : {}),
        region: this.deps.region,
        now: call.now,
        ...(call.client?.sourceIp !== undefined ? { sourceIp: call.client.sourceIp } : {}),
        secureTransport: call.client?.tls !== undefined,
      });
      if ((op.authorization ?? 'pipeline') === 'pipeline') await this.deps.authorizer.authorize(asked(action, op.resource(input, caller), input));
      for (const o of this.deps.observers) await o.onRequest?.(call, caller, input);
      const ctx: CallContext = {
        requestId: call.requestId,
        caller,
        region: this.deps.region,
        now: call.now,
        authorize: (a, r, extra) =>
          this.deps.authorizer.authorize(
            { ...asked(a, r, extra?.input), ...(extra?.context ? { context: extra.context } : {}) },
            extra?.tx as StoreTx | undefined,
          ),
      };
      let run = () => op.handler(ctx, input);
      for (const o of this.deps.observers) {
        if (!o.aroundHandler) continue;
        const inner = run;
        run = () => o.aroundHandler!(call, caller, input, inner);
      }
      outcome.output = await run();
    } catch (err) {
      if (err instanceof AwsError) outcome.error = err;
      else {
        outcome.internal = err;
        outcome.error = errors.internal();
      }
    }
    return this.finish(call, outcome);
  }

  /** A call turned away before it could be routed (unknown target, unreadable body): observed all the same. */
  refuse(call: IncomingCall, error: AwsError): Promise<CallOutcome> {
    return this.finish(call, { error });
  }

  private async finish(call: IncomingCall, outcome: CallOutcome): Promise<CallOutcome> {
    for (const o of this.deps.observers) {
      try {
        await o.onResult(call, outcome);
      } catch (err) {
        outcome.output = undefined;
        outcome.internal = err;
        outcome.error = errors.internal();
      }
    }
    return outcome;
  }
}
