import crypto from 'node:crypto';
import { basicAuthorization } from '../../../connectors/sdk/auth';
import { AuthFailedError, PermanentError, RateLimitedError, RetryableError } from '../../../connectors/sdk/errors';
import { idString, parseJsonExact } from '../../../connectors/sdk/exact-json';
import type { HttpClient } from '../../../connectors/sdk/http';
import type { Connector, ConnectorContext, ConnectorModule, Cursor, OrderDto, OrderFlag, PulledOrder, ResponseClassifier, UnifiedOrderStatus } from '../../../connectors/sdk/types';

/**
 * Acme: a small marketplace connector for the engine's own tests of the contract's account side
 * (not a real marketplace, and not installed unless CONNECTORS names this folder). It has what
 * eBay, Amazon and AliExpress have and Taobao does not:
 * - OAuth-style tokens the engine owns: a refresh grant with Basic client credentials at
 *   `POST /oauth/token` (rotating refresh tokens with their own lifetime), a bearer token on
 *   every call;
 * - settings that are not secrets (a location key, required; a return policy id);
 * - one seller account covering several marketplaces (ACME_US, ACME_CA, ACME_MX), each order
 *   saying where it was placed and who fulfils it, and a FROZEN flag;
 * - push messages signed with HMAC-SHA256 over the raw body with the channel's notification secret.
 * Its simulator is ./simulator.ts; it pulls orders only.
 */

export const ACME_KIND = 'ACME';
export const SIGNATURE_HEADER = 'x-acme-signature';

type Raw = Record<string, unknown>;

const STATUS: Record<string, UnifiedOrderStatus> = {
  Pending: 'PENDING_PAYMENT',
  Unshipped: 'PAID',
  PartiallyShipped: 'PARTIALLY_SHIPPED',
  Shipped: 'SHIPPED',
  Canceled: 'CANCELLED',
};

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** Acme's order JSON → OrderDto, or quarantined. */
export function mapAcmeOrder(raw: unknown): PulledOrder {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Raw;
  const externalId = idString(o.id);
  try {
    if (!externalId) throw new Error('id is missing');
    const marketplaceStatus = text(o.status);
    const status = marketplaceStatus ? STATUS[marketplaceStatus] : undefined;
    if (!marketplaceStatus || !status) throw new Error(`unknown status ${JSON.stringify(o.status)}`);
    const lines = Array.isArray(o.lines) ? (o.lines as Raw[]) : [];
    if (!lines.length) throw new Error('no lines');
    const flags: OrderFlag[] = [];
    if (o.frozen === true) flags.push('FROZEN');
    const order: OrderDto = {
      externalId,
      status,
      marketplaceStatus,
      flags,
      marketplaceId: text(o.marketplaceId),
      fulfilledBy: o.fulfillmentChannel === 'AFN' ? 'MARKETPLACE' : 'MERCHANT',
      modifiedAt: new Date(String(o.updatedAt)),
      placedAt: new Date(String(o.createdAt ?? o.updatedAt)),
      currency: String(o.currency),
      buyerId: text(o.buyerId),
      shippingAddress: { name: 'Sam Buyer', address1: '1 Main St', city: 'Springfield', country: 'US' },
      lines: lines.map((l, i) => ({ externalLineId: idString(l.id) ?? `${externalId}-${i + 1}`, sku: String(l.sku), quantity: Number(l.quantity), unitPrice: String(l.unitPrice) })),
      paidTotal: text(o.total),
    };
    if (Number.isNaN(order.modifiedAt.getTime())) throw new Error('updatedAt is not a time');
    return { ok: true, order };
  } catch (e) {
    return { ok: false, externalId, raw, error: (e as Error).message };
  }
}

export const classifyAcme: ResponseClassifier = (res, operation) => {
  if (res.status < 400) return undefined;
  const body = (res.data && typeof res.data === 'object' ? res.data : {}) as Raw;
  // OAuth answers its errors as {error, error_description}; the API as {error: {code, message}}.
  const error = body.error as Raw | string | undefined;
  const code = typeof error === 'string' ? error : (text((error as Raw | undefined)?.code) ?? `HTTP_${res.status}`);
  const message = typeof error === 'string' ? (text(body.error_description) ?? error) : (text((error as Raw | undefined)?.message) ?? `Acme answered HTTP ${res.status}`);
  const details = { code, message, status: res.status, operation };
  if (res.status === 429) return new RateLimitedError(details);
  if (res.status === 401 || code === 'invalid_grant' || code === 'invalid_client') return new AuthFailedError(details);
  if (res.status >= 500) return new RetryableError(details);
  return new PermanentError(details);
};

/** The signature Acme puts on a push message: `sha256=` + hex HMAC-SHA256 of the raw body under the channel's notification secret. */
export function acmeSignature(secret: string, body: Buffer | string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

class AcmeConnector implements Connector {
  constructor(private readonly ctx: ConnectorContext) {}

  private get http(): HttpClient {
    return this.ctx.http;
  }

  /** Calls that concern the seller's marketplaces and location say so, as the marketplace requires. */
  private scope(): Record<string, string> {
    return { 'x-acme-location': this.ctx.settings?.locationKey ?? '', 'x-acme-marketplaces': (this.ctx.marketplaces ?? []).map((m) => m.id).join(',') };
  }

  async checkCredentials(): Promise<{ account: string }> {
    const res = await this.http.request<Raw>({ method: 'GET', url: 'seller', operation: 'seller' });
    return { account: String((res.data.seller as Raw | undefined)?.name ?? this.ctx.credentials.sellerId) };
  }

  async pullOrders(cursor: Cursor | null): Promise<{ orders: PulledOrder[]; nextCursor: Cursor; done: boolean }> {
    const after = typeof cursor?.after === 'string' ? cursor.after : new Date(0).toISOString();
    const res = await this.http.request<Raw>({ method: 'GET', url: 'orders', query: { updatedAfter: after }, headers: this.scope(), operation: 'orders' });
    const orders = ((res.data.orders as Raw[] | undefined) ?? []).map(mapAcmeOrder);
    const newest = orders.reduce((m, o) => (o.ok && o.order.modifiedAt.toISOString() > m ? o.order.modifiedAt.toISOString() : m), after);
    return { orders, nextCursor: { after: newest }, done: true };
  }

  async getOrder(externalId: string): Promise<PulledOrder> {
    const res = await this.http.request<Raw>({ method: 'GET', url: `orders/${encodeURIComponent(externalId)}`, headers: this.scope(), operation: 'orders' });
    return mapAcmeOrder(res.data.order);
  }

  private unsupported(): never {
    throw new PermanentError({ code: 'NOT_SUPPORTED', message: 'Acme (test connector) pulls orders only' });
  }

  publishListing = (): never => this.unsupported();
  updateListing = (): never => this.unsupported();
  delistListing = (): never => this.unsupported();
  pushStock = (): never => this.unsupported();
  pushPrice = (): never => this.unsupported();
  pushShipment = (): never => this.unsupported();
  pullReturns = (): never => this.unsupported();
  fetchListings = (): never => this.unsupported();
}

export const acmeConnector: ConnectorModule = {
  kinds: [ACME_KIND],
  kindDescriptions: { [ACME_KIND]: 'Acme (test connector: OAuth tokens, several marketplaces, settings, push messages).' },
  label: 'Acme',
  defaultBaseUrl: 'https://api.acme.example.com/v1',
  capabilities: ['orders.pull', 'orders.get'],
  credentialFields: [
    { name: 'sellerId', description: 'The seller account', required: true, secret: false },
    { name: 'clientId', description: 'The app’s OAuth client id', required: true, secret: false },
    { name: 'clientSecret', description: 'The app’s OAuth client secret', required: true, secret: true },
    { name: 'refreshToken', description: 'The seller’s refresh token (from consent)', required: true, secret: true },
    { name: 'refreshTokenExpiresAt', description: 'When the refresh token expires (ISO time, from consent)', required: false, secret: false },
    { name: 'notificationSecret', description: 'The secret push messages are signed with', required: false, secret: true },
  ],
  settingsFields: [
    { name: 'locationKey', description: 'The merchant location orders ship from', required: true },
    { name: 'returnPolicyId', description: 'The return policy of new listings', required: false },
  ],
  marketplacesPerChannel: 'SEVERAL',
  marketplaces: [
    { id: 'ACME_US', label: 'Acme.com (US)', currency: 'USD', locale: 'en_US' },
    { id: 'ACME_CA', label: 'Acme.ca (Canada)', currency: 'CAD', locale: 'en_CA' },
    { id: 'ACME_MX', label: 'Acme.com.mx (Mexico)', currency: 'MXN', locale: 'es_MX' },
  ],
  rateLimits: { default: { ratePerSecond: 50, burst: 50 } },
  rateKey: (credentials) => `acme:${credentials.clientId ?? ''}:${credentials.sellerId ?? ''}`,
  maxBatch: { stock: 20, price: 20 },
  classify: classifyAcme,
  auth: {
    async refresh({ credentials, http, baseUrl }) {
      if (!credentials.refreshToken || !credentials.clientId || !credentials.clientSecret) {
        throw new AuthFailedError({ code: 'CREDENTIALS_MISSING', message: 'Acme needs clientId, clientSecret and refreshToken', operation: 'auth' });
      }
      const res = await http.request<Raw>({
        method: 'POST',
        url: `${baseUrl.replace(/\/+$/, '')}/oauth/token`,
        form: { grant_type: 'refresh_token', refresh_token: credentials.refreshToken },
        headers: { authorization: basicAuthorization(credentials.clientId, credentials.clientSecret) },
        operation: 'auth',
      });
      const d = res.data;
      return {
        accessToken: String(d.access_token ?? ''),
        expiresInSeconds: Number(d.expires_in),
        refreshToken: typeof d.refresh_token === 'string' ? { value: d.refresh_token, expiresInSeconds: Number(d.refresh_token_expires_in) || null } : null,
      };
    },
    apply: (req, { accessToken, credentials }) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${accessToken}`, 'x-acme-seller': credentials.sellerId ?? '' } }),
    refreshTokenExpiresAt: (credentials) => (credentials.refreshTokenExpiresAt ? new Date(credentials.refreshTokenExpiresAt) : null),
  },
  notifications: {
    receive(message, { credentials }) {
      const secret = credentials.notificationSecret;
      if (!secret) return { accepted: false, reason: 'the channel has no notification secret' };
      const given = Buffer.from(message.headers[SIGNATURE_HEADER] ?? '');
      const expected = Buffer.from(acmeSignature(secret, message.body));
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { accepted: false, reason: 'bad signature' };
      const body = parseJsonExact<Raw>(message.body.toString('utf8'));
      if (String(body.sellerId) !== credentials.sellerId) return { accepted: false, reason: 'a message for another seller' };
      const events = Array.isArray(body.events) ? (body.events as Raw[]) : [];
      return {
        accepted: true,
        refs: events.flatMap((e) => (e.type === 'ORDER_CHANGED' && idString(e.orderId) ? [{ type: 'ORDER' as const, externalId: idString(e.orderId)! }] : [])),
      };
    },
  },
  create(kind: string, ctx: ConnectorContext): Connector {
    if (kind !== ACME_KIND) throw new PermanentError({ code: 'UNKNOWN_KIND', message: `Acme serves ${ACME_KIND}, not ${kind}` });
    return new AcmeConnector(ctx);
  },
  simulator: (_kind, options) => import('./simulator').then((s) => s.startAcmeSimulator(options)),
};
