/**
 * Compiles a statement's Condition element and evaluates it against a request context
 * (IAM User Guide, "IAM JSON policy elements: Condition operators" and "Condition"; "Single-valued
 * vs. multivalued context keys"):
 * - all blocks (operator x key) must be true (AND); the values of one block are ORed (NOR for a
 *   negated operator);
 * - condition key names are case-insensitive;
 * - a key absent from the request: the block is false, except for negated operators (true),
 *   `...IfExists` (true), `ForAllValues:` (true, also for an empty set) and `Null`;
 *   `ForAnyValue:` on an absent or empty key is false;
 * - `Null: true` holds when the key is absent, `Null: false` when it is present;
 * - a multivalued request key under an operator without `ForAnyValue:`/`ForAllValues:` (AWS:
 *   "Multivalued context keys require a condition set operator", behaviour otherwise unspecified):
 *   Coffer requires some value to match a positive operator, and no value to match a negated one.
 */
import { operatorSpec, type ValueTest } from './condition-operators.js';
import type { VariableLookup } from './policy-variables.js';

/** The request context: lower-cased key name to its values (absent keys are not in the map). */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export interface ConditionBlock {
  readonly operator: string;
  readonly key: string;
  /** The policy values as written (numbers and booleans as their JSON text). */
  readonly values: readonly string[];
  /** true, false, or undefined when a policy variable could not be resolved. */
  test(context: RequestContext, lookup: VariableLookup): boolean | undefined;
}

export type SetQualifier = 'ForAnyValue' | 'ForAllValues' | undefined;

/** Splits `ForAnyValue:StringEqualsIfExists` into its parts (the grammar checked the name). */
export function splitOperator(full: string): { set: SetQualifier; base: string; ifExists: boolean } {
  let set: SetQualifier;
  let rest = full;
  for (const q of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.startsWith(`${q}:`)) {
      set = q;
      rest = rest.slice(q.length + 1);
      break;
    }
  }
  const ifExists = rest.endsWith('IfExists');
  return { set, base: ifExists ? rest.slice(0, -'IfExists'.length) : rest, ifExists };
}

/** A condition value as the operators see it: numbers and booleans become their JSON text. */
export type ConditionValue = string | number | boolean;

function nullBlock(operator: string, key: string, lowerKey: string, values: readonly string[]): ConditionBlock {
  const wantAbsent = values.map((v) => v.toLowerCase() === 'true');
  return {
    operator,
    key,
    values,
    test: (context) => {
      const absent = !(context.get(lowerKey)?.length);
      return wantAbsent.some((w) => w === absent);
    },
  };
}

function block(operator: string, key: string, values: readonly string[], variablesEnabled: boolean): ConditionBlock {
  const lowerKey = key.toLowerCase();
  const { set, base, ifExists } = splitOperator(operator);
  if (base === 'Null') return nullBlock(operator, key, lowerKey, values);
  const spec = operatorSpec(base);
  if (!spec) throw new Error(`unknown condition operator ${operator}`);
  const any: ValueTest = spec.compile(values, variablesEnabled);
  const negated = spec.negated;
  const one = (v: string, lookup: VariableLookup): boolean | undefined => {
    const r = any(v, lookup);
    return r === undefined ? undefined : negated ? !r : r;
  };
  return {
    operator,
    key,
    values,
    test(context, lookup) {
      const present = context.get(lowerKey);
      if (!present || present.length === 0) {
        if (ifExists || set === 'ForAllValues') return true;
        if (set === 'ForAnyValue') return false;
        return negated;
      }
      // ForAllValues: every request value matches; otherwise at least one must (for a negated
      // operator without a set qualifier: none of the request values may match a policy value).
      const every = set === 'ForAllValues' || (set === undefined && negated);
      let unresolved = false;
      for (const v of present) {
        const r = one(v, lookup);
        if (r === undefined) unresolved = true;
        else if (every && !r) return false;
        else if (!every && r) return true;
      }
      return unresolved ? undefined : every;
    },
  };
}

/** Compiles `{ operator: { key: value | value[] } }` into blocks (the grammar checked shapes). */
export function compileConditions(
  condition: Readonly<Record<string, Readonly<Record<string, ConditionValue | readonly ConditionValue[]>>>>,
  variablesEnabled: boolean,
): ConditionBlock[] {
  const blocks: ConditionBlock[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, raw] of Object.entries(keys)) {
      const list = (Array.isArray(raw) ? raw : [raw]) as readonly ConditionValue[];
      blocks.push(block(operator, key, list.map(String), variablesEnabled));
    }
  }
  return blocks;
}

/** All blocks true: true; any false: false; otherwise (a variable unresolvable) undefined. */
export function testConditions(blocks: readonly ConditionBlock[], context: RequestContext, lookup: VariableLookup): boolean | undefined {
  let unresolved = false;
  for (const b of blocks) {
    const r = b.test(context, lookup);
    if (r === false) return false;
    if (r === undefined) unresolved = true;
  }
  return unresolved ? undefined : true;
}
