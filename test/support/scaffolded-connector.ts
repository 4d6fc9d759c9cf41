import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scaffoldConnector } from '../../connectors/scaffold/connector-new';
import type { ConnectorModule } from '../../connectors/sdk/types';

/**
 * A connector made by `npm run connector:new` in a temporary connectors folder (the SDK and
 * node_modules linked in), for end-to-end tests of what the scaffold's marketplace does and
 * Taobao does not: variation groups, writes processed later, sale prices, line quantities.
 * Installed in a test app (and worker processes) by naming its folder in CONNECTORS.
 */
export interface ScaffoldedConnector {
  name: string;
  kind: string;
  /** The connector's folder: what CONNECTORS names. */
  dir: string;
  module(): ConnectorModule;
  remove(): void;
}

export function scaffoldedConnector(prefix: string): ScaffoldedConnector {
  const root = path.resolve(__dirname, '../..');
  const name = `${prefix}${crypto.randomBytes(3).toString('hex')}`;
  const into = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolded-'));
  fs.symlinkSync(path.join(root, 'connectors', 'sdk'), path.join(into, 'sdk'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(into, 'node_modules'), 'dir');
  const { dir } = scaffoldConnector(name, { into });
  return {
    name,
    kind: name.toUpperCase(),
    dir,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module: () => (require(dir) as Record<string, ConnectorModule>)[`${name}Connector`],
    remove: () => fs.rmSync(into, { recursive: true, force: true }),
  };
}
