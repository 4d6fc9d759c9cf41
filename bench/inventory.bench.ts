import 'reflect-metadata';
import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFlags } from './support/args';
import { runMain } from './support/cleanups';
import { seedCatalog } from './support/catalog-seed';
import { graphql, login } from './support/graphql';
import { graphqlLoad, LoadRequest, runLoad } from './support/load';
import { delta, serverMemory } from './support/metrics';
import { repoRoot } from './support/paths';
import { Owner, postgresServer, prepareDatabase } from './support/postgres';
import { log, reportHeader, writeResults } from './support/report';
import { ResponseTally } from './support/response-tally';
import { Server, startServer } from './support/server';
import { round } from './support/stats';
import { printTable } from './support/table';
import { InventoryScenario, inventoryScenarios } from './inventory/scenarios';
import { seedChannelRule, seedStock, WAREHOUSES } from './inventory/stock-seed';
import { startFloor } from './reads/floor.process';

/**
 * Inventory write benchmark: seeds N SKUs (the bulk catalogue, 4 per product, so N is rounded
 * up to a multiple of 4) with stock in two warehouses into a fresh database, starts the built
 * server in production mode, and measures throughput and latency under autocannon load of
 * adjustStock over many SKUs and on one hot SKU, reserveStock on one hot SKU, and a page of
 * stockLevels. Every response is read: GraphQL errors and userErrors count as failures. A
 * channel's stock rule sells both warehouses, so every write also keeps the stock outbox.
 * adjustStock and reserveStock are measured beside their floor (bench/inventory/floor-server.ts:
 * the raw transaction of the same write), in alternating rounds, and the ratio is printed.
 * Ends by asking stockDiscrepancies whether levels, ledger and reservations still agree, and
 * exits 1 when they do not or when requests failed. Writes bench/results/inventory-latest.json.
 *
 *   npm run bench -- inventory --skus 1000 --duration 30 --warmup 10 --connections 50 --rounds 2
 *
 * PostgreSQL as for the catalogue benchmark: DATABASE_URL, or an embedded server.
 */

interface Options {
  skus: number;
  duration: number;
  warmup: number;
  connections: number;
  /** Alternating API / floor rounds of each write compared with its floor. */
  rounds: number;
}

const DEFAULTS: Options = { skus: 1_000, duration: 30, warmup: 10, connections: 50, rounds: 2 };

/** The channel whose stock rule sells both bench warehouses: every write has an outbox to keep. */
const BENCH_CHANNEL = 'bench-shop';

/** Units of every SKU in every warehouse at the start. */
const OPENING_ON_HAND = 1_000;

/** Units of the reserveStock SKU in the first warehouse: more than any run reserves. */
const HOT_RESERVE_ON_HAND = 10_000_000;

interface ScenarioResult {
  name: string;
  connections: number;
  durationS: number;
  operationsPerSec: number;
  operations: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Socket errors and timeouts. */
  connectionErrors: number;
  graphqlErrors: number;
  userErrors: number;
  unreadable: number;
  errorSamples: string[];
  sqlPerOperation: number;
  memory: { rssMiB: number; peakMiB: number | null };
}

/** Where a scenario's requests go: the API's /graphql with the owner's token, or a floor route. */
interface Side {
  server: Server;
  path: string;
  token?: string;
}

async function runScenario(side: Side, s: InventoryScenario, opts: Options, timing: { warmup: number; duration: number }): Promise<ScenarioResult> {
  const isApi = side.path === '/graphql';
  if (isApi) s.check((await graphql(side.server.base, side.token!, s.query, s.variables())).data);
  let tally = new ResponseTally(s.field);
  const request: LoadRequest = {
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: s.query, variables: s.variables() }) }),
    onResponse: (status, body) => tally.record(status, body),
  };
  const load = { ...graphqlLoad(side.server.base, side.token ?? '', opts.connections), url: `${side.server.base}${side.path}`, requests: [request] };
  if (!side.token) delete (load.headers as Record<string, string>).authorization;
  // Count only the measured run's responses.
  const { result: r, before, after } = await runLoad(side.server.base, load, timing, () => (tally = new ResponseTally(s.field)));
  const operations = isApi ? delta(before, after, 'graphql_requests_total') : r.requests.total;
  return {
    name: s.name,
    connections: opts.connections,
    durationS: timing.duration,
    operationsPerSec: r.requests.average,
    operations: r.requests.total,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    connectionErrors: r.errors + r.timeouts,
    graphqlErrors: tally.graphqlErrors,
    userErrors: tally.userErrors,
    unreadable: tally.unreadable,
    errorSamples: tally.samples,
    sqlPerOperation: operations > 0 ? round(delta(before, after, 'sql_statements_total') / operations) : 0,
    memory: await serverMemory(side.server.base, side.server.child.pid),
  };
}

/** Rounds of one side added up: operations per second over all of them, the worst p99. */
function combine(rounds: ScenarioResult[]): ScenarioResult {
  const operations = rounds.reduce((n, r) => n + r.operations, 0);
  const seconds = rounds.reduce((n, r) => n + r.durationS, 0);
  const sum = (f: (r: ScenarioResult) => number) => rounds.reduce((n, r) => n + f(r), 0);
  return {
    ...rounds[rounds.length - 1],
    durationS: seconds,
    operations,
    operationsPerSec: round(operations / seconds, 1),
    p50Ms: Math.round(sum((r) => r.p50Ms * r.operations) / Math.max(1, operations)),
    p99Ms: Math.max(...rounds.map((r) => r.p99Ms)),
    non2xx: sum((r) => r.non2xx),
    connectionErrors: sum((r) => r.connectionErrors),
    graphqlErrors: sum((r) => r.graphqlErrors),
    userErrors: sum((r) => r.userErrors),
    unreadable: sum((r) => r.unreadable),
    errorSamples: rounds.flatMap((r) => r.errorSamples).slice(0, 5),
    sqlPerOperation: round(sum((r) => r.sqlPerOperation * r.operations) / Math.max(1, operations)),
  };
}

/** A write beside its floor: the API's figures, the floor's, and API ÷ floor. */
interface FloorComparison {
  name: string;
  api: ScenarioResult;
  floor: ScenarioResult;
  ratio: number;
}

/**
 * Measures a write on the API and on its floor in alternating rounds (API, floor, API, floor),
 * duration ÷ rounds seconds each after one warm-up per side, so the machine's other work
 * weighs on both alike.
 */
async function compareWithFloor(api: Side, floor: Side, s: InventoryScenario, opts: Options): Promise<FloorComparison> {
  const rounds = Math.max(1, opts.rounds);
  const slice = Math.max(1, Math.round(opts.duration / rounds));
  const sides = [api, floor];
  const results: ScenarioResult[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < 2; k++) results[k].push(await runScenario(sides[k], s, opts, { warmup: r === 0 ? opts.warmup : 0, duration: slice }));
  }
  const [a, f] = results.map(combine);
  return { name: s.name, api: a, floor: f, ratio: round(a.operationsPerSec / f.operationsPerSec, 2) };
}

function failures(r: ScenarioResult): number {
  return r.non2xx + r.connectionErrors + r.graphqlErrors + r.userErrors + r.unreadable;
}

function printResults(results: ScenarioResult[]): void {
  printTable(
    ['operation', 'ops/s', 'p50 ms', 'p99 ms', 'non-2xx', 'GraphQL errors', 'conn errors', 'SQL/op'],
    results.map((r) => [
      r.name,
      r.operationsPerSec.toFixed(0),
      String(r.p50Ms),
      String(r.p99Ms),
      String(r.non2xx),
      String(r.graphqlErrors + r.userErrors + r.unreadable),
      String(r.connectionErrors),
      r.sqlPerOperation.toFixed(1),
    ]),
  );
  for (const r of results) for (const sample of r.errorSamples) console.log(`  ${r.name}: ${sample}`);
}

function printFloors(floors: FloorComparison[]): void {
  printTable(
    ['write', 'API ops/s', 'floor ops/s', 'ratio', 'API p99 ms', 'floor p99 ms', 'API SQL/op', 'floor SQL/op'],
    floors.map((f) => [
      f.name,
      f.api.operationsPerSec.toFixed(0),
      f.floor.operationsPerSec.toFixed(0),
      f.ratio.toFixed(2),
      String(f.api.p99Ms),
      String(f.floor.p99Ms),
      f.api.sqlPerOperation.toFixed(1),
      f.floor.sqlPerOperation.toFixed(1),
    ]),
  );
}

interface Discrepancy {
  sku: string;
  warehouseCode: string;
  onHand: number;
  ledgerOnHand: number;
  reserved: number;
  reservationsReserved: number;
}

async function discrepancies(server: Server, token: string): Promise<Discrepancy[]> {
  const res = await graphql(server.base, token, `{ stockDiscrepancies { sku warehouseCode onHand ledgerOnHand reserved reservationsReserved } }`);
  return res.data.stockDiscrepancies as Discrepancy[];
}

/** Runs the inventory benchmark with the given flags (see the comment at the top). */
export async function inventoryBench(argv: string[]): Promise<void> {
  const opts = parseFlags(argv, DEFAULTS);
  const root = repoRoot();
  const owner: Owner = { email: 'bench-owner@bench.example.com', password: crypto.randomBytes(12).toString('hex') };

  const pg = await postgresServer();
  log(`PostgreSQL: ${pg.kind}`);
  const { url, seeded } = await prepareDatabase(pg.url, owner, async (em) => {
    const catalog = await seedCatalog(em, Math.ceil(opts.skus / 4));
    const skus = catalog.variants.map((v) => v.sku);
    // Two different SKUs, so hot adjustments and reservations do not queue on each other's row.
    const hot = { adjust: skus[0], reserve: skus[1] };
    const t = performance.now();
    const levels = await seedStock(em, OPENING_ON_HAND, { sku: hot.reserve, warehouseCode: WAREHOUSES[0].code, onHand: HOT_RESERVE_ON_HAND });
    await seedChannelRule(em, BENCH_CHANNEL);
    return { catalog, skus, hot, levels, stockMs: performance.now() - t };
  });
  const { catalog, skus, hot, levels } = seeded;
  log(
    `seeded ${skus.length} SKUs (${catalog.products} products) in ${Math.round(catalog.generateMs + catalog.insertMs)} ms; ` +
      `${levels} stock levels in ${WAREHOUSES.length} warehouses in ${Math.round(seeded.stockMs)} ms`,
  );

  const server = await startServer(root, url, owner);
  const floor = await startFloor(root, url, 'inventory/floor-server.js');
  log(`server ready at ${server.base} (pid ${server.child.pid}), write floor at ${floor.base} (pid ${floor.child.pid})`);
  const token = await login(server.base, owner);
  const api: Side = { server, path: '/graphql', token };

  const results: ScenarioResult[] = [];
  const floors: FloorComparison[] = [];
  for (const s of inventoryScenarios({ all: skus, hotAdjust: hot.adjust, hotReserve: hot.reserve }, levels)) {
    if (s.floorPath) {
      log(`${s.name}: ${opts.warmup} s warm-up per side, ${opts.duration} s at ${opts.connections} connections in ${opts.rounds} rounds per side, beside its floor`);
      const c = await compareWithFloor(api, { server: floor, path: s.floorPath }, s, opts);
      floors.push(c);
      results.push(c.api);
    } else {
      log(`${s.name}: ${opts.warmup} s warm-up, ${opts.duration} s at ${opts.connections} connections`);
      results.push(await runScenario(api, s, opts, opts));
    }
  }
  const books = await discrepancies(server, token);

  console.log('');
  printResults(results);
  console.log('');
  printFloors(floors);
  console.log('');
  if (books.length === 0) console.log('books agree: stockDiscrepancies is empty');
  else {
    console.log(`books DISAGREE: ${books.length} stock levels differ from their ledger or reservations`);
    for (const d of books.slice(0, 10)) console.log(`  ${JSON.stringify(d)}`);
  }

  const report = {
    ...reportHeader(pg.kind, opts),
    inventory: {
      skus: skus.length,
      products: catalog.products,
      warehouses: WAREHOUSES.map((w) => w.code),
      stockLevels: levels,
      openingOnHand: OPENING_ON_HAND,
      hotAdjustSku: hot.adjust,
      hotReserveSku: hot.reserve,
      hotReserveOnHand: HOT_RESERVE_ON_HAND,
      seedMs: Math.round(catalog.generateMs + catalog.insertMs + seeded.stockMs),
    },
    scenarios: results,
    floors,
    books: { agree: books.length === 0, discrepancies: books },
  };
  const outFile = writeResults(root, 'inventory-latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);

  const failed = [...results, ...floors.map((f) => ({ ...f.floor, name: `${f.name} (floor)` }))].filter((r) => failures(r) > 0);
  if (failed.length) console.error(`[bench] requests failed under load in: ${failed.map((r) => r.name).join(', ')}`);
  if (books.length) console.error('[bench] the books disagree after the run: see stockDiscrepancies');
  if (failed.length || books.length) process.exitCode = 1;
}

// Run directly: node dist/bench/inventory.bench.js --skus 1000
if (require.main === module) runMain(() => inventoryBench(process.argv.slice(2)));
