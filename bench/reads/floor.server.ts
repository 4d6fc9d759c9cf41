// The API's column lists live beside its GraphQL types, which need the metadata polyfill loaded first.
import 'reflect-metadata';
import { Pool, TypeOverrides } from 'pg';
import { FloorRoute, serveFloor } from '../support/floor-http';
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

const ROUTES: Record<string, FloorRoute> = {
  '/products-page': (_, q) => productsPage(db, first(q, 50)),
  '/product': (_, q) => productById(db, q.get('id') ?? ''),
  '/search': (_, q) => search(db, q.get('term') ?? '', first(q, 20)),
  '/orders-page': (_, q) => ordersPage(db, first(q, 50)),
};

serveFloor('floor', ROUTES, () => statements, () => pool.end());
