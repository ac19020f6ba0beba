/**
 * The checks IAM makes on the text of Resource and Action entries, with IAM's messages. The
 * texts and the cases are those recorded against AWS in moto's tests/test_iam/test_iam_policies.py
 * (getmoto/moto), e.g. `Resource invalid resource must be in ARN format or "*".`,
 * `Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".`,
 * "Actions/Condition can contain only one colon.".
 */

const REGION_ERRORS: Record<string, (r: string) => string> = {
  iam: (r) => `IAM resource ${r} cannot contain region information.`,
  s3: (r) => `Resource ${r} can not contain region information.`,
};

const IAM_PATHS = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/** `a:b:c` -> ['a', 'b:c'], like Python's str.partition. */
function partition(s: string): [string, boolean, string] {
  const at = s.indexOf(':');
  return at < 0 ? [s, false, ''] : [s.slice(0, at), true, s.slice(at + 1)];
}

/** IAM's complaint about one Resource/NotResource entry, or undefined if it is well-formed. */
export function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const [, hasColon, afterArn] = partition(resource);
  if (!hasColon) return `Resource ${resource} must be in ARN format or "*".`;
  const [partitionName, hasService, afterPartition] = partition(afterArn);
  if (partitionName !== 'aws' && partitionName !== '*') {
    // IAM prints the resource back with its missing segments as `*`.
    const rest = afterPartition.split(':');
    const seg1 = rest[0] !== '' || rest.length > 1 ? rest[0] : '*';
    const seg2 = rest.length > 1 ? rest[1] : '*';
    const seg3 = rest.length > 2 ? rest[2] : '*';
    const seg4 = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return `Partition "${partitionName}" is not valid for resource "arn:${partitionName}:${seg1}:${seg2}:${seg3}:${seg4}".`;
  }
  if (!hasService) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const [service, , afterService] = partition(afterPartition);
  const regionError = Object.hasOwn(REGION_ERRORS, service) ? REGION_ERRORS[service] : undefined;
  if (regionError && !afterService.startsWith(':')) return regionError(resource);
  if (service === 'iam') {
    const resourcePart = partition(partition(afterService)[2])[2];
    if (!IAM_PATHS.some((p) => resourcePart.startsWith(p))) {
      return `IAM resource path must either be "*" or start with ${IAM_PATHS.join(', ')}.`;
    }
  }
  return undefined;
}

/**
 * IAM's legacy parser refuses an entry whose service is empty, or that has an empty segment
 * (`::`) but fewer than six segments: `arn:aws:s3::bucket`, `arn:aws::::bucket`, `arn:aws::x`.
 */
export function failsLegacyResourceParsing(resource: string): boolean {
  if (resource === '*') return false;
  const colons = resource.split(':').length - 1;
  if (colons < 5 && resource.includes('::')) return true;
  return resource.split(':')[2] === '';
}

/** Vendor characters; `*` and `?` are let through so that a service prefix may hold wildcards. */
const VENDOR = /[^a-zA-Z0-9\-.*?]/;

/** IAM's complaint about one Action/NotAction entry, or undefined if it is well-formed. */
export function actionFormatError(action: string): string | undefined {
  const parts = action.split(':');
  if (parts.length === 1 && parts[0] !== '*') return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  if (parts.length > 2) return 'Actions/Condition can contain only one colon.';
  const vendor = parts[0] as string;
  if (vendor !== '*' && VENDOR.test(vendor)) return `Vendor ${vendor} is not valid`;
  return undefined;
}
