/**
 * Rotation functions are addressed by Lambda ARN, `arn:aws:lambda:<region>:<account>:function:<name>`
 * (an optional `:<qualifier>` is accepted and ignored), so that existing configurations and
 * infrastructure code keep working.
 */
const LAMBDA_ARN = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]{1,128}))?$/;

/** Function names: Lambda's rule (letters, digits, hyphens, underscores; 1..64). */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The rotators built into Coffer, present in every account and region. */
export const BUILT_IN_FUNCTIONS = [
  'coffer-postgresql-single-user',
  'coffer-postgresql-alternating-users',
  'coffer-mysql-single-user',
  'coffer-mysql-alternating-users',
] as const;
export type BuiltInFunction = (typeof BUILT_IN_FUNCTIONS)[number];

export interface FunctionArn {
  region: string;
  accountId: string;
  name: string;
}

export function parseFunctionArn(arn: string): FunctionArn | undefined {
  const m = LAMBDA_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export function functionArn(region: string, accountId: string, name: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
}

export function isBuiltIn(name: string): name is BuiltInFunction {
  return (BUILT_IN_FUNCTIONS as readonly string[]).includes(name);
}
