/**
 * Permissions boundaries (IAM User Guide, "Permissions boundaries for IAM entities"): a user
 * (`principals` row) or a role may name one managed policy, by ARN, as its boundary. The indexes
 * answer "is this policy used as a boundary?" (DeletePolicy's conflict, GetPolicy's
 * PermissionsBoundaryUsageCount) without a scan.
 */
export const PERMISSIONS_BOUNDARIES_SCHEMA = `
  ALTER TABLE principals ADD COLUMN permissions_boundary TEXT;
  ALTER TABLE iam_roles ADD COLUMN permissions_boundary TEXT;
  CREATE INDEX principals_by_boundary ON principals (permissions_boundary) WHERE permissions_boundary IS NOT NULL;
  CREATE INDEX iam_roles_by_boundary ON iam_roles (permissions_boundary) WHERE permissions_boundary IS NOT NULL;
  `;
