/**
 * What the assistant can ask of the Assurance Maladie's backend. The types are derived from the
 * registry of the backend contract (src/backend/api-schemas), where each operation is written once;
 * this module only gives them to the client's users under the client's name.
 */
export type {
  BackendClient,
  BackendError,
  BackendResult,
  CallOptions,
  CardType,
  Channel,
  ClientErrorCode,
  MesProfileSummary,
  MesStatus,
  OperationInput,
  OperationName,
  OperationOutput,
  OperationResult,
} from '../api-schemas/index.js';
