import type { RunningSimulator } from './sdk/simulator';
import { startTaobaoSimulator } from './taobao/simulator';

/** Options every simulator start takes. */
export interface SimulatorStartOptions {
  port?: number;
  seed?: number;
  callsPerSecond?: number;
}

/**
 * Channel kind (lower case) → how to start its simulator: what `npm run sim` and the demo
 * (`SIMULATORS=1`) start. A new marketplace registers one line here.
 */
export const SIMULATORS: Record<string, (options: SimulatorStartOptions) => Promise<RunningSimulator>> = {
  taobao: (o) => startTaobaoSimulator({ ...o, shopType: 'C' }),
  // Tmall is the same gateway; only the shop type user.seller.get reports differs.
  tmall: (o) => startTaobaoSimulator({ ...o, shopType: 'B' }),
};
