/**
 * Rotation functions run as an IAM role (issue 6): `rotation_functions.role_arn` names the role
 * each invocation gets a fresh session of, and the access key a function used to be issued (an
 * access key of the account's admin user) goes.
 *
 * Functions registered before this migration have no role. They are KEPT, with `role_arn` NULL,
 * and fail every step with a message that says to register them again with `--role` (deleting an
 * operator's registration silently seemed worse than a clear failure). Their access keys are
 * DELETED here: nothing hands them to a function any more, and they were long-lived keys of the
 * admin user. (A URL function that kept its printed key to call back can no longer use it; it
 * receives session credentials with every event once it is registered again with a role.)
 */
export const FUNCTION_ROLES_SCHEMA = `
  DELETE FROM access_keys WHERE access_key_id IN (SELECT access_key_id FROM rotation_functions);
  ALTER TABLE rotation_functions DROP COLUMN access_key_id;
  ALTER TABLE rotation_functions ADD COLUMN role_arn TEXT;
  `;
