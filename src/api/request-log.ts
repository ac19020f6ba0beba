import type { Logger } from '../log/index.js';
import type { CallObserver, CallOutcome, IncomingCall } from '../pipeline/index.js';
import { describeInternal } from './internal-error.js';

/**
 * One JSON log line per call: request id, operation, caller, outcome and time taken. Inputs and
 * outputs are never logged, so no secret value can reach the log this way.
 */
export class RequestLog implements CallObserver {
  constructor(private readonly logger: Logger) {}

  onResult(call: IncomingCall, outcome: CallOutcome): void {
    const line = {
      requestId: call.requestId,
      operation: `${call.operation.service}.${call.operation.name}`,
      caller: outcome.caller?.arn,
      status: outcome.error ? outcome.error.status : 200,
      errorCode: outcome.error?.code,
      ms: Date.now() - call.now,
    };
    if (outcome.internal) this.logger.error({ ...line, err: describeInternal(outcome.internal) }, 'call failed');
    else this.logger.info(line, 'call');
  }
}
