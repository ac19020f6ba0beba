/**
 * The policy evaluator: one pure module (no I/O) that parses IAM JSON policy documents with
 * AWS's validation errors, evaluates requests the way AWS does (explicit deny, identity and
 * resource policies, cross-account, KMS key and role trust policies, permissions boundaries,
 * session policies, conditions and policy variables), renders AWS's AccessDenied texts and
 * decides whether a resource policy is public.
 */
export { parsePolicy, type ParseOptions } from './policy-parser.js';
export { PolicyError, policyErrorMessage, type PolicyErrorReason } from './policy-error.js';
export { validatePolicy, type PolicyFinding, type ValidationResult } from './validate-policy.js';
export { evaluate } from './evaluator.js';
export { accessDeniedMessage, type AccessDeniedOptions } from './access-denied.js';
export { isPublicPolicy, isPublicStatement, publicStatements } from './public-policy.js';
export { PolicyCache } from './policy-cache.js';
export type {
  AttachedPolicy,
  ContextValue,
  Decision,
  EvaluationRequest,
  MatchedStatement,
  Policy,
  PolicyKind,
  PolicyRef,
  PolicyType,
  PolicyVersion,
  Position,
  RequestPrincipal,
  Statement,
} from './policy-types.js';
