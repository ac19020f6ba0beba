export { createApiServer, type ApiServerDeps } from './api-server.js';
export { buildOperationTable, type OperationTableOptions, type RoutedOperation } from './operation-table.js';
export { RequestLog } from './request-log.js';
export { loadServiceModel, type ServiceModel } from './model/index.js';
export { SigningKeyCache } from './sigv4/index.js';
export { buildQueryService, type QueryEndpoint, type QueryService } from './query/index.js';
