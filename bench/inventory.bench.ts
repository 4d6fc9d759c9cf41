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
import { seedStock, WAREHOUSES } from './inventory/stock-seed';

/**
 * Inventory write benchmark: seeds N SKUs (the bulk catalogue, 4 per product, so N is rounded
 * up to a multiple of 4) with stock in two warehouses into a fresh database, starts the built
 * server in production mode, and measures throughput and latency under autocannon load of
 * adjustStock over many SKUs and on one hot SKU, reserveStock on one hot SKU, and a page of
 * stockLevels. Every response is read: GraphQL errors and userErrors count as failures.
 * Ends by asking stockDiscrepancies whether levels, ledger and reservations still agree, and
 * exits 1 when they do not or when requests failed. Writes bench/results/inventory-latest.json.
 *
 *   npm run bench -- inventory --skus 1000 --duration 30 --warmup 10 --connections 50
 *
 * PostgreSQL as for the catalogue benchmark: DATABASE_URL, or an embedded server.
 */

interface Options {
  skus: number;
  duration: number;
  warmup: number;
  connections: number;
}

const DEFAULTS: Options = { skus: 1_000, duration: 30, warmup: 10, connections: 50 };

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

async function runScenario(server: Server, token: string, s: InventoryScenario, opts: Options): Promise<ScenarioResult> {
  s.check((await graphql(server.base, token, s.query, s.variables())).data);

  let tally = new ResponseTally(s.field);
  const request: LoadRequest = {
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: s.query, variables: s.variables() }) }),
    onResponse: (status, body) => tally.record(status, body),
  };
  const load = { ...graphqlLoad(server.base, token, opts.connections), requests: [request] };
  // Count only the measured run's responses.
  const { result: r, before, after } = await runLoad(server.base, load, opts, () => (tally = new ResponseTally(s.field)));
  const operations = delta(before, after, 'graphql_requests_total');
  return {
    name: s.name,
    connections: opts.connections,
    durationS: opts.duration,
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
    memory: await serverMemory(server.base, server.child.pid),
  };
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
    return { catalog, skus, hot, levels, stockMs: performance.now() - t };
  });
  const { catalog, skus, hot, levels } = seeded;
  log(
    `seeded ${skus.length} SKUs (${catalog.products} products) in ${Math.round(catalog.generateMs + catalog.insertMs)} ms; ` +
      `${levels} stock levels in ${WAREHOUSES.length} warehouses in ${Math.round(seeded.stockMs)} ms`,
  );

  const server = await startServer(root, url, owner);
  log(`server ready at ${server.base} (pid ${server.child.pid})`);
  const token = await login(server.base, owner);

  const results: ScenarioResult[] = [];
  for (const s of inventoryScenarios({ all: skus, hotAdjust: hot.adjust, hotReserve: hot.reserve }, levels)) {
    log(`${s.name}: ${opts.warmup} s warm-up, ${opts.duration} s at ${opts.connections} connections`);
    results.push(await runScenario(server, token, s, opts));
  }
  const books = await discrepancies(server, token);

  console.log('');
  printResults(results);
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
    books: { agree: books.length === 0, discrepancies: books },
  };
  const outFile = writeResults(root, 'inventory-latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);

  const failed = results.filter((r) => failures(r) > 0);
  if (failed.length) console.error(`[bench] requests failed under load in: ${failed.map((r) => r.name).join(', ')}`);
  if (books.length) console.error('[bench] the books disagree after the run: see stockDiscrepancies');
  if (failed.length || books.length) process.exitCode = 1;
}

// Run directly: node dist/bench/inventory.bench.js --skus 1000
if (require.main === module) runMain(() => inventoryBench(process.argv.slice(2)));
