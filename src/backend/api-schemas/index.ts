export { COMMON_ERROR_CODES, errorBodySchema } from './common.js';
export { API_ROOT, ERROR_STATUS, fillPath, operation, OPERATIONS, type JsonSchema, type OperationName, type OperationSpec } from './operations.js';
export { compileOperationValidators, describeErrors, type OperationValidators } from './validators.js';
