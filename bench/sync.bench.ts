import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
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
import { aliexpress, amazon, BenchMarketplace, BenchSeller, ebay, GatewayCall, taobao } from './sync/marketplaces';

/**
 * Sync benchmark: the built server with its worker (ROLE=all) against Taobao, AliExpress, eBay
 * and Amazon simulators on loopback, on a fresh database (`--only amazon`, or a comma-separated
 * list of taobao, aliexpress, ebay, amazon: those marketplaces only; the stock part needs Taobao,
 * and the figures then go to bench/results/sync-<names>-latest.json).
 * 1. Pull throughput, per marketplace: `--orders` (Taobao) / `--aeOrders` (AliExpress) /
 *    `--ebayOrders` (eBay) / `--amazonOrders` (Amazon) orders in a simulator with no call limit,
 *    one ORDERS sync; orders imported per second (the run's own start and finish times).
 * 2. Pull under the published limit, the quota shared, per marketplace: `--limitedOrders` /
 *    `--aeLimitedOrders` / `--ebayLimitedOrders` orders in a simulator enforcing `--callsPerSecond`
 *    / `--aeCallsPerSecond` per app key (and banning the app on any call over it) or eBay's daily
 *    Fulfillment quota `--ebayCallsPerDay` per app and seller (429 errorId 2001 over it), two
 *    channels on that one quota pulling at once (Taobao: one shop twice; AliExpress: two sellers
 *    of the app, the orders in each; eBay: two channels of one seller), with three worker
 *    processes (the server's and two more); the time from asking to both runs finished against
 *    the least the limit allows for the calls made ((calls − burst) / rate with the engine's
 *    bucket: a second's worth at once for TOP and AliExpress, an hour's share of the day for eBay,
 *    whose 200 orders a call rarely come near it; token calls are not counted; target within
 *    1.2×), and the bans (target 0). Amazon: `--amazonLimitedOrders` orders in a simulator whose
 *    seller's searchOrders plan is `--amazonCallsPerSecond` with Amazon's burst of 20 (429
 *    QuotaExceeded over it), two channels of the seller pulling them at once; only searchOrders
 *    calls count (target within 1.1×).
 * 3. Stock latency (Taobao): `--stockChanges` adjustStock mutations one after another; for each,
 *    the time until the simulator shows the new quantity (p50 / p99; target p99 under 1 s).
 * Writes bench/results/sync-latest.json; exits 1 when an order is missing or a change never
 * arrived.
 *
 *   npm run bench -- sync --orders 20000 --limitedOrders 300 --callsPerSecond 10 --stockChanges 100 \
 *     --aeOrders 20000 --aeLimitedOrders 300 --aeCallsPerSecond 10 \
 *     --ebayOrders 20000 --ebayLimitedOrders 300 --ebayCallsPerDay 100000 \
 *     --amazonOrders 20000 --amazonLimitedOrders 4000 --amazonCallsPerSecond 1
 *   npm run bench -- sync --only amazon
 */

interface Options {
  orders: number;
  limitedOrders: number;
  callsPerSecond: number;
  aeOrders: number;
  aeLimitedOrders: number;
  aeCallsPerSecond: number;
  ebayOrders: number;
  ebayLimitedOrders: number;
  ebayCallsPerDay: number;
  amazonOrders: number;
  amazonLimitedOrders: number;
  amazonCallsPerSecond: number;
  stockChanges: number;
  listings: number;
}

// Orders still to ship are each read again (Taobao fullinfo.get, AliExpress order.info.get), so a
// limited pull makes about one call per order and channel: 300 orders on two channels is about a
// minute at 10 calls a second.
const DEFAULTS: Options = {
  orders: 20_000,
  limitedOrders: 300,
  callsPerSecond: taobao.defaultLimit,
  aeOrders: 20_000,
  aeLimitedOrders: 300,
  aeCallsPerSecond: aliexpress.defaultLimit,
  ebayOrders: 20_000,
  ebayLimitedOrders: 300,
  ebayCallsPerDay: ebay.defaultLimit,
  amazonOrders: 20_000,
  // Amazon reads no order twice: one searchOrders call a page of 100 per channel. 4,000 orders on
  // two channels are 80 calls, a minute past the burst of 20 at one a second.
  amazonLimitedOrders: 4_000,
  amazonCallsPerSecond: amazon.defaultLimit,
  stockChanges: 100,
  listings: 50,
};

/** Worker processes started beside the server's own for the shared-quota pull. */
const EXTRA_WORKERS = 2;

type Sim = RunningSimulator;

async function startSim(m: BenchMarketplace, limit: number): Promise<{ sim: Sim; control: SimControl }> {
  const sim = await m.start(limit);
  onCleanup(`${m.label} simulator`, () => sim.stop());
  return { sim, control: new SimControl(sim.controlUrl) };
}

async function createChannel(server: Server, token: string, m: BenchMarketplace, name: string, seller: BenchSeller, limit: number): Promise<{ id: string; key: string }> {
  const r = await graphql(
    server.base,
    token,
    `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key } userErrors { code message } } }`,
    { i: await m.channelInput(name, seller, limit, WAREHOUSES.map((w) => w.code)) },
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

async function addOrders(m: BenchMarketplace, control: SimControl, from: number, count: number, skus: string[]): Promise<void> {
  // Eight at a time: the control endpoint is not what is measured.
  let next = from;
  const end = from + count;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < end) {
        const i = next++;
        await control.addOrder(m.order(i, skus[i % skus.length]));
      }
    }),
  );
}

async function gatewayCalls(sim: Sim): Promise<GatewayCall[]> {
  const body = (await (await fetch(new URL('/__sim/requests', sim.controlUrl))).json()) as { requests?: GatewayCall[] } | GatewayCall[];
  return Array.isArray(body) ? body : body.requests ?? [];
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Orders pulled from a simulator without a call limit, by one channel: the run's own throughput. */
async function unlimitedPull(server: Server, token: string, m: BenchMarketplace, orders: number, skus: string[]) {
  const { sim, control } = await startSim(m, 1_000_000);
  const channel = await createChannel(server, token, m, `${m.label} unlimited`, { baseUrl: sim.baseUrl, control }, 1_000_000);
  log(`adding ${orders} orders to the unlimited ${m.label} simulator`);
  await addOrders(m, control, 1, orders, skus);
  const run = await syncOrders(server, token, channel.id);
  const ordersPerSec = round(run.created / run.seconds, 0);
  log(`${m.label}: pulled ${run.created} orders in ${round(run.seconds)} s: ${ordersPerSec} orders/s`);
  return { sim, control, channel, created: run.created, expected: orders, seconds: run.seconds, ordersPerSec };
}

/**
 * Two channels on one quota pulling at once from a simulator enforcing `limit` (every worker
 * process is up): the time from asking to both finished against the least the limit allows for
 * the calls made, and the bans.
 */
async function limitedPull(server: Server, token: string, m: BenchMarketplace, orders: number, limit: number, skus: string[]) {
  const { sim, control } = await startSim(m, limit);
  const sellers = await m.twoOnOneApp(sim, control);
  const channels = [];
  for (const [n, seller] of sellers.entries()) channels.push(await createChannel(server, token, m, `${m.label} limited ${n + 1}`, seller, limit));
  // Each seller's orders once (Taobao's two channels are one shop).
  for (const c of new Set(sellers.map((s) => s.control))) await addOrders(m, c, 1, orders, skus);
  const callsBefore = (await gatewayCalls(sim)).length;
  const runIds = await Promise.all(channels.map((c) => startOrdersSync(server, token, c.id)));
  const runs = await Promise.all(runIds.map((id) => runResult(server, token, id)));
  const made = (await gatewayCalls(sim)).slice(callsBefore).filter((c) => m.counted(c));
  const calls = made.length;
  // No fault is injected here: a ban is the limit overrun.
  const bans = made.filter((c) => m.isBan(c)).length;
  const created = runs.reduce((n, r) => n + r.created, 0);
  const seconds = (Math.max(...runs.map((r) => r.finishedAt)) - Math.min(...runs.map((r) => r.createdAt))) / 1000;
  // The least time: the bucket's calls at once, then one per interval. None when the calls fit in the burst (eBay's daily quotas): no ratio then.
  const bucket = m.bucket(limit);
  const minimumSeconds = Math.max(0, calls - bucket.burst) / bucket.ratePerSecond;
  const ratio = minimumSeconds > 0 ? round(seconds / minimumSeconds) : NaN;
  log(`${m.label}: two channels on one quota pulled ${created} orders in ${round(seconds)} s with ${calls} calls at ${limitText(m, limit)} on ${EXTRA_WORKERS + 1} workers: minimum ${round(minimumSeconds)} s, ${Number.isNaN(ratio) ? 'within what the quota lets go at once' : `${ratio}×`}, ${bans} bans`);
  return { channelRefs: channels, channels: channels.length, orders: created, expected: orders * channels.length, seconds, calls, limit, limitUnit: m.limitUnit, minimumSeconds, ratio, bans };
}

/** The limit as the tables print it: the marketplace's own words, else `<limit>/<unit>`. */
function limitText(m: BenchMarketplace, limit: number): string {
  return m.describeLimit?.(limit) ?? `${limit}/${m.limitUnit}`;
}

const MARKETPLACES: BenchMarketplace[] = [taobao, aliexpress, ebay, amazon];

/** `--only a,b` taken out of the flags (the rest are numbers): the marketplaces named, or every one. */
function takeOnly(argv: string[]): { rest: string[]; only: BenchMarketplace[] | null } {
  const rest: string[] = [];
  let names: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag !== '--only') {
      rest.push(argv[i]);
      continue;
    }
    names = inline ?? argv[++i] ?? '';
  }
  if (names === null) return { rest, only: null };
  const wanted = names.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  const unknown = wanted.filter((n) => !MARKETPLACES.some((m) => m.label.toLowerCase() === n));
  if (!wanted.length || unknown.length) throw new Error(`--only takes ${MARKETPLACES.map((m) => m.label.toLowerCase()).join(', ')} (comma-separated), not "${names}"`);
  return { rest, only: MARKETPLACES.filter((m) => wanted.includes(m.label.toLowerCase())) };
}

export async function syncBench(argv: string[]): Promise<void> {
  const { rest, only } = takeOnly(argv);
  const opts = parseFlags(rest, DEFAULTS);
  const selected = only ?? MARKETPLACES;
  // Each marketplace's orders and limit, by its flags.
  const sizes = new Map<BenchMarketplace, { orders: number; limitedOrders: number; limit: number }>([
    [taobao, { orders: opts.orders, limitedOrders: opts.limitedOrders, limit: opts.callsPerSecond }],
    [aliexpress, { orders: opts.aeOrders, limitedOrders: opts.aeLimitedOrders, limit: opts.aeCallsPerSecond }],
    [ebay, { orders: opts.ebayOrders, limitedOrders: opts.ebayLimitedOrders, limit: opts.ebayCallsPerDay }],
    [amazon, { orders: opts.amazonOrders, limitedOrders: opts.amazonLimitedOrders, limit: opts.amazonCallsPerSecond }],
  ]);
  const root = repoRoot();
  const owner: Owner = { email: 'bench-owner@bench.example.com', password: crypto.randomBytes(12).toString('hex') };
  const pg = await postgresServer();
  log(`PostgreSQL: ${pg.kind}`);
  const { url, seeded } = await prepareDatabase(pg.url, owner, async (em) => {
    const catalog = await seedCatalog(em, Math.ceil(opts.listings / 4) + 5);
    await seedStock(em, 1_000_000, { sku: catalog.variants[0].sku, warehouseCode: WAREHOUSES[0].code, onHand: 1_000_000 });
    const rows = await em.getConnection().execute<{ sku: string; price: string }[]>(
      'select v.sku, v.price::text as price from variant v where not exists (select 1 from bundle_component bc where bc.bundle_id = v.id) order by v.sku limit ?',
      [opts.listings],
    );
    return { skus: rows.map((r) => r.sku), prices: Object.fromEntries(rows.map((r) => [r.sku, r.price])) };
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

  // 1. Throughput without a call limit, per marketplace.
  const free = new Map<BenchMarketplace, Awaited<ReturnType<typeof unlimitedPull>>>();
  for (const m of selected) free.set(m, await unlimitedPull(server, token, m, sizes.get(m)!.orders, seeded.skus));

  // 2. Under the published limit, one app key's quota shared by two channels and three workers.
  const workers = await Promise.all(Array.from({ length: EXTRA_WORKERS }, () => startWorker(root, shared)));
  log(`${workers.length} more worker processes ready (pids ${workers.map((w) => w.pid).join(', ')})`);
  const limitedRuns = new Map<BenchMarketplace, Awaited<ReturnType<typeof limitedPull>>>();
  for (const m of selected) limitedRuns.set(m, await limitedPull(server, token, m, sizes.get(m)!.limitedOrders, sizes.get(m)!.limit, seeded.skus));
  for (const w of workers) w.kill('SIGTERM');

  // 3. Stock change → simulator, on the unlimited Taobao channel (when Taobao is benchmarked).
  const stock = free.has(taobao) ? await stockLatency(server, token, url, free.get(taobao)!, [...selected.filter((m) => m !== taobao).flatMap((m) => [free.get(m)!.channel, ...limitedRuns.get(m)!.channelRefs])], seeded, opts.stockChanges) : null;

  const pulls = selected.map((m) => ({ m, free: free.get(m)!, limited: limitedRuns.get(m)! }));
  console.log('');
  printTable(
    ['pull', 'orders', 'seconds', 'orders/s', 'calls', 'limit', 'minimum s', 'ratio', 'bans'],
    pulls.flatMap(({ m, free, limited }) => [
      [`${m.label}: no call limit`, String(free.created), String(round(free.seconds)), String(free.ordersPerSec), '', '', '', '', ''],
      [
        `${m.label}: ${m.describeLimit ? 'usage plan' : 'published limit'}, ${limited.channels} channels, ${EXTRA_WORKERS + 1} workers`,
        String(limited.orders),
        String(round(limited.seconds)),
        String(round(limited.orders / limited.seconds, 0)),
        String(limited.calls),
        limitText(m, limited.limit),
        String(round(limited.minimumSeconds)),
        Number.isNaN(limited.ratio) ? '—' : String(limited.ratio),
        String(limited.bans),
      ],
    ]),
  );
  if (stock) {
    console.log('');
    printTable(['stock change → simulator', 'changes', 'p50 ms', 'p99 ms', 'max ms', 'never arrived'], [['adjustStock → push', String(stock.changes), String(stock.p50Ms), String(stock.p99Ms), String(stock.maxMs), String(stock.lost)]]);
  }

  const figures = ({ m, free, limited }: (typeof pulls)[number]) => ({
    pull: { orders: free.created, seconds: free.seconds, ordersPerSec: free.ordersPerSec },
    limited: {
      channels: limited.channels,
      workers: EXTRA_WORKERS + 1,
      orders: limited.orders,
      seconds: limited.seconds,
      calls: limited.calls,
      ...(limited.limitUnit === 's' ? { callsPerSecond: limited.limit } : { callsPerDay: limited.limit }),
      ...(m.describeLimit ? { plan: m.describeLimit(limited.limit) } : {}),
      minimumSeconds: limited.minimumSeconds,
      // null (JSON has no NaN): the calls fit in what the quota lets go at once, so there is no least time to compare with.
      ratio: Number.isNaN(limited.ratio) ? null : limited.ratio,
      bans: limited.bans,
    },
  });
  const byLabel = Object.fromEntries(pulls.filter((x) => x.m !== taobao).map((x) => [x.m.label.toLowerCase(), figures(x)]));
  const taobaoPull = pulls.find((x) => x.m === taobao);
  // Taobao's figures stay at the top level, where earlier results files have them; a run of some
  // marketplaces only writes a file of its own, so the full results stay whole.
  const report = { ...reportHeader(pg.kind, { ...opts, ...(only ? { only: only.map((m) => m.label.toLowerCase()) } : {}) }), ...(taobaoPull ? figures(taobaoPull) : {}), ...byLabel, ...(stock ? { stock } : {}) };
  const outFile = writeResults(root, only ? `sync-${only.map((m) => m.label.toLowerCase()).join('-')}-latest.json` : 'sync-latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);
  const problems = [
    ...pulls.flatMap(({ m, free, limited }) => [
      free.created !== free.expected ? `${m.label}: the unlimited pull imported ${free.created} of ${free.expected}` : '',
      limited.orders !== limited.expected ? `${m.label}: the limited pull imported ${limited.orders} of ${limited.expected}` : '',
      limited.bans ? `${m.label}: the limited pull was banned ${limited.bans} times` : '',
      limited.ratio > (m.ratioGoal ?? 1.2) ? `${m.label}: the limited pull took ${limited.ratio}× its minimum (target ${m.ratioGoal ?? 1.2}×)` : '',
    ]),
    stock?.lost ? `${stock.lost} stock changes never reached the simulator` : '',
  ].filter(Boolean);
  for (const p of problems) console.error(`[bench] ${p}`);
  if (problems.length) process.exitCode = 1;
}

/**
 * Stock change → simulator latency on the unlimited Taobao channel: its listings published, the
 * other marketplaces' channels paused (they sell from the same warehouses), then `changes`
 * adjustStock mutations one after another, each timed until the simulator shows it.
 */
async function stockLatency(
  server: Server,
  token: string,
  url: string,
  taobaoFree: Awaited<ReturnType<typeof unlimitedPull>>,
  others: { id: string }[],
  seeded: { skus: string[]; prices: Record<string, string> },
  changes: number,
): Promise<{ changes: number; p50Ms: number; p99Ms: number; maxMs: number; lost: number }> {
  const { sim: fastSim, control: fastControl, channel: fastChannel } = taobaoFree;
  // TOP's item.add is retired: the item is made by hand in the back office (one SKU per variant,
  // our SKU as its merchant code, at our price) and the listings link it by its item id. At our
  // prices, publishing moves no SKU price: concurrent price changes of one item's SKUs can leave
  // the item's price outside their range (isv.item-price-not-in-sku-price-range), which is not
  // what this part measures.
  log(`publishing ${seeded.skus.length} listings`);
  const item = await fetch(new URL('/__sim/items', fastSim.controlUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: '基准测试 纯棉短袖T恤', cid: 50000436, skus: seeded.skus.map((sku) => ({ outer_id: sku, price: seeded.prices[sku], quantity: 0 })) }),
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
      if (rows[0].failed > 0) {
        const failed = await c.query(`select sku, last_error_code, last_error_message from listing where status = 'ERROR' limit 5`);
        throw new Error(`${rows[0].failed} listings could not be published: ${JSON.stringify(failed.rows)}`);
      }
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
  // What is measured is a Taobao channel's pushes, as before: the other marketplaces' channels,
  // which sell from the same warehouses, are paused (their stock changes then wait) so their stock
  // jobs do not queue beside it.
  for (const c of others) {
    await graphql(server.base, token, `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code message } } }`, { i: { id: c.id, status: 'PAUSED' } });
  }
  const latencies: number[] = [];
  let lost = 0;
  for (let k = 0; k < changes; k++) {
    const sku = seeded.skus[k % seeded.skus.length];
    const before = (await fastControl.listings()).find((l) => l.sku === sku)!.quantity;
    const t0 = performance.now();
    await graphql(server.base, token, `mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -1, reason: "bench" }) { userErrors { code } } }`, { s: sku, w: WAREHOUSES[0].code });
    for (;;) {
      const now = (await fastControl.listings()).find((l) => l.sku === sku)!.quantity;
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
  return { changes, p50Ms: round(percentile(latencies, 50), 0), p99Ms: round(percentile(latencies, 99), 0), maxMs: round(latencies[latencies.length - 1] ?? NaN, 0), lost };
}

if (require.main === module) runMain(() => syncBench(process.argv.slice(2)));
