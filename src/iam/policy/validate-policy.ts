/**
 * validatePolicy: the non-throwing check behind ValidateResourcePolicy. It answers the findings
 * AWS's ValidateResourcePolicy reports as ValidationErrors ({CheckName, ErrorMessage}): the
 * document's syntax and broad access (Secrets Manager API reference, ValidateResourcePolicy:
 * "Checks for broad access ... Checks for syntax errors"). The check names are Coffer's: AWS's
 * own CheckName values are not on public record. A syntax finding carries the PolicyError, so
 * the handler can answer MalformedPolicyDocumentException as AWS does for an unreadable policy.
 * The third AWS check (the caller locking itself out) needs the caller's identity and is left to
 * the handler, which can run `evaluate` for it.
 */
import { parsePolicy, type ParseOptions } from './policy-parser.js';
import { PolicyError } from './policy-error.js';
import type { Policy, PolicyKind } from './policy-types.js';
import { publicStatements } from './public-policy.js';

export interface PolicyFinding {
  checkName: 'SyntaxCheck' | 'BroadAccessCheck';
  message: string;
  /** For a syntax finding: the error parsePolicy raised. */
  error?: PolicyError;
  /** For a broad-access finding: the statement's index. */
  statementIndex?: number;
}

export interface ValidationResult {
  passed: boolean;
  findings: PolicyFinding[];
  /** The compiled policy when the syntax is valid. */
  policy?: Policy;
}

export function validatePolicy(text: string, kind: PolicyKind = 'resource', options: ParseOptions = {}): ValidationResult {
  let policy: Policy;
  try {
    policy = parsePolicy(text, kind, options);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return { passed: false, findings: [{ checkName: 'SyntaxCheck', message: e.message, error: e }] };
  }
  const findings: PolicyFinding[] = [];
  if (kind === 'resource' || kind === 'key') {
    for (const st of publicStatements(policy)) {
      const name = st.sid ? `Statement "${st.sid}"` : `Statement ${st.index + 1}`;
      findings.push({
        checkName: 'BroadAccessCheck',
        message: `${name} grants access to all principals ("*") without a condition that restricts it to fixed accounts, principals, sources or networks.`,
        statementIndex: st.index,
      });
    }
  }
  return { passed: findings.length === 0, findings, policy };
}
