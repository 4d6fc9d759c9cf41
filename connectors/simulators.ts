import { connectorsSetting, discoverConnectorFolders, FoundConnectors, loadNamedConnectors } from './discovery';
import type { RunningSimulator } from './sdk/simulator';
import type { ConnectorModule, SimulatorStartOptions } from './sdk/types';

export type { SimulatorStartOptions } from './sdk/types';

/**
 * Channel kind (lower case) → how to start its simulator: what `npm run sim` and the demo
 * (`SIMULATORS=1`) start. Each installed connector module names its own (`simulator` in
 * sdk/types.ts); nothing is registered here.
 */
export type StartSimulator = (options: SimulatorStartOptions) => Promise<RunningSimulator>;

/**
 * Simulators of built-in modules written before modules named their own. Taobao's module does
 * not declare `simulator` yet; once it does, this table is empty.
 */
const UNDECLARED: Record<string, StartSimulator> = {};

/** How to start the simulator of `kind` served by `module`, when there is one. */
export function simulatorOf(module: ConnectorModule, kind: string): StartSimulator | undefined {
  const declared = module.simulator?.bind(module);
  if (declared) {
    return async (o) => {
      const sim = await declared(kind, o);
      return { ...sim, port: Number(new URL(sim.controlUrl).port) };
    };
  }
  return UNDECLARED[kind];
}

/** The simulators of the given connector packages, by lower-case kind. */
export function simulatorsOf(found: FoundConnectors[]): Record<string, StartSimulator> {
  const out: Record<string, StartSimulator> = {};
  for (const { modules } of found) {
    for (const module of modules) {
      for (const kind of module.kinds) {
        const start = simulatorOf(module, kind);
        if (start) out[kind.toLowerCase()] = start;
      }
    }
  }
  return out;
}

/** The simulators of every installed connector: the built-in ones and those CONNECTORS names. */
export const SIMULATORS: Record<string, StartSimulator> = simulatorsOf([...discoverConnectorFolders(), ...loadNamedConnectors(connectorsSetting(process.env.CONNECTORS))]);
