import { DEFAULT_CALLS_PER_SECOND } from '../connectors/aliexpress';
import { startAliExpressSimulator } from '../connectors/aliexpress/simulator';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { selectRows } from '../src/common/sql';
import { aeMixedOrder, createAliExpressChannel } from './support/aliexpress-fixtures';
import { ChannelRef, gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { startWorkerProcess, WorkerProcess } from './support/worker-process';

/**
 * AliExpress counts calls per app key (aliexpress.md §8), so every seller's channel on one app,
 * in every worker process, stays within the app's limit together: the connector's figure
 * (DEFAULT_CALLS_PER_SECOND, all calls of the app) kept in one PostgreSQL bucket. The simulator
 * enforces the same figure per method and app key and bans the app for going over it.
 */

jest.setTimeout(240_000);

const RATE = DEFAULT_CALLS_PER_SECOND;
const ORDERS = 40;

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
const workers: WorkerProcess[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  sim = await startAliExpressSimulator({ callsPerSecond: RATE, burst: RATE });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await sim?.stop();
  await t?.stop();
});

async function sync(channel: ChannelRef): Promise<string> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return r.syncChannel.syncRun.id;
}

async function run(id: string): Promise<{ status: string; startedAt: string | null; finishedAt: string | null; counts: { created: number } }> {
  return (await q(`query($id: ID!) { syncRun(id: $id) { status startedAt finishedAt counts { created } } }`, { id })).syncRun;
}

it('keeps three worker processes pulling three sellers of one app within the app’s limit: no bans, within 1.2× of the least time the limit allows', async () => {
  const control = new SimControl(sim.controlUrl);
  // Three sellers authorised the one app: three channels, three refresh tokens, one app key.
  const sellers = [{ baseUrl: sim.baseUrl, control }];
  for (const name of ['shop-b', 'shop-c']) sellers.push(await control.addSeller({ name, app: 'app-1' }));
  const skus = await seedCatalog(t, owner, { warehouse: 'AQW', prefix: 'AQ', count: 12, onHand: 500 });
  const channels: ChannelRef[] = [];
  for (const [n, s] of sellers.entries()) {
    channels.push(await createAliExpressChannel(t, owner, { name: `AliExpress quota ${n + 1}`, baseUrl: s.baseUrl, credentials: await s.control.credentials(), warehouse: 'AQW' }));
    // Each order is read again with order.info.get: the pulls make about one call per order.
    for (let i = 1; i <= ORDERS; i++) await s.control.addOrder(aeMixedOrder(n * 1000 + i, skus));
  }
  // One orders job at a time per process: three runs at once are on three processes.
  workers.push(...(await Promise.all([1, 2, 3].map(() => startWorkerProcess(t.app.config.databaseUrl!, { WORKER_CONCURRENCY: '1' })))));

  const before = (await control.requests()).length;
  const started = Date.now();
  const runIds = await Promise.all(channels.map(sync));
  const runs = await waitFor('the three pulls finished', async () => {
    const all = await Promise.all(runIds.map(run));
    return all.every((r) => r.finishedAt) ? all : undefined;
  }, 180_000);
  const seconds = (Date.now() - started) / 1000;
  // The token calls have a bucket of their own; the app's limit is on the business calls.
  const made = (await control.requests()).slice(before).filter((c) => c.path !== '/rest/auth/token/refresh' && !String(c.path).endsWith('/rest/auth/token/refresh'));

  expect(made.filter((c) => c.errorCode === 'ApiCallLimit')).toEqual([]);
  // The least time the app's limit allows for these calls: a full bucket, then one per interval.
  const minimum = (made.length - RATE) / RATE;
  expect(minimum).toBeGreaterThan(4);
  expect(seconds).toBeLessThanOrEqual(1.2 * minimum);

  // The three ran at the same time (so on three processes), and every seller's orders arrived.
  for (const r of runs) expect(r).toMatchObject({ status: 'SUCCEEDED', counts: { created: ORDERS } });
  const lastStart = Math.max(...runs.map((r) => Date.parse(r.startedAt!)));
  expect(runs.every((r) => Date.parse(r.finishedAt!) > lastStart)).toBe(true);
  for (const c of channels) {
    const [n] = await sql<{ n: number }>('select count(*)::int as n from sales_order where channel_id = ?', [c.key]);
    expect(n.n).toBe(ORDERS);
  }
  // Every process and channel counted in the app's rows: its calls, and its token calls.
  const buckets = await sql<{ key: string }>(`select key from rate_bucket where key like 'b|%' order by key`);
  const app = `b|ALIEXPRESS|${new URL(sim.baseUrl).origin}|app:${(await control.credentials()).appKey}`;
  expect(buckets.map((b) => b.key)).toEqual([`${app}|app`, `${app}|auth`]);
});
