import { amazonConnector } from '../connectors/amazon';
import { amazonOrderJson } from '../connectors/amazon/fixtures/orders';
import { startAmazonSimulator } from '../connectors/amazon/simulator';
import { USAGE_PLANS } from '../connectors/amazon/usage-plans';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { selectRows } from '../src/common/sql';
import { PgRateLimiter } from '../src/sync/quota-store';
import { createAmazonChannel, simGet, simPost } from './support/amazon-fixtures';
import { ChannelRef, gqlOk, seedCatalog, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { startWorkerProcess, WorkerProcess } from './support/worker-process';

/**
 * SP-API usage plans are per selling partner and operation (amazon.md §6): every channel of one
 * seller in one region, in every worker process, draws on one searchOrders bucket. The engine keeps
 * it in PostgreSQL under the connector's rate key (seller and region), starting from the
 * published plan (0.0056/s, burst 20) and adopting the rate each answer states
 * (`x-amzn-RateLimit-Limit`). Amazon's real plan is a call every three minutes once the burst is
 * spent, too slow for a test: the simulated seller is given a test-sized plan instead (Amazon may
 * give a seller another plan; the answers say which), with Amazon's burst of 20, which no answer
 * states.
 */

jest.setTimeout(240_000);

/** The seller's searchOrders plan: a token every four seconds, Amazon's burst of 20. */
const PLAN = { rate: 0.25, burst: USAGE_PLANS.searchOrders.burst! };
/** Orders per marketplace: nine pages of 100 each, 27 searchOrders calls for the three channels. */
const ORDERS = 900;
const MARKETPLACES = [
  { id: 'ATVPDKIKX0DER', currency: 'USD' },
  { id: 'A2EUQ1WTGCTBG2', currency: 'CAD' },
  { id: 'A1AM78C64UM0Y8', currency: 'MXN' },
];

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
const workers: WorkerProcess[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

interface LoggedCall {
  path: string;
  operation: string | null;
  status: number;
  errorCode: string | null;
  at: string;
}

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  sim = await startAmazonSimulator();
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

async function run(id: string): Promise<{ status: string; startedAt: string | null; finishedAt: string | null; counts: { created: number }; errors: { kind: string; code: string }[] }> {
  return (await q(`query($id: ID!) { syncRun(id: $id) { status startedAt finishedAt counts { created } errors { kind code } } }`, { id })).syncRun;
}

it('keeps three worker processes pulling three marketplaces of one seller on its searchOrders plan: no 429, within 1.2× of the least time the plan allows', async () => {
  const control = new SimControl(sim.controlUrl);
  await simPost(control, '/__sim/usage-plans', { searchOrders: PLAN });
  const credentials = await control.credentials();
  const skus = await seedCatalog(t, owner, { warehouse: 'ZQW', prefix: 'ZQ', count: 12, onHand: 100_000 });
  // One seller account in North America, one channel per marketplace (as overseas sales teams split them).
  const channels: ChannelRef[] = [];
  for (const m of MARKETPLACES) {
    channels.push(await createAmazonChannel(t, owner, { name: `Amazon quota ${m.id}`, baseUrl: sim.baseUrl, credentials, warehouse: 'ZQW', marketplaceIds: [m.id], currency: m.currency }));
    for (let i = 1; i <= ORDERS; i++) await control.addOrder(amazonOrderJson(MARKETPLACES.indexOf(m) * 10_000 + i, [skus[i % skus.length]], m.id));
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
  const made = ((await control.requests()) as unknown as LoggedCall[]).slice(before);
  const searches = made.filter((c) => c.operation === 'searchOrders');

  // Amazon refused nothing: the engine kept the three within the plan rather than running into it.
  expect(made.filter((c) => c.status === 429)).toEqual([]);
  expect(searches.map((c) => c.status)).toEqual(searches.map(() => 200));
  expect(searches).toHaveLength(3 * Math.ceil(ORDERS / 100));
  // The least time the plan allows for these calls: the burst at once, then one per token.
  const minimum = (searches.length - PLAN.burst) / PLAN.rate;
  expect(minimum).toBeGreaterThanOrEqual(20);
  expect(seconds).toBeLessThanOrEqual(1.2 * minimum);

  // The three ran at the same time (so on three processes), and each marketplace's orders arrived once.
  for (const r of runs) expect(r).toMatchObject({ status: 'SUCCEEDED', counts: { created: ORDERS }, errors: [] });
  const lastStart = Math.max(...runs.map((r) => Date.parse(r.startedAt!)));
  expect(runs.every((r) => Date.parse(r.finishedAt!) > lastStart)).toBe(true);
  for (const [k, c] of channels.entries()) {
    const [n] = await sql<{ n: number; ids: number; mps: string[] }>('select count(*)::int as n, count(distinct external_id)::int as ids, array_agg(distinct marketplace_id) as mps from sales_order where channel_id = ?', [c.key]);
    expect(n).toEqual({ n: ORDERS, ids: ORDERS, mps: [MARKETPLACES[k].id] });
  }
  // Every exchange was held to Amazon's models (the jest hook fails the test on a violation).
  expect(await simGet(control, '/__sim/contract-violations')).toMatchObject({ checking: true, violations: [] });
  // One searchOrders bucket for the seller, shared by every process and channel, at the rate the answers stated.
  const bucket = `b|AMAZON|${new URL(sim.baseUrl).origin}|${amazonConnector.rateKey!(credentials, { region: 'NA' })}|searchOrders`;
  const rows = await sql<{ key: string; rate: number | null }>(`select key, rate from rate_bucket where key like 'b|AMAZON|%searchOrders'`);
  expect(rows).toEqual([{ key: bucket, rate: PLAN.rate }]);
});

describe('a rate an answer states', () => {
  const limiter = () => new PgRateLimiter(t.em());
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  it('given a searchOrders call reserved at the published plan when its answer states 2 a second then the next call waits half a second, not the published three minutes', async () => {
    const published = USAGE_PLANS.searchOrders;
    const call = { bucket: 'b|TEST|amazon:A1FAST:NA|searchOrders', account: 'a|A1FAST', limit: { ...published, burst: 1 }, maxWaitMs: 600_000 };
    await limiter().acquire(call, sleep);
    await limiter().adopt(call.bucket, { ratePerSecond: 2 }, call.limit);
    const waits: number[] = [];
    await limiter().acquire(call, async (ms) => void waits.push(ms));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(300);
    expect(waits[0]).toBeLessThan(1_000);
  });

  it('given a stated rate when a throttle pauses the bucket then the calls after the pause go at the stated rate, not the published one', async () => {
    // getFeedDocument's published plan is a token every 45 seconds (burst 10); this seller's answers say 100 a second.
    const published = USAGE_PLANS.getFeedDocument;
    const call = { bucket: 'b|TEST|amazon:A1PAUSE:NA|getFeedDocument', account: 'a|A1PAUSE', limit: published, maxWaitMs: 600_000 };
    await limiter().acquire(call, sleep);
    await limiter().adopt(call.bucket, { ratePerSecond: 100 }, published);
    // A 429 waits one token's refill at the stated rate: the bucket pauses 10 ms, its burst spent.
    await limiter().pause(call.bucket, Date.now() + 10, { code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }, published);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await limiter().acquire(call, async (ms) => {
        waits.push(ms);
        // A wait of minutes is not slept through: the sum below fails the test.
        if (ms < 1_000) await sleep(ms);
      });
    }
    // After the pause one call at a time at 100/s: the three within a fraction of a second, not 45 seconds apart.
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(1_000);
  });

  it('given a call reserved at a faster rate when a slower one is stated then the call counts at the slower rate', async () => {
    const call = { bucket: 'b|TEST|amazon:A1SLOW:NA|getOrder', account: 'a|A1SLOW', limit: { ratePerSecond: 2, burst: 1 }, maxWaitMs: 600_000 };
    await limiter().acquire(call, sleep);
    await limiter().adopt(call.bucket, { ratePerSecond: 0.5 }, call.limit);
    const waits: number[] = [];
    await limiter().acquire(call, async (ms) => void waits.push(ms));
    // The call owed at 0.5/s: the next goes two seconds after it (less four times the few ms the adoption took),
    // not the half second the faster rate would have left.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThan(2_200);
  });
});
