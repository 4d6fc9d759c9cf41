import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { tradeJson } from '../connectors/taobao/fixtures/trades';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { selectRows } from '../src/common/sql';
import { uuidOf } from '../src/common/ids';
import { PgRateLimiter } from '../src/sync/quota-store';
import { ChannelRef, createTaobaoChannel, gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { startWorkerProcess, WorkerProcess } from './support/worker-process';

/**
 * Quotas are the marketplace's, not the process's: TOP counts an app's calls per app key, so
 * every worker process and every channel (shop) on one app key must stay within one quota
 * together. The buckets live in PostgreSQL; a quota the marketplace says is used up makes the
 * job wait for the stated reset without spending its retries, and the run says so.
 */

jest.setTimeout(300_000);

type Sim = Awaited<ReturnType<typeof startTaobaoSimulator>>;

interface LoggedCall {
  operation: string | null;
  at: string;
  errorCode: string | null;
  params: Record<string, string> | null;
}

let t: TestApp;
let owner: string;
const sims: Sim[] = [];
const workers: WorkerProcess[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

async function sync(channel: ChannelRef, scopes: string[]): Promise<string> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: channel.id, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return r.syncChannel.syncRun.id;
}

async function run(id: string): Promise<Record<string, any>> {
  return (await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt waitingUntil statusMessage counts { created updated failed } errors { kind code message resolvedAt } } }`, { id })).syncRun;
}

async function calls(sim: Sim): Promise<LoggedCall[]> {
  const body = (await (await fetch(new URL('/__sim/requests', sim.controlUrl))).json()) as { requests: LoggedCall[] };
  return body.requests;
}

async function startSim(options: { callsPerSecond: number; burst: number }): Promise<{ sim: Sim; control: SimControl }> {
  const sim = await startTaobaoSimulator(options);
  sims.push(sim);
  return { sim, control: new SimControl(sim.controlUrl) };
}

/** An item staff made by hand in the back office, with one SKU whose merchant code is ours. */
async function handMadeItem(sim: Sim, sku: string): Promise<string> {
  const res = await fetch(new URL('/__sim/items', sim.controlUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: `纯棉短袖T恤 ${sku}`, cid: 50000436, approve_status: 'onsale', skus: [{ outer_id: sku, price: '99.00', quantity: 5, properties: '1627207:28320' }] }),
  });
  if (!res.ok) throw new Error(`POST /__sim/items answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { num_iid: string }).num_iid;
}

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  for (const s of sims) await s.stop();
  await t?.stop();
});

describe('one quota per app key across processes and channels', () => {
  it('keeps three worker processes and two channels on one app key within its limit: no bans, within 1.2× of the least time the quota allows', async () => {
    const RATE = 10;
    const ORDERS = 80;
    const { sim, control } = await startSim({ callsPerSecond: RATE, burst: RATE });
    // The app's quota as TOP states it for the app, and the connector reads it; the same on both channels.
    const credentials: Record<string, string> = { ...(await control.credentials()), callsPerSecond: String(RATE) };
    const skus = await seedCatalog(t, owner, { warehouse: 'QW', prefix: 'QT', count: 12, onHand: 500 });
    const shopA = await createTaobaoChannel(t, owner, { name: '淘宝 配额 甲', baseUrl: sim.baseUrl, credentials, warehouse: 'QW' });
    const shopB = await createTaobaoChannel(t, owner, { name: '淘宝 配额 乙', baseUrl: sim.baseUrl, credentials, warehouse: 'QW' });
    workers.push(...(await Promise.all([1, 2, 3].map(() => startWorkerProcess(t.app.config.databaseUrl!)))));

    // Shop A sells each SKU as an item made by hand, linked by its item id.
    for (const sku of skus) {
      const numIid = await handMadeItem(sim, sku);
      const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code message } } }`, {
        i: { channelId: shopA.id, skus: [sku], attributeList: [{ name: 'numIid', value: numIid }] },
      });
      expect(r.publishListings.userErrors).toEqual([]);
    }
    await waitFor('shop A’s listings ACTIVE', async () => {
      const [r] = await sql<{ n: string }>(`select count(*)::text as n from listing where channel_id = ? and status = 'ACTIVE'`, [uuidOf('Channel', shopA.id)]);
      return Number(r.n) === skus.length || undefined;
    });
    // Trades still to ship: each is read again with fullinfo.get (its hold fields), so the pulls
    // make about as many calls as they import orders.
    for (let i = 1; i <= ORDERS; i++) await control.addOrder(tradeJson(i, [skus[i % skus.length]]));

    // Both shops pull orders while shop A pushes every stock level and shop B pulls returns: four
    // jobs at once on three processes, every call on the one app key.
    const before = (await calls(sim)).length;
    const started = Date.now();
    const runs = await Promise.all([sync(shopA, ['ORDERS', 'STOCK']), sync(shopB, ['ORDERS', 'RETURNS'])]);
    await waitFor('both runs finished', async () => (await Promise.all(runs.map(run))).every((r) => r.finishedAt) || undefined, 120_000);
    const seconds = (Date.now() - started) / 1000;
    const made = (await calls(sim)).slice(before);

    const bans = made.filter((c) => c.errorCode?.startsWith('7'));
    expect(bans).toEqual([]);
    // The least time the app's quota allows for these calls: a full bucket, then one per interval.
    const minimum = (made.length - RATE) / RATE;
    expect(minimum).toBeGreaterThan(4);
    expect(seconds).toBeLessThanOrEqual(1.2 * minimum);

    // Everything arrived: both shops imported every order, shop A's stock reached the marketplace.
    for (const r of await Promise.all(runs.map(run))) expect(r.status).toBe('SUCCEEDED');
    for (const shop of [shopA, shopB]) {
      const [n] = await sql<{ n: string }>('select count(*)::text as n from sales_order where channel_id = ?', [shop.key]);
      expect(Number(n.n)).toBe(ORDERS);
    }
    // Every process and channel counted in one bucket row: the app's.
    const buckets = await sql<{ key: string }>(`select key from rate_bucket where key like 'b|%'`);
    expect(buckets.map((b) => b.key)).toEqual([`b|TAOBAO|${new URL(sim.baseUrl).origin}|app:${credentials.appKey}|app`]);
  });

  it('spaces concurrent callers of one bucket at its rate through PostgreSQL, whatever client they use', async () => {
    const limiter = () => new PgRateLimiter(t.em());
    const call = { bucket: 'b|TEST|spacing', account: 'a|spacing', limit: { ratePerSecond: 20, burst: 1 }, maxWaitMs: 60_000 };
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const started = Date.now();
    const at: number[] = [];
    await Promise.all(Array.from({ length: 10 }, async () => (await limiter().acquire(call, sleep), at.push(Date.now() - started))));
    at.sort((a, b) => a - b);
    // Ten calls at 20/s with no burst: the last goes nine intervals (450 ms) after the first, and
    // none goes with the one before it (timers wake a few milliseconds late, never early).
    expect(at[9] - at[0]).toBeGreaterThanOrEqual(440);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(30);
  });
});

describe('a quota the marketplace says is used up', () => {
  it('waits until the stated reset without spending retries, stops the other channel on the app key from calling, and the run says so', async () => {
    // One call per two hours after a burst of 3: the fourth call is banned for 7200 seconds.
    const { sim, control } = await startSim({ callsPerSecond: 1 / 7200, burst: 3 });
    // The channels think the app may make 50 calls a second: only TOP's answer stops them.
    const credentials = { ...(await control.credentials()), callsPerSecond: '50' };
    await seedCatalog(t, owner, { warehouse: 'DW', prefix: 'DQ', count: 1, onHand: 10 });
    const first = await createTaobaoChannel(t, owner, { name: '淘宝 日配额 甲', baseUrl: sim.baseUrl, credentials, warehouse: 'DW' });
    const second = await createTaobaoChannel(t, owner, { name: '淘宝 日配额 乙', baseUrl: sim.baseUrl, credentials, warehouse: 'DW' });
    for (let i = 1; i <= 450; i++) await control.addOrder(tradeJson(50_000 + i, ['DQ-01']));
    workers.length || workers.push(await startWorkerProcess(t.app.config.databaseUrl!));

    const runId = await sync(first, ['ORDERS']);
    const waiting = await waitFor('the run waiting for the quota', async () => {
      const r = await run(runId);
      return r.waitingUntil ? r : undefined;
    });
    const until = Date.parse(waiting.waitingUntil);
    expect(until).toBeGreaterThan(Date.now() + 7_000_000);
    expect(until).toBeLessThan(Date.now() + 7_300_000);
    expect(waiting.finishedAt).toBeNull();
    expect(waiting.statusMessage).toMatch(/^Waiting for the marketplace quota until \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 \(7:accesscontrol\.limited-by-app-access-count: This ban will last for 7200 more seconds\)$/);
    expect(waiting.errors).toEqual([expect.objectContaining({ kind: 'QUOTA_EXHAUSTED', resolvedAt: null })]);

    // The job was not failed and retried: a fresh job waits to start after the reset.
    const jobs = await sql<{ state: string; retry_count: number; start_after: string }>(
      `select state, retry_count, start_after::text from pgboss.job where name = 'sync-orders' and data->>'runId' = ? order by created_on`,
      [uuidOf('SyncRun', runId)],
    );
    expect(jobs.map((j) => j.state)).toEqual(['completed', 'created']);
    expect(jobs.every((j) => j.retry_count === 0)).toBe(true);
    expect(Date.parse(jobs[1].start_after)).toBeGreaterThanOrEqual(until);

    // The app's bucket is paused for everyone: the other shop's pull waits too, without calling.
    const callsBefore = (await calls(sim)).length;
    const otherRun = await sync(second, ['ORDERS']);
    const other = await waitFor('the other shop’s run waiting', async () => {
      const r = await run(otherRun);
      return r.waitingUntil ? r : undefined;
    });
    expect(Math.abs(Date.parse(other.waitingUntil) - until)).toBeLessThan(2_000);
    expect((await calls(sim)).length).toBe(callsBefore);
    // Four calls reached TOP in all: three allowed, the fourth answered with the ban.
    const made = await calls(sim);
    expect(made.filter((c) => c.errorCode?.startsWith('7'))).toHaveLength(1);
  });
});
