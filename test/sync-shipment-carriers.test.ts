import path from 'node:path';
import type { StartedSimulator } from '../connectors/sdk/types';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { tidOf, tradeJson } from '../connectors/taobao/fixtures/trades';
import { selectRows } from '../src/common/sql';
import { scaffoldedConnector } from './support/scaffolded-connector';
import { startTestApp, TestApp } from './support/test-app';
import { ChannelRef, createTaobaoChannel, gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';

/**
 * Shipments as marketplaces take them: the carrier as the marketplace's code (a channel's carrier
 * table kept by staff, else the connector's known codes and names), a clear wait when a carrier
 * has no code (CARRIER_UNMAPPED on the shipment and the run, sent once mapped), the shipping
 * service and tracking URL carried from our shipment, and line quantities: units of a line in
 * several parcels where the marketplace ships units (the scaffold's, as eBay and Amazon), a
 * clear refusal where it ships lines whole (TOP sub-orders).
 */

jest.setTimeout(240_000);

const scaffold = scaffoldedConnector('zzship');
let t: TestApp;
let owner: string;
let taobao: Awaited<ReturnType<typeof startTaobaoSimulator>>;
let taobaoControl: SimControl;
let tb: ChannelRef;
let skus: string[];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

const SHIP = `mutation($i: CreateShipmentInput!) { createShipment(input: $i) { shipment { id number carrier service trackingUrl
  marketplacePush { status errorCode errorMessage } } userErrors { code field message } } }`;
const SET = `mutation($i: SetChannelCarriersInput!) { setChannelCarriers(input: $i) { carriers { carrier code service codeName } releasedShipments userErrors { code field message } } }`;

async function sync(channelId: string, scopes: string[]): Promise<void> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  await waitFor('the run', async () => (await q(`query($id: ID!) { syncRun(id: $id) { finishedAt } }`, { id: r.syncChannel.syncRun.id })).syncRun.finishedAt ?? undefined, 120_000);
}

/** An imported order by its marketplace id: its global id and its lines (with marketplace line ids). */
async function order(externalId: string): Promise<{ id: string; lines: { id: string; sku: string; quantity: number; externalLineId: string }[] }> {
  const [o] = await sql<{ id: string }>('select id from sales_order where external_id = ?', [externalId]);
  const lines = await sql<{ id: string; sku: string; quantity: number; external_line_id: string }>('select id, sku, quantity, external_line_id from order_line where order_id = ? order by position', [o.id]);
  const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
  return { id: gid('Order', o.id), lines: lines.map((l) => ({ id: gid('OrderLine', l.id), sku: l.sku, quantity: l.quantity, externalLineId: l.external_line_id })) };
}

/** How the marketplace was told about one of an order's shipments. */
async function pushOf(orderId: string, shipmentId: string): Promise<Record<string, any>> {
  const shipments = (await q(`query($id: ID!) { node(id: $id) { ... on Order { shipments { id marketplacePush { status errorCode errorMessage } } } } }`, { id: orderId })).node.shipments as { id: string; marketplacePush: Record<string, any> }[];
  return shipments.find((x) => x.id === shipmentId)!.marketplacePush;
}

beforeAll(async () => {
  t = await startTestApp({ CONNECTORS: scaffold.dir, ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
  taobao = await startTaobaoSimulator();
  taobaoControl = new SimControl(taobao.controlUrl);
  skus = await seedCatalog(t, owner, { warehouse: 'SHPW', prefix: 'SHP', count: 4, onHand: 500 });
  tb = await createTaobaoChannel(t, owner, { name: '淘宝 发货', baseUrl: taobao.baseUrl, credentials: await taobaoControl.credentials(), warehouse: 'SHPW' });
  for (const [i, lines] of [[901, [skus[0]]], [902, [skus[1]]], [903, [skus[2], skus[3]]]] as const) await taobaoControl.addOrder(tradeJson(i, [...lines]));
  await sync(tb.id, ['ORDERS']);
}, 180_000);

afterAll(async () => {
  await taobao?.stop();
  await t?.stop();
  scaffold.remove();
});

describe('carrier codes on Taobao', () => {
  it('given a carrier the channel has no code for when the parcel is pushed then it waits with CARRIER_UNMAPPED, and goes with the mapped code once staff map it', async () => {
    const o = await order(tidOf(901));
    const made = (await q(SHIP, { i: { orderId: o.id, warehouseCode: 'SHPW', carrier: 'DHL', service: 'Express Worldwide', trackingUrl: 'https://www.dhl.com/track?id=DHL0901', trackingNumber: 'DHL0901', lines: [{ orderLineId: o.lines[0].id, quantity: o.lines[0].quantity }] } })).createShipment;
    expect(made.userErrors).toEqual([]);
    expect(made.shipment).toMatchObject({ carrier: 'DHL', service: 'Express Worldwide', trackingUrl: 'https://www.dhl.com/track?id=DHL0901', marketplacePush: { status: 'PENDING' } });
    const held = await waitFor('the parcel held', async () => {
      const p = await pushOf(o.id, made.shipment.id);
      return p?.status === 'HELD' ? p : undefined;
    });
    expect(held).toEqual({ status: 'HELD', errorCode: 'CARRIER_UNMAPPED', errorMessage: expect.stringContaining('setChannelCarriers') });
    const errors = await sql<{ code: string; external_id: string; run_id: string | null }>(`select code, external_id, run_id from sync_error where code = 'CARRIER_UNMAPPED'`);
    expect(errors).toEqual([{ code: 'CARRIER_UNMAPPED', external_id: tidOf(901), run_id: expect.any(String) }]);
    // Held, it is not sent again and again: the outbox pump leaves it until it is mapped.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await sql(`select 1 from sync_error where code = 'CARRIER_UNMAPPED'`)).toHaveLength(1);
    expect((await taobaoControl.shipments()).filter((s) => String(s.tid) === tidOf(901))).toEqual([]);

    // Retrying the error while the carrier is still unmapped sends it again and it waits again.
    const retry = (await q(`mutation($c: ID!) { retrySyncErrors(input: { channelId: $c }) { retried userErrors { code } } }`, { c: tb.id })).retrySyncErrors;
    expect(retry).toEqual({ retried: 1, userErrors: [] });
    await waitFor('held again', async () => ((await sql(`select 1 from sync_error where code = 'CARRIER_UNMAPPED'`)).length === 2 && (await pushOf(o.id, made.shipment.id))?.status === 'HELD') || undefined);
    expect(await sql(`select 1 from sync_error where code = 'CARRIER_UNMAPPED' and resolved_at is null`)).toHaveLength(1);

    const set = (await q(SET, { i: { channelId: tb.id, carriers: [{ carrier: 'dhl', code: 'OTHER', service: 'Express' }] } })).setChannelCarriers;
    expect(set).toEqual({ carriers: [{ carrier: 'dhl', code: 'OTHER', service: 'Express', codeName: '其他' }], releasedShipments: 1, userErrors: [] });
    const sent = await waitFor('the logistics send', async () => (await taobaoControl.shipments()).find((s) => String(s.tid) === tidOf(901)));
    expect(sent).toMatchObject({ out_sid: 'DHL0901', company_code: 'OTHER' });
    await waitFor('the parcel SENT', async () => ((await pushOf(o.id, made.shipment.id))?.status === 'SENT' ? true : undefined));
    expect(await sql(`select 1 from sync_error where code = 'CARRIER_UNMAPPED' and resolved_at is null`)).toEqual([]);
    const channel = (await q(`query($id: ID!) { node(id: $id) { ... on Channel { carriers { carrier code } connector { carrierCodes { code name aliases } carrierCodesClosed } } } }`, { id: tb.id })).node;
    expect(channel.carriers).toEqual([{ carrier: 'dhl', code: 'OTHER' }]);
    expect(channel.connector.carrierCodesClosed).toBe(false);
    expect(channel.connector.carrierCodes).toEqual(expect.arrayContaining([{ code: 'SF', name: '顺丰速运', aliases: expect.arrayContaining(['顺丰']) }, expect.objectContaining({ code: 'ZTO' })]));
  });

  it('given a carrier name the connector knows (顺丰) then it goes as its TOP code without a table row', async () => {
    const o = await order(tidOf(902));
    const made = (await q(SHIP, { i: { orderId: o.id, warehouseCode: 'SHPW', carrier: '顺丰', trackingNumber: 'SF0902', lines: [{ orderLineId: o.lines[0].id, quantity: o.lines[0].quantity }] } })).createShipment;
    expect(made.userErrors).toEqual([]);
    const sent = await waitFor('the logistics send', async () => (await taobaoControl.shipments()).find((s) => String(s.tid) === tidOf(902)));
    expect(sent).toMatchObject({ out_sid: 'SF0902', company_code: 'SF' });
  });

  it('given a parcel with part of a sub-order then the push is refused clearly (TOP ships sub-orders whole) and recorded on the shipment', async () => {
    const o = await order(tidOf(903));
    const two = o.lines.find((l) => l.quantity === 2)!;
    const made = (await q(SHIP, { i: { orderId: o.id, warehouseCode: 'SHPW', carrier: 'ZTO', trackingNumber: 'ZT0903', lines: [{ orderLineId: two.id, quantity: 1 }] } })).createShipment;
    expect(made.userErrors).toEqual([]);
    const refused = await waitFor('the refusal', async () => {
      const p = await pushOf(o.id, made.shipment.id);
      return p?.status === 'REFUSED' ? p : undefined;
    });
    expect(refused).toEqual({ status: 'REFUSED', errorCode: 'PARTIAL_SUB_ORDER', errorMessage: expect.stringContaining('holds 2 units and this parcel 1') });
    expect((await taobaoControl.shipments()).filter((s) => String(s.tid) === tidOf(903))).toEqual([]);
  });

  it('refuses a carrier mapped twice, a tracking URL that is not a web address, and a table from staff who may not manage the channel', async () => {
    const twice = (await q(SET, { i: { channelId: tb.id, carriers: [{ carrier: 'DHL', code: 'OTHER' }, { carrier: 'dhl ', code: 'EMS' }] } })).setChannelCarriers;
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE_CARRIER', field: ['carriers', '1', 'carrier'] })]);
    const o = await order(tidOf(903));
    const bad = (await q(SHIP, { i: { orderId: o.id, warehouseCode: 'SHPW', carrier: 'ZTO', trackingNumber: 'ZT0904', trackingUrl: 'javascript:alert(1)', lines: [{ orderLineId: o.lines[0].id, quantity: 1 }] } })).createShipment;
    expect(bad).toEqual({ shipment: null, userErrors: [expect.objectContaining({ code: 'INVALID_VALUE', field: ['trackingUrl'] })] });
    const analyst = await t.staffToken(['data_analyst'], { departmentKey: 'data' });
    const denied = await t.gql(SET, { i: { channelId: tb.id, carriers: [] } }, analyst);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await q(`query($id: ID!) { node(id: $id) { ... on Channel { carriers { carrier } } } }`, { id: tb.id })).node.carriers).toEqual([{ carrier: 'dhl' }]);
  });
});

describe('line quantities where the marketplace ships units', () => {
  let sim: StartedSimulator;
  let control: SimControl;

  afterAll(async () => {
    await sim?.stop();
  });

  it("given a line of two units shipped in two parcels then each parcel carries its lines' units, the carrier's code, the service and the tracking URL", async () => {
    sim = await scaffold.module().simulator!(scaffold.kind, {});
    control = new SimControl(sim.controlUrl);
    const created = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } userErrors { code message } } }`, {
      i: { kind: scaffold.kind, name: 'Units shop', baseUrl: sim.baseUrl, currency: 'USD', credentials: await control.credentials(), warehouseCodes: ['SHPW'], schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 } },
    });
    expect(created.createChannel.userErrors).toEqual([]);
    const channelId = created.createChannel.channel.id;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fixtures = require(path.join(scaffold.dir, 'fixtures', 'orders')) as { orderJson(i: number, skus: string[]): string; orderIdOf(i: number): string };
    await control.addOrder(fixtures.orderJson(77, [skus[0], skus[1]]));
    await sync(channelId, ['ORDERS']);
    const o = await order(fixtures.orderIdOf(77));
    const two = o.lines.find((l) => l.quantity === 2)!;
    const one = o.lines.find((l) => l.quantity === 1)!;

    const first = (await q(SHIP, { i: { orderId: o.id, warehouseCode: 'SHPW', carrier: 'United Parcel Service', service: 'Ground', trackingUrl: 'https://ups.example/1Z0001', trackingNumber: '1Z0001', lines: [{ orderLineId: two.id, quantity: 1 }] } })).createShipment;
    expect(first.userErrors).toEqual([]);
    const parcel = await waitFor('the first parcel', async () => (await control.shipments()).find((s) => s.trackingNumber === '1Z0001'));
    expect(parcel).toMatchObject({ carrier: 'UPS', service: 'Ground', trackingUrl: 'https://ups.example/1Z0001', lines: [{ lineId: two.externalLineId, quantity: 1 }] });

    const second = (await q(SHIP, { i: { orderId: o.id, warehouseCode: 'SHPW', carrier: 'UPS', trackingNumber: '1Z0002', lines: [{ orderLineId: two.id, quantity: 1 }, { orderLineId: one.id, quantity: 1 }] } })).createShipment;
    expect(second.userErrors).toEqual([]);
    const rest = await waitFor('the second parcel', async () => (await control.shipments()).find((s) => s.trackingNumber === '1Z0002'));
    expect(rest).toMatchObject({ carrier: 'UPS', service: null, trackingUrl: null });
    expect((rest.lines as { lineId: string; quantity: number }[]).sort((a, b) => a.lineId.localeCompare(b.lineId))).toEqual(
      [
        { lineId: two.externalLineId, quantity: 1 },
        { lineId: one.externalLineId, quantity: 1 },
      ].sort((a, b) => a.lineId.localeCompare(b.lineId)),
    );
    await waitFor('both parcels SENT', async () => ((await pushOf(o.id, first.shipment.id))?.status === 'SENT' && (await pushOf(o.id, second.shipment.id))?.status === 'SENT') || undefined);
  });
});
