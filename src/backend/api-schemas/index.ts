export { CALL_ERROR_CODES, COMMON_ERROR_CODES, ERROR_STATUS, errorBodySchema, UNCONFIRMED } from './common.js';
export type { Operation, OperationSpec, OperationTypes, OperationValidators } from './operation.js';
export { API_ROOT, fillPath, isOperationName, mapOperations, operation, OPERATION_NAMES, operationOf, OPERATIONS, REGISTRY, type OperationName, type Registry } from './operations.js';
export type { Infer, JsonSchema, Schema } from './schema.js';
export type * from './types.js';
export { contractAjv, describeErrors } from './validators.js';
