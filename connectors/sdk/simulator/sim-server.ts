import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './fault-injector';
import { RequestLog } from './request-log';
import { SeededRandom } from './seeded-random';
import { jsonResponse, parseJsonBody, readBodyText, SimHttpError, SimRequest, SimResponse } from './sim-http';
import { TokenBuckets } from './token-bucket';

/**
 * The HTTP side every marketplace simulator shares: a node:http server on 127.0.0.1, the
 * `/__sim/` control endpoints routed to the marketplace's handlers, faults, latency, the
 * request log and the call-limit buckets. The marketplace supplies only its wire (`handle`)
 * and its state (`control`).
 */

/** The tools a marketplace simulator gets from the kit. */
export interface SimKit {
  /** Decides per call whether a fault is injected; the marketplace answers it its own way. */
  faults: FaultInjector;
  /** The marketplace's published call limit, keyed by whoever the limit is per (app, seller). */
  buckets: TokenBuckets;
  /** Seeded: the same seed gives the same faults. */
  random: SeededRandom;
}

/** The state-changing side of a marketplace simulator, behind the common control endpoints. */
export interface SimControlHandlers {
  /** `GET /__sim/credentials`: the credentials JSON a channel of this marketplace needs. */
  credentials(): unknown;
  /** `POST /__sim/orders`: JSON text of an order in the marketplace's own shape (big ids as bare numbers). */
  addOrder(body: string): unknown;
  /** `POST /__sim/orders/:id/status` with `{status}`. */
  setOrderStatus(id: string, status: string): unknown;
  /** `GET /__sim/listings`: `{listings: [{sku, quantity, price, status, ...}]}`. */
  listings(): unknown;
  /** `GET /__sim/shipments`: `{shipments: [...]}`. */
  shipments(): unknown;
  /** `expireTokens` fault: every current access token expires now. */
  expireTokens(): void;
  /** `POST /__sim/reset`: the marketplace's initial state (fresh credentials). */
  reset(): void;
  /** More control routes, keyed `'POST /__sim/refunds'`; the handler gets the request. */
  extra?: Record<string, (req: SimRequest) => unknown>;
}

/** A marketplace simulator plugged into the kit. */
export interface MarketplaceSimulator {
  /** Path of the API on the simulator, appended to the origin to make `baseUrl` ('' for the root). */
  apiPath: string;
  /** Answers one marketplace call (every path outside `/__sim/`). */
  handle(req: SimRequest): SimResponse | Promise<SimResponse>;
  control: SimControlHandlers;
}

export interface SimServerOptions {
  /** 0 (the default) takes a free port. */
  port?: number;
  /** Seeds the fault draws; omitted, a random seed. */
  seed?: number;
  /** The marketplace's call limit per bucket key. */
  callsPerSecond: number;
  /** Calls allowed at once; default one second's worth. */
  burst?: number;
}

/** A started simulator. */
export interface RunningSimulator {
  /** What a channel puts in `baseUrl`: origin plus the marketplace's API path. */
  baseUrl: string;
  /** Origin of the `/__sim/` control endpoints. */
  controlUrl: string;
  port: number;
  stop(): Promise<void>;
}

type ControlRoute = { method: string; pattern: RegExp; run(req: SimRequest, match: RegExpExecArray): unknown };

function route(method: string, path: string, run: ControlRoute['run']): ControlRoute {
  const pattern = new RegExp(`^${path.replace(/:[a-z]+/gi, '([^/]+)')}$`);
  return { method, pattern, run };
}

function controlRoutes(sim: MarketplaceSimulator, kit: SimKit, log: RequestLog, reset: () => void): ControlRoute[] {
  const c = sim.control;
  const routes = [
    route('GET', '/__sim/credentials', () => c.credentials()),
    route('POST', '/__sim/orders', (req) => c.addOrder(req.body)),
    route('POST', '/__sim/orders/:id/status', (req, m) => {
      const body = parseJsonBody<{ status?: unknown }>(req.body || '{}');
      if (typeof body?.status !== 'string' || !body.status.trim()) throw new SimHttpError(400, 'body must be {"status": "<marketplace status>"}');
      return c.setOrderStatus(decodeURIComponent(m[1]), body.status.trim());
    }),
    route('GET', '/__sim/listings', () => c.listings()),
    route('GET', '/__sim/shipments', () => c.shipments()),
    route('POST', '/__sim/faults', (req) => {
      const { expireTokens } = kit.faults.update(parseJsonBody(req.body || '{}'));
      if (expireTokens) c.expireTokens();
      return { faults: kit.faults.current, expiredTokens: expireTokens };
    }),
    route('GET', '/__sim/requests', () => ({ requests: log.list() })),
    route('POST', '/__sim/reset', () => {
      reset();
      return { reset: true };
    }),
  ];
  for (const [key, run] of Object.entries(c.extra ?? {})) {
    const [method, path] = key.split(' ');
    routes.push(route(method, path, (req) => run(req)));
  }
  return routes;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts a simulator on 127.0.0.1. `build` receives the kit and returns the marketplace; the
 * kit's state (faults, buckets, log, random) is reset with the marketplace's on `POST /__sim/reset`.
 */
export async function startSimServer(options: SimServerOptions, build: (kit: SimKit) => MarketplaceSimulator): Promise<RunningSimulator> {
  const random = new SeededRandom(options.seed);
  const kit: SimKit = { random, faults: new FaultInjector(random), buckets: new TokenBuckets(options.callsPerSecond, options.burst) };
  const log = new RequestLog();
  const sim = build(kit);
  const reset = () => {
    kit.faults.reset();
    kit.buckets.reset();
    random.reset();
    log.clear();
    sim.control.reset();
  };
  const routes = controlRoutes(sim, kit, log, reset);

  async function answer(req: SimRequest): Promise<SimResponse> {
    if (req.path.startsWith('/__sim/')) {
      const found = routes.map((r) => ({ r, m: r.method === req.method ? r.pattern.exec(req.path) : null })).find((x) => x.m);
      if (!found) throw new SimHttpError(404, `no control endpoint ${req.method} ${req.path}`);
      return jsonResponse(200, await found.r.run(req, found.m!));
    }
    const started = Date.now();
    const { latencyMs } = kit.faults.current;
    if (latencyMs > 0) await sleep(latencyMs);
    const res = await sim.handle(req);
    // Only a call that did something can lose its answer: that is the case a caller must survive.
    const lost = res.status < 400 && !res.errorCode && kit.faults.loseAnswer();
    log.add({
      method: req.method,
      path: req.path,
      operation: res.operation ?? null,
      at: new Date(started).toISOString(),
      status: res.status,
      errorCode: res.errorCode ?? null,
      errorMessage: res.errorMessage ?? null,
      params: res.logParams ?? null,
      ms: Date.now() - started,
      lost,
    });
    return lost ? { ...res, lost: true } : res;
  }

  const server = http.createServer((incoming, out) => {
    void (async () => {
      let res: SimResponse;
      try {
        const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
        const body = await readBodyText(incoming);
        res = await answer({ method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, body });
      } catch (e) {
        // Control mistakes get their status; anything else is a simulator bug, shown in full.
        res = e instanceof SimHttpError ? jsonResponse(e.status, { error: e.message }) : jsonResponse(500, { error: `simulator failure: ${(e as Error)?.stack ?? String(e)}` });
      }
      if (res.lost) {
        incoming.socket.destroy();
        return;
      }
      out.writeHead(res.status, { 'content-type': 'application/json;charset=UTF-8', ...res.headers });
      out.end(res.body);
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}${sim.apiPath}`,
    controlUrl: origin,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive connections from clients would hold close() open.
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
