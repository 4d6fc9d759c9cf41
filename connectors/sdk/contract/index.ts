/**
 * Contract checks of simulator traffic, shared by marketplaces (Amazon first; eBay's own copy in
 * connectors/ebay/contract is to move here): the exchange and its problems (exchange.ts), an
 * OpenAPI 3 exchange validator on openapi-backend (openapi-validator.ts), what a simulator
 * recorded (recorder.ts) and the per-process registry the jest setup file reads (registry.ts,
 * jest-setup.ts).
 */
export type { ContractProblem, Exchange, ExchangeContract, ExchangeVerdict, Headers } from './exchange';
export { dedupe, describeAjvErrors, headerValue, lowerHeaders, mediaType, parseJson, queryObject, queryString } from './exchange';
export { OpenApiExchangeValidator } from './openapi-validator';
export type { Json, OpenApiExchangeOptions, OpenApiSource } from './openapi-validator';
export { ContractRecorder } from './recorder';
export type { ContractViolation, RecorderIdentity } from './recorder';
export { contractReport, formatContractReport, resetContractRegistry, takeContractReport, takeContractViolations, trackRecorder } from './registry';
export type { ContractReport } from './registry';
