import path from 'node:path';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { startAcmeSimulator } from './support/acme/simulator';
import { gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * What marketplace orders carry beyond Taobao's: who fulfils them (Amazon AFN: the marketplace
 * ships from its own stock, so the order reserves none of ours and never reaches our pick lists
 * or shipments), the FROZEN flag (AliExpress IN_FROZEN) as a hold like the others, the
 * marketplace's own status text, and the marketplace the order was placed on. Pulled from Acme
 * (test/support/acme) through the orders intake.
 */

jest.setTimeout(120_000);

const ACME = path.join(__dirname, 'support', 'acme');

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
let control: SimControl;
let channel: { id: string; key: string };
let sku: string;

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const ORDER = `id number status marketplaceStatus marketplaceId fulfilledBy onHold holdReasons lines { id }`;

function order(id: string, extra: Record<string, unknown> = {}): string {
  const now = new Date().toISOString();
  return JSON.stringify({ id, status: 'Unshipped', currency: 'USD', total: '40.00', createdAt: now, updatedAt: now, lines: [{ id: `${id}-1`, sku, quantity: 2, unitPrice: '20.00' }], ...extra });
}

async function pull(): Promise<void> {
  const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
  const done = await waitFor('the pull', async () => {
    const r = (await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt errors { code message } } }`, { id: run.syncChannel.syncRun.id })).syncRun;
    return r.finishedAt ? r : undefined;
  });
  expect(done).toMatchObject({ status: 'SUCCEEDED', errors: [] });
}

async function orderOf(externalId: string): Promise<Record<string, any>> {
  const edges = (await q(`query($k: String) { orders(filter: { channelKey: $k }, first: 50) { edges { node { externalId ${ORDER} } } } }`, { k: channel.key })).orders.edges;
  return edges.map((e: { node: Record<string, any> }) => e.node).find((o: { externalId: string }) => o.externalId === externalId);
}

const reserved = async () => (await q(`query($s: String) { stockLevels(filter: { sku: $s }, first: 5) { nodes { onHand reserved } } }`, { s: sku })).stockLevels.nodes[0];
const pickList = async () => (await q(`{ pickList(warehouseCode: "FBW") { orderCount lines { sku quantity orderNumbers } } }`)).pickList;

beforeAll(async () => {
  t = await startTestApp({ CONNECTORS: ACME, ROLE: 'all' });
  owner = await t.ownerToken();
  sim = await startAcmeSimulator();
  control = new SimControl(sim.controlUrl);
  [sku] = await seedCatalog(t, owner, { warehouse: 'FBW', prefix: 'FB', count: 1, onHand: 10 });
  const r = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key } userErrors { code message } } }`, {
    i: {
      kind: 'ACME', name: 'Acme US', baseUrl: sim.baseUrl, currency: 'USD', credentials: await control.credentials(), marketplaceIds: ['ACME_US'],
      settings: [{ name: 'locationKey', value: 'FBW' }], warehouseCodes: ['FBW'], schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 },
    },
  });
  expect(r.createChannel.userErrors).toEqual([]);
  channel = r.createChannel.channel;
});
afterAll(async () => {
  await sim?.stop();
  await t?.stop();
});

describe('who fulfils a marketplace order', () => {
  it('given an order the marketplace fulfils (AFN) and one we fulfil (MFN) when they are pulled then only ours holds stock, is picked and may ship', async () => {
    await control.addOrder(order('AFN-1', { fulfillmentChannel: 'AFN', marketplaceId: 'ACME_US' }));
    await control.addOrder(order('MFN-1', { fulfillmentChannel: 'MFN' }));
    await pull();

    const afn = await orderOf('AFN-1');
    const mfn = await orderOf('MFN-1');
    expect(afn).toMatchObject({ status: 'PAID', fulfilledBy: 'MARKETPLACE', marketplaceStatus: 'Unshipped', marketplaceId: 'ACME_US', onHold: false });
    // An order that does not say where it was placed was placed on the channel's only marketplace.
    expect(mfn).toMatchObject({ status: 'PAID', fulfilledBy: 'MERCHANT', marketplaceStatus: 'Unshipped', marketplaceId: 'ACME_US' });
    // Only the MFN order's two units are held.
    expect(await reserved()).toEqual({ onHand: 10, reserved: 2 });
    expect(await pickList()).toEqual({ orderCount: 1, lines: [{ sku, quantity: 2, orderNumbers: [mfn.number] }] });

    const ship = (o: Record<string, any>) =>
      q(`mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code field } } }`, {
        i: { orderId: o.id, warehouseCode: 'FBW', carrier: 'UPS', trackingNumber: `1Z${o.number}`, lines: [{ orderLineId: o.lines[0].id, quantity: 2 }] },
      });
    expect((await ship(afn)).createShipment.userErrors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'FULFILLED_BY_MARKETPLACE', field: ['orderId'] })]));
    expect((await ship(mfn)).createShipment.userErrors).toEqual([]);
    expect(await reserved()).toEqual({ onHand: 8, reserved: 0 });

    // One the marketplace fulfils that is paid later (a status change, not a new order) holds nothing either.
    await control.addOrder(order('AFN-2', { fulfillmentChannel: 'AFN', status: 'Pending' }));
    await pull();
    await fetch(`${control.controlUrl}/__sim/orders/AFN-2/change`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'Unshipped' }) });
    await pull();
    expect(await orderOf('AFN-2')).toMatchObject({ status: 'PAID', fulfilledBy: 'MARKETPLACE', marketplaceStatus: 'Unshipped' });
    expect(await reserved()).toEqual({ onHand: 8, reserved: 0 });
  });
});

describe('the FROZEN flag', () => {
  it('given an order the marketplace froze when it is pulled then it is held FROZEN, and released when the marketplace unfreezes it', async () => {
    await control.addOrder(order('FROZEN-1', { frozen: true, status: 'Unshipped' }));
    await pull();
    expect(await orderOf('FROZEN-1')).toMatchObject({ onHold: true, holdReasons: ['FROZEN'] });
    expect((await pickList()).lines.flatMap((l: { orderNumbers: string[] }) => l.orderNumbers)).not.toContain((await orderOf('FROZEN-1')).number);

    await fetch(`${control.controlUrl}/__sim/orders/FROZEN-1/change`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ frozen: false }) });
    await pull();
    expect(await orderOf('FROZEN-1')).toMatchObject({ onHold: false, holdReasons: [] });
  });
});
