import type { CatalogRows } from '../../catalog/catalog-rows';
import { HoldReason, OrderStatus } from '../../orders';
import { demoOpeningStock, demoSecondStock } from './demo-stock';
import { DemoLine, DemoOrder, intakeOrder } from './demo-order-model';
import { Shelf, skuFields } from './demo-order-shelf';

/**
 * The demo's stock as the history's orders take it: walked in the intake's order so that only
 * the orders meant to be short of stock are, and the SKUs the simulators' sample orders need keep
 * enough free.
 */

/** An order's units by SKU, sorted by SKU: what the intake asks inventory to reserve. */
function perSku(lines: DemoLine[]): { sku: string; quantity: number }[] {
  const by = new Map<string, number>();
  for (const l of lines) by.set(l.sku, (by.get(l.sku) ?? 0) + l.quantity);
  return [...by].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

/** Units free to reserve in the demo's warehouses, in allocation order (Hangzhou, then Shanghai), by SKU: the opening stock as seeded. */
export class StockBook {
  private readonly free: Map<string, number>[];

  constructor(rows: CatalogRows, private readonly shelf: Shelf) {
    this.free = [new Map(demoOpeningStock(rows).map((s) => [s.sku, s.quantity])), new Map(demoSecondStock(rows).map((s) => [s.sku, s.quantity]))];
  }

  total(sku: string): number {
    return this.free.reduce((n, w) => n + (w.get(sku) ?? 0), 0);
  }

  /**
   * Takes an order's units as the intake's reservation does (inventory's allocation): each line
   * from the first warehouse that holds all of it, else split in that order; a bundle's
   * components all from one warehouse. All lines or none: true when taken. `floor` is what each
   * SKU must keep free; `dryRun` gives everything back.
   */
  reserve(lines: { sku: string; quantity: number }[], floor: (sku: string) => number, dryRun = false): boolean {
    const taken: [Map<string, number>, string, number][] = [];
    const take = (w: Map<string, number>, sku: string, n: number) => {
      w.set(sku, (w.get(sku) ?? 0) - n);
      taken.push([w, sku, n]);
    };
    const ok = lines.every((l) => {
      const parts = this.shelf.bundles.get(l.sku);
      if (parts) {
        const w = this.free.find((w) => parts.every((p) => (w.get(p.sku) ?? 0) - p.per * l.quantity >= floor(p.sku)));
        if (w) for (const p of parts) take(w, p.sku, p.per * l.quantity);
        return !!w;
      }
      if (this.total(l.sku) - l.quantity < floor(l.sku)) return false;
      const whole = this.free.find((w) => (w.get(l.sku) ?? 0) >= l.quantity);
      if (whole) take(whole, l.sku, l.quantity);
      else {
        let left = l.quantity;
        for (const w of this.free) {
          const n = Math.min(left, w.get(l.sku) ?? 0);
          if (n > 0) take(w, l.sku, n);
          left -= n;
        }
      }
      return true;
    });
    if (!ok || dryRun) for (const [w, sku, n] of taken) w.set(sku, (w.get(sku) ?? 0) + n);
    return ok;
  }
}

/** Featured SKUs keep this many units free: the simulators' sample orders (SIMULATORS=1) reserve from them later. */
const FEATURED_FLOOR = 15;

/**
 * Walks the orders the intake reserves for (paid, SKUs known) in the order it reserves them
 * (intakeOrder), taking their units from a StockBook: an order short of a SKU
 * by chance takes another variant of the product, or one unit, or drops the line, so that only
 * the orders meant to be short are. Those get a wholesale-size quantity of a scarce SKU, a
 * couple of units beyond what is free.
 */
export function reserveInIntakeOrder(orders: DemoOrder[], shelf: Shelf, stock: StockBook): void {
  const floor = (sku: string) => (shelf.featuredSkus.has(sku) ? FEATURED_FLOOR : 0);
  const scarce = [...shelf.bySku.values()]
    .filter((s) => !s.bundle && !shelf.featuredSkus.has(s.sku) && stock.total(s.sku) > 0)
    .sort((a, b) => stock.total(a.sku) - stock.total(b.sku) || (a.sku < b.sku ? -1 : 1));
  const sorted = [...orders].sort(intakeOrder);
  for (const o of sorted) {
    if (o.steps[0].status !== OrderStatus.PAID || o.intakeHold === HoldReason.UNMAPPED_SKU) continue;
    if (o.intakeHold === HoldReason.INSUFFICIENT_STOCK) {
      const s = scarce.shift()!;
      o.lines = [{ ...o.lines[0], ...skuFields(o.market, s), quantity: stock.total(s.sku) + 2 }];
      if (stock.reserve(perSku(o.lines), () => 0, true)) throw new Error(`demo orders: ${o.externalId} was meant to be short of ${s.sku}`);
      continue;
    }
    while (!stock.reserve(perSku(o.lines), floor)) {
      const i = o.lines.findIndex((l) => !stock.reserve([{ sku: l.sku, quantity: l.quantity }], floor, true));
      const line = o.lines[i];
      const sibling = [...shelf.bySku.values()].find((s) => s.productId === line.productId && s.sku !== line.sku && stock.reserve([{ sku: s.sku, quantity: line.quantity }], floor, true));
      if (sibling) Object.assign(line, skuFields(o.market, sibling));
      else if (line.quantity > 1) line.quantity = 1;
      else if (o.lines.length > 1) o.lines.splice(i, 1);
      else throw new Error(`demo orders: no stock left for ${o.externalId}`);
    }
  }
}
