import { SimControl } from '../connectors/sdk/testkit/sim-control';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { startAmazonSimulator } from '../connectors/amazon/simulator';
import { amazonOrderIdOf, amazonOrderJson } from '../connectors/amazon/fixtures/orders';
import { selectRows } from '../src/common/sql';
import { gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Amazon-fulfilled stock (issue 16) through the product and its worker against the Amazon
 * simulator: a warehouse of kind MARKETPLACE_FULFILMENT tied to the Amazon channel takes Amazon's
 * FBA count (a FULFILMENT_STOCK sync, and the schedule), sells on no channel's pushed quantity
 * and is reserved from by no order; Amazon-fulfilled orders take their units off it and nothing
 * off ours; the inbound suggestion says what to send.
 */

jest.setTimeout(240_000);

const US = 'ATVPDKIKX0DER';
const OWN = 'FBA-OWN';
const CENTRE = 'FBA-NA';

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
let control: SimControl;
let channel: { id: string; key: string };
let skus: string[];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

async function simPost(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.controlUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

async function sync(scopes: string[]): Promise<Record<string, any>> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: channel.id, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return waitFor('the sync run', async () => {
    const s = await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { fetched created updated skipped failed } errors { kind code message } } }`, { id: r.syncChannel.syncRun.id });
    return s.syncRun.finishedAt ? s.syncRun : undefined;
  }, 120_000);
}

/** onHand, reserved and incoming of a SKU in a warehouse ([0, 0, 0] when it has no level). */
async function level(sku: string, warehouse: string): Promise<[number, number, number]> {
  const r = await q(`query($s: String!, $w: String!) { stockLevels(first: 5, filter: { sku: $s, warehouseCode: $w }) { nodes { onHand reserved incoming } } }`, { s: sku, w: warehouse });
  const l = r.stockLevels.nodes[0];
  return l ? [l.onHand, l.reserved, l.incoming] : [0, 0, 0];
}

/** An Amazon order of the simulator: merchant- or Amazon-fulfilled, `quantity` units of one SKU. */
function order(i: number, sku: string, opts: { fulfilledBy: 'MERCHANT' | 'AMAZON'; quantity: number }): string {
  const o = JSON.parse(amazonOrderJson(i, [sku], US)) as Record<string, any>;
  const item = o.orderItems[0];
  const unit = Number(item.product.price.unitPrice.amount);
  item.quantityOrdered = opts.quantity;
  const total = (unit * opts.quantity).toFixed(2);
  item.proceeds = { proceedsTotal: { amount: total, currencyCode: 'USD' }, breakdowns: [{ type: 'ITEM', subtotal: { amount: total, currencyCode: 'USD' } }] };
  o.proceeds = { grandTotal: { amount: total, currencyCode: 'USD' }, breakdowns: [{ type: 'ITEM', subtotal: { amount: total, currencyCode: 'USD' } }] };
  if (opts.fulfilledBy === 'AMAZON') {
    // Amazon ships it from its own warehouse: shipped, with nothing for the seller to do.
    o.fulfillment = { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON', fulfillmentServiceLevel: 'STANDARD' };
    item.fulfillment = { quantityFulfilled: opts.quantity, quantityUnfulfilled: 0 };
  } else {
    item.fulfillment = { quantityFulfilled: 0, quantityUnfulfilled: opts.quantity };
  }
  return JSON.stringify(o);
}

beforeAll(async () => {
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
  sim = await startAmazonSimulator({ listingsMs: 0, feedQueueMs: 0, feedProcessingMs: 0 });
  control = new SimControl(sim.controlUrl);
  skus = await seedCatalog(t, owner, { warehouse: OWN, prefix: 'FBA', count: 3, onHand: 50 });
  const r = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key } userErrors { code message field } } }`, {
    i: {
      kind: 'AMAZON', name: 'Amazon NA (FBA test)', baseUrl: sim.baseUrl, currency: 'USD', credentials: await control.credentials(), warehouseCodes: [OWN],
      marketplaceIds: [US],
      // Nothing by schedule unless a test turns it on: a scheduled run would race the counts checked.
      schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0, fulfilmentStockEveryMinutes: 0 },
    },
  });
  expect(r.createChannel.userErrors).toEqual([]);
  channel = r.createChannel.channel;
});
afterAll(async () => {
  await sim?.stop();
  await t?.stop();
});

const CREATE_WAREHOUSE = `mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouse { code kind channelKey } userErrors { code field } } }`;

it('ties one MARKETPLACE_FULFILMENT warehouse to the channel, and refuses a tie on another kind or a second centre', async () => {
  const own = await q(CREATE_WAREHOUSE, { i: { code: 'FBA-X', name: 'x', kind: 'OWN', country: 'US', channelKey: channel.key } });
  expect(own.createWarehouse.userErrors).toEqual([{ code: 'CHANNEL_NOT_FOR_KIND', field: ['channelKey'] }]);
  const made = await q(CREATE_WAREHOUSE, { i: { code: CENTRE, name: 'Amazon FBA (NA)', kind: 'MARKETPLACE_FULFILMENT', country: 'US', channelKey: channel.key } });
  expect(made.createWarehouse).toEqual({ warehouse: { code: CENTRE, kind: 'MARKETPLACE_FULFILMENT', channelKey: channel.key }, userErrors: [] });
  const again = await q(CREATE_WAREHOUSE, { i: { code: 'FBA-NA2', name: 'again', kind: 'MARKETPLACE_FULFILMENT', country: 'US', channelKey: channel.key } });
  expect(again.createWarehouse.userErrors).toEqual([{ code: 'CHANNEL_HAS_FULFILMENT_WAREHOUSE', field: ['channelKey'] }]);
});

it('reads Amazon’s FBA count into the centre’s levels, names the SKUs we do not carry, and sets a SKU Amazon stops naming to 0', async () => {
  await simPost('/__sim/fba-inventory', { sellerSku: skus[0], fulfillable: 40, inbound: 12, reserved: 3 });
  await simPost('/__sim/fba-inventory', { sellerSku: skus[1], fulfillable: 5 });
  await simPost('/__sim/fba-inventory', { sellerSku: 'NOT-OURS-1', fulfillable: 7 });
  const run = await sync(['FULFILMENT_STOCK']);
  expect(run.status).toBe('PARTIAL');
  expect(run.counts).toMatchObject({ fetched: 3, updated: 2, skipped: 0, failed: 1 });
  expect(run.errors).toEqual([expect.objectContaining({ kind: 'PERMANENT', code: 'UNKNOWN_SKU', message: expect.stringContaining('NOT-OURS-1') })]);
  expect(await level(skus[0], CENTRE)).toEqual([40, 0, 12]);
  expect(await level(skus[1], CENTRE)).toEqual([5, 0, 0]);
  const moves = await q(`query($w: String!) { stockMovements(first: 10, filter: { warehouseCode: $w }) { nodes { sku type quantity reason } } }`, { w: CENTRE });
  expect(moves.stockMovements.nodes.map((m: any) => [m.sku, m.type, m.quantity]).sort()).toEqual([[skus[0], 'MARKETPLACE_COUNT', 40], [skus[1], 'MARKETPLACE_COUNT', 5]]);

  // The same count again changes nothing; a SKU whose FBA stock is gone reads 0.
  const same = await sync(['FULFILMENT_STOCK']);
  expect(same.counts).toMatchObject({ fetched: 3, updated: 0, skipped: 2, failed: 1 });
  await simPost('/__sim/fba-inventory', { sellerSku: skus[1], fulfillable: 0 });
  await sync(['FULFILMENT_STOCK']);
  expect(await level(skus[1], CENTRE)).toEqual([0, 0, 0]);
  await simPost('/__sim/fba-inventory', { sellerSku: skus[1], fulfillable: 5 });
  await sync(['FULFILMENT_STOCK']);
});

it('sells the centre’s stock on no channel’s pushed quantity, reserves nothing from it and refuses changes by hand', async () => {
  const avail = await q(`query($c: String!, $s: String!) { channelAvailability(channelKey: $c, sku: $s) }`, { c: channel.key, s: skus[0] });
  expect(avail.channelAvailability).toBe(50);
  const rule = await q(`mutation($i: SetChannelStockRuleInput!) { setChannelStockRule(input: $i) { userErrors { code field } } }`, { i: { channelKey: channel.key, warehouseCodes: [OWN, CENTRE] } });
  expect(rule.setChannelStockRule.userErrors).toEqual([{ code: 'MARKETPLACE_FULFILMENT_WAREHOUSE', field: ['warehouseCodes', '1'] }]);
  const adjust = await q(`mutation { adjustStock(input: { sku: "${skus[0]}", warehouseCode: "${CENTRE}", delta: 5, reason: "found" }) { userErrors { code } } }`);
  expect(adjust.adjustStock.userErrors).toEqual([{ code: 'COUNTED_BY_MARKETPLACE' }]);
  const transfer = await q(`mutation { transferStock(input: { fromWarehouseCode: "${OWN}", toWarehouseCode: "${CENTRE}", lines: [{ sku: "${skus[0]}", quantity: 1 }] }) { userErrors { code } } }`);
  expect(transfer.transferStock.userErrors).toEqual([{ code: 'COUNTED_BY_MARKETPLACE' }]);
  // 60 units exist across both warehouses (50 ours + 40 Amazon's), but only ours can be held.
  const reserve = await q(`mutation { reserveStock(input: { reference: "too-many", lines: [{ sku: "${skus[0]}", quantity: 60 }] }) { reservation { id } userErrors { code } } }`);
  expect(reserve.reserveStock.reservation).toBeNull();
  expect(reserve.reserveStock.userErrors.map((e: any) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
  const named = await q(`mutation { reserveStock(input: { reference: "named", lines: [{ sku: "${skus[0]}", quantity: 1, warehouseCode: "${CENTRE}" }] }) { userErrors { code } } }`);
  expect(named.reserveStock.userErrors).toEqual([{ code: 'COUNTED_BY_MARKETPLACE' }]);
});

it('imports an Amazon-fulfilled order for sales: it reserves nothing of ours, ships nothing from us and leaves the centre’s level; a merchant-fulfilled one reserves ours', async () => {
  await control.addOrder(order(1, skus[0], { fulfilledBy: 'AMAZON', quantity: 2 }));
  await control.addOrder(order(2, skus[2], { fulfilledBy: 'MERCHANT', quantity: 1 }));
  const run = await sync(['ORDERS']);
  expect(run.counts).toMatchObject({ created: 2, failed: 0 });
  const [afn] = await sql<{ number: string; fulfilled_by: string; reservation_id: string | null; status: string; total: string }>(
    'select number, fulfilled_by, reservation_id, status, total::text from sales_order where external_id = ?',
    [amazonOrderIdOf(1)],
  );
  expect(afn).toMatchObject({ fulfilled_by: 'MARKETPLACE', reservation_id: null, status: 'SHIPPED' });
  expect(await level(skus[0], CENTRE)).toEqual([38, 0, 12]);
  expect(await level(skus[0], OWN)).toEqual([50, 0, 0]);
  const moves = await q(`query($r: String!) { stockMovements(first: 10, filter: { reference: $r }) { nodes { sku warehouseCode type quantity } } }`, { r: afn.number });
  expect(moves.stockMovements.nodes).toEqual([{ sku: skus[0], warehouseCode: CENTRE, type: 'SHIPMENT', quantity: -2 }]);
  // Nothing of it goes out from us: no parcel of ours waits to be told to Amazon.
  expect(await sql('select 1 from shipment_outbox o join shipment s on s.id = o.shipment_id join sales_order so on so.id = s.order_id where so.number = ?', [afn.number])).toEqual([]);

  const [mfn] = await sql<{ reservation_id: string | null }>('select reservation_id from sales_order where external_id = ?', [amazonOrderIdOf(2)]);
  expect(mfn.reservation_id).not.toBeNull();
  expect(await level(skus[2], OWN)).toEqual([50, 1, 0]);

  // The order read again (an update from Amazon: a late cancel request) takes nothing more.
  await simPost(`/__sim/orders/${amazonOrderIdOf(1)}/cancel-requests`, { cancelReason: 'late' });
  const again = await sync(['ORDERS']);
  expect(again.counts).toMatchObject({ updated: 1 });
  expect(await level(skus[0], CENTRE)).toEqual([38, 0, 12]);

  // One placed and not paid yet takes nothing; once Amazon says it is paid (a later version of the same order), it does.
  const pending = JSON.parse(order(3, skus[1], { fulfilledBy: 'AMAZON', quantity: 1 }));
  pending.fulfillment = { fulfillmentStatus: 'PENDING', fulfilledBy: 'AMAZON', fulfillmentServiceLevel: 'STANDARD' };
  pending.orderItems[0].fulfillment = { quantityFulfilled: 0, quantityUnfulfilled: 1 };
  await control.addOrder(JSON.stringify(pending));
  await sync(['ORDERS']);
  const [waiting] = await sql<{ status: string }>('select status from sales_order where external_id = ?', [amazonOrderIdOf(3)]);
  expect(waiting.status).toBe('PENDING_PAYMENT');
  expect(await level(skus[1], CENTRE)).toEqual([5, 0, 0]);
  await new Promise((r) => setTimeout(r, 1100));
  const paid = { ...pending, lastUpdatedTime: new Date().toISOString(), fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'AMAZON', fulfillmentServiceLevel: 'STANDARD' } };
  await control.addOrder(JSON.stringify(paid));
  await sync(['ORDERS']);
  expect(await level(skus[1], CENTRE)).toEqual([4, 0, 0]);
});

it('suggests what to send to FBA from the centre’s sales, stock and inbound, from the own warehouse that has it', async () => {
  // Amazon counts 38 too now (the order's units left its count).
  await simPost('/__sim/fba-inventory', { sellerSku: skus[0], fulfillable: 38 });
  await sync(['FULFILMENT_STOCK']);
  await q(`mutation { setSafetyStock(input: { sku: "${skus[0]}", warehouseCode: "${CENTRE}", safetyStock: 60 }) { userErrors { code } } }`);
  const r = await q(`query($c: String!) { fulfilmentInboundSuggestions(channelKey: $c, coverDays: 30) {
      sku warehouseCode averageDailySold available inbound safetyStock daysOfCover suggestedQuantity sourceWarehouseCode sourceAvailable sendableQuantity } }`, { c: channel.key });
  // 2 sold in 30 days; ceil(2/30 × 30 + 60 − (38 + 12)) = 12.
  expect(r.fulfilmentInboundSuggestions).toEqual([
    { sku: skus[0], warehouseCode: CENTRE, averageDailySold: '0.07', available: 38, inbound: 12, safetyStock: 60, daysOfCover: '750.0', suggestedQuantity: 12, sourceWarehouseCode: OWN, sourceAvailable: 50, sendableQuantity: 12 },
  ]);
  const bad = await t.gql(`query($c: String!) { fulfilmentInboundSuggestions(channelKey: $c, coverDays: 0) { sku } }`, { c: channel.key }, owner);
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

it('reads the count on the channel’s schedule once the schedule is on', async () => {
  await simPost('/__sim/fba-inventory', { sellerSku: skus[1], fulfillable: 9 });
  const r = await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { schedule { fulfilmentStockEveryMinutes } } userErrors { code } } }`, {
    i: { id: channel.id, schedule: { fulfilmentStockEveryMinutes: 1 } },
  });
  expect(r.updateChannel).toEqual({ channel: { schedule: { fulfilmentStockEveryMinutes: 1 } }, userErrors: [] });
  await waitFor('the scheduled count', async () => (await level(skus[1], CENTRE))[0] === 9, 90_000);
  const [run] = await sql<{ trigger: string; scopes: string[] }>(
    `select r.trigger, r.scopes from sync_run r join channel c on c.id = r.channel_id where c.key = ? and r.trigger = 'SCHEDULE' order by r.created_at desc limit 1`,
    [channel.key],
  );
  expect(run).toEqual({ trigger: 'SCHEDULE', scopes: ['FULFILMENT_STOCK'] });
});
