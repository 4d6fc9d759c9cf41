import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
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
import { repoRoot, sleep } from './support/paths';
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
 * 2. Pull under the published limit, the quota shared: `--limitedOrders` trades in a simulator
 *    enforcing `--callsPerSecond` per app key (and banning the app for a second on any call
 *    over it, as TOP does), two channels on that one app key pulling them at once, with three
 *    worker processes (the server's and two more); the time from asking to both runs finished
 *    against the least the limit allows for the calls made ((calls − burst) / rate; target
 *    within 1.2×), and the bans (target 0).
 * 3. Stock latency: `--stockChanges` adjustStock mutations one after another; for each, the
 *    time until the simulator shows the new quantity (p50 / p99; target p99 under 1 s).
 * Writes bench/results/sync-latest.json; exits 1 when an order is missing or a change never
 * arrived.
 *
 *   npm run bench -- sync --orders 20000 --limitedOrders 300 --callsPerSecond 10 --stockChanges 100
 */

interface Options {
  orders: number;
  limitedOrders: number;
  callsPerSecond: number;
  stockChanges: number;
  listings: number;
}

// Trades still to ship are each read again with fullinfo.get, so a limited pull makes about one
// call per order and channel: 300 trades on two channels is about a minute at 10 calls a second.
const DEFAULTS: Options = { orders: 20_000, limitedOrders: 300, callsPerSecond: 10, stockChanges: 100, listings: 50 };

/** Worker processes started beside the server's own for the shared-quota pull. */
const EXTRA_WORKERS = 2;

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
  createdAt: number;
  finishedAt: number;
}

async function startOrdersSync(server: Server, token: string, channelId: string): Promise<string> {
  const r = await graphql(server.base, token, `mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId, scopes: ['ORDERS'] } });
  const run = (r.data.syncChannel as { syncRun: { id: string } | null; userErrors: unknown[] }).syncRun;
  if (!run) throw new Error(`syncChannel: ${JSON.stringify(r.data.syncChannel)}`);
  return run.id;
}

async function runResult(server: Server, token: string, runId: string): Promise<RunResult> {
  for (;;) {
    const s = await graphql(server.base, token, `query($id: ID!) { syncRun(id: $id) { status counts { created } createdAt startedAt finishedAt } }`, { id: runId });
    const v = s.data.syncRun as { status: string; counts: { created: number }; createdAt: string; startedAt: string | null; finishedAt: string | null };
    if (v.finishedAt) {
      return { seconds: (Date.parse(v.finishedAt) - Date.parse(v.startedAt ?? v.finishedAt)) / 1000, created: v.counts.created, status: v.status, createdAt: Date.parse(v.createdAt), finishedAt: Date.parse(v.finishedAt) };
    }
    await sleep(100);
  }
}

async function syncOrders(server: Server, token: string, channelId: string): Promise<RunResult> {
  return runResult(server, token, await startOrdersSync(server, token, channelId));
}

/**
 * A sync worker process (ROLE=worker) of the built server on the same database and secrets;
 * resolves once it is ready, and is stopped at cleanup.
 */
async function startWorker(root: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DEMO_DATA: 'false', ...env, ROLE: 'worker', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const ready = new Promise<void>((resolve) => {
    const seen = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
      if (chunk.toString().includes('sync worker ready')) resolve();
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
  });
  onCleanup('stop worker', async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    for (let i = 0; i < 100 && exited === undefined; i++) await sleep(100);
    if (exited === undefined) child.kill('SIGKILL');
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`a worker exited with code ${exited} before it was ready:\n${output.join('').slice(-3000)}`);
    if (await Promise.race([ready.then(() => true), sleep(200).then(() => false)])) return child;
  }
  throw new Error(`a worker was not ready within 60 s:\n${output.join('').slice(-3000)}`);
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

interface GatewayCall {
  errorCode?: string | null;
}

async function gatewayCalls(sim: Sim): Promise<GatewayCall[]> {
  const body = (await (await fetch(new URL('/__sim/requests', sim.controlUrl))).json()) as { requests?: GatewayCall[] } | GatewayCall[];
  return Array.isArray(body) ? body : body.requests ?? [];
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
  // The server's secrets are the bench's, so the extra workers can read the channels' credentials.
  // Development mode: production refuses channels on plain http, and the simulators are http on
  // loopback (src/sync/channel-address.ts).
  const shared = {
    NODE_ENV: 'development',
    JWT_SECRET: crypto.randomBytes(20).toString('hex'),
    SECRETS_KEY: crypto.randomBytes(32).toString('hex'),
    DATABASE_URL: url,
    WORKER_CONCURRENCY: '2',
    SYNC_TICK_SECONDS: '5',
  };
  const server = await startServer(root, url, owner, { ...shared, ROLE: 'all' });
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

  // 2. Under the published limit, one app key's quota shared by two channels and three workers.
  const workers = await Promise.all(Array.from({ length: EXTRA_WORKERS }, () => startWorker(root, shared)));
  log(`${workers.length} more worker processes ready (pids ${workers.map((w) => w.pid).join(', ')})`);
  const slow = await startSim(opts.callsPerSecond);
  const slowChannels = [
    await createChannel(server, token, '淘宝 限速 甲', slow.sim, slow.control, opts.callsPerSecond),
    await createChannel(server, token, '淘宝 限速 乙', slow.sim, slow.control, opts.callsPerSecond),
  ];
  await addTrades(slow.control, 1, opts.limitedOrders, seeded.skus);
  const callsBefore = (await gatewayCalls(slow.sim)).length;
  const runIds = await Promise.all(slowChannels.map((c) => startOrdersSync(server, token, c.id)));
  const limitedRuns = await Promise.all(runIds.map((id) => runResult(server, token, id)));
  const made = (await gatewayCalls(slow.sim)).slice(callsBefore);
  const calls = made.length;
  // Code 7 is TOP's ban for going over the app's limit (no fault is injected here).
  const bans = made.filter((c) => String(c.errorCode ?? '').startsWith('7')).length;
  const limited = {
    created: limitedRuns.reduce((n, r) => n + r.created, 0),
    seconds: (Math.max(...limitedRuns.map((r) => r.finishedAt)) - Math.min(...limitedRuns.map((r) => r.createdAt))) / 1000,
  };
  const minimum = Math.max(0, calls - opts.callsPerSecond) / opts.callsPerSecond;
  const ratio = minimum > 0 ? round(limited.seconds / minimum) : NaN;
  log(`two channels on one app key pulled ${limited.created} orders in ${round(limited.seconds)} s with ${calls} calls at ${opts.callsPerSecond}/s on ${workers.length + 1} workers: minimum ${round(minimum)} s, ${ratio}×, ${bans} bans`);
  for (const w of workers) w.kill('SIGTERM');

  // 3. Stock change → simulator, on the unlimited channel.
  // TOP's item.add is retired: the item is made by hand in the back office (one SKU per variant,
  // our SKU as its merchant code) and the listings link it by its item id.
  log(`publishing ${seeded.skus.length} listings`);
  const item = await fetch(new URL('/__sim/items', fast.sim.controlUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: '基准测试 纯棉短袖T恤', cid: 50000436, skus: seeded.skus.map((sku) => ({ outer_id: sku, price: '99.00', quantity: 0 })) }),
  });
  if (!item.ok) throw new Error(`POST /__sim/items answered ${item.status}: ${await item.text()}`);
  const numIid = ((await item.json()) as { num_iid: string }).num_iid;
  const published = await graphql(server.base, token, `mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code message } } }`, {
    i: { channelId: fastChannel.id, skus: seeded.skus, attributeList: [{ name: 'numIid', value: numIid }] },
  });
  const refused = (published.data.publishListings as { userErrors: unknown[] }).userErrors;
  if (refused.length) throw new Error(`publishListings: ${JSON.stringify(refused)}`);
  await withClient(url, async (c) => {
    for (;;) {
      const { rows } = await c.query(`select count(*) filter (where status = 'ACTIVE')::int as active, count(*) filter (where status = 'ERROR')::int as failed from listing`);
      if (rows[0].failed > 0) throw new Error(`${rows[0].failed} listings could not be published`);
      if (rows[0].active === seeded.skus.length) break;
      await sleep(200);
    }
  });
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
    ['pull', 'orders', 'seconds', 'orders/s', 'calls', 'limit/s', 'minimum s', 'ratio', 'bans'],
    [
      ['no call limit', String(free.created), String(round(free.seconds)), String(freeRate), '', '', '', '', ''],
      [
        `published limit, 2 channels, ${EXTRA_WORKERS + 1} workers`,
        String(limited.created),
        String(round(limited.seconds)),
        String(round(limited.created / limited.seconds, 0)),
        String(calls),
        String(opts.callsPerSecond),
        String(round(minimum)),
        String(ratio),
        String(bans),
      ],
    ],
  );
  console.log('');
  printTable(['stock change → simulator', 'changes', 'p50 ms', 'p99 ms', 'max ms', 'never arrived'], [['adjustStock → push', String(stock.changes), String(stock.p50Ms), String(stock.p99Ms), String(stock.maxMs), String(stock.lost)]]);

  const report = { ...reportHeader(pg.kind, opts), pull: { orders: free.created, seconds: free.seconds, ordersPerSec: freeRate }, limited: { channels: slowChannels.length, workers: EXTRA_WORKERS + 1, orders: limited.created, seconds: limited.seconds, calls, callsPerSecond: opts.callsPerSecond, minimumSeconds: minimum, ratio, bans }, stock };
  const outFile = writeResults(root, 'sync-latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);
  const problems = [
    free.created !== opts.orders ? `unlimited pull imported ${free.created} of ${opts.orders}` : '',
    limited.created !== opts.limitedOrders * slowChannels.length ? `limited pull imported ${limited.created} of ${opts.limitedOrders * slowChannels.length}` : '',
    bans ? `the limited pull was banned ${bans} times` : '',
    ratio > 1.2 ? `the limited pull took ${ratio}× its minimum (target 1.2×)` : '',
    lost ? `${lost} stock changes never reached the simulator` : '',
  ].filter(Boolean);
  for (const p of problems) console.error(`[bench] ${p}`);
  if (problems.length) process.exitCode = 1;
}

if (require.main === module) runMain(() => syncBench(process.argv.slice(2)));
