/**
 * SerializationException for a JSON value of the wrong type, raised while the body is
 * deserialised (before any constraint is checked; the first one aborts the request).
 *
 * Texts ("NUMBER_VALUE can not be converted to a String", "STRING_VALUE can not be converted
 * to an Integer", "Start of list found where not expected", "Start of structure or map found
 * where not expected.", "Expected list or null", "Expected map or null", "Expected null"):
 * Coral awsJson1_1 services measured by emulator authors (Athena, SES v2, Kinesis via
 * kinesalite). Combinations marked "(unverified)" follow the same scheme but were not seen in
 * a recording.
 */
import { AwsError, errors } from '../../errors/index.js';

const START_LIST = 'Start of list found where not expected';
const START_STRUCT = 'Start of structure or map found where not expected.';

/** A JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How the texts name each scalar type ("... can not be converted to a String"). */
export const TYPE_NAMES: Record<string, string> = {
  string: 'a String',
  integer: 'an Integer',
  long: 'a Long',
  float: 'a Float',
  double: 'a Double',
  boolean: 'a Boolean',
  blob: 'a Blob',
  timestamp: 'a Timestamp',
};

/** Coral names a JSON token by kind; decimals are NUMBER_VALUE too (Athena, measured). */
function tokenName(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'STRING_VALUE';
    case 'number':
      return 'NUMBER_VALUE';
    case 'boolean':
      return v ? 'TRUE_VALUE' : 'FALSE_VALUE';
    default:
      return 'NULL_VALUE';
  }
}

/** A JSON value of the wrong kind where a scalar of type `target` ("a String") was expected. */
function scalarTypeError(v: unknown, target: string): AwsError {
  if (Array.isArray(v)) return errors.serialization(START_LIST);
  if (typeof v === 'object' && v !== null) return errors.serialization(START_STRUCT);
  return errors.serialization(`${tokenName(v)} can not be converted to ${target}`);
}

export function throwType(v: unknown, target: string): never {
  throw scalarTypeError(v, target);
}

/** Anything but an object where a structure was expected. */
export function structureTypeError(v: unknown): AwsError {
  return errors.serialization(Array.isArray(v) ? START_LIST : 'Expected null');
}

/** Anything but an array where a list was expected. */
export function listTypeError(v: unknown): AwsError {
  return errors.serialization(isObject(v) ? START_STRUCT : 'Expected list or null');
}

/** Anything but an object where a map was expected. */
export function mapTypeError(v: unknown): AwsError {
  return errors.serialization(Array.isArray(v) ? START_LIST : 'Expected map or null');
}

/**
 * A request body that is not a JSON object. Athena (measured) answers a body of `null`, a
 * string or a number with a bare SerializationException without Message, and `[]` with the
 * list text.
 */
export function bodyTypeError(v: unknown): AwsError {
  return errors.serialization(Array.isArray(v) ? START_LIST : '');
}
