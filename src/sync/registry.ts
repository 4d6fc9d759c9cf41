import type { ConnectorModule } from '../../connectors/sdk/types';
import { taobaoConnector } from '../../connectors/taobao';

/**
 * Which connector module serves which channel kind. The built-in connectors are registered when
 * this module loads; tests and integrators may register more (a kind registered twice is the
 * later module's).
 */

/** Channel kinds the product knows; a kind is usable once a connector module serves it. */
export const CHANNEL_KINDS = ['TAOBAO', 'TMALL', 'ALIEXPRESS', 'EBAY', 'AMAZON'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const modules = new Map<string, ConnectorModule>();

export function registerConnector(module: ConnectorModule): void {
  for (const kind of module.kinds) modules.set(kind, module);
}

/** The module serving `kind`, or undefined when no connector is installed for it. */
export function connectorFor(kind: string): ConnectorModule | undefined {
  return modules.get(kind);
}

/** Kinds that have a connector, in the order of CHANNEL_KINDS. */
export function availableKinds(): string[] {
  return CHANNEL_KINDS.filter((k) => modules.has(k));
}

// The built-in connectors: a plain import, so a broken connector fails the build and the
// start-up instead of quietly leaving its kind unsupported.
const BUILT_IN: ConnectorModule[] = [taobaoConnector];
for (const m of BUILT_IN) registerConnector(m);

/** Kept for callers written before the built-ins were imported directly: they are registered already. */
export function loadBuiltInConnectors(): void {
  // Nothing to do: registration happens when this module loads.
}
