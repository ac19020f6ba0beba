export { RotationEngine } from './engine/rotation-engine.js';
export type { RotationSettings, EngineDeps } from './engine/engine-settings.js';
export type { RotationAudit, RotationServiceEvent, RotationEventName } from './engine/rotation-audit.js';
export { rotationStatus } from './engine/rotation-status.js';
export {
  createFunction,
  deleteFunction,
  FunctionRegistryError,
  type CreatedFunction,
  type NewFunction,
} from './functions/function-registry.js';
export { BUILT_IN_FUNCTIONS, functionArn } from './functions/function-arn.js';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, signEvent } from './rotators/http-rotator.js';
export { parseSchedule, checkRequestRules, SCHEDULE_ERRORS, type Schedule } from './schedule/rotation-schedule.js';
export { planAfterManualWrite } from './schedule/manual-rotation.js';
export {
  nextWindow,
  catchUpWindow,
  latestRotationTime,
  dueTime,
  planNextRotation,
  type RotationWindow,
} from './schedule/rotation-window.js';
