/**
 * Amazon's SP-API models as a check on HTTP traffic (issue 16, "Fidelity to Amazon's models"):
 * the vendored models (specs/), how they are read (normalise.ts, errata.ts), the validator
 * (validator.ts), the feed document schemas (documents.ts). Recording and the jest hook are the
 * shared ones of connectors/sdk/contract.
 */
export { AmazonContract, amazonContract, PLATFORM_STATUSES } from './validator';
export { DocumentSchemas } from './documents';
export { DOCUMENT_SCHEMA_FILES, SPEC_FILES, SPECS_DIR } from './normalise';
export type { ApiName } from './normalise';
export { ERRATA } from './errata';
export { contractReport, ContractRecorder, formatContractReport, takeContractReport, takeContractViolations } from '../../sdk/contract';
export type { ContractProblem, ContractViolation, Exchange } from '../../sdk/contract';
