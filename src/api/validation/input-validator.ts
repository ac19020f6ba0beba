/**
 * Compiles a botocore input shape into a request validator that behaves like AWS's Coral
 * framework for awsJson: the JSON body is first deserialised (a wrong JSON type aborts at once
 * with a SerializationException), then the model's constraints are checked and every violation
 * is reported in one ValidationException.
 *
 * Each shape is compiled once into closures (regexes included); a request costs one walk over
 * the parsed body to convert it and one walk to check it, with no regex compilation and no JSON
 * re-serialisation.
 *
 * The sources of the message texts are listed in validation-messages.ts (ValidationException),
 * serialization-errors.ts and base64-blob.ts (SerializationException); see the report in the
 * commit for the full list.
 */
import { errors } from '../../errors/index.js';
import { getShape, type ServiceModel } from '../model/index.js';
import type { Node } from './compiled-node.js';
import { bodyTypeError, isObject } from './serialization-errors.js';
import { ShapeCompiler } from './shape-compiler.js';
import { summary } from './validation-messages.js';

export type InputValidator = (input: unknown) => Record<string, unknown>;

export interface InputValidatorOptions {
  /**
   * Echo non-sensitive values in ValidationException messages (`Value 'abc' at 'name'`), as
   * classic Coral services do. Some newer AWS stacks print `Value at 'name'` for every member;
   * set false to do the same. Sensitive values are never echoed either way. Default true.
   */
  echoValues?: boolean;
}

const compilers = new WeakMap<ServiceModel, Map<boolean, ShapeCompiler>>();
const validators = new WeakMap<ServiceModel, Map<string, InputValidator>>();

/**
 * Compiles the validator of an operation's input shape (once per model, shape and options;
 * later calls return the same function). The validator takes the parsed JSON body (undefined
 * for an empty body) and returns a copy holding only the model's members, with blobs decoded
 * into Buffers and timestamps into Dates; maps come back as objects without a prototype.
 * It throws AwsError: SerializationException for a body or member of the wrong JSON type,
 * ValidationException listing every constraint violation.
 *
 * `shapeName` may be undefined for an operation without input: the body must then merely be a
 * JSON object, and the result is empty.
 */
export function createInputValidator(
  model: ServiceModel,
  shapeName: string | undefined,
  options: InputValidatorOptions = {},
): InputValidator {
  const echo = options.echoValues ?? true;
  const cacheKey = `${shapeName ?? ''}\u0000${echo}`;
  let byKey = validators.get(model);
  if (!byKey) validators.set(model, (byKey = new Map()));
  const cached = byKey.get(cacheKey);
  if (cached) return cached;

  let root: Node | null = null;
  if (shapeName !== undefined) {
    if (getShape(model, shapeName).type !== 'structure') throw new Error(`input shape ${shapeName} is not a structure`);
    let byEcho = compilers.get(model);
    if (!byEcho) compilers.set(model, (byEcho = new Map()));
    let compiler = byEcho.get(echo);
    if (!compiler) byEcho.set(echo, (compiler = new ShapeCompiler(model, echo)));
    root = compiler.node({ shape: shapeName });
  }
  const body = root;

  const validator: InputValidator = (input) => {
    const value = input === undefined ? {} : input;
    if (!isObject(value)) throw bodyTypeError(value);
    if (body === null) return {};
    const out = body.parse(value) as Record<string, unknown>;
    if (body.inner !== null) {
      const errs: string[] = [];
      body.inner(out, '', errs);
      if (errs.length > 0) throw errors.validation(summary(errs));
    }
    return out;
  };
  byKey.set(cacheKey, validator);
  return validator;
}
