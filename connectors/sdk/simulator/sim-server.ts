import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './fault-injector';
import { RequestLog } from './request-log';
import { SeededRandom } from './seeded-random';
import { SimClock } from './sim-clock';
import { jsonResponse, parseJsonBody, readBodyBytes, SimHttpError, SimRequest, SimResponse } from './sim-http';
import { TokenBuckets } from './token-bucket';

/**
 * The HTTP side every marketplace simulator shares: a node:http server on 127.0.0.1, the
 * `/__sim/` control endpoints routed to the marketplace's handlers, faults (before the call,
 * and after it took effect), latency, the request log, the call-limit buckets, the clock, and
 * several apps and sellers in one simulator. The marketplace supplies only its wire (`handle`)
 * and its state (`control`).
 */

/** A marketplace app (TOP app key, eBay application, LWA client): its id and secret. */
export interface SimApp {
  /** The kit's name for it (`app-1`, or as `POST /__sim/sellers` named it). */
  name: string;
  /** The app's public id as the marketplace writes it (an app key). */
  key: string;
  secret: string;
}

/** A seller (shop, merchant, selling partner) of an app. */
export interface SimSeller {
  /** The kit's name for it (`seller-1`, or as `POST /__sim/sellers` named it); its URL prefix is `/sellers/<name>`. */
  name: string;
  /** The seller's id as the marketplace writes it (numeric). */
  id: string;
  /** 1 for the first seller, counting up as sellers are added: for ids a marketplace derives itself (a fixed first user id, say). */
  index: number;
}

/** Who a marketplace instance serves. */
export interface SimAccount {
  app: SimApp;
  seller: SimSeller;
}

/** The tools a marketplace simulator gets from the kit. */
export interface SimKit {
  /** Decides per call whether a fault is injected; the marketplace answers it its own way. */
  faults: FaultInjector;
  /**
   * The marketplace's published call limit, keyed by whoever the limit is per. Shared by every
   * seller of the simulator: key it by `account.app.key` and the sellers of one app share one
   * limit, as TOP counts per app.
   */
  buckets: TokenBuckets;
  /** Seeded: the same seed gives the same faults. */
  random: SeededRandom;
  /** The simulator's now (`POST /__sim/clock`): read it wherever the marketplace reads the time. */
  clock: SimClock;
  /**
   * The app and seller this instance serves: marketplaces that take their identities from here
   * can host several sellers, of one app or of several (`POST /__sim/sellers`).
   */
  account: SimAccount;
}

/** The state-changing side of a marketplace simulator, behind the common control endpoints. */
export interface SimControlHandlers {
  /** `GET /__sim/credentials`: the credentials JSON a channel of this marketplace needs. */
  credentials(): unknown;
  /** `POST /__sim/orders`: JSON text of an order in the marketplace's own shape (big ids as bare numbers). */
  addOrder(body: string): unknown;
  /** `POST /__sim/orders/:id/status` with `{status}`. */
  setOrderStatus(id: string, status: string): unknown;
  /** `POST /__sim/returns`: JSON text of a return or refund in the marketplace's own shape; absent when the simulator has none. */
  addReturn?(body: string): unknown;
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
  /**
   * The answer of a call the marketplace carried out but then failed to answer properly (the
   * `error500AfterCommit` fault), in the marketplace's own way; default an HTTP 503 page from a
   * front server, as most marketplaces fail.
   */
  serverError?(req: SimRequest, carriedOut: SimResponse): SimResponse;
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

/** What `POST /__sim/sellers` answers: the new seller and where its API and controls are. */
export interface SimSellerInfo {
  seller: SimSeller;
  app: { name: string; key: string };
  /** The seller's API: what its channel puts in `baseUrl`. */
  baseUrl: string;
  /** Where its `/__sim/` control endpoints are (`<controlUrl>/__sim/credentials`, …). */
  controlUrl: string;
}

type ControlRoute = { method: string; pattern: RegExp; run(req: SimRequest, match: RegExpExecArray): unknown };

function route(method: string, path: string, run: ControlRoute['run']): ControlRoute {
  const pattern = new RegExp(`^${path.replace(/:[a-z]+/gi, '([^/]+)')}$`);
  return { method, pattern, run };
}

/** The routes of one marketplace instance's own state. */
function marketplaceRoutes(sim: MarketplaceSimulator, kit: SimKit): ControlRoute[] {
  const c = sim.control;
  const routes = [
    route('GET', '/__sim/credentials', () => c.credentials()),
    route('POST', '/__sim/orders', (req) => c.addOrder(req.body)),
    route('POST', '/__sim/orders/:id/status', (req, m) => {
      const body = parseJsonBody<{ status?: unknown }>(req.body || '{}');
      if (typeof body?.status !== 'string' || !body.status.trim()) throw new SimHttpError(400, 'body must be {"status": "<marketplace status>"}');
      return c.setOrderStatus(decodeURIComponent(m[1]), body.status.trim());
    }),
    route('POST', '/__sim/returns', (req) => {
      if (!c.addReturn) throw new SimHttpError(404, 'this simulator takes no returns at POST /__sim/returns (see its own control routes)');
      return c.addReturn(req.body);
    }),
    route('GET', '/__sim/listings', () => c.listings()),
    route('GET', '/__sim/shipments', () => c.shipments()),
    route('GET', '/__sim/whoami', () => ({ seller: kit.account.seller, app: { name: kit.account.app.name, key: kit.account.app.key } })),
  ];
  for (const [key, run] of Object.entries(c.extra ?? {})) {
    const [method, path] = key.split(' ');
    routes.push(route(method, path, (req) => run(req)));
  }
  return routes;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const SELLER_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const SELLER_PREFIX = /^\/sellers\/([^/]+)(\/.*)?$/;

/** A front server's 503: what a caller sees when the marketplace failed after carrying the call out. */
function frontServerError(carriedOut: SimResponse): SimResponse {
  return {
    status: 503,
    body: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
    headers: { 'content-type': 'text/html' },
    operation: carriedOut.operation,
    errorCode: 'HTTP_503',
    errorMessage: 'Service Temporarily Unavailable',
    logParams: carriedOut.logParams,
  };
}

/** One marketplace instance: a seller, its app, and the marketplace's state for it. */
interface Tenant {
  /** Null for the first seller (served at the root as well as under its prefix). */
  prefix: string | null;
  kit: SimKit;
  sim: MarketplaceSimulator;
  routes: ControlRoute[];
}

/**
 * Starts a simulator on 127.0.0.1. `build` receives the kit and returns the marketplace; it is
 * called again for each seller added with `POST /__sim/sellers`. The kit's state (faults,
 * buckets, log, random, clock) is reset with the marketplace's on `POST /__sim/reset`, which
 * also drops the sellers added since the start.
 */
export async function startSimServer(options: SimServerOptions, build: (kit: SimKit) => MarketplaceSimulator): Promise<RunningSimulator> {
  const random = new SeededRandom(options.seed);
  const faults = new FaultInjector(random);
  const buckets = new TokenBuckets(options.callsPerSecond, options.burst);
  const clock = new SimClock();
  const log = new RequestLog();
  const apps = new Map<string, SimApp>();
  let sellerCount = 0;

  const newApp = (name: string): SimApp => {
    const app = { name, key: String(crypto.randomInt(20000000, 40000000)), secret: crypto.randomBytes(16).toString('hex') };
    apps.set(name, app);
    return app;
  };
  const newTenant = (prefix: string | null, account: SimAccount): Tenant => {
    const kit: SimKit = { random, faults, buckets, clock, account };
    const sim = build(kit);
    return { prefix, kit, sim, routes: marketplaceRoutes(sim, kit) };
  };

  const first = newTenant(null, { app: newApp('app-1'), seller: { name: `seller-${++sellerCount}`, id: String(crypto.randomInt(1_000_000_000, 2_000_000_000)), index: 1 } });
  const tenants = new Map<string, Tenant>([[first.kit.account.seller.name, first]]);
  let origin = '';

  const sellerInfo = (t: Tenant): SimSellerInfo => {
    const base = `${origin}/sellers/${t.kit.account.seller.name}`;
    return { seller: t.kit.account.seller, app: { name: t.kit.account.app.name, key: t.kit.account.app.key }, baseUrl: `${base}${t.sim.apiPath}`, controlUrl: base };
  };

  const reset = () => {
    faults.reset();
    buckets.reset();
    random.reset();
    clock.reset();
    log.clear();
    for (const [name, t] of tenants) if (t !== first) tenants.delete(name);
    for (const [name, app] of apps) if (app !== first.kit.account.app) apps.delete(name);
    sellerCount = 1;
    first.sim.control.reset();
  };

  /** Control routes that concern the whole simulator, whichever seller's prefix they come under. */
  const globalRoutes: ControlRoute[] = [
    route('POST', '/__sim/faults', (req) => {
      const { expireTokens } = faults.update(parseJsonBody(req.body || '{}'));
      if (expireTokens) for (const t of tenants.values()) t.sim.control.expireTokens();
      return { faults: faults.current, expiredTokens: expireTokens };
    }),
    route('GET', '/__sim/clock', () => clock.describe()),
    route('POST', '/__sim/clock', (req) => (clock.update(parseJsonBody(req.body || '{}')), clock.describe())),
    route('GET', '/__sim/requests', () => ({ requests: log.list() })),
    route('GET', '/__sim/sellers', () => ({ sellers: [...tenants.values()].map(sellerInfo) })),
    route('POST', '/__sim/sellers', (req) => {
      const body = parseJsonBody<{ name?: unknown; app?: unknown }>(req.body || '{}') ?? {};
      const unknown = Object.keys(body).filter((k) => k !== 'name' && k !== 'app');
      if (unknown.length) throw new SimHttpError(400, `unknown fields: ${unknown.join(', ')} (name, app)`);
      const name = body.name === undefined ? `seller-${sellerCount + 1}` : body.name;
      if (typeof name !== 'string' || !SELLER_NAME.test(name)) throw new SimHttpError(400, 'name is 1-40 lower-case letters, digits or -');
      if (tenants.has(name)) throw new SimHttpError(409, `there is a seller ${name} already`);
      if (body.app !== undefined && (typeof body.app !== 'string' || !SELLER_NAME.test(body.app))) throw new SimHttpError(400, 'app is the name of an app (1-40 lower-case letters, digits or -)');
      // A named app that exists is shared (its call limit too); any other name makes a new app.
      const app = typeof body.app === 'string' ? (apps.get(body.app) ?? newApp(body.app)) : newApp(`app-${apps.size + 1}`);
      sellerCount++;
      const t = newTenant(name, { app, seller: { name, id: String(crypto.randomInt(1_000_000_000, 2_000_000_000)), index: tenants.size + 1 } });
      tenants.set(name, t);
      return sellerInfo(t);
    }),
  ];

  async function control(t: Tenant, req: SimRequest): Promise<SimResponse> {
    if (req.method === 'POST' && req.path === '/__sim/reset') {
      // Under a seller's prefix: that seller's data only; at the root: the whole simulator.
      if (t.prefix === null) reset();
      else t.sim.control.reset();
      return jsonResponse(200, { reset: true });
    }
    const found = [...globalRoutes, ...t.routes].map((r) => ({ r, m: r.method === req.method ? r.pattern.exec(req.path) : null })).find((x) => x.m);
    if (!found) throw new SimHttpError(404, `no control endpoint ${req.method} ${req.path}`);
    return jsonResponse(200, await found.r.run(req, found.m!));
  }

  async function marketplaceCall(t: Tenant, req: SimRequest): Promise<SimResponse> {
    const started = Date.now();
    const { latencyMs } = faults.current;
    if (latencyMs > 0) await sleep(latencyMs);
    let res = await t.sim.handle(req);
    // Only a call that did something can lose its answer or fail after it: those are the cases a caller must survive.
    const after = res.status < 400 && !res.errorCode ? faults.afterCommit() : null;
    if (after === 'server-error') res = t.sim.serverError?.(req, res) ?? frontServerError(res);
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
      lost: after === 'lost',
      failedAfterCommit: after === 'server-error',
      seller: t.prefix,
    });
    return after === 'lost' ? { ...res, lost: true } : res;
  }

  async function answer(req: SimRequest): Promise<SimResponse> {
    let tenant = first;
    let path = req.path;
    const prefixed = SELLER_PREFIX.exec(path);
    if (prefixed) {
      const t = tenants.get(decodeURIComponent(prefixed[1]));
      if (!t) throw new SimHttpError(404, `no seller ${prefixed[1]} (POST /__sim/sellers adds one)`);
      tenant = t;
      path = prefixed[2] ?? '/';
    }
    const routed = { ...req, path };
    return path.startsWith('/__sim/') ? control(tenant, routed) : marketplaceCall(tenant, routed);
  }

  const server = http.createServer((incoming, out) => {
    void (async () => {
      let res: SimResponse;
      try {
        const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
        const rawBody = await readBodyBytes(incoming);
        res = await answer({ method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, rawQuery: url.search.slice(1), headers: incoming.headers, body: rawBody.toString('utf8'), rawBody });
      } catch (e) {
        // Control mistakes get their status; anything else is a simulator bug, shown in full.
        res = e instanceof SimHttpError ? jsonResponse(e.status, { error: e.message }) : jsonResponse(500, { error: `simulator failure: ${(e as Error)?.stack ?? String(e)}` });
      }
      if (res.lost) {
        incoming.socket.destroy();
        return;
      }
      out.writeHead(res.status, { 'content-type': 'application/json;charset=UTF-8', ...res.headers });
      out.end(res.bytes ?? res.body);
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
  origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}${first.sim.apiPath}`,
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
