/**
 * The kit every marketplace simulator is built on (Taobao first; AliExpress, eBay and Amazon
 * on the same pattern): `startSimServer` with the marketplace's wire handler and control
 * handlers, and the pieces it is made of.
 */
export { startSimServer } from './sim-server';
export type { MarketplaceSimulator, RunningSimulator, SimAccount, SimApp, SimControlHandlers, SimKit, SimSeller, SimSellerInfo, SimServerOptions } from './sim-server';
export { isFormBody, jsonResponse, parseJsonBody, requestParams, SimHttpError, MAX_BODY_BYTES } from './sim-http';
export type { SimRequest, SimResponse } from './sim-http';
export { FaultInjector } from './fault-injector';
export type { AfterCommitFault, Fault, FaultSettings } from './fault-injector';
export { TokenBuckets } from './token-bucket';
export type { BucketVerdict } from './token-bucket';
export { RequestLog } from './request-log';
export type { LoggedRequest } from './request-log';
export { SeededRandom } from './seeded-random';
export { SimClock } from './sim-clock';
export { MethodFields } from './method-fields';
export type { FieldSelection, MethodSpec } from './method-fields';
