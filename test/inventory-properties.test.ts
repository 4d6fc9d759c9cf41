import fc from 'fast-check';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Property test: random sequences of stock operations, checked after every step against a
 * model kept here and against the database's own books.
 */
let t: TestApp;
let owner: string;
const SKUS = ['PROP-A', 'PROP-B'];
const WAREHOUSES = ['P1', 'P2'];

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  for (const [i, code] of WAREHOUSES.entries()) {
    await t.gql('mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { userErrors { code } } }', { i: { code, name: code, kind: 'OWN', country: 'CN', priority: i } }, owner);
  }
  const r = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }',
    { i: { title: '属性测试', options: [{ name: '款', values: SKUS }], variants: SKUS.map((sku) => ({ sku, price: '1.00', optionValues: [sku] })) } },
    owner,
  );
  expect(r.data!.createProduct.userErrors).toEqual([]);
});
afterAll(() => t.stop());

type Op =
  | { kind: 'adjust'; sku: string; wh: string; delta: number }
  | { kind: 'set'; sku: string; wh: string; onHand: number }
  | { kind: 'reserve'; lines: { sku: string; quantity: number; wh: string | null }[] }
  | { kind: 'release'; pick: number }
  | { kind: 'transfer'; sku: string; from: string; to: string; quantity: number; receive: number }
  | { kind: 'stocktake'; sku: string; wh: string; counted: number };

const sku = fc.constantFrom(...SKUS);
const wh = fc.constantFrom(...WAREHOUSES);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('adjust' as const), sku, wh, delta: fc.integer({ min: -6, max: 8 }) }),
  fc.record({ kind: fc.constant('set' as const), sku, wh, onHand: fc.integer({ min: 0, max: 10 }) }),
  fc.record({
    kind: fc.constant('reserve' as const),
    lines: fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 5 }), wh: fc.option(wh, { nil: null }) }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), sku, from: wh, to: wh, quantity: fc.integer({ min: 1, max: 5 }), receive: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('stocktake' as const), sku, wh, counted: fc.integer({ min: 0, max: 10 }) }),
);

interface Level { onHand: number; reserved: number }

async function levels(): Promise<Map<string, Level>> {
  const rows: { sku: string; code: string; on_hand: number; reserved: number }[] = await t.em().getConnection().execute(
    `select v.sku, w.code, sl.on_hand, sl.reserved from stock_level sl join variant v on v.id = sl.variant_id
       join warehouse w on w.id = sl.warehouse_id where v.sku like 'PROP-%'`,
  );
  return new Map(rows.map((r) => [`${r.sku}@${r.code}`, { onHand: r.on_hand, reserved: r.reserved }]));
}

let run = 0;
const seen = { reserved: 0, refused: 0, adjusted: 0, refusedAdjust: 0, transferred: 0, counted: 0 };
describe('stock invariants', () => {
  it('hold after every step of any sequence of adjust / set / reserve / release / transfer / receive / stocktake', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 15 }), async (ops) => {
        run++;
        const active: string[] = [];
        let model = await levels();
        const get = (k: string) => model.get(k) ?? { onHand: 0, reserved: 0 };
        for (const o of ops) {
          if (o.kind === 'adjust' || o.kind === 'set') {
            const key = `${o.sku}@${o.wh}`;
            const cur = get(key);
            const next = o.kind === 'adjust' ? cur.onHand + o.delta : o.onHand;
            const r = o.kind === 'adjust'
              ? await t.gql('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { userErrors { code } } }', { i: { sku: o.sku, warehouseCode: o.wh, delta: o.delta, reason: 'prop' } }, owner)
              : await t.gql('mutation($i: SetStockInput!) { setStock(input: $i) { userErrors { code } } }', { i: { sku: o.sku, warehouseCode: o.wh, onHand: o.onHand, reason: 'prop' } }, owner);
            const errors = (r.data!.adjustStock ?? r.data!.setStock).userErrors;
            const allowed = next >= 0 && next >= cur.reserved;
            expect(errors.length === 0).toBe(allowed);
            if (allowed) seen.adjusted++;
            else seen.refusedAdjust++;
            if (allowed) model.set(key, { ...cur, onHand: next });
          } else if (o.kind === 'reserve') {
            const r = await t.gql(
              'mutation($i: ReserveStockInput!) { reserveStock(input: $i) { reservation { id lines { sku warehouseCode quantity } } userErrors { code } } }',
              { i: { reference: `P-${run}-${active.length}-${Math.random()}`, lines: o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, warehouseCode: l.wh })) } },
              owner,
            );
            const res = r.data!.reserveStock.reservation;
            // Possible exactly when, per SKU, each warehouse covers the lines bound to it and the
            // rest of all warehouses covers the free lines.
            const feasible = SKUS.every((s) => {
              let spare = 0;
              for (const w of WAREHOUSES) {
                const lv = get(`${s}@${w}`);
                const fixed = o.lines.filter((l) => l.sku === s && l.wh === w).reduce((n, l) => n + l.quantity, 0);
                if (fixed > lv.onHand - lv.reserved) return false;
                spare += lv.onHand - lv.reserved - fixed;
              }
              return o.lines.filter((l) => l.sku === s && !l.wh).reduce((n, l) => n + l.quantity, 0) <= spare;
            });
            expect(!!res).toBe(feasible);
            if (res) seen.reserved++;
            else seen.refused++;
            if (res) {
              active.push(res.id);
              for (const line of res.lines) {
                const key = `${line.sku}@${line.warehouseCode}`;
                const cur = get(key);
                model.set(key, { ...cur, reserved: cur.reserved + line.quantity });
              }
              const held = res.lines.reduce((n: number, l: { quantity: number }) => n + l.quantity, 0);
              expect(held).toBe(o.lines.reduce((n, l) => n + l.quantity, 0));
            } else {
              expect(r.data!.reserveStock.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
            }
          } else if (o.kind === 'transfer') {
            const src = get(`${o.sku}@${o.from}`);
            const r = await t.gql(
              'mutation($i: TransferStockInput!) { transferStock(input: $i) { transfer { id } userErrors { code } } }',
              { i: { fromWarehouseCode: o.from, toWarehouseCode: o.to, lines: [{ sku: o.sku, quantity: o.quantity }] } },
              owner,
            );
            const allowed = o.from !== o.to && src.onHand - src.reserved >= o.quantity;
            expect(!!r.data!.transferStock.transfer).toBe(allowed);
            if (allowed) {
              seen.transferred++;
              model.set(`${o.sku}@${o.from}`, { ...src, onHand: src.onHand - o.quantity });
              const received = Math.min(o.receive, o.quantity);
              if (received > 0) {
                const rec = await t.gql(
                  'mutation($i: ReceiveTransferInput!) { receiveTransfer(input: $i) { userErrors { code } } }',
                  { i: { transferId: r.data!.transferStock.transfer.id, lines: [{ sku: o.sku, quantity: received }] } },
                  owner,
                );
                expect(rec.data!.receiveTransfer.userErrors).toEqual([]);
                const dst = get(`${o.sku}@${o.to}`);
                model.set(`${o.sku}@${o.to}`, { ...dst, onHand: dst.onHand + received });
              }
            }
          } else if (o.kind === 'stocktake') {
            const key = `${o.sku}@${o.wh}`;
            const cur = get(key);
            const st = await t.gql('mutation($i: StartStocktakeInput!) { startStocktake(input: $i) { stocktake { id } userErrors { code } } }', { i: { warehouseCode: o.wh } }, owner);
            const id = st.data!.startStocktake.stocktake.id;
            await t.gql('mutation($i: RecordStocktakeCountInput!) { recordStocktakeCount(input: $i) { userErrors { code } } }', { i: { stocktakeId: id, sku: o.sku, binCode: 'B1', countedQuantity: o.counted } }, owner);
            const post = await t.gql('mutation($id: ID!) { postStocktake(id: $id) { userErrors { code } } }', { id }, owner);
            const allowed = o.counted >= cur.reserved;
            expect(post.data!.postStocktake.userErrors.length === 0).toBe(allowed);
            if (allowed) {
              seen.counted++;
              model.set(key, { ...cur, onHand: o.counted });
            } else {
              await t.gql('mutation($id: ID!) { cancelStocktake(id: $id) { userErrors { code } } }', { id }, owner);
            }
          } else if (active.length) {
            const id = active.splice(o.pick % active.length, 1)[0];
            const r = await t.gql('mutation($id: ID!) { releaseReservation(id: $id) { reservation { lines { sku warehouseCode quantity } } userErrors { code } } }', { id }, owner);
            for (const line of r.data!.releaseReservation.reservation.lines) {
              const key = `${line.sku}@${line.warehouseCode}`;
              const cur = get(key);
              model.set(key, { ...cur, reserved: cur.reserved - line.quantity });
            }
          }
          // After every step: the database agrees with the model and with its own books.
          const db = await levels();
          for (const [k, v] of db) {
            expect({ k, ...v }).toEqual({ k, ...get(k) });
            expect(v.onHand).toBeGreaterThanOrEqual(v.reserved);
            expect(v.reserved).toBeGreaterThanOrEqual(0);
          }
          model = db;
          const d = await t.gql('{ stockDiscrepancies { sku } }', {}, owner);
          expect(d.data!.stockDiscrepancies).toEqual([]);
        }
        // Leave nothing held for the next run.
        for (const id of active) await t.gql('mutation($id: ID!) { releaseReservation(id: $id) { userErrors { code } } }', { id }, owner);
      }),
      { numRuns: 40, seed: 20261128 },
    );
    // The sequences reached both outcomes of each operation, so the checks above were exercised.
    expect(Math.min(seen.reserved, seen.refused, seen.adjusted, seen.refusedAdjust, seen.transferred, seen.counted)).toBeGreaterThan(5);
  });
});
