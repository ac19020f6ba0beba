/**
 * What a shape compiles into: one node per shape reference, holding the closures that convert
 * a parsed JSON value and check it against the model's constraints.
 */

/** Direct-member check of a value's own constraints (length, range, pattern, enum). */
export type OwnCheck = (v: unknown, prefix: string, name: string, errs: string[]) => void;
/** Check of what a value contains (structure members, list items, map entries). */
export type InnerCheck = (v: unknown, path: string, errs: string[]) => void;

export interface Node {
  /** Converts a non-null JSON value; throws SerializationException. */
  parse: (v: unknown) => unknown;
  own: OwnCheck | null;
  /** Does a value satisfy its own constraints? (for list items and map keys/values) */
  ok: ((v: unknown) => boolean) | null;
  /** The own constraints as Coral lists them inside "[...]". */
  descs: string;
  inner: InnerCheck | null;
  /** Coral's rendering of the value; null when it must not be shown. */
  render: ((v: unknown) => string) | null;
}
