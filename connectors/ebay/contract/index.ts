/**
 * eBay's OpenAPI contracts as a check on HTTP traffic (issue 15, "Fidelity to eBay's
 * contracts"): the vendored specs (specs/), how they are read (normalise.ts, errata.ts), the
 * validator (validator.ts), what a simulator recorded (recorder.ts) and the per-process registry
 * the jest setup file reads (registry.ts, jest-setup.ts).
 */
export { EbayContract, ebayContract, PLATFORM_STATUSES } from './validator';
export type { ContractProblem, Exchange, ExchangeVerdict } from './validator';
export { ContractRecorder } from './recorder';
export type { ContractViolation } from './recorder';
export { contractReport, formatContractReport, takeContractReport, takeContractViolations } from './registry';
export type { ContractReport } from './registry';
export { API_ROOTS, SPEC_FILES, SPECS_DIR } from './normalise';
export { ERRATA } from './errata';
