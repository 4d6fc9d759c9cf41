import { oidOf, tradeJson } from '../connectors/taobao/fixtures/trades';
import { createTaobaoChannel, seedCatalog, tidOf, useWorkerAndSimulator, waitFor } from './support/sync-fixtures';

/**
 * Marketplace refunds and returns end to end: pulled by the RETURNS sync from the simulated
 * TOP, listed for customer service (channelReturns, Order.channelReturns), taken up as our own
 * return with createReturn(channelReturnId), and kept in step when the marketplace moves them.
 */

jest.setTimeout(120_000);

const env = useWorkerAndSimulator();
const { q } = env;

async function sync(channelId: string, scope: string): Promise<void> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId, scopes: [scope] } });
  expect(r.syncChannel.userErrors).toEqual([]);
  await waitFor(`the ${scope} run`, async () => {
    const s = await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt } }`, { id: r.syncChannel.syncRun.id });
    if (s.syncRun.finishedAt && s.syncRun.status !== 'SUCCEEDED') throw new Error(`run ${s.syncRun.status}`);
    return Boolean(s.syncRun.finishedAt);
  });
}

async function postRefund(body: string): Promise<void> {
  const res = await fetch(`${env.sim.controlUrl}/__sim/refunds`, { method: 'POST', body });
  expect(res.status).toBe(200);
}

const CASE_FIELDS = `id externalId orderExternalId externalLineId type status marketplaceStatus amount { amount currency } reason linked order { id } return { id status } channel { key }`;

it('lists pulled refunds as cases, links one to a new return, refuses a second or a foreign link, and follows the marketplace', async () => {
  const [sku] = await seedCatalog(env.t, env.owner, { warehouse: 'CRW', prefix: 'CR', count: 1, onHand: 20 });
  const channel = await createTaobaoChannel(env.t, env.owner, { name: '淘宝店 售后', baseUrl: env.sim.baseUrl, credentials: await env.control.credentials(), warehouse: 'CRW' });
  await env.control.addOrder(tradeJson(8001, [sku]));
  await env.control.addOrder(tradeJson(8002, [sku]));
  await sync(channel.id, 'ORDERS');

  // A refund on a pulled order, and one on an order we have not pulled (yet).
  await postRefund(`{"refund_id":"178234567890128001","tid":${tidOf(8001)},"oid":${oidOf(8001, 0)},"status":"WAIT_SELLER_AGREE","refund_fee":"59.00","reason":"尺码不合适","has_good_return":true}`);
  await postRefund(`{"refund_id":"178234567890128009","tid":${tidOf(8009)},"oid":${oidOf(8009, 0)},"status":"WAIT_SELLER_AGREE","refund_fee":"10.00","reason":"不想要了"}`);
  await sync(channel.id, 'RETURNS');

  const queue = await q(`query { channelReturns(filter: { linked: false }, first: 10) { totalCount edges { node { ${CASE_FIELDS} } } } }`);
  expect(queue.channelReturns.totalCount).toBe(2);
  const cases = queue.channelReturns.edges.map((e: { node: any }) => e.node);
  const known = cases.find((c: any) => c.externalId === '178234567890128001');
  const orphan = cases.find((c: any) => c.externalId === '178234567890128009');
  expect(known).toMatchObject({
    orderExternalId: tidOf(8001), externalLineId: oidOf(8001, 0), type: 'RETURN_AND_REFUND', status: 'REQUESTED', marketplaceStatus: 'WAIT_SELLER_AGREE',
    amount: { amount: '59.00', currency: 'CNY' }, reason: '尺码不合适', linked: false, return: null, channel: { key: channel.key },
  });
  expect(known.order).not.toBeNull();
  expect(orphan).toMatchObject({ type: 'REFUND_ONLY', order: null });

  // Beside the order.
  const order = (await q(`query($id: ID!) { node(id: $id) { ... on Order { id lines { id quantity } channelReturns { externalId } } } }`, { id: known.order.id })).node;
  expect(order.channelReturns).toEqual([{ externalId: '178234567890128001' }]);

  // Customer service takes it up: our return, linked to the case. (Order 8001 has not shipped: refund only.)
  const lines = [{ orderLineId: order.lines[0].id, quantity: 1 }];
  const made = await q(`mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id status } userErrors { code field } } }`, {
    i: { orderId: order.id, type: 'REFUND_ONLY', reason: '尺码不合适', lines, channelReturnId: known.id },
  });
  expect(made.createReturn.userErrors).toEqual([]);
  const linked = (await q(`query($id: ID!) { node(id: $id) { ... on ChannelReturn { linked return { id } } } }`, { id: known.id })).node;
  expect(linked).toEqual({ linked: true, return: { id: made.createReturn.return.id } });
  expect((await q(`query { channelReturns(filter: { linked: false }) { totalCount } }`)).channelReturns.totalCount).toBe(1);

  // A second return for the same case, or a case of another order, is refused by code (the units are claimed too).
  const again = await q(`mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id } userErrors { code field } } }`, {
    i: { orderId: order.id, type: 'REFUND_ONLY', reason: '', lines, channelReturnId: known.id },
  });
  expect(again.createReturn.return).toBeNull();
  expect(again.createReturn.userErrors).toContainEqual({ code: 'CHANNEL_RETURN_TAKEN', field: ['channelReturnId'] });
  const foreign = await q(`mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id } userErrors { code } } }`, {
    i: { orderId: order.id, type: 'REFUND_ONLY', reason: '', lines, channelReturnId: orphan.id },
  });
  expect(foreign.createReturn.userErrors).toContainEqual({ code: 'CHANNEL_RETURN_OTHER_ORDER' });

  // The marketplace refunds it: the next pull moves the case, the link stays.
  await postRefund(`{"refund_id":"178234567890128001","tid":${tidOf(8001)},"oid":${oidOf(8001, 0)},"status":"SUCCESS","refund_fee":"59.00","reason":"尺码不合适","has_good_return":true}`);
  await sync(channel.id, 'RETURNS');
  const moved = (await q(`query($id: ID!) { node(id: $id) { ... on ChannelReturn { status marketplaceStatus linked } } }`, { id: known.id })).node;
  expect(moved).toEqual({ status: 'REFUNDED', marketplaceStatus: 'SUCCESS', linked: true });

  // Filters: by order and by status.
  expect((await q(`query($o: ID!) { channelReturns(filter: { orderId: $o }) { totalCount } }`, { o: order.id })).channelReturns.totalCount).toBe(1);
  expect((await q(`query { channelReturns(filter: { status: [REFUNDED] }) { edges { node { externalId } } } }`)).channelReturns.edges).toEqual([{ node: { externalId: '178234567890128001' } }]);
});
