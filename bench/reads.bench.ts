import 'reflect-metadata';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseFlags } from './support/args';
import { runMain } from './support/cleanups';
import { seedCatalog } from './support/catalog-seed';
import { cpuUse, CpuUse, sampleCpu } from './support/cpu';
import { graphql, login } from './support/graphql';
import { AutocannonResult, graphqlLoad, LoadOptions, LoadRequest, runLoad } from './support/load';
import { delta, readMetrics, serverMemory } from './support/metrics';
import { repoRoot } from './support/paths';
import { Owner, postgresServer, prepareDatabase, withClient } from './support/postgres';
import { log, reportHeader, writeResults } from './support/report';
import { Server, startServer } from './support/server';
import { median, round } from './support/stats';
import { printTable } from './support/table';
import { seedOrders } from './reads/orders-seed';
import { seedVariedStock } from './reads/stock-seed';
import { startFloor } from './reads/floor.process';

/**
 * The hot reads beside their floors. Seeds `--products` products × 4 variants with stock in two
 * warehouses and `--catalogOrders` orders (SQL, not the API), starts the built API in production
 * mode and the floor server (bench/reads/floor.server.ts: a bare `node:http` handler running
 * the API's own statements through `pg` and writing the same JSON) as two processes on the
 * same database, and measures both in the same run with the same load generator:
 *   products(first: 50) with variants, price and stock; product(id:) with variants and stock;
 *   search for a Chinese and an English term; then, with the orders topped up to `--orders`,
 *   orders(first: 50) with buyer, total and lines.
 * For each: the unloaded median of `--singles` sequential requests (the sides taking turns),
 * then `--warmup` s of load on each, then `--duration` s measured on each at `--connections`,
 * in `--rounds` alternating rounds (API, floor, API, floor…) so that whatever else the machine
 * does weighs on both alike; req/s, p99 (the worst round's), CPU per request of the server and
 * of PostgreSQL, how busy the machine was, and the ratio API ÷ floor, which the machine's noise
 * moves far less than either figure. Before measuring, each floor's `data` must equal the API's byte for byte and
 * both must send the same number of SQL statements; the bench stops otherwise.
 *
 *   npm run bench                       (this benchmark; the defaults below)
 *   npm run bench -- reads --duration 5 --warmup 2
 *   READS_ONLY=products-page npm run bench -- reads     (a comma list of scenario keys)
 *
 * Writes bench/results/reads-latest.json.
 */

interface Options {
  products: number;
  catalogOrders: number;
  orders: number;
  duration: number;
  warmup: number;
  connections: number;
  singles: number;
  rounds: number;
}

const DEFAULTS: Options = { products: 2_000, catalogOrders: 5_000, orders: 100_000, duration: 20, warmup: 10, connections: 50, singles: 50, rounds: 2 };

const STOCKED_PRODUCT = 'id title variants { id sku price { amount currency } stock { available } }';

interface ReadScenario {
  key: string;
  name: string;
  /** Which data it runs on: the catalogue with its few orders, or after the orders are topped up. */
  phase: 'catalog' | 'orders';
  query: string;
  /** Path and query string of its floor. */
  floorPath: string;
  /** Throws unless the data is a full answer (so an empty page is never benchmarked). */
  check(data: Record<string, unknown>): void;
}

function edges(data: Record<string, unknown>, field: string): unknown[] {
  return ((data[field] as { edges?: unknown[] } | null)?.edges ?? []) as unknown[];
}

function scenarios(productDbId: string, productGlobalId: string): ReadScenario[] {
  const atLeast = (field: string, n: number) => (d: Record<string, unknown>) => {
    if (edges(d, field).length < n) throw new Error(`${field}: expected at least ${n} edges, got ${JSON.stringify(d).slice(0, 300)}`);
  };
  return [
    {
      key: 'products-page',
      name: 'products(first: 50) + variants, price, stock',
      phase: 'catalog',
      query: `{ products(first: 50) { edges { node { ${STOCKED_PRODUCT} } } } }`,
      floorPath: '/products-page?first=50',
      check: atLeast('products', 50),
    },
    {
      key: 'product',
      name: 'product(id:) + variants, price, stock',
      phase: 'catalog',
      query: `{ product(id: ${JSON.stringify(productGlobalId)}) { ${STOCKED_PRODUCT} } }`,
      floorPath: `/product?id=${productDbId}`,
      check: (d) => {
        if (!(d.product as { variants?: unknown[] } | null)?.variants?.length) throw new Error(`product(id:) returned ${JSON.stringify(d)}`);
      },
    },
    ...(['西装', 'suit'] as const).map((term, i) => ({
      key: i === 0 ? 'search-zh' : 'search-en',
      name: `products(first: 20, search: "${term}") + variants`,
      phase: 'catalog' as const,
      query: `{ products(first: 20, filter: { search: ${JSON.stringify(term)} }) { edges { node { id title status variants { sku price { amount currency } } } } } }`,
      floorPath: `/search?first=20&term=${encodeURIComponent(term)}`,
      check: atLeast('products', 20),
    })),
    {
      key: 'orders-page',
      name: 'orders(first: 50) + buyer, total, lines',
      phase: 'orders',
      query: `{ orders(first: 50) { edges { node { number status buyer { name } totals { total { amount } } lines { sku quantity unitPrice { amount } } } } } }`,
      floorPath: '/orders-page?first=50',
      check: atLeast('orders', 50),
    },
  ];
}

/** One side (API or floor) of a scenario. */
interface SideResult {
  unloadedMedianMs: number;
  /** Statements per request, counted over the sequential requests. */
  sqlPerRequest: number;
  requestsPerSec: number;
  /** Request-weighted mean of the rounds' medians, and the worst round's 99th percentile. */
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** CPU milliseconds per request under load: the server process, and PostgreSQL's backends for it. */
  serverCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  /** Share of both cores busy during its rounds, everything on the machine counted. */
  machineBusyPct: number | null;
  /** CPU seconds of everything but this server and its backends during its rounds (other work, the load generator). */
  otherCpuSeconds: number | null;
  rssMiB: number;
}

interface ScenarioResult {
  key: string;
  name: string;
  api: SideResult;
  floor: SideResult;
  /** API ÷ floor throughput. */
  ratio: number;
  loadAverage: number[];
}

/** Where one side answers: its server, the path of the scenario there, and the caller's token (the API's). */
interface Side {
  server: Server;
  path: string;
  token?: string;
}

/** Sends one request to either side and returns the body's `data` as JSON text (key order kept) and the round trip. */
async function call(side: Side, body: string): Promise<{ data: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${side.server.base}${side.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(side.token ? { authorization: `Bearer ${side.token}` } : {}) },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (res.status !== 200 || parsed.errors?.length || !parsed.data) throw new Error(`${side.server.base}${side.path}: HTTP ${res.status} ${text.slice(0, 1000)}`);
  return { data: JSON.stringify(parsed.data), ms };
}

/** Counts non-200 answers and answers with errors (both sides answer `{ data }` or `{ errors }`). */
function tallyingRequest(): { request: LoadRequest; failed: () => number; reset: () => void } {
  let failed = 0;
  return {
    request: {
      onResponse: (status, body) => {
        if (status !== 200 || body.startsWith('{"errors"') || body.includes('"errors":[')) failed++;
      },
    },
    failed: () => failed,
    reset: () => (failed = 0),
  };
}

function loadOf(side: Side, body: string, connections: number, tally: LoadRequest): LoadOptions {
  const load: LoadOptions = { ...graphqlLoad(side.server.base, side.token ?? '', connections), url: `${side.server.base}${side.path}`, body, requests: [tally] };
  if (!side.token) delete load.headers.authorization;
  return load;
}

/** What the rounds of one side added up to. */
class Rounds {
  requests = 0;
  seconds = 0;
  p50Weighted = 0;
  p99 = 0;
  failed = 0;
  serverSeconds: number | null = 0;
  backendSeconds: number | null = 0;
  busyCoreSeconds: number | null = 0;
  otherSeconds: number | null = 0;

  add(r: AutocannonResult, cpu: CpuUse, failed: number): void {
    this.requests += r.requests.total;
    this.seconds += cpu.seconds;
    this.p50Weighted += r.latency.p50 * r.requests.total;
    this.p99 = Math.max(this.p99, r.latency.p99);
    this.failed += failed + r.non2xx + r.errors + r.timeouts;
    const sum = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
    this.serverSeconds = sum(this.serverSeconds, cpu.processSeconds);
    this.backendSeconds = sum(this.backendSeconds, cpu.backendSeconds);
    this.busyCoreSeconds = sum(this.busyCoreSeconds, cpu.machineBusyPct === null ? null : (cpu.machineBusyPct / 100) * os.cpus().length * cpu.seconds);
    this.otherSeconds = sum(this.otherSeconds, cpu.otherSeconds);
  }
}

/**
 * Measures both sides of a scenario: the unloaded medians (requests one at a time, the sides
 * taking turns), then a warm-up of each, then `rounds` rounds in which the API and then the
 * floor are loaded for duration ÷ rounds seconds each, so whatever else the machine does
 * weighs on both alike.
 */
async function measure(api: Side, floor: Side, body: string, database: string, opts: Options): Promise<{ api: SideResult; floor: SideResult }> {
  const sides = [api, floor];
  const times: number[][] = [[], []];
  const m0 = await Promise.all(sides.map((s) => readMetrics(s.server.base)));
  for (let i = 0; i < opts.singles; i++) for (let k = 0; k < 2; k++) times[k].push((await call(sides[k], body)).ms);
  const m1 = await Promise.all(sides.map((s) => readMetrics(s.server.base)));
  const tallies = sides.map(() => tallyingRequest());
  const loads = sides.map((s, k) => loadOf(s, body, opts.connections, tallies[k].request));
  if (opts.warmup > 0) for (let k = 0; k < 2; k++) await runLoad(sides[k].server.base, loads[k], { warmup: 0, duration: opts.warmup });
  const rounds = [new Rounds(), new Rounds()];
  const slice = Math.max(1, Math.round(opts.duration / opts.rounds));
  for (let r = 0; r < opts.rounds; r++) {
    for (let k = 0; k < 2; k++) {
      const pid = sides[k].server.child.pid!;
      tallies[k].reset();
      const cpu0 = sampleCpu([pid], database);
      const { result } = await runLoad(sides[k].server.base, loads[k], { warmup: 0, duration: slice });
      rounds[k].add(result, cpuUse(cpu0, sampleCpu([pid], database), pid), tallies[k].failed());
    }
  }
  const results = await Promise.all(
    sides.map(async (s, k): Promise<SideResult> => {
      const r = rounds[k];
      const perRequest = (sec: number | null) => (sec === null || r.requests === 0 ? null : round((1000 * sec) / r.requests, 2));
      return {
        unloadedMedianMs: round(median(times[k])),
        sqlPerRequest: round(delta(m0[k], m1[k], 'sql_statements_total') / opts.singles),
        requestsPerSec: round(r.requests / r.seconds, 1),
        p50Ms: r.requests ? Math.round(r.p50Weighted / r.requests) : 0,
        p99Ms: r.p99,
        failed: r.failed,
        serverCpuMsPerRequest: perRequest(r.serverSeconds),
        postgresCpuMsPerRequest: perRequest(r.backendSeconds),
        machineBusyPct: r.busyCoreSeconds === null ? null : round((100 * r.busyCoreSeconds) / (r.seconds * os.cpus().length), 0),
        otherCpuSeconds: r.otherSeconds === null ? null : round(r.otherSeconds, 1),
        rssMiB: (await serverMemory(s.server.base, s.server.child.pid)).rssMiB,
      };
    }),
  );
  return { api: results[0], floor: results[1] };
}

async function runScenario(api: Server, floor: Server, token: string, s: ReadScenario, database: string, opts: Options): Promise<ScenarioResult> {
  const body = JSON.stringify({ query: s.query });
  const apiSide: Side = { server: api, path: '/graphql', token };
  const floorSide: Side = { server: floor, path: s.floorPath };
  const apiAnswer = await call(apiSide, body);
  s.check(JSON.parse(apiAnswer.data));
  const floorAnswer = await call(floorSide, body);
  if (floorAnswer.data !== apiAnswer.data) {
    throw new Error(`${s.name}: the floor's answer differs from the API's\n API:   ${apiAnswer.data.slice(0, 1500)}\n floor: ${floorAnswer.data.slice(0, 1500)}`);
  }
  const m = await measure(apiSide, floorSide, body, database, opts);
  // The API loads its caller every AUTH_CACHE_SECONDS; the sequential requests may include one such load.
  if (Math.round(m.api.sqlPerRequest) !== Math.round(m.floor.sqlPerRequest)) {
    throw new Error(`${s.name}: the API sent ${m.api.sqlPerRequest} statements per request, the floor ${m.floor.sqlPerRequest}: the floor no longer runs the API's statements`);
  }
  return { key: s.key, name: s.name, ...m, ratio: round(m.api.requestsPerSec / m.floor.requestsPerSec, 2), loadAverage: os.loadavg().map((l) => round(l, 2)) };
}

const ms = (v: number | null) => (v === null ? '–' : v.toFixed(2));

function printResults(results: ScenarioResult[]): void {
  printTable(
    ['read', 'API req/s', 'floor req/s', 'ratio', 'API p99 ms', 'floor p99 ms', 'API unloaded ms', 'floor unloaded ms', 'SQL/req', 'API CPU ms/req', 'floor CPU ms/req', 'PG CPU ms/req (API/floor)', 'machine busy %', 'failed'],
    results.map((r) => [
      r.name,
      r.api.requestsPerSec.toFixed(0),
      r.floor.requestsPerSec.toFixed(0),
      `${r.ratio.toFixed(2)}×`,
      String(r.api.p99Ms),
      String(r.floor.p99Ms),
      r.api.unloadedMedianMs.toFixed(1),
      r.floor.unloadedMedianMs.toFixed(1),
      String(Math.round(r.api.sqlPerRequest)),
      ms(r.api.serverCpuMsPerRequest),
      ms(r.floor.serverCpuMsPerRequest),
      `${ms(r.api.postgresCpuMsPerRequest)} / ${ms(r.floor.postgresCpuMsPerRequest)}`,
      `${r.api.machineBusyPct ?? '–'} / ${r.floor.machineBusyPct ?? '–'}`,
      String(r.api.failed + r.floor.failed),
    ]),
  );
}

/** Runs the read benchmark with the given flags (see the comment at the top). */
export async function readsBench(argv: string[]): Promise<void> {
  const opts = parseFlags(argv, DEFAULTS);
  const only = process.env.READS_ONLY ? new Set(process.env.READS_ONLY.split(',').map((k) => k.trim())) : null;
  const root = repoRoot();
  const owner: Owner = { email: 'bench-owner@bench.example.com', password: crypto.randomBytes(12).toString('hex') };

  const pg = await postgresServer();
  log(`PostgreSQL: ${pg.kind}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  const { url, seeded } = await prepareDatabase(pg.url, owner, async (em) => {
    const catalog = await seedCatalog(em, opts.products);
    return { products: catalog.products, variants: catalog.variants.length };
  });
  const database = new URL(url).pathname.slice(1);
  const levels = await seedVariedStock(url);
  let t = performance.now();
  let lines = await seedOrders(url, 1, opts.catalogOrders);
  await withClient(url, (c) => c.query('analyze'));
  log(`seeded ${seeded.products} products / ${seeded.variants} variants, ${levels} stock levels, ${opts.catalogOrders} orders (${lines} lines) in ${((performance.now() - t) / 1000).toFixed(1)} s; analyzed`);

  const api = await startServer(root, url, owner);
  const floor = await startFloor(root, url);
  log(`API at ${api.base} (pid ${api.child.pid}), floor at ${floor.base} (pid ${floor.child.pid})`);
  const token = await login(api.base, owner);
  const [{ id: productDbId }] = await withClient(url, async (c) =>
    (await c.query<{ id: string }>(`select id from product where status <> 'ARCHIVED' order by created_at, id offset $1 limit 1`, [Math.floor(seeded.products / 2)])).rows,
  );
  const productGlobalId = Buffer.from(`Product:${productDbId}`).toString('base64url');
  await graphql(api.base, token, '{ products(first: 1) { edges { node { id } } } }');

  const results: ScenarioResult[] = [];
  let ordersTopped = false;
  for (const s of scenarios(productDbId, productGlobalId)) {
    if (only && !only.has(s.key)) continue;
    if (s.phase === 'orders' && !ordersTopped) {
      t = performance.now();
      lines = opts.orders > opts.catalogOrders ? await seedOrders(url, opts.catalogOrders + 1, opts.orders) : 0;
      await withClient(url, (c) => c.query('analyze'));
      log(`orders topped up to ${opts.orders} (${lines} more lines) in ${((performance.now() - t) / 1000).toFixed(1)} s; analyzed`);
      ordersTopped = true;
    }
    log(`${s.name}: ${opts.singles} single requests each, then at ${opts.connections} connections ${opts.warmup} s warm-up each and ${opts.duration} s measured each in ${opts.rounds} alternating rounds (load average ${os.loadavg()[0].toFixed(2)})`);
    results.push(await runScenario(api, floor, token, s, database, opts));
  }

  console.log('');
  printResults(results);
  console.log('');
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores); "machine busy %" is all cores over the measured run, API / floor`);
  const report = {
    ...reportHeader(pg.kind, opts),
    data: { products: seeded.products, variants: seeded.variants, stockLevels: levels, catalogOrders: opts.catalogOrders, orders: opts.orders },
    scenarios: results,
  };
  const outFile = writeResults(root, 'reads-latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);
  const failed = results.filter((r) => r.api.failed + r.floor.failed > 0);
  if (failed.length) {
    console.error(`[bench] requests failed under load in: ${failed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) runMain(() => readsBench(process.argv.slice(2)));
