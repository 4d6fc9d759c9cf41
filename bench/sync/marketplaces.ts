import { DEFAULT_CALLS_PER_SECOND as AE_DEFAULT_CALLS_PER_SECOND } from '../../connectors/aliexpress';
import { aeOrderJson } from '../../connectors/aliexpress/fixtures/orders';
import { startAliExpressSimulator, THROTTLE_CODE } from '../../connectors/aliexpress/simulator';
import type { RunningSimulator } from '../../connectors/sdk/simulator';
import { SimControl } from '../../connectors/sdk/testkit/sim-control';
import { tradeJson } from '../../connectors/taobao/fixtures/trades';
import { startTaobaoSimulator } from '../../connectors/taobao/simulator';

/**
 * What the sync benchmark needs to know of each marketplace it pulls from: its simulator, how a
 * channel on it names its call limit, a second channel on the same app key, an order in its own
 * wire shape, and how its request log shows a ban and a call counted against the app's limit.
 */

/** A seller account on a simulator: where its API is and its controls. */
export interface BenchSeller {
  baseUrl: string;
  control: SimControl;
}

/** A call as the simulators' `GET /__sim/requests` lists it. */
export interface GatewayCall {
  path?: string;
  errorCode?: string | null;
}

export interface BenchMarketplace {
  /** As the tables and the results file name it. */
  label: string;
  /** The call limit a channel has unless told otherwise (the bench's default for the limited pull). */
  defaultCallsPerSecond: number;
  /** A simulator enforcing `callsPerSecond` per app key (a second's worth at once). */
  start(callsPerSecond: number): Promise<RunningSimulator>;
  /** createChannel's input for a channel of `seller` that may make `callsPerSecond` calls a second. */
  channelInput(name: string, seller: BenchSeller, callsPerSecond: number, warehouseCodes: string[]): Promise<Record<string, unknown>>;
  /** Two sellers' channels on the simulator's one app key, for the shared-quota pull. */
  twoOnOneApp(sim: RunningSimulator, control: SimControl): Promise<BenchSeller[]>;
  /** The i-th order, of one line of `sku`, as the simulator's `POST /__sim/orders` takes it. */
  order(i: number, sku: string): string;
  /** Whether the call was refused for going over the app's limit. */
  isBan(call: GatewayCall): boolean;
  /** Whether the call counts against the app's limit. */
  counted(call: GatewayCall): boolean;
}

const schedule = { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 };

export const taobao: BenchMarketplace = {
  label: 'Taobao',
  defaultCallsPerSecond: 10,
  start: (callsPerSecond) => startTaobaoSimulator({ callsPerSecond, burst: callsPerSecond }),
  // TOP's limit is the app's: the connector reads it from the credentials.
  channelInput: async (name, seller, callsPerSecond, warehouseCodes) => ({
    kind: 'TAOBAO', name, baseUrl: seller.baseUrl, currency: 'CNY', credentials: { ...(await seller.control.credentials()), callsPerSecond: String(callsPerSecond) }, warehouseCodes, schedule,
  }),
  // The same shop twice: TOP counts per app key, and its session key may be shared.
  twoOnOneApp: async (sim, control) => [{ baseUrl: sim.baseUrl, control }, { baseUrl: sim.baseUrl, control }],
  order: (i, sku) => tradeJson(i, [sku]),
  // Code 7 is TOP's ban for going over the app's limit.
  isBan: (c) => String(c.errorCode ?? '').startsWith('7'),
  counted: () => true,
};

export const aliexpress: BenchMarketplace = {
  label: 'AliExpress',
  defaultCallsPerSecond: AE_DEFAULT_CALLS_PER_SECOND,
  start: (callsPerSecond) => startAliExpressSimulator({ callsPerSecond, burst: callsPerSecond }),
  // The limit is a channel setting; the engine obtains the access token with the refresh token.
  channelInput: async (name, seller, callsPerSecond, warehouseCodes) => ({
    kind: 'ALIEXPRESS', name, baseUrl: seller.baseUrl, currency: 'USD', credentials: await seller.control.credentials(), settings: [{ name: 'callsPerSecond', value: String(callsPerSecond) }], warehouseCodes, schedule,
  }),
  // A second seller of the app: each seller's refresh token is its own (rotated on every refresh).
  twoOnOneApp: async (sim, control) => [{ baseUrl: sim.baseUrl, control }, await control.addSeller({ name: 'bench-second', app: 'app-1' })],
  order: (i, sku) => aeOrderJson(i, [sku]),
  isBan: (c) => c.errorCode === THROTTLE_CODE,
  // Token calls (/rest/auth/token/…) have a bucket of their own.
  counted: (c) => !String(c.path ?? '').includes('/rest/'),
};
