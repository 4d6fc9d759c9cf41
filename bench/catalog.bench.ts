import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { openDatabase, withDatabase } from '../src/db/database';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { generateBulkCatalog } from '../src/db/seed/demo-catalog';
import { insertCatalogRows } from '../src/db/seed/catalog-rows';
import { ensureOwner, syncBuiltInRoles } from '../src/staff/staff.bootstrap';

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

function parseArgs(argv: string[]): Options {
  const opts = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = flag.replace(/^--/, '') as keyof Options;
    if (!flag.startsWith('--') || !(key in DEFAULTS)) throw new Error(`unknown argument ${argv[i]} (expected ${Object.keys(DEFAULTS).map((k) => `--${k}`).join(', ')})`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    const min = key === 'warmup' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) throw new Error(`--${key} needs a whole number >= ${min}, got "${raw}"`);
    opts[key] = value;
  }
  return opts;
}

// autocannon ships no type declarations; these are the parts used here.
interface AutocannonOptions {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: AutocannonOptions) => Promise<AutocannonResult>;

/** Cleanup steps, run last-in first-out on success, failure and Ctrl-C. */
const cleanups: { name: string; run: () => Promise<void> }[] = [];

async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    try {
      await step.run();
    } catch (err) {
      console.error(`cleanup "${step.name}" failed:`, err instanceof Error ? err.message : err);
    }
  }
}

function repoRoot(): string {
  // dist/bench/ when built, bench/ under swc-node: walk up to package.json either way.
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The server URL to create the bench database on: DATABASE_URL, or a new embedded server. */
async function postgresServer(): Promise<{ url: string; kind: string }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, kind: 'DATABASE_URL' };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-bench-'));
  cleanups.push({ name: 'remove temp folder', run: async () => fs.rmSync(dataDir, { recursive: true, force: true }) });
  const embedded = await startEmbeddedPostgres({ dataDir, persistent: false });
  cleanups.push({ name: 'stop embedded PostgreSQL', run: () => embedded.stop() });
  return { url: embedded.url, kind: 'embedded' };
}

interface Seeded {
  url: string;
  products: number;
  variants: number;
  generateMs: number;
  insertMs: number;
  sampleSku: string;
}

/** Creates the bench database, migrates it, seeds the catalogue and the owner login. */
async function prepareDatabase(serverUrl: string, products: number, owner: { email: string; password: string }): Promise<Seeded> {
  const name = `bench_${Date.now()}`;
  await withClient(serverUrl, (c) => c.query(`create database "${name}"`));
  cleanups.push({
    name: `drop database ${name}`,
    run: () => withClient(serverUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  });
  const url = withDatabase(serverUrl, name);
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
  const db = await openDatabase(config, createLogger('warn'));
  try {
    const em = db.orm.em.fork() as EntityManager;
    let t = performance.now();
    const rows = generateBulkCatalog(products, 42);
    const generateMs = performance.now() - t;
    t = performance.now();
    await em.transactional((tx) => insertCatalogRows(tx, rows));
    const insertMs = performance.now() - t;
    // Fresh tables have no statistics until autovacuum gets to them; plan as production would.
    await em.getConnection().execute('analyze');
    await syncBuiltInRoles(em);
    await ensureOwner(em, owner.email, owner.password);
    return {
      url,
      products: rows.products.length,
      variants: rows.variants.length,
      generateMs,
      insertMs,
      sampleSku: rows.variants[Math.floor(rows.variants.length / 2)].sku,
    };
  } finally {
    await db.close();
  }
}

interface Server {
  base: string;
  child: ChildProcess;
  output: string[];
}

/** Starts dist/src/main.js in production mode and waits for GET /readyz. */
async function startServer(root: string, dbUrl: string, owner: { email: string; password: string }): Promise<Server> {
  const entry = path.join(root, 'dist', 'src', 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} not found: run "npm run build" first (npm run bench does)`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    JWT_SECRET: crypto.randomBytes(20).toString('hex'),
    DATABASE_URL: dbUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    ADMIN_EMAIL: owner.email,
    ADMIN_PASSWORD: owner.password,
    DATA_DIR: path.join(os.tmpdir(), 'commerce-bench-server'),
  };
  if (process.env.DB_POOL_MAX) env.DB_POOL_MAX = process.env.DB_POOL_MAX;
  const child = spawn(process.execPath, [entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  cleanups.push({
    name: 'stop API server',
    run: async () => {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && exited === undefined; i++) await sleep(100);
      if (exited === undefined) child.kill('SIGKILL');
    },
  });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the server exited with code ${exited} before it was ready:\n${output.join('').slice(-3000)}`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return { base, child, output };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the server was not ready within 60 s:\n${output.join('').slice(-3000)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Sends one GraphQL request; throws with the errors when the response has any. */
async function graphql(base: string, token: string | undefined, query: string): Promise<{ data: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: { data?: Record<string, unknown>; errors?: unknown[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status}, not JSON: ${text.slice(0, 500)}\nquery: ${query}`);
  }
  if (!res.ok || body.errors?.length || !body.data) {
    throw new Error(`query failed (HTTP ${res.status}): ${JSON.stringify(body.errors ?? body).slice(0, 2000)}\nquery: ${query}`);
  }
  return { data: body.data, ms };
}

/** Reads counters and gauges from GET /metrics (Prometheus text format). */
async function readMetrics(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m) values[m[1]] = Number(m[2]);
  }
  return values;
}

function metric(values: Record<string, number>, name: string): number {
  const v = values[name];
  if (v === undefined || Number.isNaN(v)) throw new Error(`GET /metrics has no ${name}`);
  return v;
}

/** Resident and peak memory of the server process in MiB; RSS from /metrics, peak from /proc when there. */
async function serverMemory(base: string, pid: number | undefined): Promise<{ rssMiB: number; peakMiB: number | null }> {
  const rss = metric(await readMetrics(base), 'process_resident_memory_bytes') / 2 ** 20;
  let peak: number | null = null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    if (m) peak = Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return { rssMiB: round(rss, 1), peakMiB: peak === null ? null : round(peak, 1) };
}

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

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
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
  const sqlPerRequest = (metric(after, 'sql_statements_total') - metric(before, 'sql_statements_total')) / SINGLE_REQUESTS;

  const load: AutocannonOptions = {
    url: `${server.base}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: s.query }),
    connections: opts.connections,
    duration: opts.warmup,
  };
  if (opts.warmup > 0) await autocannon(load);
  const m0 = await readMetrics(server.base);
  const r = await autocannon({ ...load, duration: opts.duration });
  const m1 = await readMetrics(server.base);
  const requests = metric(m1, 'graphql_requests_total') - metric(m0, 'graphql_requests_total');
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
      graphqlErrors: metric(m1, 'graphql_errors_total') - metric(m0, 'graphql_errors_total'),
      sqlPerRequest: requests > 0 ? round((metric(m1, 'sql_statements_total') - metric(m0, 'sql_statements_total')) / requests) : 0,
    },
    memory: await serverMemory(server.base, server.child.pid),
  };
}

function printTable(results: ScenarioResult[]): void {
  const header = ['scenario', 'single p50 ms', 'SQL/req', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'RSS MiB'];
  const rows = results.map((r) => [
    r.name,
    r.single.medianMs.toFixed(1),
    r.single.sqlPerRequest.toFixed(1),
    r.load.requestsPerSec.toFixed(0),
    String(r.load.p50Ms),
    String(r.load.p99Ms),
    String(r.load.non2xx),
    String(r.load.errors + r.load.timeouts + r.load.graphqlErrors),
    r.memory.rssMiB.toFixed(0),
  ]);
  // Chinese characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c + ' '.repeat(cols[i] - width(c)) : ' '.repeat(cols[i] - width(c)) + c)).join('  ');
  console.log(line(header));
  console.log(cols.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => console.log(line(r)));
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  const owner = { email: 'bench-owner@bench.example.com', password: crypto.randomBytes(12).toString('hex') };
  const log = (msg: string) => console.log(`[bench] ${msg}`);

  const pg = await postgresServer();
  log(`PostgreSQL: ${pg.kind}`);
  const seeded = await prepareDatabase(pg.url, opts.products, owner);
  log(`seeded ${seeded.products} products / ${seeded.variants} variants: generated in ${seeded.generateMs.toFixed(0)} ms, inserted in ${seeded.insertMs.toFixed(0)} ms`);

  const server = await startServer(root, seeded.url, owner);
  log(`server ready at ${server.base} (pid ${server.child.pid})`);
  const login = await graphql(
    server.base,
    undefined,
    `mutation { login(email: ${JSON.stringify(owner.email)}, password: ${JSON.stringify(owner.password)}) { token } }`,
  );
  const token = (login.data.login as { token?: string } | null)?.token;
  if (!token) throw new Error(`login returned no token: ${JSON.stringify(login.data)}`);

  const first = await graphql(server.base, token, `{ products(first: 1) { edges { node { id } } } }`);
  const productId = expectEdges(first.data, 'products', 1)[0].node.id as string;
  const results: ScenarioResult[] = [];
  // A tiny catalogue may hold too few listable products to fill a page.
  for (const s of scenarios(productId, seeded.sampleSku, seeded.products >= 100 ? 50 : 1)) {
    log(`${s.name}: ${SINGLE_REQUESTS} single requests, ${opts.warmup} s warm-up, ${opts.duration} s at ${opts.connections} connections`);
    results.push(await runScenario(server, token, s, opts));
  }

  console.log('');
  printTable(results);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    postgres: pg.kind,
    options: opts,
    dbPoolMax: process.env.DB_POOL_MAX ? Number(process.env.DB_POOL_MAX) : 10,
    catalog: {
      products: seeded.products,
      variants: seeded.variants,
      generateMs: Math.round(seeded.generateMs),
      insertMs: Math.round(seeded.insertMs),
    },
    scenarios: results,
  };
  const outDir = path.join(root, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, 'latest.json');
  fs.writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
  log(`results written to ${path.relative(process.cwd(), outFile)}`);

  const failed = results.filter((r) => r.load.non2xx + r.load.errors + r.load.timeouts + r.load.graphqlErrors > 0);
  if (failed.length) {
    console.error(`[bench] requests failed under load in: ${failed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  }
}

process.once('SIGINT', () => {
  console.error('[bench] interrupted: cleaning up');
  void runCleanups().finally(() => process.exit(130));
});

main()
  .catch((err) => {
    console.error('[bench] failed:', err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
