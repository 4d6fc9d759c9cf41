import { DEFAULT_CALLS_PER_SECOND as AE_DEFAULT_CALLS_PER_SECOND } from '../../connectors/aliexpress';
import { amazonOrderJson } from '../../connectors/amazon/fixtures/orders';
import { startAmazonSimulator } from '../../connectors/amazon/simulator';
import { USAGE_PLANS } from '../../connectors/amazon/usage-plans';
import { aeOrderJson } from '../../connectors/aliexpress/fixtures/orders';
import { startAliExpressSimulator, THROTTLE_CODE } from '../../connectors/aliexpress/simulator';
import { DEFAULT_FULFILLMENT_CALLS_PER_DAY, rateLimitsAt } from '../../connectors/ebay';
import { ebayOrderJson } from '../../connectors/ebay/fixtures/orders';
import { startEbaySimulator } from '../../connectors/ebay/simulator';
import type { RunningSimulator } from '../../connectors/sdk/simulator';
import { SimControl } from '../../connectors/sdk/testkit/sim-control';
import { tradeJson } from '../../connectors/taobao/fixtures/trades';
import { startTaobaoSimulator } from '../../connectors/taobao/simulator';

/**
 * What the sync benchmark needs to know of each marketplace it pulls from: its simulator, how a
 * channel on it names its call limit and the bucket the engine keeps for it, a second channel on
 * the same quota, an order in its own wire shape, and how its request log shows a ban and a call
 * counted against the limit. A limit is in the marketplace's own terms: calls a second for TOP and
 * AliExpress (per app key), Fulfillment API calls a day for eBay (per app and seller), and
 * searchOrders calls a second for Amazon (the seller's usage plan of the operation).
 */

/** A seller account on a simulator: where its API is and its controls. */
export interface BenchSeller {
  baseUrl: string;
  control: SimControl;
}

/** A call as the simulators' `GET /__sim/requests` lists it. */
export interface GatewayCall {
  path?: string;
  operation?: string | null;
  status?: number;
  errorCode?: string | null;
}

export interface BenchMarketplace {
  /** As the tables and the results file name it. */
  label: string;
  /** The published call limit a channel has unless told otherwise (the bench's default for the limited pull), per `limitUnit`. */
  defaultLimit: number;
  /** What the limit counts: calls a second, or calls a day. */
  limitUnit: 's' | 'day';
  /** The bucket the engine keeps for the limit: its rate and the calls it lets go at once (the least time the calls made can take follows). */
  bucket(limit: number): { ratePerSecond: number; burst: number };
  /** A simulator enforcing `limit` (TOP and AliExpress: per app key, a second's worth at once; eBay: a day's quota per app and seller). */
  start(limit: number): Promise<RunningSimulator>;
  /** createChannel's input for a channel of `seller` whose calls are within `limit`. */
  channelInput(name: string, seller: BenchSeller, limit: number, warehouseCodes: string[]): Promise<Record<string, unknown>>;
  /** Two channels on the simulator's one quota, for the shared-quota pull. */
  twoOnOneApp(sim: RunningSimulator, control: SimControl): Promise<BenchSeller[]>;
  /** The i-th order, of one line of `sku`, as the simulator's `POST /__sim/orders` takes it. */
  order(i: number, sku: string): string;
  /** Whether the call was refused for going over the app's limit. */
  isBan(call: GatewayCall): boolean;
  /** Whether the call counts against the app's limit. */
  counted(call: GatewayCall): boolean;
  /** The limit as the tables print it (default `<limit>/<unit>`). */
  describeLimit?(limit: number): string;
  /** The most the limited pull may take against its least time (default 1.2). */
  ratioGoal?: number;
}

const schedule = { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 };

/** A limit of calls a second, as TOP and AliExpress state theirs: the bucket holds a second's worth. */
const perSecond = (callsPerSecond: number) => ({ ratePerSecond: callsPerSecond, burst: callsPerSecond });

export const taobao: BenchMarketplace = {
  label: 'Taobao',
  defaultLimit: 10,
  limitUnit: 's',
  bucket: perSecond,
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
  defaultLimit: AE_DEFAULT_CALLS_PER_SECOND,
  limitUnit: 's',
  bucket: perSecond,
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

export const ebay: BenchMarketplace = {
  label: 'eBay',
  // eBay publishes daily quotas per application and seller, per API; the order pull spends the Fulfillment API's.
  defaultLimit: DEFAULT_FULFILLMENT_CALLS_PER_DAY,
  limitUnit: 'day',
  // The connector's own bucket for getOrders: the day's calls at the daily rate, an hour of them at once.
  bucket: (callsPerDay) => {
    const b = rateLimitsAt(undefined, callsPerDay).getOrders!;
    return { ratePerSecond: b.ratePerSecond, burst: b.burst };
  },
  // The day's quota, and no short-term rate (eBay states none; the simulator's would only stop a runaway client). The contract
  // check of every exchange is the tests' work: here it would be the simulator's CPU beside the engine's on the bench's cores.
  start: (callsPerDay) => startEbaySimulator({ callsPerSecond: 1_000_000, burst: 1_000_000, dailyQuota: { fulfillment: callsPerDay }, contract: false }),
  // The quota is a channel setting; the engine obtains the access token with the seller's refresh token.
  channelInput: async (name, seller, callsPerDay, warehouseCodes) => ({
    kind: 'EBAY', name, baseUrl: seller.baseUrl, currency: 'USD', marketplaceIds: ['EBAY_US'], credentials: await seller.control.credentials(),
    settings: [{ name: 'fulfillmentCallsPerDay', value: String(callsPerDay) }], warehouseCodes, schedule,
  }),
  // The quota is per app and seller: two channels of one seller account (say one per site) share it.
  twoOnOneApp: async (sim, control) => [{ baseUrl: sim.baseUrl, control }, { baseUrl: sim.baseUrl, control }],
  order: (i, sku) => ebayOrderJson(i, [sku]),
  // 429 with errorId 2001: over the quota (or the simulator's short-term rate).
  isBan: (c) => c.errorCode === '2001',
  // The token endpoint is no Sell API call.
  counted: (c) => String(c.path ?? '').startsWith('/sell/fulfillment/'),
};

/** Amazon's searchOrders burst [O: orders_2026-01-01.json]: what the engine's bucket lets go at once (no answer states a burst). */
const AMAZON_SEARCH_BURST = USAGE_PLANS.searchOrders.burst ?? 20;

export const amazon: BenchMarketplace = {
  label: 'Amazon',
  // Amazon's published searchOrders plan is 0.0056 calls a second (a token every three minutes
  // once the burst of 20 is spent): a pull of a few thousand orders would take hours, and the
  // flags take whole numbers. The bench gives the simulated seller a plan of one a second with
  // Amazon's burst instead (Amazon may give a seller another plan; its answers state the rate,
  // which the engine adopts).
  defaultLimit: 1,
  limitUnit: 's',
  bucket: (callsPerSecond) => ({ ratePerSecond: callsPerSecond, burst: AMAZON_SEARCH_BURST }),
  // The contract check of every exchange is the tests' work: here it would be the simulator's CPU beside the engine's.
  start: async (callsPerSecond) => {
    const sim = await startAmazonSimulator({ contract: false });
    const res = await fetch(new URL('/__sim/usage-plans', sim.controlUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ searchOrders: { rate: callsPerSecond, burst: AMAZON_SEARCH_BURST }, getOrder: { rate: 1_000_000, burst: 1_000_000 } }),
    });
    if (!res.ok) throw new Error(`POST /__sim/usage-plans answered ${res.status}: ${await res.text()}`);
    return sim;
  },
  // The engine obtains the access token with the seller's refresh token (LWA); the plan is Amazon's to state.
  channelInput: async (name, seller, _callsPerSecond, warehouseCodes) => ({
    kind: 'AMAZON', name, baseUrl: seller.baseUrl, currency: 'USD', marketplaceIds: ['ATVPDKIKX0DER'], credentials: await seller.control.credentials(),
    settings: [{ name: 'region', value: 'NA' }], warehouseCodes, schedule,
  }),
  // The plan is per selling partner: two channels of one seller account share it.
  twoOnOneApp: async (sim, control) => [{ baseUrl: sim.baseUrl, control }, { baseUrl: sim.baseUrl, control }],
  order: (i, sku) => amazonOrderJson(i, [sku]),
  // 429 QuotaExceeded: over the seller's usage plan.
  isBan: (c) => c.status === 429 || c.errorCode === 'QuotaExceeded',
  // The plan measured is searchOrders'; the LWA token calls are not SP-API calls.
  counted: (c) => c.operation === 'searchOrders',
  describeLimit: (callsPerSecond) => `searchOrders ${callsPerSecond}/s burst ${AMAZON_SEARCH_BURST}`,
  ratioGoal: 1.1,
};
