import crypto from 'node:crypto';
import { RunningSimulator, startSimServer } from '../../sdk/simulator';
import { ContractRecorder } from '../contract/recorder';
import { trackRecorder } from '../contract/registry';
import type { EbayContract } from '../contract/validator';
import { ebayControl } from './control';
import { ACCESS_TOKEN_TTL_MS, EbayState, REFRESH_TOKEN_TTL_MS } from './ebay-state';
import { createGateway, serverErrorOf } from './gateway';
import { DEFAULT_DAILY_QUOTA } from './quotas';

/**
 * eBay's Sell APIs as a local HTTP server on the simulator kit: `POST /identity/v1/oauth2/token`,
 * `/sell/inventory/v1/…` and `/sell/fulfillment/v1/…` at eBay's paths under `baseUrl` (the
 * origin, api.ebay.com's place), and the `/__sim/` control endpoints. See README.md beside this
 * file for what it enforces (../shared/marketplaces/ebay.md §8) and which [U] readings it took.
 * Every exchange on `/sell/` is validated against eBay's OpenAPI contracts (../contract).
 */

export interface EbaySimulatorOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /** Seeds injected faults, so a run can be replayed. */
  seed?: number;
  /** Short-term call rate per application, user and API (eBay publishes none [U]); default 100. */
  callsPerSecond?: number;
  /** Calls allowed at once; default one second's worth. */
  burst?: number;
  /** The first application's client id and secret instead of generated ones (ebay.md §2's worked vector uses MyApp-PRD-…). */
  clientId?: string;
  clientSecret?: string;
  /** Access-token lifetime; default 7200 s. */
  accessTokenTtlMs?: number;
  /** Refresh-token lifetime; default 47304000 s (~18 months). */
  refreshTokenTtlMs?: number;
  /** Daily call quotas per application and user and API [U]; default 2,000,000 inventory and 100,000 fulfillment calls. */
  dailyQuota?: Partial<{ inventory: number; fulfillment: number }>;
  /** Validate the traffic against eBay's contracts (default true; needs the openapi-backend devDependency). */
  contract?: boolean;
}

export const DEFAULT_SIM_CALLS_PER_SECOND = 100;

/** Path of the API on the simulator: '' (the origin), so `baseUrl + '/sell/inventory/v1/offer'` is a call. */
export const EBAY_SIM_API_PATH = '';

async function loadContract(enabled: boolean): Promise<{ contract: EbayContract | null; reason: string | null }> {
  if (!enabled) return { contract: null, reason: 'contract checks were turned off (contract: false)' };
  try {
    const { ebayContract } = await import('../contract/validator');
    return { contract: await ebayContract(), reason: null };
  } catch (e) {
    return { contract: null, reason: `the contract validator could not be loaded (${(e as Error).message}); is the openapi-backend devDependency installed?` };
  }
}

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');

/** Starts a simulated eBay on 127.0.0.1. */
export async function startEbaySimulator(options: EbaySimulatorOptions = {}): Promise<RunningSimulator> {
  const { contract, reason } = await loadContract(options.contract !== false);
  const recorder = new ContractRecorder('eBay simulator (starting)', contract, reason);
  trackRecorder(recorder);
  const callsPerSecond = options.callsPerSecond ?? DEFAULT_SIM_CALLS_PER_SECOND;
  let first = true;
  const sim = await startSimServer({ port: options.port, seed: options.seed, callsPerSecond, burst: options.burst }, (kit) => {
    const app = kit.account.app;
    if (first) {
      app.key = options.clientId ?? `SimStore-PRD-${hex(5)}-${hex(4)}`;
      app.secret = options.clientSecret ?? `PRD-${hex(6)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(2)}`;
      first = false;
    } else if (/^\d+$/.test(app.key)) {
      // An application added with POST /__sim/sellers: shaped like eBay's once, shared by its sellers.
      app.key = `Sim${app.name.replace(/[^A-Za-z0-9]/g, '')}-PRD-${app.key}`;
      app.secret = `PRD-${app.secret}`;
    }
    const seller = kit.account.seller;
    const state = new EbayState({
      clientId: app.key,
      clientSecret: app.secret,
      userId: seller.id,
      username: `sim_${seller.name.replace(/-/g, '_')}`,
      clock: kit.clock,
      accessTokenTtlMs: options.accessTokenTtlMs ?? ACCESS_TOKEN_TTL_MS,
      refreshTokenTtlMs: options.refreshTokenTtlMs ?? REFRESH_TOKEN_TTL_MS,
      dailyQuota: { ...DEFAULT_DAILY_QUOTA, ...options.dailyQuota },
    });
    const prefix = seller.index === 1 ? '' : `/sellers/${seller.name}`;
    return {
      apiPath: EBAY_SIM_API_PATH,
      handle: createGateway({ state, kit, recorder, prefix }),
      control: ebayControl(state, recorder),
      serverError: serverErrorOf(),
    };
  });
  recorder.label = sim.controlUrl;
  return sim;
}

export { TOKEN_PATH } from './oauth';
export { API_SCOPE, APPLICATION_SCOPES, DEFAULT_LOCATION_KEY, DEFAULT_POLICIES, DEFAULT_USER_SCOPES, SCOPES } from './ebay-state';
export { MARKETPLACES } from './marketplaces';
export { MAX_BULK_ITEMS } from './inventory-items';
export { MAX_OFFERS_PER_ENTRY, MAX_PRICE_QUANTITY_ENTRIES } from './bulk-price-quantity';
export { MAX_REVISIONS_PER_DAY } from './listings';
export { DEFAULT_ORDER_LIMIT, MAX_ORDER_IDS, MAX_ORDER_LIMIT } from './orders';
export { FILTER_DAYS } from './order-filter';
export { DEFAULT_DAILY_QUOTA } from './quotas';
