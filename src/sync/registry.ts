import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectorModule } from '../../connectors/sdk/types';
import { selectRows } from '../common/sql';
import { ConnectorLoadError, discoverConnectorFolders, isConnectorModule, loadNamedConnectors } from '../../connectors/discovery';

/**
 * Which connector module serves which channel kind. Connectors are plug-ins: the channel kinds
 * are the kinds of the installed modules, and nothing under src/ names a marketplace.
 *
 * - Built-in connectors are the folders of `connectors/` whose index exports a module (found
 *   when this file loads, so a broken connector fails the start instead of quietly leaving its
 *   kind unsupported).
 * - More come from the CONNECTORS setting: module paths or npm package names, loaded at start
 *   (`loadConfiguredConnectors`) before the GraphQL schema is built.
 *
 * The GraphQL ChannelKind enum is built from `CHANNEL_KIND_VALUES` when the schema is built, so
 * the schema says which kinds are installed.
 */

/** A kind as the channel table and the ChannelKind enum take it. */
export const KIND_FORMAT = /^[A-Z][A-Z0-9_]{1,31}$/;

export { ConnectorLoadError, isConnectorModule };

const modules = new Map<string, ConnectorModule>();
const sources = new Map<ConnectorModule, string>();

/**
 * The ChannelKind enum's values and their descriptions, filled as connectors register. type-graphql
 * reads both objects when the schema is built (channel.types.ts registers them).
 */
export const CHANNEL_KIND_VALUES: Record<string, string> = {};
export const CHANNEL_KIND_DESCRIPTIONS: Record<string, { description: string }> = {};

function describeKind(module: ConnectorModule, kind: string): string {
  return module.kindDescriptions?.[kind]?.trim() || `${module.label}: the ${kind} kind.`;
}

/**
 * Installs a module for its kinds. A kind another module already serves is refused, so two
 * packages cannot silently fight over one marketplace; the same module twice is a no-op.
 */
export function registerConnector(module: ConnectorModule, source = 'code'): void {
  if (!isConnectorModule(module)) throw new ConnectorLoadError(`${source} does not export a connector module (kinds, label, capabilities, credentialFields, classify, create)`);
  if (!module.kinds.length) throw new ConnectorLoadError(`${source}: the module serves no kind`);
  for (const kind of module.kinds) {
    if (!KIND_FORMAT.test(kind)) throw new ConnectorLoadError(`${source}: "${kind}" is not a channel kind (2-32 upper-case letters, digits or _, starting with a letter)`);
    const other = modules.get(kind);
    if (other && other !== module) throw new ConnectorLoadError(`${source}: the channel kind ${kind} is already served by ${sources.get(other) ?? 'another connector'}`);
  }
  sources.set(module, sources.get(module) ?? source);
  for (const kind of module.kinds) {
    modules.set(kind, module);
    CHANNEL_KIND_VALUES[kind] = kind;
    CHANNEL_KIND_DESCRIPTIONS[kind] = { description: describeKind(module, kind) };
  }
}

/** The module serving `kind`, or undefined when no connector is installed for it. */
export function connectorFor(kind: string): ConnectorModule | undefined {
  return modules.get(kind);
}

/** Kinds that have a connector, in the order they were installed. */
export function availableKinds(): string[] {
  return [...modules.keys()];
}

/** Where an installed module came from (`connectors/<folder>`, or the CONNECTORS entry). */
export function connectorSource(module: ConnectorModule): string {
  return sources.get(module) ?? 'code';
}

/** The installed modules, once each, with where each came from. */
export function installedConnectors(): { module: ConnectorModule; source: string }[] {
  return [...new Set(modules.values())].map((module) => ({ module, source: sources.get(module) ?? 'code' }));
}

/** Installs the built-in connectors: the folders of connectors/ that export a module. */
function installBuiltIn(): void {
  for (const found of discoverConnectorFolders()) for (const m of found.modules) registerConnector(m, found.source);
}

/**
 * Installs the connectors the CONNECTORS setting names: a path (absolute, or relative to the
 * working folder) or an npm package name. Each must export at least one module.
 */
export function loadConfiguredConnectors(specs: readonly string[]): void {
  for (const found of loadNamedConnectors(specs)) for (const m of found.modules) registerConnector(m, found.source);
}

/**
 * Kinds stored on channels whose connector is not installed (it was removed): they stay
 * readable in the API, described as such, and nothing syncs on them.
 */
export function noteStoredKinds(kinds: readonly string[]): void {
  for (const kind of kinds) {
    if (modules.has(kind) || !KIND_FORMAT.test(kind)) continue;
    CHANNEL_KIND_VALUES[kind] = kind;
    CHANNEL_KIND_DESCRIPTIONS[kind] = { description: `No connector is installed for ${kind}: its channels keep their data but do not sync.` };
  }
}

/**
 * What a process does at start, before the schema is built: installs the CONNECTORS setting's
 * modules and keeps the kinds of stored channels readable.
 */
export async function prepareConnectors(config: { connectors: readonly string[] }, em: EntityManager): Promise<void> {
  loadConfiguredConnectors(config.connectors);
  noteStoredKinds((await selectRows<{ kind: string }>(em, 'select distinct kind from channel order by kind')).map((r) => r.kind));
}

installBuiltIn();

/** Kept for callers written before the built-ins were discovered: they are installed already. */
export function loadBuiltInConnectors(): void {
  // Nothing to do: discovery happens when this module loads.
}
