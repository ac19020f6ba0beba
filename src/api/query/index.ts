export { buildQueryService, type QueryService, type QueryServiceOptions, type QueryRoute } from './query-service.js';
export { handleQueryRequest, isQueryRequest, type QueryEndpoint, type QueryCallDeps } from './query-handler.js';
export { isoSeconds } from './xml-writer.js';
