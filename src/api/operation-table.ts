import type { Operation } from '../operation/index.js';
import { getInputShapeName, type ServiceModel } from './model/index.js';
import { createInputValidator } from './validation/index.js';

/** An operation bound to its X-Amz-Target and to the validator of its model input shape. */
export interface RoutedOperation {
  operation: Operation;
  signingName: string;
  validate: (input: unknown) => Record<string, unknown>;
}

/**
 * X-Amz-Target -> operation, for one awsJson1_1 service. Every operation of the model must be
 * declared exactly once and nothing else may be: a gap or a stray fails at start, not at a call.
 */
export function buildOperationTable(model: ServiceModel, operations: Operation[]): Map<string, RoutedOperation> {
  const table = new Map<string, RoutedOperation>();
  const prefix = model.metadata.targetPrefix;
  const signingName = model.metadata.signingName ?? model.metadata.endpointPrefix;
  for (const op of operations) {
    const shape = getInputShapeName(model, op.name);
    if (!(op.name in model.operations)) throw new Error(`operation ${op.name} is not in the ${prefix} model`);
    const target = `${prefix}.${op.name}`;
    if (table.has(target)) throw new Error(`operation ${op.name} is declared twice`);
    const validate = shape === undefined ? () => ({}) : createInputValidator(model, shape);
    table.set(target, { operation: op, signingName, validate });
  }
  for (const name of Object.keys(model.operations)) {
    if (!table.has(`${prefix}.${name}`)) throw new Error(`operation ${name} of the ${prefix} model has no handler`);
  }
  return table;
}
