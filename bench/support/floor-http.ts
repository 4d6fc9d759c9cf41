import http from 'node:http';

/**
 * The HTTP shell every floor server shares (reads, stock writes, order intake): a bare
 * `node:http` server on 127.0.0.1:PORT answering `/readyz`, `/metrics` (sql_statements_total,
 * process_resident_memory_bytes) and its routes. A route gets the request body and query and
 * resolves to the answer's `data`; a throw answers 500 with the message in `errors`. SIGTERM and
 * SIGINT close the server, then `close` (the floor's pool), then exit.
 */

/** One floor route: the request's body (text) and query string in, the answer's `data` out. */
export type FloorRoute = (body: string, query: URLSearchParams) => Promise<object>;

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function serveFloor(name: string, routes: Record<string, FloorRoute>, statements: () => number, close: () => Promise<void>): void {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://floor');
      if (u.pathname === '/readyz') return send(res, 200, '{"status":"ready"}');
      if (u.pathname === '/metrics') {
        return send(res, 200, `sql_statements_total ${statements()}\nprocess_resident_memory_bytes ${process.memoryUsage().rss}\n`, 'text/plain');
      }
      const route = routes[u.pathname];
      if (!route) return send(res, 404, '{"errors":[{"message":"no such floor"}]}');
      route(Buffer.concat(chunks).toString('utf8'), u.searchParams).then(
        (data) => send(res, 200, JSON.stringify({ data })),
        (err: Error) => send(res, 500, JSON.stringify({ errors: [{ message: err.message }] })),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`${name} listening on ${(server.address() as { port: number }).port}`);
  });
  const stop = () => {
    server.close(() => void close().then(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
