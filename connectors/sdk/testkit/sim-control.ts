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
    const res = await fetch(new URL(path, this.controlUrl), {
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

  reset(): Promise<unknown> {
    return this.send('POST', '/__sim/reset', {});
  }
}
