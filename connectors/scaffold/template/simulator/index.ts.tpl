import { RunningSimulator, startSimServer } from '../../sdk/simulator';
import { API_PATH, create__Name__Api } from './api';
import { __NAME__Control } from './control';
import { __Name__State } from './state';

/**
 * The __Name__ marketplace as a local HTTP server on the SDK's simulator kit: the REST API
 * under `/api/v1` (what a channel's baseUrl points at) and the `/__sim/` control endpoints
 * (the kit's: credentials, orders, returns, listings, shipments, faults, clock, sellers,
 * requests, reset). Each shop `POST /__sim/sellers` adds is another state built here.
 */

export interface __Name__SimulatorOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /** The shop's call limit per second, all endpoints together; default 20. */
  callsPerSecond?: number;
  /** Calls allowed at once; default one second's worth. */
  burst?: number;
  /** Seeds injected faults, so a run can be replayed. */
  seed?: number;
  /** The shop's currency; default USD. */
  currency?: string;
}

export const DEFAULT_SIM_CALLS_PER_SECOND = 20;

/** Starts a simulated __Name__ on 127.0.0.1; `baseUrl` is the API root. */
export function start__Name__Simulator(options: __Name__SimulatorOptions = {}): Promise<RunningSimulator> {
  const callsPerSecond = options.callsPerSecond ?? DEFAULT_SIM_CALLS_PER_SECOND;
  return startSimServer({ port: options.port, seed: options.seed, callsPerSecond, burst: options.burst }, (kit) => {
    const state = new __Name__State({ account: kit.account, clock: kit.clock, currency: options.currency });
    return { apiPath: API_PATH, handle: create__Name__Api(state, kit), control: __NAME__Control(state, kit.clock) };
  });
}

export { API_PATH } from './api';
