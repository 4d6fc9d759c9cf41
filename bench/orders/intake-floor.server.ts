import http from 'node:http';
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
const port = Number(process.env.PORT ?? 0);
const baseCurrency = process.env.BASE_CURRENCY ?? 'CNY';

// The API's session setting (src/db/orm.config.ts): foreign-key checks planned while a table was
// small would otherwise stay sequential scans for the connection's life, and the floor would
// slow down as its tables grow (it did: 2,900 orders/s in the first round, 650 in the fourth).
const pool = new Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10), options: '-c plan_cache_mode=force_custom_plan' });

let statements = 0;
const count = () => void statements++;

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function intake(body: string): Promise<string> {
  const inputs = (JSON.parse(body) as { variables: { inputs: FloorDelivery[] } }).variables.inputs;
  const client = await pool.connect();
  try {
    const results = await recordBatchFloor(client, inputs, baseCurrency, count);
    return JSON.stringify({ data: { recordChannelOrders: { results, userErrors: [] } } });
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/readyz') return send(res, 200, '{"status":"ready"}');
    if (path === '/metrics') {
      return send(res, 200, `sql_statements_total ${statements}\nprocess_resident_memory_bytes ${process.memoryUsage().rss}\n`, 'text/plain');
    }
    if (path !== '/graphql') return send(res, 404, '{"errors":[{"message":"no such floor"}]}');
    intake(Buffer.concat(chunks).toString('utf8')).then(
      (answer) => send(res, 200, answer),
      (err: Error) => send(res, 500, JSON.stringify({ errors: [{ message: err.message }] })),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`intake floor listening on ${(server.address() as { port: number }).port}`);
});

const stop = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
