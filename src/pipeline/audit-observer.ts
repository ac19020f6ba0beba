import { apiCallEvents, runInAuditScope, type ApiCallFacts, type AuditCallScope, type AuditTrail } from '../audit/index.js';
import type { Caller } from '../operation/index.js';
import type { CallObserver, CallOutcome, IncomingCall } from './pipeline.js';

/**
 * The audit trail at the pipeline's audit points. The handler runs in a call scope, so that the
 * first store write of a mutating call commits the call's event with the change (AuditedStore).
 * Every other call (reads, failures, denied, unauthenticated and refused calls) gets its event in
 * onResult, durably, before the response leaves; if that fails, the call fails.
 */
export class AuditObserver implements CallObserver {
  private readonly scopes = new WeakMap<IncomingCall, AuditCallScope>();

  constructor(
    private readonly trail: AuditTrail,
    private readonly region: string,
    /** The account events of unidentified callers are filed under. */
    private readonly defaultAccountId: string,
  ) {}

  aroundHandler<T>(call: IncomingCall, caller: Caller, input: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    const scope: AuditCallScope = {
      readOnly: call.operation.readOnly,
      time: call.now,
      state: 'none',
      eventsFor: (output) => apiCallEvents(this.facts(call, { caller, input, output })),
    };
    this.scopes.set(call, scope);
    return runInAuditScope(scope, run);
  }

  async onResult(call: IncomingCall, outcome: CallOutcome): Promise<void> {
    const scope = this.scopes.get(call);
    if (scope?.state === 'recorded' && !outcome.error) return;
    await this.trail.recordEvents(apiCallEvents(this.facts(call, outcome)), call.now);
  }

  private facts(call: IncomingCall, o: CallOutcome): ApiCallFacts {
    const facts: ApiCallFacts = {
      requestId: call.requestId,
      time: call.now,
      region: this.region,
      service: call.operation.service,
      operation: call.operation.name,
      readOnly: call.operation.readOnly,
      defaultAccountId: this.defaultAccountId,
      sourceIp: call.client?.sourceIp,
      userAgent: call.client?.userAgent,
      tls: call.client?.tls,
      input: o.input,
    };
    if (o.caller) facts.caller = o.caller;
    else facts.claimed = call.authenticator.claimed?.();
    if (o.error) facts.error = { code: o.error.code, message: o.error.message };
    else facts.output = o.output;
    return facts;
  }
}
