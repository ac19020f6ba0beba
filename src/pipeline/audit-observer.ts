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
      eventsFor: (result) => apiCallEvents(this.facts(call, { caller, input, output: outputOf(result) })),
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

/**
 * The response elements of a mutation come from what its first write returns, before the handler
 * has its output. Handlers return from that write the output itself (most), a secret record
 * (`arn`, `name`), or an object holding the output (`{ out, ... }`): each is read as the output.
 */
function outputOf(result: unknown): unknown {
  if (typeof result !== 'object' || result === null) return result;
  const r = result as Record<string, unknown>;
  if (typeof r.ARN === 'string') return r;
  if (typeof r.arn === 'string') return { ARN: r.arn, Name: r.name };
  for (const v of Object.values(r)) {
    if (typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).ARN === 'string') return v;
  }
  return r;
}
