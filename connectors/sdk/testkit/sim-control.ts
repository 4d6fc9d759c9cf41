/**
 * The control endpoints every marketplace simulator serves under `/__sim/` (issue 5,
 * "Marketplace simulators"), spoken over real HTTP from a test.
 */

export interface SimListing {
  sku: string;
  quantity: number;
  price: string;
  status: string;
  raw: Record<string, unknown>;
}

/** Statuses that mean "for sale" across marketplaces (Taobao `onsale`, eBay `PUBLISHED`, Amazon `BUYABLE`...). */
const ACTIVE = new Set(['ONSALE', 'ACTIVE', 'PUBLISHED', 'LIVE', 'BUYABLE', 'DISCOVERABLE', 'ON_SALE', 'ONSELLING']);

export function isActiveStatus(status: string): boolean {
  return ACTIVE.has(status.toUpperCase());
}

function first(o: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

/** A list from `[...]` or `{ <key>: [...] }`. */
function list(body: unknown, keys: string[]): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  if (body && typeof body === 'object') {
    for (const k of keys) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as Record<string, unknown>[];
    }
  }
  throw new Error(`unexpected simulator answer: ${JSON.stringify(body).slice(0, 300)}`);
}

export class SimControl {
  constructor(readonly controlUrl: string) {}

  private async send(method: 'GET' | 'POST', path: string, body?: string | object): Promise<unknown> {
    // A seller's controls live under its prefix (`/sellers/<name>`): paths are appended, not resolved.
    const res = await fetch(`${this.controlUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : null;
  }

  async credentials(): Promise<Record<string, string>> {
    const body = (await this.send('GET', '/__sim/credentials')) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (v !== null && v !== undefined) out[k] = String(v);
    return out;
  }

  /** Adds an order given as the JSON text of the marketplace's own order shape (big ids stay bare numbers). */
  addOrder(body: string): Promise<unknown> {
    return this.send('POST', '/__sim/orders', body);
  }

  setOrderStatus(externalId: string, status: string): Promise<unknown> {
    return this.send('POST', `/__sim/orders/${encodeURIComponent(externalId)}/status`, { status });
  }

  async listings(): Promise<SimListing[]> {
    return list(await this.send('GET', '/__sim/listings'), ['listings', 'items', 'skus']).map((l) => ({
      sku: String(first(l, ['sku', 'outer_id', 'outerId', 'sellerSku', 'sku_code']) ?? ''),
      quantity: Number(first(l, ['quantity', 'num', 'stock', 'available']) ?? NaN),
      price: String(first(l, ['price', 'amount']) ?? ''),
      status: String(first(l, ['status', 'approve_status', 'state']) ?? ''),
      raw: l,
    }));
  }

  async shipments(): Promise<Record<string, unknown>[]> {
    return list(await this.send('GET', '/__sim/shipments'), ['shipments']);
  }

  faults(faults: Record<string, unknown>): Promise<unknown> {
    return this.send('POST', '/__sim/faults', faults);
  }

  /**
   * Adds a return or refund given as the JSON text of the marketplace's own shape, at the
   * simulator's `POST /__sim/returns` or the route it names (Taobao: `/__sim/refunds`).
   */
  addReturn(body: string, path = '/__sim/returns'): Promise<unknown> {
    return this.send('POST', path, body);
  }

  /** The simulator's clock. */
  async clock(): Promise<{ now: string; offsetMs: number; frozen: boolean }> {
    return (await this.send('GET', '/__sim/clock')) as { now: string; offsetMs: number; frozen: boolean };
  }

  /** Moves the simulator's clock: `{at, freeze?}`, `{advanceMs}`, `{freeze}` or `{real: true}`. */
  async setClock(change: { at?: string; advanceMs?: number; freeze?: boolean; real?: true }): Promise<{ now: string; offsetMs: number; frozen: boolean }> {
    return (await this.send('POST', '/__sim/clock', change)) as { now: string; offsetMs: number; frozen: boolean };
  }

  /**
   * Adds a seller to the simulator, of the app named (sharing its credentials' app and its call
   * limit) or of a new app; returns its API base URL and a control for it.
   */
  async addSeller(options: { name?: string; app?: string } = {}): Promise<{ name: string; appKey: string; baseUrl: string; control: SimControl }> {
    const r = (await this.send('POST', '/__sim/sellers', options)) as { seller: { name: string }; app: { key: string }; baseUrl: string; controlUrl: string };
    return { name: r.seller.name, appKey: r.app.key, baseUrl: r.baseUrl, control: new SimControl(r.controlUrl) };
  }

  /** The calls the simulator answered, oldest first. */
  async requests(): Promise<Record<string, unknown>[]> {
    return list(await this.send('GET', '/__sim/requests'), ['requests']);
  }

  reset(): Promise<unknown> {
    return this.send('POST', '/__sim/reset', {});
  }
}
