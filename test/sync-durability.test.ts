import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { tradeJson } from '../connectors/taobao/fixtures/trades';
import { selectRows } from '../src/common/sql';
import { uuidOf } from '../src/common/ids';
import { startTestApp, TestApp } from './support/test-app';
import { ChannelRef, createItemsByHand, createTaobaoChannel, gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';
import { startWorkerProcess, WorkerProcess } from './support/worker-process';

/**
 * Durability: workers are separate processes on one database. A worker killed with SIGKILL in
 * the middle of pulling 10,000 orders, then a fresh one: every order exactly once. Two workers
 * at once: no stock push and no order import done twice.
 */

// The second test's pulls re-read the first test's 10,000 orders (all modified within its windows):
// about two minutes on a quiet 2-core machine, longer when CI runs two test files beside it.
jest.setTimeout(600_000);

type Sim = Awaited<ReturnType<typeof startTaobaoSimulator>>;

let t: TestApp;
let owner: string;
let sim: Sim;
let control: SimControl;
let channel: ChannelRef;
let skus: string[];
const workers: WorkerProcess[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

async function startSync(scopes: string[]): Promise<string> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: channel.id, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return uuidOf('SyncRun', r.syncChannel.syncRun.id)!;
}

async function orderCount(): Promise<number> {
  const [r] = await sql<{ n: string }>('select count(*)::text as n from sales_order where channel_id = ?', [channel.key]);
  return Number(r.n);
}

beforeAll(async () => {
  // The app's quota is high (callsPerSecond 500 below): a trade still to ship is read again with
  // fullinfo.get (its hold fields), so 10,000 of them are 10,000 more calls.
  sim = await startTaobaoSimulator({ callsPerSecond: 1000 });
  control = new SimControl(sim.controlUrl);
  t = await startTestApp();
  owner = await t.ownerToken();
  skus = await seedCatalog(t, owner, { warehouse: 'KW', prefix: 'KL', count: 20, onHand: 100_000 });
  // The app's own quota: fast enough for 10,000 orders in a test, still through the rate limiter.
  const credentials = { ...(await control.credentials()), callsPerSecond: '500' };
  channel = await createTaobaoChannel(t, owner, { name: '淘宝 耐久', baseUrl: sim.baseUrl, credentials, warehouse: 'KW' });
});
afterAll(async () => {
  for (const w of workers) await w.kill('SIGKILL');
  await t?.stop();
  await sim?.stop();
});

it('imports every order exactly once when a worker is killed with SIGKILL mid-pull', async () => {
  const N = 10_000;
  for (let i = 1; i <= N; i++) await control.addOrder(tradeJson(i, [skus[i % skus.length]]));
  const first = await startWorkerProcess(t.app.config.databaseUrl!);
  workers.push(first);
  await startSync(['ORDERS']);
  await waitFor('part of the orders imported', async () => {
    const n = await orderCount();
    return n >= 2_000 && n < N ? n : undefined;
  }, 120_000);
  await first.kill('SIGKILL');
  const atKill = await orderCount();
  expect(atKill).toBeLessThan(N);

  const second = await startWorkerProcess(t.app.config.databaseUrl!);
  workers.push(second);
  // The killed job stays "active" until it expires; a new pull carries on from the saved cursor.
  await startSync(['ORDERS']);
  await waitFor('all orders imported', async () => (await orderCount()) === N || undefined, 180_000);

  const [dupes] = await sql<{ orders: string; lines: string; reservations: string }>(
    `select count(distinct o.external_id)::text as orders, count(l.id)::text as lines,
            (select count(*) from reservation r join sales_order so on so.number = r.reference where so.channel_id = ? and r.status = 'ACTIVE')::text as reservations
       from sales_order o join order_line l on l.order_id = o.id where o.channel_id = ?`,
    [channel.key, channel.key],
  );
  expect(dupes).toEqual({ orders: String(N), lines: String(N), reservations: String(N) });
  await second.kill('SIGTERM');
});

it('runs two workers without pushing or importing anything twice', async () => {
  const a = await startWorkerProcess(t.app.config.databaseUrl!);
  const b = await startWorkerProcess(t.app.config.databaseUrl!);
  workers.push(a, b);
  await createItemsByHand(control, skus, { oneItemPerSku: true });
  const published = await q(
    `mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code } } }`,
    { i: { channelId: channel.id, skus, categoryId: '50000436', attributes: { 'location.state': '浙江', 'location.city': '杭州' } } },
  );
  expect(published.publishListings.userErrors).toEqual([]);
  await waitFor('listings ACTIVE', async () => {
    const [r] = await sql<{ n: string }>(`select count(*)::text as n from listing where channel_id = (select id from channel where key = ?) and status = 'ACTIVE'`, [channel.key]);
    return Number(r.n) === skus.length || undefined;
  });
  // Each listing linked to its item and set once (taobao.item.sku.update), whichever worker ran it.
  const publishes = await requestsOf(['taobao.item.sku.update']);
  expect(publishes).toHaveLength(skus.length);
  expect(new Set(publishes.map((p) => p.key)).size).toBe(skus.length);

  // One change per SKU while both workers pump the outbox: each reaches the marketplace once.
  const pushedBefore = (await requestsOf(['taobao.item.quantity.update', 'taobao.skus.quantity.update'])).length;
  for (const sku of skus) {
    await q(`mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "KW", delta: -3, reason: "count" }) { userErrors { code } } }`, { s: sku });
  }
  await waitFor('the outbox drained', async () => {
    const [r] = await sql<{ n: string }>('select count(*)::text as n from stock_outbox where channel_key = ? and dispatched_at is null', [channel.key]);
    return r.n === '0' || undefined;
  });
  const pushes = (await requestsOf(['taobao.item.quantity.update', 'taobao.skus.quantity.update'])).slice(pushedBefore);
  const perItem = new Map<string, number>();
  for (const p of pushes) perItem.set(p.key, (perItem.get(p.key) ?? 0) + 1);
  expect(perItem.size).toBe(skus.length);
  expect([...perItem.values()].every((n) => n === 1)).toBe(true);

  // More orders, three syncs asked for at once: each order imported by exactly one of them.
  const ordersBefore = await orderCount();
  for (let i = 20_001; i <= 21_000; i++) await control.addOrder(tradeJson(i, [skus[i % skus.length]]));
  const runs = await Promise.all([startSync(['ORDERS']), startSync(['ORDERS']), startSync(['ORDERS'])]);
  await waitFor('runs finished', async () => {
    const rows = await sql<{ finished: boolean }>('select finished_at is not null as finished from sync_run where id = any(?::uuid[])', [`{${runs.join(',')}}`]);
    return rows.every((r) => r.finished) || undefined;
  }, 420_000);
  expect(await orderCount()).toBe(ordersBefore + 1_000);
  const [created] = await sql<{ n: string }>('select coalesce(sum(created), 0)::text as n from sync_run where id = any(?::uuid[])', [`{${runs.join(',')}}`]);
  expect(Number(created.n)).toBe(1_000);
});

interface LoggedRequest {
  method: string;
  key: string;
}

/** TOP calls the simulator answered, in order, for the given methods (keyed by the item they touch). */
async function requestsOf(methods: string[]): Promise<LoggedRequest[]> {
  const body = (await (await fetch(new URL('/__sim/requests', sim.controlUrl))).json()) as { requests: { operation: string | null; status: number; errorCode: string | null; params: Record<string, string> | null }[] };
  return body.requests
    .filter((r) => r.operation && methods.includes(r.operation) && !r.errorCode)
    .map((r) => ({ method: r.operation!, key: r.params?.num_iid ?? r.params?.outer_id ?? '' }));
}
