import { RunningSimulator, startSimServer } from '../../sdk/simulator';
import { createTopGateway, GATEWAY_PATH } from './top-gateway';
import { topControl } from './top-control';
import { TopState } from './top-state';

/**
 * The Taobao/Tmall Open Platform as a local HTTP server: the TOP gateway at `/router/rest`
 * (what a channel's baseUrl points at) and the `/__sim/` control endpoints. See
 * ../../../../shared/marketplaces/taobao.md §11 for what it enforces.
 */

export interface TaobaoSimulatorOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /**
   * The app's call limit per second, all methods together (TOP publishes per-app quotas, not
   * a rate [U]); default 20, above the connector's own 10 so only a misbehaving client meets it.
   */
  callsPerSecond?: number;
  /** Calls allowed at once; default one second's worth. */
  burst?: number;
  /** Seeds injected faults, so a run can be replayed. */
  seed?: number;
  /** 'C' (Taobao, default) or 'B' (Tmall): what `taobao.user.seller.get` reports as the shop type. */
  shopType?: 'B' | 'C';
}

export const DEFAULT_SIM_CALLS_PER_SECOND = 20;

/** Starts a simulated TOP on 127.0.0.1; `baseUrl` is the full gateway URL. */
export function startTaobaoSimulator(options: TaobaoSimulatorOptions = {}): Promise<RunningSimulator> {
  const callsPerSecond = options.callsPerSecond ?? DEFAULT_SIM_CALLS_PER_SECOND;
  return startSimServer({ port: options.port, seed: options.seed, callsPerSecond, burst: options.burst }, (kit) => {
    const state = new TopState({ shopType: options.shopType, account: kit.account, clock: kit.clock });
    return { apiPath: GATEWAY_PATH, handle: createTopGateway(state, kit), control: topControl(state, callsPerSecond) };
  });
}

export { GATEWAY_PATH, TOP_METHODS } from './top-gateway';
