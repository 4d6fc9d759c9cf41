import 'reflect-metadata';
import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { tradeJson } from '../connectors/taobao/fixtures/trades';
import { parseFlags } from './support/args';
import { onCleanup, runMain } from './support/cleanups';
import { seedCatalog } from './support/catalog-seed';
import { graphql, login } from './support/graphql';
import { repoRoot } from './support/paths';
import { Owner, postgresServer, prepareDatabase, withClient } from './support/postgres';
import { log, reportHeader, writeResults } from './support/report';
import { Server, startServer } from './support/server';
import { round } from './support/stats';
import { printTable } from './support/table';
import { seedStock, WAREHOUSES } from './inventory/stock-seed';

/**
 * Sync benchmark: the built server with its worker (ROLE=all) against Taobao simulators on
 * loopback, on a fresh database.
 * 1. Pull throughput: `--orders` trades in a simulator with no call limit, one ORDERS sync;
 *    orders imported per second (the run's own start and finish times).
 * 2. Pull under the published limit: `--limitedOrders` trades in a simulator enforcing
 *    `--callsPerSecond`, the channel's quota the same; the run's time against the least that
 *    limit allows for the calls it made ((calls − burst) / rate; target within 1.1×).
 * 3. Stock latency: `--stockChanges` adjustStock mutations one after another; for each, the
 *    time until the simulator shows the new quantity (p50 / p99; target p99 under 1 s).
 * Writes bench/results/sync-latest.json; exits 1 when an order is missing or a change never
 * arrived.
 *
 *   npm run bench -- sync --orders 20000 --limitedOrders 3000 --callsPerSecond 10 --stockChanges 100
 */

interface Options {
  orders: number;
  limitedOrders: number;
  callsPerSecond: number;
  stockChanges: number;
  listings: number;
}

const DEFAULTS: Options = { orders: 20_000, limitedOrders: 3_000, callsPerSecond: 10, stockChanges: 100, listings: 50 };

type Sim = Awaited<ReturnType<typeof startTaobaoSimulator>>;

async function startSim(callsPerSecond: number): Promise<{ sim: Sim; control: SimControl }> {
  const sim = await startTaobaoSimulator({ callsPerSecond, burst: callsPerSecond });
  onCleanup('simulator', () => sim.stop());
  return { sim, control: new SimControl(sim.controlUrl) };
}

async function createChannel(server: Server, token: string, name: string, sim: Sim, control: SimControl, callsPerSecond: number): Promise<{ id: string; key: string }> {
  const credentials = { ...(await control.credentials()), callsPerSecond: String(callsPerSecond) };
  const r = await graphql(
    server.base,
    token,
    `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key } userErrors { code message } } }`,
    { i: { kind: 'TAOBAO', name, baseUrl: sim.baseUrl, currency: 'CNY', credentials, warehouseCodes: WAREHOUSES.map((w) => w.code), schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 } } },
  );
  const out = r.data.createChannel as { channel: { id: string; key: string } | null; userErrors: unknown[] };
  if (!out.channel) throw new Error(`createChannel: ${JSON.stringify(out.userErrors)}`);
  return out.channel;
}

interface RunResult {
  seconds: number;
  created: number;
  status: string;
}

async function syncOrders(server: Server, token: string, channelId: string): Promise<RunResult> {
  const r = await graphql(server.base, token, `mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId, scopes: ['ORDERS'] } });
  const run = (r.data.syncChannel as { syncRun: { id: string } | null; userErrors: unknown[] }).syncRun;
  if (!run) throw new Error(`syncChannel: ${JSON.stringify(r.data.syncChannel)}`);
  for (;;) {
    const s = await graphql(server.base, token, `query($id: ID!) { syncRun(id: $id) { status counts { created } startedAt finishedAt } }`, { id: run.id });
    const v = s.data.syncRun as { status: string; counts: { created: number }; startedAt: string | null; finishedAt: string | null };
    if (v.finishedAt) return { seconds: (Date.parse(v.finishedAt) - Date.parse(v.startedAt ?? v.finishedAt)) / 1000, created: v.counts.created, status: v.status };
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function addTrades(control: SimControl, from: number, count: number, skus: string[]): Promise<void> {
  // Eight at a time: the control endpoint is not what is measured.
  let next = from;
  const end = from + count;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < end) {
        const i = next++;
        await control.addOrder(tradeJson(i, [skus[i % skus.length]]));
      }
    }),
  );
}

async function gatewayCalls(sim: Sim): Promise<number> {
  const body = (await (await fetch(new URL('/__sim/requests', sim.controlUrl))).json()) as { requests?: unknown[] } | unknown[];
  return (Array.isArray(body) ? body : body.requests ?? []).length;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function syncBench(argv: string[]): Promise<void> {
  const opts = parseFlags(argv, DEFAULTS);
  const root = repoRoot();
  const owner: Owner = { email: 'bench-owner@bench.example.com', password: crypto.randomBytes(12).toString('hex') };
  const pg = await postgresServer();
  log(`PostgreSQL: ${pg.kind}`);
  const { url, seeded } = await prepareDatabase(pg.url, owner, async (em) => {
    const catalog = await seedCatalog(em, Math.ceil(opts.listings / 4) + 5);
    await seedStock(em, 1_000_000, { sku: catalog.variants[0].sku, warehouseCode: WAREHOUSES[0].code, onHand: 1_000_000 });
    const rows = await em.getConnection().execute<{ sku: string }[]>(
      'select v.sku from variant v where not exists (select 1 from bundle_component bc where bc.bundle_id = v.id) order by v.sku limit ?',
      [opts.listings],
    );
    return { skus: rows.map((r) => r.sku) };
  });
  const server = await startServer(root, url, owner, { ROLE: 'all', WORKER_CONCURRENCY: '2', SYNC_TICK_SECONDS: '5' });
  log(`server ready at ${server.base} (pid ${server.child.pid}, API and worker)`);
  const token = await login(server.base, owner);

  // 1. Throughput without a call limit.
  const fast = await startSim(1_000_000);
  const fastChannel = await createChannel(server, token, '淘宝 不限速', fast.sim, fast.control, 1_000_000);
  log(`adding ${opts.orders} trades to the unlimited simulator`);
  await addTrades(fast.control, 1, opts.orders, seeded.skus);
  const free = await syncOrders(server, token, fastChannel.id);
  const freeRate = round(free.created / free.seconds, 0);
  log(`pulled ${free.created} orders in ${round(free.seconds)} s: ${freeRate} orders/s`);

  // 2. Under the published limit.
  const slow = await startSim(opts.callsPerSecond);
  const slowChannel = await createChannel(server, token, '淘宝 限速', slow.sim, slow.control, opts.callsPerSecond);
  await addTrades(slow.control, 1, opts.limitedOrders, seeded.skus);
  const callsBefore = await gatewayCalls(slow.sim);
  const limited = await syncOrders(server, token, slowChannel.id);
  const calls = (await gatewayCalls(slow.sim)) - callsBefore;
  const minimum = Math.max(0, calls - opts.callsPerSecond) / opts.callsPerSecond;
  const ratio = minimum > 0 ? round(limited.seconds / minimum) : NaN;
  log(`pulled ${limited.created} orders in ${round(limited.seconds)} s with ${calls} calls at ${opts.callsPerSecond}/s: minimum ${round(minimum)} s, ${ratio}×`);

  // 3. Stock change → simulator, on the unlimited channel.
  log(`publishing ${seeded.skus.length} listings`);
  await graphql(server.base, token, `mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code } } }`, {
    i: { channelId: fastChannel.id, skus: seeded.skus, categoryId: '50000436', attributes: { 'location.state': '浙江', 'location.city': '杭州' } },
  });
  for (;;) {
    const ls = await fast.control.listings();
    if (seeded.skus.every((s) => ls.some((l) => l.sku === s))) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  // Quiet: the pushes the orders pull caused have drained.
  await withClient(url, async (c) => {
    for (;;) {
      const { rows } = await c.query(`select count(*)::int as n from stock_outbox where dispatched_at is null`);
      if (rows[0].n === 0) break;
      await new Promise((res) => setTimeout(res, 200));
    }
  });
  const latencies: number[] = [];
  let lost = 0;
  for (let k = 0; k < opts.stockChanges; k++) {
    const sku = seeded.skus[k % seeded.skus.length];
    const before = (await fast.control.listings()).find((l) => l.sku === sku)!.quantity;
    const t0 = performance.now();
    await graphql(server.base, token, `mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -1, reason: "bench" }) { userErrors { code } } }`, { s: sku, w: WAREHOUSES[0].code });
    for (;;) {
      const now = (await fast.control.listings()).find((l) => l.sku === sku)!.quantity;
      if (now === before - 1) {
        latencies.push(performance.now() - t0);
        break;
      }
      if (performance.now() - t0 > 10_000) {
        lost++;
        break;
      }
      await new Promise((res) => setTimeout(res, 5));
    }
  }
  latencies.sort((a, b) => a - b);
  const stock = { changes: opts.stockChanges, p50Ms: round(percentile(latencies, 50), 0), p99Ms: round(percentile(latencies, 99), 0), maxMs: round(latencies[latencies.length - 1] ?? NaN, 0), lost };

  console.log('');
  printTable(
    ['pull', 'orders', 'seconds', 'orders/s', 'calls', 'limit/s', 'minimum s', 'ratio'],
    [
      ['no call limit', String(free.created), String(round(free.seconds)), String(freeRate), '', '', '', ''],
      ['published limit', String(limited.created), String(round(limited.seconds)), String(round(limited.created / limited.seconds, 0)), String(calls), String(opts.callsPerSecond), String(round(minimum)), String(ratio)],
    ],
  );
  console.log('');
  printTable(['stock change → simulator', 'changes', 'p50 ms', 'p99 ms', 'max ms', 'never arrived'], [['adjustStock → push', String(stock.changes), String(stock.p50Ms), String(stock.p99Ms), String(stock.maxMs), String(stock.lost)]]);

  const report = { ...reportHeader(pg.kind, opts), pull: { orders: free.created, seconds: free.seconds, ordersPerSec: freeRate }, limited: { orders: limited.created, seconds: limited.seconds, calls, callsPerSecond: opts.callsPerSecond, minimumSeconds: minimum, ratio }, stock };
  const outFile = writeResults(root, 'sync-latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);
  const problems = [
    free.created !== opts.orders ? `unlimited pull imported ${free.created} of ${opts.orders}` : '',
    limited.created !== opts.limitedOrders ? `limited pull imported ${limited.created} of ${opts.limitedOrders}` : '',
    lost ? `${lost} stock changes never reached the simulator` : '',
  ].filter(Boolean);
  for (const p of problems) console.error(`[bench] ${p}`);
  if (problems.length) process.exitCode = 1;
}

if (require.main === module) runMain(() => syncBench(process.argv.slice(2)));
