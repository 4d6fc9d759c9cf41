import { tradeJson } from '../connectors/taobao/fixtures/trades';
import { selectRows } from '../src/common/sql';
import { createItemsByHand, createTaobaoChannel, seedCatalog, tidOf, useWorkerAndSimulator, waitFor } from './support/sync-fixtures';

/**
 * Calls the marketplace carried out whose answers never arrived (the simulator's `lostAnswer`
 * fault drops the connection after doing the work). Sending a parcel is not safe to repeat: the
 * retry must find what the lost call did instead of doing it twice. Publishing links an item
 * staff made (TOP no longer creates items through the API), which is safe to repeat.
 */

jest.setTimeout(200_000);

const env = useWorkerAndSimulator();
const { q } = env;

it('given the link of a hand-made item carried out but its answer lost then the retry links the same item, and no second item appears', async () => {
  const [sku] = await seedCatalog(env.t, env.owner, { warehouse: 'LAW', prefix: 'LA', count: 1, onHand: 50 });
  const channel = await createTaobaoChannel(env.t, env.owner, { name: '淘宝店 丢失应答', baseUrl: env.sim.baseUrl, credentials: await env.control.credentials(), warehouse: 'LAW' });
  const [numIid] = await createItemsByHand(env.control, [sku]);

  // Every answer to the SKU's update is lost for a while: the HTTP helper's own retries and the job's first attempt.
  const lose = await fetch(new URL('/__sim/lost-answers', env.sim.controlUrl), { method: 'POST', body: JSON.stringify({ method: 'taobao.item.sku.update', count: 6 }) });
  expect(lose.status).toBe(200);
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code message } } }`, { i: { channelId: channel.id, skus: [sku] } });
  expect(r.publishListings.userErrors).toEqual([]);
  // The SKU got its quantity on the marketplace; we never heard so.
  await waitFor('the SKU set on the simulator', async () => (await env.control.listings()).find((l) => l.sku === sku && l.quantity === 50));

  const listing = await waitFor('the listing ACTIVE', async () => {
    const ls = await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 5) { edges { node { sku status itemId } } } }`, { c: channel.id });
    const node = ls.listings.edges[0]?.node;
    return node?.status === 'ACTIVE' ? node : undefined;
  }, 120_000);

  expect(listing.itemId).toBe(numIid);
  expect((await env.control.listings()).filter((l) => l.sku === sku)).toHaveLength(1);
  const sets = ((await (await fetch(new URL('/__sim/requests', env.sim.controlUrl))).json()) as { requests: { operation: string }[] }).requests.filter((x) => x.operation === 'taobao.item.sku.update');
  // Six carried out unanswered, then one answered: the same SKU of the same item each time.
  expect(sets.length).toBeGreaterThan(6);
});

it('given a logistics send carried out but its answer lost then the retry finds the parcel on the trade and records it sent once', async () => {
  const [sku] = await seedCatalog(env.t, env.owner, { warehouse: 'LSW', prefix: 'LS', count: 1, onHand: 50 });
  const channel = await createTaobaoChannel(env.t, env.owner, { name: '淘宝店 丢失发货应答', baseUrl: env.sim.baseUrl, credentials: await env.control.credentials(), warehouse: 'LSW' });
  await env.control.addOrder(tradeJson(7001, [sku]));
  const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
  await waitFor('the pull', async () => {
    const s = await q(`query($id: ID!) { syncRun(id: $id) { finishedAt counts { created } } }`, { id: run.syncChannel.syncRun.id });
    return Boolean(s.syncRun.finishedAt) && s.syncRun.counts.created === 1;
  });
  const order = (await q(`query($s: String!) { orders(first: 1, filter: { search: $s }) { edges { node { id lines { id quantity } } } } }`, { s: tidOf(7001) })).orders.edges[0].node;

  await env.control.faults({ lostAnswer: 1 });
  const shipped = await q(
    `mutation($i: CreateShipmentInput!) { createShipment(input: $i) { shipment { trackingNumber } userErrors { code message } } }`,
    { i: { orderId: order.id, warehouseCode: 'LSW', carrier: 'ZTO', trackingNumber: 'ZT7001000111', lines: order.lines.map((l: { id: string; quantity: number }) => ({ orderLineId: l.id, quantity: l.quantity })) } },
  );
  expect(shipped.createShipment.userErrors).toEqual([]);
  await waitFor('the send on the simulator', async () => (await env.control.shipments()).some((s) => s.tid === tidOf(7001)));
  await env.control.faults({ lostAnswer: 0 });

  const outbox = await waitFor('the outbox row dispatched', async () => {
    const [row] = await selectRows<{ dispatched_at: Date | null; error_code: string | null }>(env.t.em(), `select ob.dispatched_at, ob.error_code from shipment_outbox ob join shipment s on s.id = ob.shipment_id join sales_order o on o.id = s.order_id where o.external_id = ?`, [tidOf(7001)]);
    return row?.dispatched_at ? row : undefined;
  }, 120_000);
  expect(outbox.error_code).toBeNull();
  expect((await env.control.shipments()).filter((s) => s.tid === tidOf(7001))).toHaveLength(1);
  const errors = await selectRows<{ n: number }>(env.t.em(), `select count(*)::int as n from sync_error where channel_id = ? and scope = 'SHIPMENTS'`, [(await selectRows<{ id: string }>(env.t.em(), 'select id from channel where key = ?', [channel.key]))[0].id]);
  expect(errors[0].n).toBe(0);
});
