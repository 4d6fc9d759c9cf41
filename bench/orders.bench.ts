import 'reflect-metadata';
import crypto from 'node:crypto';
import path from 'node:path';
import { parseFlags } from './support/args';
import { runMain } from './support/cleanups';
import { seedCatalog } from './support/catalog-seed';
import { graphql, login } from './support/graphql';
import { graphqlLoad, LoadRequest, runLoad } from './support/load';
import { delta, readMetrics, serverMemory } from './support/metrics';
import { repoRoot } from './support/paths';
import { onCleanup } from './support/cleanups';
import { Owner, postgresServer, prepareDatabase, withClient } from './support/postgres';
import { log, reportHeader, writeResults } from './support/report';
import { ResponseTally } from './support/response-tally';
import { Server, startServer } from './support/server';
import { round } from './support/stats';
import { printTable } from './support/table';
import { seedStock, WAREHOUSES } from './inventory/stock-seed';
import { IntakeResult, runIntake } from './orders/intake';
import { digestDifferences, intakeDigest } from './orders/intake-digest';
import { startFloor } from './reads/floor.process';
import { loadConfig } from '../src/config';
import { withDatabase } from '../src/db/database';

/**
 * Orders benchmark: seeds a catalogue with stock in two warehouses into a fresh database,
 * copies that database for the intake floor, starts the built server in production mode on the
 * first and the floor (bench/orders/intake-floor.server.ts: a bare node:http handler writing the
 * same rows with batched INSERT … ON CONFLICT through `pg`) on the copy, then
 * 1. delivers N marketplace orders (1-5 lines each, 80 % paid, so they reserve stock) through
 *    recordChannelOrders, `--batch` orders per request from `--intakeConnections` concurrent
 *    connections, and the same orders the same way to the floor, in `--intakeRounds` rounds (the
 *    two sides taking turns); reports orders/s of both and the ratio API ÷ floor, SQL statements per batch, CPU
 *    per order of each server and of PostgreSQL for it, and the server's peak RSS; then checks
 *    that both databases hold the same orders, lines, reservations and stock (intake-digest.ts);
 * 2. loads `orders(first: 50)` with buyer, totals and lines under autocannon and reports
 *    req/s, p50, p99 and SQL statements per request, comparing first: 5 with first: 50
 *    (they must be equal: every relation goes through DataLoaders).
 * Exits 1 when an order was not recorded, a request failed, the floor wrote other rows than the
 * API, the SQL count grows with the page size, or stockDiscrepancies is not empty. Writes
 * bench/results/orders-latest.json (bench/results/orders-intake-latest.json with `--only intake`,
 * which runs the intake alone).
 *
 *   npm run bench -- orders --orders 100000 --batch 100 --intakeConnections 4 --intakeRounds 4 --connections 50 --duration 30 --warmup 10
 *   npm run bench -- orders --orders 30000 --only intake
 */

interface Options {
  orders: number;
  batch: number;
  skus: number;
  duration: number;
  warmup: number;
  connections: number;
  /** Concurrent intake requests: a connector worker sends a few large batches, not fifty small ones. */
  intakeConnections: number;
  /** Intake rounds, the API and the floor taking turns, each delivering orders ÷ rounds orders to each. */
  intakeRounds: number;
}

const DEFAULTS: Options = { orders: 100_000, batch: 100, skus: 1_000, duration: 30, warmup: 10, connections: 50, intakeConnections: 4, intakeRounds: 4 };

/** `--only intake` taken out of the flags (the rest are numbers): run the intake half alone. */
function takeOnly(argv: string[]): { rest: string[]; only: 'intake' | null } {
  const rest: string[] = [];
  let only: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--only') only = inline ?? argv[++i] ?? '';
    else rest.push(argv[i]);
  }
  if (only !== null && only !== 'intake') throw new Error(`--only takes intake, not "${only}"`);
  return { rest, only };
}

/** Units of every SKU in every warehouse: more than the run can reserve. */
const OPENING_ON_HAND = 1_000_000;

const PAGE = (first: number) =>
  `{ orders(first: ${first}) { edges { node { number status buyer { name } totals { total { amount } } lines { sku quantity unitPrice { amount } } } } } }`;

interface ListResult {
  name: string;
  first: number;
  requestsPerSec: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  connectionErrors: number;
  graphqlErrors: number;
  unreadable: number;
  errorSamples: string[];
  /** Averaged over the load run (requests in flight at its edges blur it a little). */
  sqlPerRequest: number;
  /** Exact: statements of 10 requests sent one at a time on an idle server, per request. */
  sqlPerRequestIdle: number;
  memory: { rssMiB: number; peakMiB: number | null };
}

async function runList(server: Server, token: string, first: number, opts: Options): Promise<ListResult> {
  const query = PAGE(first);
  const check = await graphql(server.base, token, query);
  const edges = (check.data.orders as { edges: unknown[] }).edges;
  if (edges.length !== Math.min(first, opts.orders)) throw new Error(`orders(first: ${first}) returned ${edges.length} orders`);
  const quiet = await readMetrics(server.base);
  for (let i = 0; i < 10; i++) await graphql(server.base, token, query);
  const sqlPerRequestIdle = round(delta(quiet, await readMetrics(server.base), 'sql_statements_total') / 10);
  let tally = new ResponseTally();
  const request: LoadRequest = { onResponse: (status, body) => tally.record(status, body) };
  const load = { ...graphqlLoad(server.base, token, opts.connections), body: JSON.stringify({ query }), requests: [request] };
  const { result: r, before, after } = await runLoad(server.base, load, opts, () => (tally = new ResponseTally()));
  const requests = delta(before, after, 'graphql_requests_total');
  return {
    name: `orders(first: ${first})`,
    first,
    requestsPerSec: r.requests.average,
    requests: r.requests.total,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    connectionErrors: r.errors + r.timeouts,
    graphqlErrors: tally.graphqlErrors,
    unreadable: tally.unreadable,
    errorSamples: tally.samples,
    sqlPerRequest: requests > 0 ? round(delta(before, after, 'sql_statements_total') / requests) : 0,
    sqlPerRequestIdle,
    memory: await serverMemory(server.base, server.child.pid),
  };
}

const cpu = (v: number | null) => (v === null ? '–' : v.toFixed(2));

function printIntake(api: IntakeResult, floor: IntakeResult, ratio: number, opts: Options): void {
  const row = (name: string, r: IntakeResult, ratioCell: string) => [
    name, String(r.orders), String(opts.batch), String(opts.intakeConnections), String(r.seconds), String(r.ordersPerSec), ratioCell,
    String(r.batchP50Ms), String(r.batchP99Ms), String(r.sqlPerBatch), cpu(r.serverCpuMsPerOrder), cpu(r.postgresCpuMsPerOrder),
    String(r.machineBusyPct ?? '–'), String(r.failedOrders), String(r.peakRssMiB ?? r.rssMiB),
  ];
  printTable(
    ['intake', 'orders', 'batch', 'conns', 'seconds', 'orders/s', 'ratio', 'batch p50 ms', 'batch p99 ms', 'SQL/batch', 'server CPU ms/order', 'PG CPU ms/order', 'machine busy %', 'failed', 'peak RSS MiB'],
    [row('recordChannelOrders (API)', api, `${ratio.toFixed(2)}×`), row('floor: pg, batched INSERT … ON CONFLICT', floor, '')],
  );
  for (const s of api.failureSamples) console.log(`  intake (API): ${s}`);
  for (const s of floor.failureSamples) console.log(`  intake (floor): ${s}`);
}

function printLists(results: ListResult[]): void {
  printTable(
    ['query', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'GraphQL errors', 'conn errors', 'SQL/req (idle)', 'SQL/req (load)', 'peak RSS MiB'],
    results.map((r) => [r.name, r.requestsPerSec.toFixed(0), String(r.p50Ms), String(r.p99Ms), String(r.non2xx),
      String(r.graphqlErrors + r.unreadable), String(r.connectionErrors), String(r.sqlPerRequestIdle), r.sqlPerRequest.toFixed(2), String(r.memory.peakMiB ?? r.memory.rssMiB)]),
  );
  for (const r of results) for (const s of r.errorSamples) console.log(`  ${r.name}: ${s}`);
}

/** Runs the orders benchmark with the given flags (see the comment at the top). */
export async function ordersBench(argv: string[]): Promise<void> {
  const { rest, only } = takeOnly(argv);
  const opts = parseFlags(rest, DEFAULTS);
  const root = repoRoot();
  const owner: Owner = { email: 'bench-owner@bench.example.com', password: crypto.randomBytes(12).toString('hex') };

  const pg = await postgresServer();
  log(`PostgreSQL: ${pg.kind}`);
  const { url, seeded } = await prepareDatabase(pg.url, owner, async (em) => {
    const catalog = await seedCatalog(em, Math.ceil(opts.skus / 4));
    const levels = await seedStock(em, OPENING_ON_HAND, { sku: catalog.variants[0].sku, warehouseCode: WAREHOUSES[0].code, onHand: OPENING_ON_HAND });
    // Orders name stocked SKUs only (bundles are sold through their components).
    const rows = await em.getConnection().execute<{ sku: string }[]>(
      'select v.sku from variant v where not exists (select 1 from bundle_component bc where bc.bundle_id = v.id) order by v.sku',
    );
    return { products: catalog.products, skus: rows.map((r) => r.sku), levels };
  });
  log(`seeded ${seeded.skus.length} stocked SKUs (${seeded.products} products), ${seeded.levels} stock levels`);
  // The floor's database: a copy of the seeded one (same rows, same ids), taken before the API
  // starts, so both sides take the same orders into the same state.
  const database = new URL(url).pathname.slice(1);
  const floorDatabase = `${database}_floor`;
  await withClient(pg.url, (c) => c.query(`create database "${floorDatabase}" template "${database}"`));
  onCleanup(`drop database ${floorDatabase}`, () =>
    withClient(pg.url, (c) => c.query(`drop database if exists "${floorDatabase}" with (force)`)).then(() => undefined),
  );
  const floorUrl = withDatabase(pg.url, floorDatabase);

  const server = await startServer(root, url, owner);
  log(`server ready at ${server.base} (pid ${server.child.pid})`);
  const baseCurrency = loadConfig({ DATABASE_URL: url }).baseCurrency;
  const floor = await startFloor(root, floorUrl, 'orders/intake-floor.server.js', { BASE_CURRENCY: baseCurrency });
  log(`intake floor ready at ${floor.base} (pid ${floor.child.pid})`);
  const token = await login(server.base, owner);

  log(`intake: ${opts.orders} orders, ${opts.batch} per request, ${opts.intakeConnections} connections, to the API and the floor, taking turns in ${opts.intakeRounds} rounds`);
  const intake = await runIntake(
    { server, token, database },
    { server: floor, database: floorDatabase },
    seeded.skus,
    opts.orders,
    opts.batch,
    opts.intakeConnections,
    opts.intakeRounds,
  );
  const differences = digestDifferences(await intakeDigest(url), await intakeDigest(floorUrl));

  const lists: ListResult[] = [];
  if (!only) {
    // What autovacuum would have done by now in production: statistics for the 100,000 orders.
    // The CI server runs without autovacuum, and without statistics the planner reads the whole
    // order_line table for each page's lines (a default guess of 0.5 % of rows per order id).
    await withClient(url, (c) => c.query('analyze'));
    log('analyzed the tables (as autovacuum would)');
    for (const first of [5, 50]) {
      log(`orders(first: ${first}): ${opts.warmup} s warm-up, ${opts.duration} s at ${opts.connections} connections`);
      lists.push(await runList(server, token, first, opts));
    }
  }
  const books = (await graphql(server.base, token, '{ stockDiscrepancies { sku warehouseCode } }')).data.stockDiscrepancies as unknown[];

  console.log('');
  printIntake(intake.api, intake.floor, intake.ratio, opts);
  console.log('');
  const sqlFlat = !!only || lists[0].sqlPerRequestIdle === lists[1].sqlPerRequestIdle;
  if (!only) {
    printLists(lists);
    console.log('');
    console.log(sqlFlat ? `SQL statements per request do not grow with the page size (${lists[1].sqlPerRequestIdle})` : 'SQL statements per request GROW with the page size');
  }
  console.log(differences.length ? `the floor wrote OTHER rows than the API:\n  ${differences.join('\n  ')}` : 'the floor wrote the same orders, lines, reservations and stock as the API');
  console.log(books.length === 0 ? 'books agree: stockDiscrepancies is empty' : `books DISAGREE: ${books.length} stock levels`);

  const report = {
    ...reportHeader(pg.kind, only ? { ...opts, only } : opts),
    catalogue: { products: seeded.products, stockedSkus: seeded.skus.length, stockLevels: seeded.levels, openingOnHand: OPENING_ON_HAND },
    intake: { ...intake, sameRows: differences.length === 0, differences },
    ...(only ? {} : { lists, sqlPerRequestFlat: sqlFlat }),
    books: { agree: books.length === 0, discrepancies: books.slice(0, 20) },
  };
  // The intake alone has a file of its own, so the full results stay whole.
  const outFile = writeResults(root, only ? 'orders-intake-latest.json' : 'orders-latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);

  const problems = [
    intake.api.failedOrders ? `${intake.api.failedOrders} orders were not recorded by the API` : '',
    intake.floor.failedOrders ? `${intake.floor.failedOrders} orders were not recorded by the floor` : '',
    differences.length ? 'the floor wrote other rows than the API' : '',
    ...lists.filter((r) => r.non2xx + r.connectionErrors + r.graphqlErrors + r.unreadable > 0).map((r) => `requests failed in ${r.name}`),
    sqlFlat ? '' : 'SQL per request grows with the page size',
    books.length ? 'stockDiscrepancies is not empty' : '',
  ].filter(Boolean);
  for (const p of problems) console.error(`[bench] ${p}`);
  if (problems.length) process.exitCode = 1;
}

// Run directly: node dist/bench/orders.bench.js --orders 2000
if (require.main === module) runMain(() => ordersBench(process.argv.slice(2)));
