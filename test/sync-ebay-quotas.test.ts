import { ebayConnector } from '../connectors/ebay';
import { startEbaySimulator } from '../connectors/ebay/simulator';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { selectRows } from '../src/common/sql';
import { createEbayChannel, ebayMixedOrder } from './support/ebay-fixtures';
import { ChannelRef, gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { startWorkerProcess, WorkerProcess } from './support/worker-process';

/**
 * eBay counts calls per application and user, per API, per day (ebay.md §7): every channel of
 * one seller account on one app, in every worker process, draws on the one quota. The engine
 * keeps it as a bucket per API in PostgreSQL under the connector's rate key (client id and
 * seller): the day's calls at the daily rate, an hour of them at once. Three channels of one
 * seller (one per site, as overseas sales teams split them) pull at once on three worker
 * processes: first under eBay's published quotas, then under a quota so small that an hour's
 * share is two calls, which the three processes together must not exceed.
 */

jest.setTimeout(240_000);

const ORDERS = 250;
const SITES = [
  { marketplaceId: 'EBAY_US', currency: 'USD' },
  { marketplaceId: 'EBAY_GB', currency: 'GBP' },
  { marketplaceId: 'EBAY_DE', currency: 'EUR' },
];

let t: TestApp;
let owner: string;
let skus: string[];
const sims: RunningSimulator[] = [];
const workers: WorkerProcess[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

interface LoggedCall {
  path: string;
  operation: string | null;
  status: number;
  errorCode: string | null;
}

interface Run {
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  counts: { created: number };
  errors: { kind: string; code: string }[];
}

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  skus = await seedCatalog(t, owner, { warehouse: 'EQW', prefix: 'EQ', count: 12, onHand: 5000 });
  // One orders job at a time per process: three runs at once are on three processes.
  workers.push(...(await Promise.all([1, 2, 3].map(() => startWorkerProcess(t.app.config.databaseUrl!, { WORKER_CONCURRENCY: '1' })))));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  for (const s of sims) await s.stop();
  await t?.stop();
});

async function sync(channel: ChannelRef): Promise<string> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return r.syncChannel.syncRun.id;
}

async function run(id: string): Promise<Run> {
  return (await q(`query($id: ID!) { syncRun(id: $id) { status startedAt finishedAt counts { created } errors { kind code } } }`, { id })).syncRun;
}

/** A simulated seller with `ORDERS` orders and its three channels (one per site) with `settings`. */
async function seller(prefix: string, simOptions: Parameters<typeof startEbaySimulator>[0], settings: Record<string, string> = {}) {
  const sim = await startEbaySimulator(simOptions);
  sims.push(sim);
  const control = new SimControl(sim.controlUrl);
  const credentials = await control.credentials();
  const channels: ChannelRef[] = [];
  for (const s of SITES) {
    channels.push(await createEbayChannel(t, owner, { name: `${prefix} ${s.marketplaceId}`, baseUrl: sim.baseUrl, credentials, warehouse: 'EQW', marketplaceIds: [s.marketplaceId], currency: s.currency, settings }));
  }
  for (let i = 1; i <= ORDERS; i++) await control.addOrder(ebayMixedOrder(i, skus));
  const calls = async () => ((await control.requests()) as unknown as LoggedCall[]).filter((c) => c.path.startsWith('/sell/'));
  // The seller's buckets as the engine keys them: the kind and API root, the connector's rate key (app and seller), the bucket.
  const bucket = (name: string) => `b|EBAY|${new URL(sim.baseUrl).origin}|${ebayConnector.rateKey!(credentials)}|${name}`;
  return { sim, control, channels, calls, bucket };
}

it('keeps three worker processes pulling three channels of one seller on one quota: every order once per channel, no 429, one bucket per API', async () => {
  const s = await seller('eBay quota', {});
  const runIds = await Promise.all(s.channels.map(sync));
  const runs = await waitFor('the three pulls finished', async () => {
    const all = await Promise.all(runIds.map(run));
    return all.every((r) => r.finishedAt) ? all : undefined;
  }, 180_000);

  // The three ran at the same time (so on three processes), and each channel imported the account's orders once.
  for (const r of runs) expect(r).toMatchObject({ status: 'SUCCEEDED', counts: { created: ORDERS }, errors: [] });
  const lastStart = Math.max(...runs.map((r) => Date.parse(r.startedAt!)));
  expect(runs.every((r) => Date.parse(r.finishedAt!) > lastStart)).toBe(true);
  for (const c of s.channels) {
    const [n] = await sql<{ n: number; ids: number }>('select count(*)::int as n, count(distinct external_id)::int as ids from sales_order where channel_id = ?', [c.key]);
    expect(n).toEqual({ n: ORDERS, ids: ORDERS });
  }
  const made = await s.calls();
  expect(made.filter((c) => c.status === 429)).toEqual([]);
  // Three pages' worth a channel (the first for the total, the last, the first again to close): 200 orders a call.
  expect(made.filter((c) => c.operation === 'getOrders')).toHaveLength(3 * 3);
  // Every process and channel counted in the seller's rows: the Fulfillment API's, and the token calls'.
  const buckets = await sql<{ key: string }>(`select key from rate_bucket where key like 'b|EBAY|%' order by key`);
  expect(buckets.map((b) => b.key)).toEqual([s.bucket('auth'), s.bucket('fulfillment')]);
});

it('lets three worker processes spend no more than an hour’s share of the seller’s daily quota together: two calls of 48 a day, the rest waiting', async () => {
  // eBay allows this app 48 Fulfillment calls a day for this seller; the channels say so. An hour's share is 2 calls, then one every 30 minutes.
  const s = await seller('eBay day', { dailyQuota: { fulfillment: 48 } }, { fulfillmentCallsPerDay: '48' });
  const runIds = await Promise.all(s.channels.map(sync));
  // Each channel alone needs three calls; together they are on all three processes.
  const runs = await waitFor('the three pulls started and two calls made', async () => {
    const all = await Promise.all(runIds.map(run));
    return all.every((r) => r.startedAt) && (await s.calls()).length >= 2 ? all : undefined;
  }, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 3_000));

  const made = await s.calls();
  expect(made.map((c) => `${c.operation} ${c.status}`)).toEqual(['getOrders 200', 'getOrders 200']);
  // eBay refused nothing: the engine kept the three within the quota rather than running into it.
  const quotas = (await (await fetch(new URL('/__sim/quotas', s.sim.controlUrl))).json()) as { fulfillment: { used: number; quota: number } };
  expect(quotas.fulfillment).toMatchObject({ used: 2, quota: 48 });
  // The runs wait for their turn (the next call is some 30 minutes away), failing nothing.
  for (const r of await Promise.all(runIds.map(run))) expect(r).toMatchObject({ status: 'RUNNING', finishedAt: null, errors: [] });
  expect(runs).toHaveLength(3);
  const [row] = await sql<{ ahead_ms: number }>(`select (tat - extract(epoch from clock_timestamp()) * 1000)::float8 as ahead_ms from rate_bucket where key = ?`, [s.bucket('fulfillment')]);
  expect(row.ahead_ms).toBeGreaterThan(25 * 60_000);
});
