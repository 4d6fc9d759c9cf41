import { RunningSimulator, startSimServer } from '../../sdk/simulator';
import { aeControl } from './ae-control';
import { createGateway } from './ae-gateway';
import { AeState, DEFAULT_ACCESS_TTL_MS, DEFAULT_REFRESH_TTL_MS } from './ae-state';
import { DEFAULT_MAX_ORDER_PAGE_SIZE } from './order-methods';

/**
 * AliExpress's Open Platform (IOP) as a local HTTP server on the simulator kit: `/sync` for
 * business calls and `/rest/<path>` for the token calls at the root of `baseUrl`, and the
 * `/__sim/` control endpoints. See ../../../../shared/marketplaces/aliexpress.md §9 for what it
 * enforces; every reading of a fact the reference marks [U] is said where it is made.
 */

export interface AliExpressSimulatorOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /** Calls per second per method and app key (AliExpress limits per API and app key, aliexpress.md §8); default 20 [U]. */
  callsPerSecond?: number;
  /** Calls allowed at once per method and app key; default one second's worth. */
  burst?: number;
  /** Seeds injected faults, so a run can be replayed. */
  seed?: number;
  /** The first seller's app key and secret instead of random ones (the reference's signing vectors use 500001 / helloworld). */
  appKey?: string;
  appSecret?: string;
  /** The seller's listing currency (USD; RUB for Russian sellers, EUR for Spanish ones); default USD. */
  currency?: string;
  /** Access-token lifetime; default 24 h, as for apps in test mode. */
  accessTokenTtlMs?: number;
  /** Refresh-token lifetime; default 30 days [U]. */
  refreshTokenTtlMs?: number;
  /** The largest page_size order.get takes; default 50 [U]. */
  maxOrderPageSize?: number;
}

export const DEFAULT_SIM_CALLS_PER_SECOND = 20;

/** Path of the API on the simulator: '' (the root), so `baseUrl` + `/sync` and `baseUrl` + `/rest/auth/token/create` are the calls. */
export const ALIEXPRESS_SIM_API_PATH = '';

/** Starts a simulated AliExpress on 127.0.0.1; `baseUrl` is the gateway's origin (api-sg.aliexpress.com's place). */
export function startAliExpressSimulator(options: AliExpressSimulatorOptions = {}): Promise<RunningSimulator> {
  const callsPerSecond = options.callsPerSecond ?? DEFAULT_SIM_CALLS_PER_SECOND;
  let first = true;
  return startSimServer({ port: options.port, seed: options.seed, callsPerSecond, burst: options.burst }, (kit) => {
    if (first) {
      // The first seller's app takes the given key and secret; sellers added to that app later share them.
      if (options.appKey) kit.account.app.key = options.appKey;
      if (options.appSecret) kit.account.app.secret = options.appSecret;
      first = false;
    }
    const state = new AeState({
      app: kit.account.app,
      seller: kit.account.seller,
      clock: kit.clock,
      currency: options.currency ?? 'USD',
      accessTokenTtlMs: options.accessTokenTtlMs ?? DEFAULT_ACCESS_TTL_MS,
      refreshTokenTtlMs: options.refreshTokenTtlMs ?? DEFAULT_REFRESH_TTL_MS,
    });
    return {
      apiPath: ALIEXPRESS_SIM_API_PATH,
      handle: createGateway(state, kit, { maxOrderPageSize: options.maxOrderPageSize ?? DEFAULT_MAX_ORDER_PAGE_SIZE }),
      control: aeControl(state),
    };
  });
}

export { BUSINESS_METHODS, MAX_SKEW_MS, REST_PATH, SYNC_PATH, THROTTLE_CODE, TOKEN_CREATE_PATH, TOKEN_REFRESH_PATH } from './ae-gateway';
export { DEFAULT_MAX_ORDER_PAGE_SIZE, FULFILL, LOGISTICS_SERVICES } from './order-methods';
export { BRAND_ATTRIBUTE_ID, EDIT, INFO, INVENTORY_UPDATE, LANGUAGES, LIST, MAX_BATCH_PRODUCTS, MAX_BATCH_SKUS, OFFLINE, ONLINE, PHOTOBANK_UPLOAD, POST, PRICE_UPDATE } from './product-methods';
export { INFO_GET, ORDER_GET, ORDER_STATUSES } from './order-records';
