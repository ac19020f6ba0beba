import type { Operation } from '../../operation/index.js';
import { getInputShapeName, type ServiceModel } from '../model/index.js';
import { createInputValidator } from '../validation/index.js';
import { decodeQueryInput, paramTree } from './query-decoder.js';

/** One operation of a Query service: its declaration, input decoder and output shape. */
export interface QueryRoute {
  operation: Operation;
  /** Decodes and validates the request parameters into the operation's input. */
  decode(params: Iterable<[string, string]>): Record<string, unknown>;
  outputShape?: string;
  resultWrapper?: string;
}

/** A service spoken over the AWS Query protocol (IAM, STS). */
export interface QueryService {
  /** The API version requests name in `Version`, e.g. 2010-05-08. */
  version: string;
  /** The xmlns of every response. */
  namespace: string;
  /** SigV4 service name. */
  signingName: string;
  /** The service's code for an internal error (IAM ServiceFailure, STS InternalFailure). */
  internalErrorCode: string;
  routes: Map<string, QueryRoute>;
  /** Actions of the model that Coffer does not implement. */
  unimplemented: Set<string>;
}

export interface QueryServiceOptions {
  internalErrorCode: string;
  /**
   * Validation messages as the service prints them: IAM prints no values (`Value at 'status'`)
   * and no enum list; STS echoes values (localstack snapshots recorded against AWS).
   */
  echoValues: boolean;
  enumListInMessages: boolean;
}

/**
 * Binds operations (a declared subset of the model) to their input decoders and output shapes.
 * An operation the model does not have fails at start.
 */
export function buildQueryService(model: ServiceModel, operations: Operation[], options: QueryServiceOptions): QueryService {
  const routes = new Map<string, QueryRoute>();
  for (const op of operations) {
    const modelOp = model.operations[op.name];
    if (!modelOp) throw new Error(`operation ${op.name} is not in the ${model.metadata.serviceId} model`);
    if (routes.has(op.name)) throw new Error(`operation ${op.name} is declared twice`);
    const shape = getInputShapeName(model, op.name);
    const validate = createInputValidator(model, shape, { echoValues: options.echoValues });
    const decode = (params: Iterable<[string, string]>): Record<string, unknown> => {
      const raw = shape === undefined ? {} : decodeQueryInput(model, shape, paramTree(params));
      try {
        return validate(raw);
      } catch (err) {
        if (!options.enumListInMessages && err instanceof Error && err.message.includes('enum value set: [')) {
          err.message = err.message.replace(/enum value set: \[[^\]]*\]/g, 'enum value set');
        }
        throw err;
      }
    };
    const route: QueryRoute = { operation: op, decode };
    if (modelOp.output?.shape) route.outputShape = modelOp.output.shape;
    const wrapper = modelOp.output?.resultWrapper;
    if (typeof wrapper === 'string') route.resultWrapper = wrapper;
    routes.set(op.name, route);
  }
  const unimplemented = new Set(Object.keys(model.operations).filter((n) => !routes.has(n)));
  return {
    version: model.metadata.apiVersion,
    namespace: String(model.metadata.xmlNamespace),
    signingName: model.metadata.signingName ?? model.metadata.endpointPrefix,
    internalErrorCode: options.internalErrorCode,
    routes,
    unimplemented,
  };
}
