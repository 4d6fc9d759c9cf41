// The API's column lists live beside its GraphQL types, which need the metadata polyfill loaded first.
import 'reflect-metadata';
import http from 'node:http';
import { Pool, TypeOverrides } from 'pg';
import { FloorDb, ordersPage, productById, productsPage, search } from './floor.handlers';

/**
 * The floor server: a bare `node:http` handler answering the hot reads of the read benchmark
 * (floor.handlers.ts) on the API's database, started by bench/reads.bench.ts as a process of
 * its own, like the API. It uses what the API's pool uses: DATABASE_URL, DB_POOL_MAX
 * connections (default 10, as the API), the same session setting (plan_cache_mode) and
 * timestamps left as text. Routes (any method; the body is read and ignored):
 *
 *   /products-page?first=50   /product?id=<uuid>   /search?term=<term>&first=20   /orders-page?first=50
 *   /readyz   /metrics (sql_statements_total, process_resident_memory_bytes)
 */

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 0);

// The API's driver (MikroORM's PostgreSQL connection) leaves dates and timestamps as text.
const types = new TypeOverrides();
for (const oid of [1082, 1114, 1184, 1186]) types.setTypeParser(oid, (s: string) => s);

const pool = new Pool({
  connectionString: url,
  max: Number(process.env.DB_POOL_MAX ?? 10),
  options: '-c plan_cache_mode=force_custom_plan',
  types,
});

let statements = 0;
const db: FloorDb = {
  async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    statements++;
    return (await pool.query(sql, params)).rows as T[];
  },
};

const first = (q: URLSearchParams, fallback: number) => Number(q.get('first') ?? fallback);

const ROUTES: Record<string, (q: URLSearchParams) => Promise<object>> = {
  '/products-page': (q) => productsPage(db, first(q, 50)),
  '/product': (q) => productById(db, q.get('id') ?? ''),
  '/search': (q) => search(db, q.get('term') ?? '', first(q, 20)),
  '/orders-page': (q) => ordersPage(db, first(q, 50)),
};

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const u = new URL(req.url ?? '/', 'http://floor');
    if (u.pathname === '/readyz') return send(res, 200, '{"status":"ready"}');
    if (u.pathname === '/metrics') {
      return send(res, 200, `sql_statements_total ${statements}\nprocess_resident_memory_bytes ${process.memoryUsage().rss}\n`, 'text/plain');
    }
    const route = ROUTES[u.pathname];
    if (!route) return send(res, 404, '{"errors":[{"message":"no such floor"}]}');
    route(u.searchParams).then(
      (data) => send(res, 200, JSON.stringify({ data })),
      (err: Error) => send(res, 500, JSON.stringify({ errors: [{ message: err.message }] })),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  // The parent reads the port from this line.
  console.log(`floor listening on ${(server.address() as { port: number }).port}`);
});

const stop = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
