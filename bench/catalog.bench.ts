import 'reflect-metadata';
import crypto from 'node:crypto';
import path from 'node:path';
import { parseFlags } from './support/args';
import { runMain } from './support/cleanups';
import { seedCatalog } from './support/catalog-seed';
import { graphql, login } from './support/graphql';
import { graphqlLoad, runLoad } from './support/load';
import { delta, readMetrics, serverMemory } from './support/metrics';
import { repoRoot } from './support/paths';
import { Owner, postgresServer, prepareDatabase } from './support/postgres';
import { log, reportHeader, writeResults } from './support/report';
import { Server, startServer } from './support/server';
import { median, round } from './support/stats';
import { printTable } from './support/table';

/**
 * Catalogue read benchmark: seeds N products × 4 variants into a fresh database, starts the
 * built server (`dist/src/main.js`) in production mode as a child process, and for each query
 * measures the unloaded median latency, SQL statements per request, and throughput and tail
 * latency under autocannon load. Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench -- --products 10000 --duration 30 --warmup 10 --connections 50
 *
 * Uses DATABASE_URL (its server; a `bench_<timestamp>` database is created and dropped) or,
 * when unset, an embedded PostgreSQL in a temporary folder.
 */

interface Options {
  products: number;
  duration: number;
  warmup: number;
  connections: number;
}

const DEFAULTS: Options = { products: 10_000, duration: 30, warmup: 10, connections: 50 };

/** Sequential requests per scenario for the unloaded median and the statement count. */
const SINGLE_REQUESTS = 50;

interface Scenario {
  name: string;
  query: string;
  /** Throws when the data does not look right, so a broken query is never benchmarked. */
  check(data: Record<string, unknown>): void;
}

type Edges = { edges: { node: Record<string, unknown> }[] };

const LIST_FIELDS = 'id title status translations { locale title } variants { id sku optionValues price { amount currency } }';

function expectEdges(data: Record<string, unknown>, field: string, min: number): Edges['edges'] {
  const edges = (data[field] as Edges | undefined)?.edges;
  if (!Array.isArray(edges) || edges.length < min) throw new Error(`${field}: expected at least ${min} edges, got ${JSON.stringify(data).slice(0, 300)}`);
  return edges;
}

function scenarios(productId: string, sku: string, expectedPage: number): Scenario[] {
  return [
    {
      name: 'products(first: 50) + variants',
      query: `{ products(first: 50) { edges { node { ${LIST_FIELDS} } } } }`,
      check: (d) => void expectEdges(d, 'products', expectedPage),
    },
    {
      name: 'product(id:) + variants',
      query: `{ product(id: ${JSON.stringify(productId)}) { ${LIST_FIELDS} } }`,
      check: (d) => {
        if (!(d.product as { id?: string } | null)?.id) throw new Error(`product(id:) returned ${JSON.stringify(d)}`);
      },
    },
    {
      name: 'variant(sku:) + product',
      query: `{ variant(sku: ${JSON.stringify(sku)}) { id sku price { amount currency } product { id title } } }`,
      check: (d) => {
        if ((d.variant as { sku?: string } | null)?.sku !== sku) throw new Error(`variant(sku:) returned ${JSON.stringify(d)}`);
      },
    },
    ...['西装', 'suit'].map((term) => ({
      name: `products(search: "${term}")`,
      query: `{ products(first: 20, filter: { search: ${JSON.stringify(term)} }) { edges { node { id title status variants { sku price { amount currency } } } } } }`,
      check: (d: Record<string, unknown>) => void expectEdges(d, 'products', 1),
    })),
  ];
}

interface ScenarioResult {
  name: string;
  single: { requests: number; medianMs: number; sqlPerRequest: number };
  load: {
    connections: number;
    durationS: number;
    requestsPerSec: number;
    p50Ms: number;
    p99Ms: number;
    non2xx: number;
    errors: number;
    timeouts: number;
    graphqlErrors: number;
    sqlPerRequest: number;
  };
  memory: { rssMiB: number; peakMiB: number | null };
}

async function runScenario(server: Server, token: string, s: Scenario, opts: Options): Promise<ScenarioResult> {
  s.check((await graphql(server.base, token, s.query)).data);

  const before = await readMetrics(server.base);
  const times: number[] = [];
  for (let i = 0; i < SINGLE_REQUESTS; i++) {
    const { data, ms } = await graphql(server.base, token, s.query);
    s.check(data);
    times.push(ms);
  }
  const after = await readMetrics(server.base);
  const sqlPerRequest = delta(before, after, 'sql_statements_total') / SINGLE_REQUESTS;

  const load = { ...graphqlLoad(server.base, token, opts.connections), body: JSON.stringify({ query: s.query }) };
  const { result: r, before: m0, after: m1 } = await runLoad(server.base, load, opts);
  const requests = delta(m0, m1, 'graphql_requests_total');
  return {
    name: s.name,
    single: { requests: SINGLE_REQUESTS, medianMs: round(median(times)), sqlPerRequest: round(sqlPerRequest) },
    load: {
      connections: opts.connections,
      durationS: opts.duration,
      requestsPerSec: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      graphqlErrors: delta(m0, m1, 'graphql_errors_total'),
      sqlPerRequest: requests > 0 ? round(delta(m0, m1, 'sql_statements_total') / requests) : 0,
    },
    memory: await serverMemory(server.base, server.child.pid),
  };
}

function printResults(results: ScenarioResult[]): void {
  const header = ['scenario', 'single p50 ms', 'SQL/req', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'RSS MiB'];
  printTable(
    header,
    results.map((r) => [
      r.name,
      r.single.medianMs.toFixed(1),
      r.single.sqlPerRequest.toFixed(1),
      r.load.requestsPerSec.toFixed(0),
      String(r.load.p50Ms),
      String(r.load.p99Ms),
      String(r.load.non2xx),
      String(r.load.errors + r.load.timeouts + r.load.graphqlErrors),
      r.memory.rssMiB.toFixed(0),
    ]),
  );
}

/** Runs the catalogue benchmark with the given flags (see the comment at the top). */
export async function catalogBench(argv: string[]): Promise<void> {
  const opts = parseFlags(argv, DEFAULTS);
  const root = repoRoot();
  const owner: Owner = { email: 'bench-owner@bench.example.com', password: crypto.randomBytes(12).toString('hex') };

  const pg = await postgresServer();
  log(`PostgreSQL: ${pg.kind}`);
  const { url, seeded } = await prepareDatabase(pg.url, owner, (em) => seedCatalog(em, opts.products));
  log(`seeded ${seeded.products} products / ${seeded.variants.length} variants: generated in ${seeded.generateMs.toFixed(0)} ms, inserted in ${seeded.insertMs.toFixed(0)} ms`);
  const sampleSku = seeded.variants[Math.floor(seeded.variants.length / 2)].sku;

  const server = await startServer(root, url, owner);
  log(`server ready at ${server.base} (pid ${server.child.pid})`);
  const token = await login(server.base, owner);

  const first = await graphql(server.base, token, `{ products(first: 1) { edges { node { id } } } }`);
  const productId = expectEdges(first.data, 'products', 1)[0].node.id as string;
  const results: ScenarioResult[] = [];
  // A tiny catalogue may hold too few listable products to fill a page.
  for (const s of scenarios(productId, sampleSku, seeded.products >= 100 ? 50 : 1)) {
    log(`${s.name}: ${SINGLE_REQUESTS} single requests, ${opts.warmup} s warm-up, ${opts.duration} s at ${opts.connections} connections`);
    results.push(await runScenario(server, token, s, opts));
  }

  console.log('');
  printResults(results);
  const report = {
    ...reportHeader(pg.kind, opts),
    catalog: {
      products: seeded.products,
      variants: seeded.variants.length,
      generateMs: Math.round(seeded.generateMs),
      insertMs: Math.round(seeded.insertMs),
    },
    scenarios: results,
  };
  const outFile = writeResults(root, 'latest.json', report);
  log(`results written to ${path.relative(process.cwd(), outFile)}`);

  const failed = results.filter((r) => r.load.non2xx + r.load.errors + r.load.timeouts + r.load.graphqlErrors > 0);
  if (failed.length) {
    console.error(`[bench] requests failed under load in: ${failed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  }
}

// Run directly (node dist/bench/catalog.bench.js) as before bench/run.ts existed.
if (require.main === module) runMain(() => catalogBench(process.argv.slice(2)));
