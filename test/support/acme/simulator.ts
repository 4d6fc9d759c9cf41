import crypto from 'node:crypto';
import { jsonResponse, parseJsonBody, requestParams, SimHttpError, SimKit, SimRequest, SimResponse, startSimServer } from '../../../connectors/sdk/simulator';
import type { RunningSimulator } from '../../../connectors/sdk/simulator';
import type { SimulatorStartOptions } from '../../../connectors/sdk/types';
import { acmeSignature, SIGNATURE_HEADER } from './index';

/**
 * Acme's marketplace as a local HTTP server (see ./index.ts), on the SDK's simulator kit:
 * - `POST /v1/oauth/token`: the refresh grant, Basic client credentials; refresh tokens rotate
 *   (a spent one answers invalid_grant, and is counted as reused) and expire on the simulator's
 *   clock; it counts refresh calls and how many ran at once, and can take its time (`latencyMs`);
 * - `GET /v1/seller`, `GET /v1/orders?updatedAfter=`, `GET /v1/orders/:id`: bearer token checked
 *   against the ones issued and their expiry (401 when expired, or always once `revoked`), the location and marketplaces
 *   the calls named logged;
 * - control: `GET /__sim/credentials` (the consent's tokens), `POST /__sim/orders`,
 *   `GET|POST /__sim/auth` (counters; token lifetimes, rotation, latency), `POST /__sim/notify`
 *   (signs a push message naming orders and posts it to `deliverTo`, answering its status).
 */

export const API_PATH = '/v1';

type Raw = Record<string, unknown>;

interface Refresh {
  expiresAt: number;
  spent: boolean;
}

class AcmeState {
  readonly sellerId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly notificationSecret: string;
  access = new Map<string, number>();
  refresh = new Map<string, Refresh>();
  consent!: { refreshToken: string; expiresAt: number };
  orders = new Map<string, Raw>();
  counters = { refreshCalls: 0, refreshOk: 0, reused: 0, expired: 0, inFlight: 0, maxInFlight: 0 };
  settings = { accessTtlSeconds: 3600, refreshTtlSeconds: 540 * 24 * 3600, rotate: true, latencyMs: 0, revoked: false };

  constructor(private readonly kit: SimKit) {
    this.sellerId = kit.account.seller.id;
    this.clientId = `acme-client-${kit.account.app.key}`;
    this.clientSecret = `acme-secret-${kit.account.app.secret}`;
    this.notificationSecret = `acme-notify-${crypto.createHash('sha256').update(kit.account.app.secret).digest('hex').slice(0, 24)}`;
    this.reset();
  }

  now(): number {
    return this.kit.clock.now();
  }

  reset(): void {
    this.access.clear();
    this.refresh.clear();
    this.orders.clear();
    this.counters = { refreshCalls: 0, refreshOk: 0, reused: 0, expired: 0, inFlight: 0, maxInFlight: 0 };
    this.settings = { accessTtlSeconds: 3600, refreshTtlSeconds: 540 * 24 * 3600, rotate: true, latencyMs: 0, revoked: false };
    const refreshToken = this.newRefreshToken();
    this.consent = { refreshToken, expiresAt: this.refresh.get(refreshToken)!.expiresAt };
  }

  newRefreshToken(): string {
    const token = `Atzr|${crypto.randomBytes(18).toString('hex')}`;
    this.refresh.set(token, { expiresAt: this.now() + this.settings.refreshTtlSeconds * 1000, spent: false });
    return token;
  }
}

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly oauth = false) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function header(req: SimRequest, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

async function token(state: AcmeState, req: SimRequest): Promise<Raw> {
  const basic = /^Basic\s+(\S+)$/i.exec(header(req, 'authorization'));
  const [id, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [];
  if (id !== state.clientId || secret !== state.clientSecret) throw new ApiError(401, 'invalid_client', 'client authentication failed', true);
  const params = requestParams(req);
  if (params.grant_type !== 'refresh_token') throw new ApiError(400, 'unsupported_grant_type', 'only refresh_token', true);
  state.counters.refreshCalls++;
  state.counters.inFlight++;
  state.counters.maxInFlight = Math.max(state.counters.maxInFlight, state.counters.inFlight);
  try {
    if (state.settings.latencyMs) await sleep(state.settings.latencyMs);
    const known = state.refresh.get(params.refresh_token ?? '');
    if (!known) throw new ApiError(400, 'invalid_grant', 'the refresh token is not valid', true);
    if (known.spent) {
      state.counters.reused++;
      throw new ApiError(400, 'invalid_grant', 'the refresh token was used already', true);
    }
    if (known.expiresAt <= state.now()) {
      state.counters.expired++;
      throw new ApiError(400, 'invalid_grant', 'the refresh token has expired', true);
    }
    const accessToken = `Atza|${crypto.randomBytes(24).toString('hex')}`;
    state.access.set(accessToken, state.now() + state.settings.accessTtlSeconds * 1000);
    state.counters.refreshOk++;
    const out: Raw = { access_token: accessToken, token_type: 'bearer', expires_in: state.settings.accessTtlSeconds };
    if (state.settings.rotate) {
      known.spent = true;
      const next = state.newRefreshToken();
      out.refresh_token = next;
      out.refresh_token_expires_in = state.settings.refreshTtlSeconds;
    }
    return out;
  } finally {
    state.counters.inFlight--;
  }
}

function bearer(state: AcmeState, req: SimRequest): void {
  const m = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization'));
  const expiresAt = m ? state.access.get(m[1]) : undefined;
  if (expiresAt === undefined) throw new ApiError(401, 'invalid_token', 'the access token is not valid');
  if (expiresAt <= state.now()) throw new ApiError(401, 'token_expired', 'the access token has expired');
  // The seller withdrew the app's access: tokens are still issued, every call is refused.
  if (state.settings.revoked) throw new ApiError(401, 'invalid_token', 'the seller revoked this app’s access');
  if (header(req, 'x-acme-seller') !== state.sellerId) throw new ApiError(403, 'wrong_seller', 'x-acme-seller is not this token’s seller');
}

function api(state: AcmeState): (req: SimRequest) => Promise<SimResponse> {
  return async (req) => {
    let operation: string | null = null;
    const logParams: Record<string, string> = {};
    try {
      if (!req.path.startsWith(`${API_PATH}/`)) throw new ApiError(404, 'not_found', 'no such path');
      const path = req.path.slice(API_PATH.length);
      if (req.method === 'POST' && path === '/oauth/token') {
        operation = 'oauth.token';
        return { ...jsonResponse(200, await token(state, req)), operation };
      }
      bearer(state, req);
      logParams.location = header(req, 'x-acme-location');
      logParams.marketplaces = header(req, 'x-acme-marketplaces');
      if (req.method === 'GET' && path === '/seller') {
        operation = 'seller.get';
        return { ...jsonResponse(200, { seller: { id: state.sellerId, name: `Acme seller ${state.sellerId}` } }), operation, logParams };
      }
      if (req.method === 'GET' && path === '/orders') {
        operation = 'orders.list';
        const after = Date.parse(req.query.get('updatedAfter') ?? '');
        if (Number.isNaN(after)) throw new ApiError(400, 'invalid_request', 'updatedAfter is required');
        const orders = [...state.orders.values()].filter((o) => Date.parse(String(o.updatedAt)) > after);
        return { ...jsonResponse(200, { orders }), operation, logParams };
      }
      const one = /^\/orders\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && one) {
        operation = 'orders.get';
        const order = state.orders.get(decodeURIComponent(one[1]));
        if (!order) throw new ApiError(404, 'order_not_found', `no order ${one[1]}`);
        return { ...jsonResponse(200, { order }), operation, logParams: { ...logParams, orderId: String(order.id) } };
      }
      throw new ApiError(404, 'not_found', 'no such path');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const body = e.oauth ? { error: e.code, error_description: e.message } : { error: { code: e.code, message: e.message } };
      return { ...jsonResponse(e.status, body), operation, errorCode: e.code, errorMessage: e.message, logParams };
    }
  };
}

/** A push message naming these orders, signed (or not) as Acme signs them. */
export function acmeMessage(state: { sellerId: string; notificationSecret: string }, orderIds: string[], opts: { badSignature?: boolean } = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ sellerId: state.sellerId, sentAt: new Date().toISOString(), events: orderIds.map((orderId) => ({ type: 'ORDER_CHANGED', orderId })) });
  const signature = acmeSignature(opts.badSignature ? `${state.notificationSecret}-not` : state.notificationSecret, body);
  return { body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature } };
}

export function startAcmeSimulator(options: SimulatorStartOptions = {}): Promise<RunningSimulator> {
  return startSimServer({ port: options.port, seed: options.seed, callsPerSecond: options.callsPerSecond ?? 200 }, (kit) => {
    const state = new AcmeState(kit);
    return {
      apiPath: API_PATH,
      handle: api(state),
      control: {
        credentials: () => ({
          sellerId: state.sellerId,
          clientId: state.clientId,
          clientSecret: state.clientSecret,
          refreshToken: state.consent.refreshToken,
          refreshTokenExpiresAt: new Date(state.consent.expiresAt).toISOString(),
          notificationSecret: state.notificationSecret,
        }),
        addOrder(body) {
          const order = parseJsonBody<Raw>(body);
          if (!order || typeof order !== 'object' || !order.id) throw new SimHttpError(400, 'an order needs an id');
          order.updatedAt ??= new Date(state.now()).toISOString();
          state.orders.set(String(order.id), order);
          return { id: order.id };
        },
        setOrderStatus(id, status) {
          const order = state.orders.get(id);
          if (!order) throw new SimHttpError(404, `no order ${id}`);
          Object.assign(order, { status, updatedAt: new Date(state.now()).toISOString() });
          return { id, status };
        },
        listings: () => ({ listings: [] }),
        shipments: () => ({ shipments: [] }),
        expireTokens() {
          for (const [t, at] of state.access) state.access.set(t, Math.min(at, state.now() - 1));
        },
        reset: () => state.reset(),
        extra: {
          'GET /__sim/auth': () => ({ ...state.counters, settings: state.settings }),
          'POST /__sim/auth': (req) => {
            const body = parseJsonBody<Partial<AcmeState['settings']>>(req.body || '{}');
            Object.assign(state.settings, body);
            return { settings: state.settings };
          },
          'POST /__sim/orders/:id/change': (req) => {
            const id = decodeURIComponent(req.path.split('/')[3]);
            const order = state.orders.get(id);
            if (!order) throw new SimHttpError(404, `no order ${id}`);
            Object.assign(order, parseJsonBody<Raw>(req.body || '{}'), { updatedAt: new Date(state.now()).toISOString() });
            return { order };
          },
          'POST /__sim/notify': async (req) => {
            const body = parseJsonBody<{ orderIds?: string[]; deliverTo?: string; badSignature?: boolean }>(req.body || '{}');
            const message = acmeMessage(state, body.orderIds ?? [], { badSignature: body.badSignature });
            if (!body.deliverTo) return message;
            const res = await fetch(body.deliverTo, { method: 'POST', headers: message.headers, body: message.body });
            return { status: res.status, body: await res.text() };
          },
        },
      },
    };
  });
}
