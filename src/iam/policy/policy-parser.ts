/**
 * parsePolicy: text -> compiled Policy, refusing a malformed document with the error (and in the
 * order) AWS gives. IAM's order, as recorded against AWS in moto's test_iam_policies.py:
 * syntax -> (managed policies) version -> legacy parsing (Effect's exact case, Date values,
 * resource segments) -> unique Sids -> actions present -> Resource format -> Action format ->
 * resources present. The checks that depend on the kind of document come right after the syntax
 * (a Principal where none is allowed, a missing Principal, a Resource in a trust policy) and the
 * principals' validity last.
 */
import { parseDate } from './condition-operators.js';
import { compileConditions, splitOperator } from './condition-compiler.js';
import { readJson, JsonSyntaxError, type JsonDocument } from './json-reader.js';
import { PolicyError } from './policy-error.js';
import { GrammarError, readGrammar, type RawPolicy, type RawStatement } from './policy-grammar.js';
import type { Policy, PolicyKind, Statement } from './policy-types.js';
import { parsePrincipal, type PrincipalSpec } from './principal-spec.js';
import { actionFormatError, failsLegacyResourceParsing, resourceFormatError } from './resource-format.js';
import { compileGlobs, compileTemplates } from './wildcard.js';

export interface ParseOptions {
  /** CreatePolicy / CreatePolicyVersion: IAM requires `"Version": "2012-10-17"` there. */
  managed?: boolean;
}

const PRINCIPAL_KINDS: readonly PolicyKind[] = ['resource', 'trust', 'key'];

function read(text: string, kind: PolicyKind): { doc: JsonDocument; raw: RawPolicy } {
  try {
    const doc = readJson(text);
    return { doc, raw: readGrammar(doc.value) };
  } catch (e) {
    if (e instanceof JsonSyntaxError || e instanceof GrammarError) throw new PolicyError(kind, 'syntax');
    throw e;
  }
}

function checkKind(raw: RawPolicy, kind: PolicyKind): void {
  for (const s of raw.statements) {
    const named = s.principal !== undefined || s.notPrincipal !== undefined;
    if (!PRINCIPAL_KINDS.includes(kind)) {
      if (named) throw new PolicyError(kind, 'principal-prohibited');
    } else if (!named) throw new PolicyError(kind, 'principal-missing');
    if (kind === 'trust' && (s.resource || s.notResource)) throw new PolicyError(kind, 'resource-prohibited');
  }
}

/** The legacy parser: exact-case Effect and Date values (the resource part is in checkResources). */
function legacyStatement(s: RawStatement): boolean {
  if (s.effect !== 'Allow' && s.effect !== 'Deny') return false;
  for (const [operator, keys] of Object.entries(s.condition ?? {})) {
    if (!splitOperator(operator).base.startsWith('Date')) continue;
    for (const v of Object.values(keys)) {
      for (const x of Array.isArray(v) ? v : [v]) if (parseDate(String(x)) === undefined) return false;
    }
  }
  return true;
}

/**
 * Resource format errors are remembered (the last one found wins, each list read in reverse
 * order, as IAM reports) and raised after the Sid and Action checks; a statement whose resources
 * are well-formed goes through the legacy resource parser at once.
 */
function checkResources(raw: RawPolicy): string | undefined {
  let error: string | undefined;
  for (const key of ['resource', 'notResource'] as const) {
    for (const s of raw.statements) {
      const list = s[key];
      if (!list) continue;
      for (const r of [...list].sort().reverse()) error = resourceFormatError(r) ?? error;
      if (error === undefined && list.some(failsLegacyResourceParsing)) return 'legacy';
    }
  }
  return error;
}

function validate(raw: RawPolicy, kind: PolicyKind, options: ParseOptions): PrincipalSpec[] {
  checkKind(raw, kind);
  if (options.managed && raw.version !== '2012-10-17') throw new PolicyError(kind, 'version');
  if (!raw.statements.every(legacyStatement)) throw new PolicyError(kind, 'legacy');
  const resourceError = checkResources(raw);
  if (resourceError === 'legacy') throw new PolicyError(kind, 'legacy');
  const sids = new Set<string>();
  for (const s of raw.statements) {
    if (!s.sid) continue;
    if (sids.has(s.sid)) throw new PolicyError(kind, 'duplicate-sid');
    sids.add(s.sid);
  }
  for (const s of raw.statements) {
    if (!(s.action ?? s.notAction)?.length) throw new PolicyError(kind, 'no-actions');
  }
  if (resourceError !== undefined) throw new PolicyError(kind, 'resource-format', resourceError);
  for (const key of ['action', 'notAction'] as const) {
    for (const s of raw.statements) {
      for (const a of s[key] ?? []) {
        const e = actionFormatError(a);
        if (e) throw new PolicyError(kind, 'action-format', e);
      }
    }
  }
  if (kind !== 'trust') {
    for (const s of raw.statements) {
      if (!(s.resource ?? s.notResource)?.length) throw new PolicyError(kind, 'no-resources');
    }
  }
  const specs: PrincipalSpec[] = [];
  for (const s of raw.statements) {
    const element = s.principal ?? s.notPrincipal;
    if (element === undefined) continue;
    const parsed = parsePrincipal(element);
    if ('invalid' in parsed) throw new PolicyError(kind, 'principal-invalid', parsed.invalid);
    specs[raw.statements.indexOf(s)] = parsed.spec;
  }
  return specs;
}

function compile(raw: RawPolicy, doc: JsonDocument, kind: PolicyKind, specs: PrincipalSpec[]): Policy {
  const version = raw.version === '2012-10-17' ? '2012-10-17' : '2008-10-17';
  const variables = version === '2012-10-17';
  const statements: Statement[] = raw.statements.map((s, index) => {
    const span = doc.spans.get(s.node) ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    const resources = s.resource ?? s.notResource;
    const st: Statement = {
      index,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      effect: s.effect as 'Allow' | 'Deny',
      ...(specs[index] ? { principal: specs[index] } : {}),
      notPrincipal: s.notPrincipal !== undefined,
      actions: compileGlobs((s.action ?? s.notAction) as string[], 'plain', true),
      notAction: s.notAction !== undefined,
      ...(resources ? { resources: compileTemplates(resources, 'arn', variables) } : {}),
      notResource: s.notResource !== undefined,
      conditions: compileConditions(s.condition ?? {}, variables),
      start: span.start,
      end: span.end,
    };
    return st;
  });
  return {
    kind,
    version,
    versionGiven: raw.version !== undefined,
    ...(raw.id !== undefined ? { id: raw.id } : {}),
    statements,
  };
}

/**
 * Parses and compiles a policy document of the given kind; throws PolicyError (an AwsError with
 * the service's MalformedPolicyDocument code and AWS's message) if it is malformed.
 */
export function parsePolicy(text: string, kind: PolicyKind, options: ParseOptions = {}): Policy {
  const { doc, raw } = read(text, kind);
  const specs = validate(raw, kind, options);
  return compile(raw, doc, kind, specs);
}
