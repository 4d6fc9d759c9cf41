import fc from 'fast-check';
import { allocate, AllocationLine, LockedRow } from './reservation-allocation';
import type { VariantRef } from './inventory-refs.queries';
import type { WarehouseRow } from './inventory.types';

/**
 * The allocation rule in memory, no database: which warehouse a reservation's units come
 * from, and that a request is taken whole or not at all.
 */

const WAREHOUSES: WarehouseRow[] = [
  { id: 'w-sh', code: 'SH', name: '上海仓', kind: 'OWN', country: 'CN', priority: 1, active: true },
  { id: 'w-gz', code: 'GZ', name: '广州仓', kind: 'OWN', country: 'CN', priority: 2, active: true },
  { id: 'w-bj', code: 'BJ', name: '北京仓', kind: 'OWN', country: 'CN', priority: 2, active: true },
  { id: 'w-hk', code: 'HK', name: 'Hong Kong', kind: 'OWN', country: 'HK', priority: 3, active: true },
];
const warehouses = new Map(WAREHOUSES.map((w) => [w.code, w]));
const byId = new Map(WAREHOUSES.map((w) => [w.id, w]));

function level(variantId: string, warehouseCode: string, available: number): LockedRow {
  const w = warehouses.get(warehouseCode)!;
  return { id: `${variantId}@${w.code}`, variant_id: variantId, warehouse_id: w.id, code: w.code, priority: w.priority, available };
}

const simple = (id: string): VariantRef => ({ id, sku: id.toUpperCase(), components: [] });
const variants = new Map<string, VariantRef>([
  ['SHIRT', simple('shirt')],
  ['TIE', simple('tie')],
  ['CUFF', simple('cuff')],
  // A gift box: one shirt, one tie and two pairs of cufflinks.
  ['BOX', { id: 'box', sku: 'BOX', components: [{ variantId: 'shirt', sku: 'SHIRT', quantity: 1 }, { variantId: 'tie', sku: 'TIE', quantity: 1 }, { variantId: 'cuff', sku: 'CUFF', quantity: 2 }] }],
]);

const run = (levels: LockedRow[], lines: AllocationLine[]) => allocate(levels, variants, warehouses, lines);
/** Allocations as `code:variant:quantity`, for short, readable expectations. */
const where = (r: ReturnType<typeof run>) => r.allocations.map((a) => `${byId.get(a.warehouseId)!.code}:${a.variantId}:${a.quantity}`);
const availableOf = (levels: LockedRow[]) => Object.fromEntries(levels.map((l) => [l.id, l.available]));

describe('reservation allocation', () => {
  it('takes a free line from the lowest priority number that holds all of it', () => {
    const levels = [level('shirt', 'GZ', 50), level('shirt', 'SH', 5), level('shirt', 'HK', 100)];
    const r = run(levels, [{ sku: 'SHIRT', quantity: 5 }]);
    expect(r.short).toEqual([]);
    expect(where(r)).toEqual(['SH:shirt:5']);
    expect(availableOf(levels)).toEqual({ 'shirt@GZ': 50, 'shirt@SH': 0, 'shirt@HK': 100 });
  });

  it('passes over a better-priority warehouse that cannot hold the whole line rather than splitting', () => {
    const levels = [level('shirt', 'SH', 4), level('shirt', 'GZ', 6), level('shirt', 'HK', 100)];
    expect(where(run(levels, [{ sku: 'SHIRT', quantity: 6 }]))).toEqual(['GZ:shirt:6']);
  });

  it('breaks a priority tie by the most available, then by warehouse code', () => {
    expect(where(run([level('shirt', 'GZ', 7), level('shirt', 'BJ', 9)], [{ sku: 'SHIRT', quantity: 3 }]))).toEqual(['BJ:shirt:3']);
    expect(where(run([level('shirt', 'GZ', 9), level('shirt', 'BJ', 7)], [{ sku: 'SHIRT', quantity: 3 }]))).toEqual(['GZ:shirt:3']);
    expect(where(run([level('shirt', 'GZ', 9), level('shirt', 'BJ', 9)], [{ sku: 'SHIRT', quantity: 3 }]))).toEqual(['BJ:shirt:3']);
  });

  it('splits only when no warehouse holds the whole line, in priority order then most available', () => {
    const levels = [level('shirt', 'HK', 10), level('shirt', 'GZ', 3), level('shirt', 'BJ', 4), level('shirt', 'SH', 2)];
    const r = run(levels, [{ sku: 'SHIRT', quantity: 12 }]);
    expect(r.short).toEqual([]);
    expect(where(r)).toEqual(['SH:shirt:2', 'BJ:shirt:4', 'GZ:shirt:3', 'HK:shirt:3']);
    expect(availableOf(levels)).toEqual({ 'shirt@HK': 7, 'shirt@GZ': 0, 'shirt@BJ': 0, 'shirt@SH': 0 });
  });

  it('skips empty warehouses when splitting', () => {
    const r = run([level('shirt', 'SH', 0), level('shirt', 'GZ', 2), level('shirt', 'HK', 2)], [{ sku: 'SHIRT', quantity: 3 }]);
    expect(where(r)).toEqual(['GZ:shirt:2', 'HK:shirt:1']);
  });

  it('takes a line bound to a warehouse only from that warehouse', () => {
    const levels = [level('shirt', 'SH', 100), level('shirt', 'HK', 5)];
    expect(where(run(levels, [{ sku: 'SHIRT', quantity: 5, warehouseCode: 'HK' }]))).toEqual(['HK:shirt:5']);
    const short = run(levels, [{ sku: 'SHIRT', quantity: 1, warehouseCode: 'HK' }]);
    expect(short.allocations).toEqual([]);
    expect(short.short.map((e) => [e.code, e.field])).toEqual([['INSUFFICIENT_STOCK', ['lines', '0', 'quantity']]]);
    expect(short.short[0].message).toBe('SHIRT: 1 wanted, 0 available in HK (short by 1)');
    expect(availableOf(levels)).toEqual({ 'shirt@SH': 100, 'shirt@HK': 0 });
  });

  it('serves bound lines before free ones, so a free line listed first never takes their units', () => {
    // SH has 5, GZ 5: the free line would take SH's 5 if it went first and the bound line
    // would then be short.
    const levels = [level('shirt', 'SH', 5), level('shirt', 'GZ', 5)];
    const r = run(levels, [
      { sku: 'SHIRT', quantity: 5 },
      { sku: 'SHIRT', quantity: 5, warehouseCode: 'SH' },
    ]);
    expect(r.short).toEqual([]);
    expect(where(r)).toEqual(['SH:shirt:5', 'GZ:shirt:5']);
  });

  it('keeps the order of the request among bound lines and among free lines', () => {
    const levels = [level('shirt', 'SH', 3), level('shirt', 'GZ', 10)];
    const r = run(levels, [
      { sku: 'SHIRT', quantity: 2 },
      { sku: 'SHIRT', quantity: 3 },
    ]);
    // The first free line fits SH whole; the second no longer does and goes to GZ.
    expect(where(r)).toEqual(['SH:shirt:2', 'GZ:shirt:3']);
  });

  it('allocates all lines or none: a short line gives back what the others took and is reported with its index', () => {
    const levels = [level('shirt', 'SH', 10), level('tie', 'SH', 1), level('cuff', 'GZ', 4)];
    const before = availableOf(levels);
    const r = run(levels, [
      { sku: 'SHIRT', quantity: 4 },
      { sku: 'TIE', quantity: 2 },
      { sku: 'CUFF', quantity: 3 },
      { sku: 'CUFF', quantity: 3 },
    ]);
    expect(r.allocations).toEqual([]);
    expect(r.short.map((e) => e.field)).toEqual([['lines', '1', 'quantity'], ['lines', '3', 'quantity']]);
    expect(r.short.every((e) => e.code === 'INSUFFICIENT_STOCK')).toBe(true);
    expect(r.short[0].message).toBe('TIE: 2 wanted, 1 available (short by 1)');
    expect(availableOf(levels)).toEqual(before);
  });

  it('reports short lines in request order even when a bound line after them is short too', () => {
    const levels = [level('shirt', 'SH', 1)];
    const r = run(levels, [
      { sku: 'SHIRT', quantity: 5 },
      { sku: 'SHIRT', quantity: 5, warehouseCode: 'SH' },
    ]);
    expect(r.short.map((e) => e.field![1])).toEqual(['0', '1']);
  });

  it('leaves what it took on the levels, so the next request of a batch sees what is left', () => {
    const levels = [level('shirt', 'SH', 5)];
    expect(run(levels, [{ sku: 'SHIRT', quantity: 3 }]).short).toEqual([]);
    const second = run(levels, [{ sku: 'SHIRT', quantity: 3 }]);
    expect(second.short[0].message).toBe('SHIRT: 3 wanted, 2 available (short by 1)');
    expect(availableOf(levels)).toEqual({ 'shirt@SH': 2 });
  });

  describe('bundles', () => {
    it('reserves a bundle as its components, all from one warehouse, with the bundle named on each allocation', () => {
      const levels = [level('shirt', 'SH', 10), level('tie', 'SH', 10), level('cuff', 'SH', 10)];
      const r = run(levels, [{ sku: 'BOX', quantity: 3 }]);
      expect(r.short).toEqual([]);
      expect(r.allocations).toEqual([
        { levelId: 'shirt@SH', variantId: 'shirt', warehouseId: 'w-sh', quantity: 3, bundleVariantId: 'box' },
        { levelId: 'tie@SH', variantId: 'tie', warehouseId: 'w-sh', quantity: 3, bundleVariantId: 'box' },
        { levelId: 'cuff@SH', variantId: 'cuff', warehouseId: 'w-sh', quantity: 6, bundleVariantId: 'box' },
      ]);
    });

    it('picks the best-priority warehouse that holds every component, never mixing warehouses', () => {
      // SH lacks cufflinks for two boxes; GZ has everything; the components together exist in SH + HK.
      const levels = [
        level('shirt', 'SH', 10), level('tie', 'SH', 10), level('cuff', 'SH', 3),
        level('shirt', 'GZ', 2), level('tie', 'GZ', 2), level('cuff', 'GZ', 4),
        level('cuff', 'HK', 10),
      ];
      const r = run(levels, [{ sku: 'BOX', quantity: 2 }]);
      expect(where(r)).toEqual(['GZ:shirt:2', 'GZ:tie:2', 'GZ:cuff:4']);
    });

    it('breaks a priority tie between warehouses by the largest smallest-available component', () => {
      const levels = [
        level('shirt', 'GZ', 100), level('tie', 'GZ', 1), level('cuff', 'GZ', 100),
        level('shirt', 'BJ', 5), level('tie', 'BJ', 5), level('cuff', 'BJ', 5),
      ];
      expect(where(run(levels, [{ sku: 'BOX', quantity: 1 }]))).toEqual(['BJ:shirt:1', 'BJ:tie:1', 'BJ:cuff:2']);
    });

    it('refuses a bundle no single warehouse can make, even when the warehouses together could', () => {
      const levels = [level('shirt', 'SH', 10), level('tie', 'SH', 10), level('cuff', 'GZ', 10)];
      const r = run(levels, [{ sku: 'BOX', quantity: 1 }]);
      expect(r.allocations).toEqual([]);
      expect(r.short).toHaveLength(1);
      expect(r.short[0].message).toBe('Not enough of the components of bundle BOX in any one warehouse for 1');
      expect(availableOf(levels)).toEqual({ 'shirt@SH': 10, 'tie@SH': 10, 'cuff@GZ': 10 });
    });

    it('keeps a bound bundle in its warehouse', () => {
      const levels = [level('shirt', 'SH', 10), level('tie', 'SH', 10), level('cuff', 'SH', 10), level('shirt', 'HK', 1), level('tie', 'HK', 1), level('cuff', 'HK', 1)];
      const r = run(levels, [{ sku: 'BOX', quantity: 1, warehouseCode: 'HK' }]);
      expect(r.short[0].message).toBe('Not enough of the components of bundle BOX in HK for 1');
      expect(where(run(levels, [{ sku: 'BOX', quantity: 1, warehouseCode: 'SH' }]))).toEqual(['SH:shirt:1', 'SH:tie:1', 'SH:cuff:2']);
    });

    it('gives back a bundle taken earlier in the request when a later line is short', () => {
      const levels = [level('shirt', 'SH', 10), level('tie', 'SH', 10), level('cuff', 'SH', 10)];
      const r = run(levels, [{ sku: 'BOX', quantity: 2 }, { sku: 'TIE', quantity: 9 }]);
      expect(r.short.map((e) => e.field)).toEqual([['lines', '1', 'quantity']]);
      expect(availableOf(levels)).toEqual({ 'shirt@SH': 10, 'tie@SH': 10, 'cuff@SH': 10 });
    });
  });

  it('never counts a level that is below zero as stock, and never lets it make another level give more', () => {
    // The table keeps reserved <= on_hand, but allocate() is handed rows, and `total` already
    // treats a negative level as empty; the split must do the same, not add its debt to the
    // units still to place (which would take 7 for a line of 5 here).
    const levels = [level('shirt', 'SH', -2), level('shirt', 'GZ', 3), level('shirt', 'HK', 4)];
    const r = run(levels, [{ sku: 'SHIRT', quantity: 5 }]);
    expect(r.short).toEqual([]);
    expect(where(r)).toEqual(['GZ:shirt:3', 'HK:shirt:2']);
    expect(availableOf(levels)).toEqual({ 'shirt@SH': -2, 'shirt@GZ': 0, 'shirt@HK': 2 });
  });

  describe('given any stock and any request (seeded)', () => {
    const SIMPLE = ['shirt', 'tie', 'cuff'];
    const CODES = WAREHOUSES.map((w) => w.code);
    // Stock as the table allows it (0 or more), per variant and warehouse; absent levels are
    // simply not there.
    const stockArb = fc.array(fc.record({ v: fc.constantFrom(...SIMPLE), w: fc.constantFrom(...CODES), n: fc.integer({ min: 0, max: 12 }) }), { maxLength: 12 });
    const lineArb = fc.record({
      sku: fc.constantFrom('SHIRT', 'TIE', 'CUFF', 'BOX'),
      quantity: fc.integer({ min: 1, max: 15 }),
      warehouseCode: fc.option(fc.constantFrom(...CODES), { nil: undefined, freq: 3 }),
    });
    const toLevels = (stock: { v: string; w: string; n: number }[]) => {
      const m = new Map<string, LockedRow>();
      for (const s of stock) m.set(`${s.v}@${s.w}`, level(s.v, s.w, s.n));
      return [...m.values()];
    };
    const SEED = 20261213;

    it('never takes more than a level has, and either places exactly what each variant was asked for or refuses and restores everything', () => {
      fc.assert(
        fc.property(stockArb, fc.array(lineArb, { minLength: 1, maxLength: 5 }), (stock, lines) => {
          const levels = toLevels(stock);
          const before = availableOf(levels);
          const r = run(levels, lines);
          const after = availableOf(levels);
          if (r.short.length) {
            expect(r.allocations).toEqual([]);
            expect(after).toEqual(before);
            // Each refused line is named once, in request order.
            const idx = r.short.map((e) => Number(e.field![1]));
            expect(idx).toEqual([...new Set(idx)].sort((a, b) => a - b));
            return;
          }
          // Nothing below zero, and each level lost exactly what was allocated from it.
          const took = new Map<string, number>();
          for (const a of r.allocations) {
            expect(a.quantity).toBeGreaterThan(0);
            took.set(a.levelId, (took.get(a.levelId) ?? 0) + a.quantity);
          }
          for (const l of levels) {
            expect(l.available).toBeGreaterThanOrEqual(0);
            expect(before[l.id] - l.available).toBe(took.get(l.id) ?? 0);
          }
          // What each variant was asked for (bundles as their components) is what was placed.
          const wanted = new Map<string, number>();
          for (const line of lines) {
            const v = variants.get(line.sku)!;
            const parts = v.components.length ? v.components.map((c) => [c.variantId, c.quantity * line.quantity] as const) : [[v.id, line.quantity] as const];
            for (const [id, q] of parts) wanted.set(id, (wanted.get(id) ?? 0) + q);
          }
          const placed = new Map<string, number>();
          for (const a of r.allocations) placed.set(a.variantId, (placed.get(a.variantId) ?? 0) + a.quantity);
          expect(placed).toEqual(wanted);
          // Bound lines stay in their warehouse: nothing is placed in a warehouse no free line
          // or bound line could use.
          const allowed = new Set(lines.flatMap((l) => (l.warehouseCode ? [warehouses.get(l.warehouseCode)!.id] : WAREHOUSES.map((w) => w.id))));
          for (const a of r.allocations) expect(allowed.has(a.warehouseId)).toBe(true);
        }),
        { seed: SEED, numRuns: 2000 },
      );
    });

    it('refuses requests of plain variants only when the stock really cannot serve them', () => {
      // For plain variants, serving bound lines first is optimal: a request can be served
      // exactly when each bound warehouse holds what is bound to it and the variant's total
      // covers everything asked for it.
      const plainLine = fc.record({
        sku: fc.constantFrom('SHIRT', 'TIE', 'CUFF'),
        quantity: fc.integer({ min: 1, max: 15 }),
        warehouseCode: fc.option(fc.constantFrom(...CODES), { nil: undefined, freq: 3 }),
      });
      fc.assert(
        fc.property(stockArb, fc.array(plainLine, { minLength: 1, maxLength: 5 }), (stock, lines) => {
          const levels = toLevels(stock);
          const has = (v: string, w?: string) => levels.filter((l) => l.variant_id === v && (!w || l.code === w)).reduce((n, l) => n + l.available, 0);
          let feasible = true;
          for (const v of SIMPLE) {
            const mine = lines.filter((l) => variants.get(l.sku)!.id === v);
            if (mine.reduce((n, l) => n + l.quantity, 0) > has(v)) feasible = false;
            for (const code of CODES) {
              if (mine.filter((l) => l.warehouseCode === code).reduce((n, l) => n + l.quantity, 0) > has(v, code)) feasible = false;
            }
          }
          expect(run(levels, lines).short.length === 0).toBe(feasible);
        }),
        { seed: SEED + 1, numRuns: 2000 },
      );
    });
  });
});
