/**
 * The shape of a policy document (IAM User Guide, "Grammar of the IAM JSON policy language").
 * Anything that does not fit is a syntax error ("Syntax errors in policy." in IAM); the cases
 * follow the ones recorded against AWS in moto's tests/test_iam/test_iam_policies.py:
 * unknown top-level or statement elements, a Version other than 2012-10-17 / 2008-10-17, a
 * non-string Id or Sid, no Statement or an empty list, Action with NotAction, Resource with
 * NotResource, an Effect other than Allow/Deny (in any case; the exact case is checked later by
 * the legacy parser), non-string entries, a Condition that is not an object of objects, and an
 * unknown condition operator with values (an unknown operator with `{}` is accepted).
 */
import { OPERATOR_NAMES } from './condition-operators.js';
import { splitOperator, type ConditionValue } from './condition-compiler.js';
import { isObject, type JsonObject, type JsonValue } from './json-reader.js';

export const VERSIONS = ['2012-10-17', '2008-10-17'] as const;

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const OPERATORS = new Set([...OPERATOR_NAMES, 'Null']);

export type RawCondition = Record<string, Record<string, ConditionValue | ConditionValue[]>>;

/** A statement that passed the grammar; lists are normalised (a string becomes a one-item list). */
export interface RawStatement {
  node: JsonObject;
  sid?: string;
  effect: string;
  principal?: JsonValue;
  notPrincipal?: JsonValue;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  condition?: RawCondition;
}

export interface RawPolicy {
  version?: string;
  id?: string;
  statements: RawStatement[];
}

/** Thrown for any grammar violation; the parser turns it into the dialect's syntax error. */
export class GrammarError extends Error {}

const fail = (what: string): never => {
  throw new GrammarError(what);
};

function stringList(v: JsonValue, element: string): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(`${element} must be a string or a list of strings`);
  return v as string[];
}

const isScalar = (v: JsonValue): v is ConditionValue => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function condition(v: JsonValue): RawCondition {
  if (!isObject(v)) return fail('Condition must be an object');
  const out: RawCondition = Object.create(null);
  for (const [operator, block] of Object.entries(v)) {
    if (!isObject(block)) fail(`${operator} must be an object`);
    const keys = block as JsonObject;
    const entries = Object.entries(keys);
    const { base } = splitOperator(operator);
    if (!OPERATORS.has(base)) {
      if (entries.length) fail(`unknown condition operator ${operator}`);
      continue;
    }
    const values: Record<string, ConditionValue | ConditionValue[]> = Object.create(null);
    for (const [key, value] of entries) {
      if (isScalar(value)) values[key] = value;
      else if (Array.isArray(value) && value.every(isScalar)) values[key] = value as ConditionValue[];
      else fail(`condition ${operator} ${key} must be a value or a list of values`);
    }
    out[operator] = values;
  }
  return out;
}

function statement(node: JsonValue): RawStatement {
  if (!isObject(node)) return fail('a statement must be an object');
  for (const k of Object.keys(node)) if (!STATEMENT_ELEMENTS.has(k)) fail(`unknown element ${k}`);
  const has = (k: string) => k in node;
  if (has('Action') && has('NotAction')) fail('Action with NotAction');
  if (has('Resource') && has('NotResource')) fail('Resource with NotResource');
  if (has('Principal') && has('NotPrincipal')) fail('Principal with NotPrincipal');
  const effect = node.Effect;
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) fail('Effect must be Allow or Deny');
  if (has('Sid') && typeof node.Sid !== 'string') fail('Sid must be a string');
  const s: RawStatement = { node, effect: effect as string };
  if (has('Sid')) s.sid = node.Sid as string;
  if (has('Principal')) s.principal = node.Principal;
  if (has('NotPrincipal')) s.notPrincipal = node.NotPrincipal;
  if (has('Action')) s.action = stringList(node.Action as JsonValue, 'Action');
  if (has('NotAction')) s.notAction = stringList(node.NotAction as JsonValue, 'NotAction');
  if (has('Resource')) s.resource = stringList(node.Resource as JsonValue, 'Resource');
  if (has('NotResource')) s.notResource = stringList(node.NotResource as JsonValue, 'NotResource');
  if (has('Condition')) s.condition = condition(node.Condition as JsonValue);
  return s;
}

/** Checks the document's shape; throws GrammarError. */
export function readGrammar(doc: JsonValue): RawPolicy {
  if (!isObject(doc)) return fail('a policy must be an object');
  for (const k of Object.keys(doc)) if (!TOP_ELEMENTS.has(k)) fail(`unknown element ${k}`);
  const policy: RawPolicy = { statements: [] };
  if ('Version' in doc) {
    const v = doc.Version;
    if (typeof v !== 'string' || !(VERSIONS as readonly string[]).includes(v)) fail('unknown Version');
    policy.version = v as string;
  }
  if ('Id' in doc) {
    if (typeof doc.Id !== 'string') fail('Id must be a string');
    policy.id = doc.Id as string;
  }
  const st = doc.Statement;
  if (st === undefined) fail('Statement is required');
  const list = Array.isArray(st) ? st : [st as JsonValue];
  if (list.length === 0) fail('Statement must not be empty');
  policy.statements = list.map(statement);
  return policy;
}
