import { serveFloor } from '../support/floor-http';
import { Pool } from 'pg';
import { FloorDelivery, recordBatchFloor } from './intake-floor';

/**
 * The intake floor server: a bare `node:http` handler taking recordChannelOrders' JSON body
 * (`{ query, variables: { inputs } }`; the query is not read) and recording the batch through
 * bench/orders/intake-floor.ts, answering `{ data: { recordChannelOrders: { results, userErrors } } }`
 * as the API does. Started by bench/orders.bench.ts as a process of its own, like the API, on a
 * copy of the API's database. Uses DATABASE_URL, DB_POOL_MAX connections (default 10, as the
 * API), the API's session setting (plan_cache_mode) and BASE_CURRENCY (the API's, passed by the
 * bench). Routes:
 *
 *   POST /graphql   /readyz   /metrics (sql_statements_total, process_resident_memory_bytes)
 */

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const baseCurrency = process.env.BASE_CURRENCY ?? 'CNY';

// The API's session setting (src/db/orm.config.ts): foreign-key checks planned while a table was
// small would otherwise stay sequential scans for the connection's life, and the floor would
// slow down as its tables grow (it did: 2,900 orders/s in the first round, 650 in the fourth).
const pool = new Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10), options: '-c plan_cache_mode=force_custom_plan' });

let statements = 0;
const count = () => void statements++;

async function intake(body: string): Promise<object> {
  const inputs = (JSON.parse(body) as { variables: { inputs: FloorDelivery[] } }).variables.inputs;
  const client = await pool.connect();
  try {
    const results = await recordBatchFloor(client, inputs, baseCurrency, count);
    return { recordChannelOrders: { results, userErrors: [] } };
  } finally {
    client.release();
  }
}

serveFloor('intake floor', { '/graphql': intake }, () => statements, () => pool.end());
