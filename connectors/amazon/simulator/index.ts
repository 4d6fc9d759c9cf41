import { ContractRecorder, trackRecorder } from '../../sdk/contract';
import { RunningSimulator, startSimServer } from '../../sdk/simulator';
import type { AmazonContract } from '../contract/validator';
import { AmazonState, SimSettings } from './amazon-state';
import { amazonControl } from './control';
import { createGateway, serverErrorOf } from './gateway';
import { newClientId, newClientSecret, newSellerId } from './ids';
import type { Region } from './marketplaces';

/**
 * Amazon's Selling Partner API as a local HTTP server on the simulator kit: the LWA token endpoint
 * (`POST /auth/o2/token`), the SP-API operations at Amazon's paths under `baseUrl` (the origin, in
 * place of https://sellingpartnerapi-na.amazon.com), the presigned feed-document URLs, and the
 * `/__sim/` control endpoints. README.md beside this file says what it enforces
 * (../shared/marketplaces/amazon.md §8) and which [U] readings it took. Every SP-API exchange is
 * validated against Amazon's models (../contract).
 */

export interface AmazonSimulatorOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /** Seeds injected faults, so a run can be replayed. */
  seed?: number;
  /** Accepted for `npm run sim`; Amazon's limits are per operation (usage plans, `POST /__sim/usage-plans`). */
  callsPerSecond?: number;
  /** The sellers' region (default NA): the marketplaces they sell in. */
  region?: Region;
  /** Start with the static sandbox on (every call answered from the models' canned cases). */
  sandbox?: boolean;
  /** How long an accepted listing write waits before it is applied (default 1000 ms on the simulator's clock). */
  listingsMs?: number;
  /** How long a feed stays IN_QUEUE, then IN_PROGRESS (default 1000 ms each). */
  feedQueueMs?: number;
  feedProcessingMs?: number;
  /** Serve processing reports GZIP-compressed (default false). */
  gzipReports?: boolean;
  /** The first LWA app's client id and secret instead of generated ones. */
  clientId?: string;
  clientSecret?: string;
  /** Validate the traffic against Amazon's models (default true; needs the openapi-backend, swagger2openapi and ajv devDependencies). */
  contract?: boolean;
}

/** Path of the API on the simulator: '' (the origin), so `baseUrl + '/orders/2026-01-01/orders'` is a call. */
export const AMAZON_SIM_API_PATH = '';

export const DEFAULT_PROCESSING = { listingsMs: 1000, feedQueueMs: 1000, feedProcessingMs: 1000 };

async function loadContract(enabled: boolean): Promise<{ contract: AmazonContract | null; reason: string | null }> {
  if (!enabled) return { contract: null, reason: 'contract checks were turned off (contract: false)' };
  try {
    const { amazonContract } = await import('../contract/validator');
    return { contract: await amazonContract(), reason: null };
  } catch (e) {
    return { contract: null, reason: `Amazon's models could not be loaded (${(e as Error).message}); are the openapi-backend, swagger2openapi and ajv devDependencies installed?` };
  }
}

/** Starts a simulated Amazon SP-API on 127.0.0.1. */
export async function startAmazonSimulator(options: AmazonSimulatorOptions = {}): Promise<RunningSimulator> {
  const { contract, reason } = await loadContract(options.contract !== false);
  const recorder = new ContractRecorder('Amazon simulator (starting)', { marketplace: 'Amazon', contractDir: 'connectors/amazon/contract' }, contract, reason);
  trackRecorder(recorder);
  const settings: SimSettings = {
    sandbox: options.sandbox ?? false,
    listingsMs: options.listingsMs ?? DEFAULT_PROCESSING.listingsMs,
    feedQueueMs: options.feedQueueMs ?? DEFAULT_PROCESSING.feedQueueMs,
    feedProcessingMs: options.feedProcessingMs ?? DEFAULT_PROCESSING.feedProcessingMs,
    gzipReports: options.gzipReports ?? false,
  };
  const initial = { ...settings };
  const apps = new Map<string, { id: string; secret: string }>();
  let first = true;
  const sim = await startSimServer({ port: options.port, seed: options.seed, callsPerSecond: options.callsPerSecond || 100 }, (kit) => {
    const app = kit.account.app;
    if (!apps.has(app.name)) {
      // LWA credentials shaped like Amazon's, once per app (sellers of one app share them).
      apps.set(app.name, { id: (first && options.clientId) || newClientId(), secret: (first && options.clientSecret) || newClientSecret() });
      first = false;
    }
    const creds = apps.get(app.name)!;
    app.key = creds.id;
    app.secret = creds.secret;
    const state = new AmazonState(creds.id, creds.secret, newSellerId(), options.region ?? 'NA', kit.clock, settings, contract?.documents ?? null);
    const prefix = kit.account.seller.index === 1 ? '' : `/sellers/${kit.account.seller.name}`;
    const control = amazonControl(state, recorder);
    const reset = control.reset;
    control.reset = () => {
      reset();
      if (prefix === '') Object.assign(settings, initial);
    };
    return { apiPath: AMAZON_SIM_API_PATH, handle: createGateway({ state, kit, recorder, prefix }), control, serverError: serverErrorOf() };
  });
  recorder.label = sim.controlUrl;
  return sim;
}

export { TOKEN_PATH } from './lwa';
export { ACCESS_TOKEN_TTL_MS } from './amazon-state';
export { DEFAULT_USAGE_PLANS } from './usage-plans';
export { MARKETPLACES } from './marketplaces';
export { MAX_RESULTS_PER_PAGE, TOKEN_TTL_MS } from './orders';
export { FBA_PAGE_SIZE, FBA_TOKEN_TTL_MS } from './fba-inventory';
export { S3_ROOT } from './feed-documents';
