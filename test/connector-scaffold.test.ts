import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectorModule, StartedSimulator } from '../connectors/sdk/types';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTestApp, TestApp } from './support/test-app';
import { gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';

/**
 * `npm run connector:new`: the connector it generates typechecks under the project's compiler
 * options and passes its own conformance suite and unit tests without an edit, and it is a
 * plug-in: named in CONNECTORS, its kind is a channel kind of the API, with nothing changed
 * under src/ and no migration.
 *
 * The scaffold writes into a temporary connectors folder (the SDK and node_modules linked in)
 * rather than into connectors/, so a test run or typecheck elsewhere in the repository never
 * meets a half-made connector. The generated test files are loaded into this one and run here.
 */

const ROOT = path.resolve(__dirname, '..');
const NAME = `zzdemo${crypto.randomBytes(4).toString('hex')}`;
const INTO = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-scaffold-'));
const DIR = path.join(INTO, NAME);
fs.symlinkSync(path.join(ROOT, 'connectors', 'sdk'), path.join(INTO, 'sdk'), 'dir');
// The SDK's packages (axios) and the jest and node types resolve from here as from the repository.
fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(INTO, 'node_modules'), 'dir');

function connectorNew(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('npm', ['run', '--silent', 'connector:new', '--', ...args], { cwd: ROOT, encoding: 'utf8' });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const scaffold = connectorNew(NAME, '--into', INTO);
if (scaffold.status === 0) {
  // The generated suites register their describe blocks in this file.
  require(path.join(DIR, 'conformance.test.ts'));
  require(path.join(DIR, 'mapping.test.ts'));
  require(path.join(DIR, 'notifications.test.ts'));
}

afterAll(() => {
  fs.rmSync(INTO, { recursive: true, force: true });
});

describe('npm run connector:new', () => {
  it('given a new name when it runs then it writes a complete connector and prints the next steps', () => {
    expect({ status: scaffold.status, stderr: scaffold.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    for (const file of ['index.ts', 'client.ts', 'errors.ts', 'mapping.ts', 'mapping.test.ts', 'notifications.ts', 'notifications.test.ts', 'conformance.test.ts', 'fixtures/orders.ts', 'simulator/index.ts', 'simulator/api.ts', 'simulator/control.ts', 'simulator/state.ts']) {
      expect(fs.existsSync(path.join(DIR, file))).toBe(true);
    }
    for (const file of filesUnder(DIR)) expect([file, fs.readFileSync(file, 'utf8')]).not.toEqual([file, expect.stringMatching(/__(NAME|Name|KIND)__/)]);
    const index = fs.readFileSync(path.join(DIR, 'index.ts'), 'utf8');
    expect(index).toContain(`export const ${NAME}Connector: ConnectorModule`);
    expect(index).toContain(`kinds: ['${NAME.toUpperCase()}']`);
    // Nothing to register by hand: no edit under src/, no migration; outside connectors/, CONNECTORS names it.
    expect(scaffold.stdout).not.toMatch(/src\/sync|registry\.ts|channel_kind_valid|migration|sim\.cli\.ts|SIMULATORS/);
    expect(scaffold.stdout).toContain(`CONNECTORS=${DIR}`);
    expect(scaffold.stdout).toContain(`npx jest ${DIR}`);
    expect(scaffold.stdout).toContain(`npm run sim -- ${NAME}`);
    expect(index).toContain("simulator: (_kind, options) => import('./simulator')");
  });

  it('given the generated folder when it is typechecked with the project options then tsc reports nothing', () => {
    const tsconfig = path.join(INTO, 'tsconfig.json');
    fs.writeFileSync(tsconfig, JSON.stringify({ extends: path.join(ROOT, 'tsconfig.json'), compilerOptions: { noEmit: true }, include: [`${NAME}/**/*.ts`] }));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('given an existing folder, a bad name or a kind already served when it runs then it refuses and writes nothing', () => {
    const before = fs.readdirSync(INTO).sort();
    const cases: [string[], RegExp][] = [
      [[NAME, '--into', INTO], /already exists/],
      [['Shop', '--into', INTO], /not a connector name/],
      [['9lives', '--into', INTO], /not a connector name/],
      [['shop-ee', '--into', INTO], /not a connector name/],
      [['sdk', '--into', INTO], /reserved/],
      // Against the repository's own connectors/: taobao exists, and it serves TMALL too.
      [['taobao'], /already exists/],
      [['tmall'], /TMALL is already served by connectors\/taobao/],
      [[], /usage: npm run connector:new/],
    ];
    for (const [args, why] of cases) {
      const r = connectorNew(...args);
      expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 1, stderr: expect.stringMatching(why) });
    }
    expect(fs.readdirSync(INTO).sort()).toEqual(before);
    expect(fs.existsSync(path.join(ROOT, 'connectors', 'tmall'))).toBe(false);
  });
});

describe('a scaffolded connector as a plug-in', () => {
  const KIND = NAME.toUpperCase();
  let t: TestApp;
  let owner: string;
  let sim: StartedSimulator;
  let control: SimControl;
  let channelId: string;
  let skus: string[];
  const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);

  beforeAll(async () => {
    expect(scaffold.status).toBe(0);
    // Installed by configuration alone: the folder named in CONNECTORS, outside the repository.
    t = await startTestApp({ CONNECTORS: DIR, ROLE: 'all' });
    owner = await t.ownerToken();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = (require(DIR) as Record<string, ConnectorModule>)[`${NAME}Connector`];
    sim = await module.simulator!(KIND, {});
    control = new SimControl(sim.controlUrl);
  }, 120_000);
  afterAll(async () => {
    await sim?.stop();
    await t?.stop();
  });

  it('given the package named in CONNECTORS when the API starts then its kind is in the schema and its connector is listed', async () => {
    const kinds = (await q('{ __type(name: "ChannelKind") { enumValues { name description } } }')).__type.enumValues;
    expect(kinds).toEqual(expect.arrayContaining([{ name: KIND, description: expect.stringContaining('fictional REST marketplace') }, expect.objectContaining({ name: 'TAOBAO' })]));
    const connectors = (await q('{ connectors { kinds label capabilities source severalMarketplacesPerChannel settingsFields { name } receivesNotifications } }')).connectors;
    expect(connectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kinds: [KIND], capabilities: expect.arrayContaining(['orders.pull', 'returns.pull']), source: DIR, severalMarketplacesPerChannel: false, settingsFields: [{ name: 'locationKey' }], receivesNotifications: true }),
        expect.objectContaining({ kinds: ['TAOBAO', 'TMALL'], source: 'connectors/taobao' }),
      ]),
    );
  });

  it('given a channel of that kind on its simulator when listings, orders and returns sync then each lands, and a refusal reads as the connector explains it', async () => {
    skus = await seedCatalog(t, owner, { warehouse: 'PLUGW', prefix: 'PLUG', count: 2, onHand: 20, price: '19.90' });
    const created = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id kind status } userErrors { code message } } }`, {
      i: { kind: KIND, name: 'Plug-in shop', baseUrl: sim.baseUrl, currency: 'USD', credentials: await control.credentials(), warehouseCodes: ['PLUGW'], schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 } },
    });
    expect(created.createChannel.userErrors).toEqual([]);
    expect(created.createChannel.channel).toMatchObject({ kind: KIND, status: 'ACTIVE' });
    channelId = created.createChannel.channel.id;
    expect((await q('mutation($id: ID!) { testChannelConnection(id: $id) { ok error { code message } } }', { id: channelId })).testChannelConnection).toEqual({ ok: true, error: null });

    const published = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { syncRuns { id } userErrors { code message } } }`, { i: { channelId, skus, categoryId: '1001' } });
    expect(published.publishListings.userErrors).toEqual([]);
    await waitFor('both listings on the simulator', async () => {
      const on = await control.listings();
      return skus.every((sku) => on.find((l) => l.sku === sku)?.quantity === 20) || undefined;
    });

    // A category the marketplace does not have: refused, and staff read the connector's explanation.
    const listing = (await q(`query($c: ID!, $s: String) { listings(filter: { channelId: $c, sku: $s }, first: 1) { nodes { id } } }`, { c: channelId, s: skus[0] })).listings.nodes[0];
    const up = await q(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { syncRun { id } userErrors { code } } }`, { i: { id: listing.id, categoryId: 'shirts' } });
    expect(up.updateListing.userErrors).toEqual([]);
    const refused = await waitFor('the refusal', async () => {
      const n = (await q(`query($id: ID!) { node(id: $id) { ... on Listing { status lastError { code message reason explanation { en zh } } } } }`, { id: listing.id })).node;
      return n.status === 'ERROR' ? n : undefined;
    });
    expect(refused.lastError).toEqual({ code: 'invalid_category', message: expect.stringContaining('shirts'), reason: 'CATEGORY_UNKNOWN', explanation: { en: expect.stringContaining('category'), zh: expect.stringContaining('类目') } });

    // Orders and returns come in through the same engine.
    await control.addOrder(JSON.stringify({ id: '7300000000000000042', status: 'AWAITING_SHIPMENT', currency: 'USD', updatedAt: new Date().toISOString(), buyer: { id: 'B1', name: 'Alex' }, shippingAddress: { name: 'Alex', line1: '1 Main St', city: 'Springfield', countryCode: 'US' }, lines: [{ id: 'L1', sku: skus[1], quantity: 1, unitPrice: '19.90', status: 'AWAITING_SHIPMENT' }] }));
    await control.addReturn(JSON.stringify({ id: '7400000000000000042', orderId: '7300000000000000042', lineId: 'L1', type: 'REFUND', status: 'REQUESTED', amount: { amount: '19.90', currency: 'USD' } }));
    const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId, scopes: ['ORDERS', 'RETURNS'] } });
    expect(run.syncChannel.userErrors).toEqual([]);
    const done = await waitFor('the pull', async () => {
      const r = (await q(`query($id: ID!) { syncRun(id: $id) { status counts { created } errors { code message } finishedAt } }`, { id: run.syncChannel.syncRun.id })).syncRun;
      return r.finishedAt ? r : undefined;
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', counts: { created: 2 }, errors: [] });
  });

  it('given the marketplace’s signed push message naming an order when it is posted to the channel then the order is imported at once, and the token the engine obtained from the refresh token was obtained once', async () => {
    const key = (await q(`query($id: ID!) { channel(id: $id) { key } }`, { id: channelId })).channel.key;
    await control.addOrder(JSON.stringify({ id: '7300000000000000043', status: 'AWAITING_SHIPMENT', currency: 'USD', updatedAt: new Date().toISOString(), buyer: { id: 'B2', name: 'Sam' }, shippingAddress: { name: 'Sam', line1: '2 Main St', city: 'Springfield', countryCode: 'US' }, lines: [{ id: 'L1', sku: skus[0], quantity: 1, unitPrice: '19.90', status: 'AWAITING_SHIPMENT' }] }));
    const res = await fetch(`${control.controlUrl}/__sim/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderIds: ['7300000000000000043'], deliverTo: `${t.baseUrl}/notifications/${key}` }) });
    expect(await res.json()).toMatchObject({ status: 202 });
    await waitFor('the order a push message named', async () => {
      const orders = (await q(`query($k: String) { orders(filter: { channelKey: $k }, first: 10) { edges { node { externalId } } } }`, { k: key })).orders.edges;
      return orders.some((e: { node: { externalId: string } }) => e.node.externalId === '7300000000000000043') || undefined;
    });
    // Every call of the test so far (connection test, publishing, pulls, this) on one access token.
    expect(await (await fetch(`${control.controlUrl}/__sim/auth`)).json()).toEqual({ refreshCalls: 1 });
  });
});
