import type { Operation } from '../operation/index.js';
import { getInputShapeName, type ServiceModel } from './model/index.js';
import { createInputValidator } from './validation/index.js';

/** An operation bound to its X-Amz-Target and to the validator of its model input shape. */
export interface RoutedOperation {
  operation: Operation;
  signingName: string;
  validate: (input: unknown) => Record<string, unknown>;
}

export interface OperationTableOptions {
  /**
   * The service serves a declared subset of its model (KMS): operations of the model without a
   * declaration are left out of the table, so their targets answer UnknownOperationException.
   */
  subset?: boolean;
  /**
   * Further X-Amz-Target prefixes clients use for the same service. CloudTrail: the AWS CLI sends
   * `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>` (the model's targetPrefix), the
   * JavaScript SDK v3 `CloudTrail_20131101.<Op>`; AWS answers both.
   */
  targetAliases?: string[];
}

/**
 * X-Amz-Target -> operation, for one awsJson1_1 service. Every operation of the model must be
 * declared exactly once and nothing else may be: a gap (unless `subset`) or a stray fails at
 * start, not at a call.
 */
export function buildOperationTable(
  model: ServiceModel,
  operations: Operation[],
  options: OperationTableOptions = {},
): Map<string, RoutedOperation> {
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
    for (const alias of options.targetAliases ?? []) table.set(`${alias}.${op.name}`, { operation: op, signingName, validate });
  }
  for (const name of Object.keys(model.operations)) {
    if (!options.subset && !table.has(`${prefix}.${name}`)) throw new Error(`operation ${name} of the ${prefix} model has no handler`);
  }
  return table;
}
