import fs from 'node:fs';
import path from 'node:path';
import type { ConnectorModule } from './sdk/types';

/**
 * How installed connector packages are found: every folder of connectors/ whose index exports a
 * ConnectorModule is one (the built-in connectors), and the CONNECTORS setting names more
 * (npm packages or module paths). Shared by the sync engine's registry and `npm run sim`.
 */

/** This folder: connectors/ in the repository, dist/connectors once built. */
export const CONNECTORS_DIR = __dirname;

/** Folders of connectors/ that are not marketplaces. */
const NOT_CONNECTORS = new Set(['sdk', 'scaffold', 'node_modules']);

/** A connector package that cannot be installed: which one and why. */
export class ConnectorLoadError extends Error {}

/** Whether a value a package exports is a ConnectorModule. */
export function isConnectorModule(value: unknown): value is ConnectorModule {
  const m = value as Partial<ConnectorModule> | null;
  return (
    !!m &&
    typeof m === 'object' &&
    Array.isArray(m.kinds) &&
    typeof m.create === 'function' &&
    typeof m.label === 'string' &&
    Array.isArray(m.capabilities) &&
    Array.isArray(m.credentialFields) &&
    typeof m.classify === 'function'
  );
}

/** The modules a package's exports hold (itself, or any named export), once each. */
export function modulesExported(exports: unknown): ConnectorModule[] {
  const found = new Set<ConnectorModule>();
  if (isConnectorModule(exports)) found.add(exports);
  if (exports && typeof exports === 'object') for (const v of Object.values(exports)) if (isConnectorModule(v)) found.add(v);
  return [...found];
}

function requireFrom(file: string, source: string): unknown {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file);
  } catch (err) {
    throw new ConnectorLoadError(`${source} failed to load: ${(err as Error).message}`);
  }
}

/** A package found: where it came from and the modules it exports. */
export interface FoundConnectors {
  source: string;
  modules: ConnectorModule[];
}

/**
 * The connector folders under `dir`: each folder with an index (index.ts under a TypeScript
 * runner, index.js once built) that exports a module. A folder that fails to load is an
 * error, not a quiet omission.
 */
export function discoverConnectorFolders(dir: string = CONNECTORS_DIR): FoundConnectors[] {
  if (!fs.existsSync(dir)) return [];
  const out: FoundConnectors[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || NOT_CONNECTORS.has(entry.name) || /^[._]/.test(entry.name)) continue;
    const folder = path.join(dir, entry.name);
    if (!['index.ts', 'index.js'].some((f) => fs.existsSync(path.join(folder, f)))) continue;
    const source = `connectors/${entry.name}`;
    const modules = modulesExported(requireFrom(folder, source));
    if (modules.length) out.push({ source, modules });
  }
  return out;
}

/**
 * The packages a CONNECTORS setting names: paths (absolute, or relative to the working folder)
 * or npm package names, each exporting at least one module.
 */
export function loadNamedConnectors(specs: readonly string[]): FoundConnectors[] {
  return specs.map((spec) => {
    const isPath = spec.startsWith('.') || path.isAbsolute(spec);
    let file: string;
    try {
      file = require.resolve(isPath ? path.resolve(spec) : spec, { paths: [process.cwd(), __dirname] });
    } catch {
      throw new ConnectorLoadError(`CONNECTORS names ${spec}, which cannot be found${isPath ? '' : ' (is the package installed?)'}`);
    }
    const modules = modulesExported(requireFrom(file, spec));
    if (!modules.length) throw new ConnectorLoadError(`CONNECTORS names ${spec}, which exports no connector module`);
    return { source: spec, modules };
  });
}

/** The CONNECTORS setting as a list. */
export function connectorsSetting(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
