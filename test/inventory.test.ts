import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  for (const [code, priority] of [['SH', 10], ['GZ', 20], ['HK', 30]] as const) {
    const r = await t.gql('mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouse { code } userErrors { code } } }', { i: { code, name: code, kind: 'OWN', country: 'CN', priority } }, owner);
    expect(r.data!.createWarehouse.userErrors).toEqual([]);
  }
});
afterAll(() => t.stop());

let seq = 0;
/** Creates a product with `n` plain variants and returns their SKUs. */
async function skus(n: number): Promise<string[]> {
  const base = `INV-${++seq}`;
  const list = Array.from({ length: n }, (_, i) => `${base}-${i}`);
  const r = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }',
    { i: { title: `库存测试 ${seq}`, options: n > 1 ? [{ name: '号', values: list }] : [], variants: list.map((sku) => ({ sku, price: '10.00', optionValues: n > 1 ? [sku] : [] })) } },
    owner,
  );
  expect(r.data!.createProduct.userErrors).toEqual([]);
  return list;
}

const ADJUST = 'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { stockLevel { onHand reserved available } userErrors { code field message } } }';
const SET = 'mutation($i: SetStockInput!) { setStock(input: $i) { stockLevel { onHand reserved available } userErrors { code field message } } }';
const RESERVE = 'mutation($i: ReserveStockInput!) { reserveStock(input: $i) { reservation { id lines { sku warehouseCode quantity bundleSku } } userErrors { code field message } } }';

async function adjust(sku: string, warehouseCode: string, delta: number, extra: Record<string, unknown> = {}) {
  return (await t.gql(ADJUST, { i: { sku, warehouseCode, delta, reason: 'test', ...extra } }, owner)).data!.adjustStock;
}

async function discrepancies(): Promise<unknown[]> {
  return (await t.gql('{ stockDiscrepancies { sku warehouseCode onHand ledgerOnHand reserved reservationsReserved } }', {}, owner)).data!.stockDiscrepancies;
}

describe('adjusting and setting stock', () => {
  it('writes the level and its ledger entry together, and a zero change writes nothing', async () => {
    const [sku] = await skus(1);
    expect((await adjust(sku, 'SH', 5)).stockLevel).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect((await adjust(sku, 'SH', -2)).stockLevel.onHand).toBe(3);
    expect((await adjust(sku, 'SH', 0)).stockLevel.onHand).toBe(3);
    const set = await t.gql(SET, { i: { sku, warehouseCode: 'SH', onHand: 10, reason: 'count' } }, owner);
    expect(set.data!.setStock.stockLevel.onHand).toBe(10);
    const ledger = await t.gql('query($s: String!) { stockMovements(first: 10, filter: { sku: $s }) { totalCount edges { node { type quantity onHandAfter actor } } } }', { s: sku }, owner);
    expect(ledger.data!.stockMovements.totalCount).toBe(3);
    expect(ledger.data!.stockMovements.edges.map((e: { node: { quantity: number; onHandAfter: number } }) => [e.node.quantity, e.node.onHandAfter])).toEqual([[7, 10], [-2, 3], [5, 5]]);
    expect(await discrepancies()).toEqual([]);
  });

  it('refuses a stale expected quantity (compare-and-swap)', async () => {
    const [sku] = await skus(1);
    await adjust(sku, 'SH', 4);
    const stale = await adjust(sku, 'SH', 1, { expectedOnHand: 3 });
    expect(stale.userErrors).toEqual([expect.objectContaining({ code: 'STALE_QUANTITY', field: ['expectedOnHand'] })]);
    expect((await adjust(sku, 'SH', 1, { expectedOnHand: 4 })).stockLevel.onHand).toBe(5);
  });

  it('refuses a negative result, unknown SKUs and warehouses, and bundles', async () => {
    const [sku, other] = await skus(2);
    expect((await adjust(sku, 'SH', -1)).userErrors[0].code).toBe('NEGATIVE_STOCK');
    expect((await adjust('NOPE-404', 'SH', 1)).userErrors[0].code).toBe('UNKNOWN_SKU');
    expect((await adjust(sku, 'XX', 1)).userErrors[0].code).toBe('UNKNOWN_WAREHOUSE');
    await t.gql('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }', { b: sku, c: [{ sku: other, quantity: 2 }] }, owner);
    expect((await adjust(sku, 'SH', 1)).userErrors[0].code).toBe('BUNDLE_NOT_STOCKED');
  });

  it('will not drop on-hand below what is reserved', async () => {
    const [sku] = await skus(1);
    await adjust(sku, 'SH', 5);
    await t.gql(RESERVE, { i: { reference: `R-${sku}`, lines: [{ sku, quantity: 4 }] } }, owner);
    expect((await adjust(sku, 'SH', -2)).userErrors[0].code).toBe('INSUFFICIENT_STOCK');
  });
});

describe('receiving and damage', () => {
  it('books receipts and damaged units into the ledger, and the books agree', async () => {
    const [sku] = await skus(1);
    const r = await t.gql('mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { stockLevel { onHand } userErrors { code } } }', { i: { sku, warehouseCode: 'SH', quantity: 8, reference: 'PO-1' } }, owner);
    expect(r.data!.receiveStock.stockLevel.onHand).toBe(8);
    const d = await t.gql('mutation($i: MarkDamagedInput!) { markDamaged(input: $i) { stockLevel { onHand damaged } userErrors { code } } }', { i: { sku, warehouseCode: 'SH', quantity: 3, reason: 'torn seam' } }, owner);
    expect(d.data!.markDamaged.stockLevel).toEqual({ onHand: 5, damaged: 3 });
    const tooMany = await t.gql('mutation($i: MarkDamagedInput!) { markDamaged(input: $i) { userErrors { code } } }', { i: { sku, warehouseCode: 'SH', quantity: 6, reason: 'x' } }, owner);
    expect(tooMany.data!.markDamaged.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    const ledger = await t.gql('query($s: String!) { stockMovements(first: 5, filter: { sku: $s }) { edges { node { type quantity damagedDelta referenceId } } } }', { s: sku }, owner);
    expect(ledger.data!.stockMovements.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { type: 'DAMAGE', quantity: -3, damagedDelta: 3, referenceId: null },
      { type: 'RECEIPT', quantity: 8, damagedDelta: 0, referenceId: 'PO-1' },
    ]);
    expect(await discrepancies()).toEqual([]);
  });
});

describe('reservations', () => {
  it('reserve all lines or none, reporting what was short', async () => {
    const [a, b] = await skus(2);
    await adjust(a, 'SH', 5);
    await adjust(b, 'SH', 1);
    const r = await t.gql(RESERVE, { i: { reference: 'ORDER-1', lines: [{ sku: a, quantity: 3 }, { sku: b, quantity: 2 }] } }, owner);
    expect(r.data!.reserveStock.reservation).toBeNull();
    expect(r.data!.reserveStock.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['lines', '1', 'quantity'], message: expect.stringContaining('short by 1') })]);
    const level = await t.gql('query($s: String!) { variant(sku: $s) { stock { onHand reserved available } } }', { s: a }, owner);
    expect(level.data!.variant.stock).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });

  it('counts two lines of one SKU together', async () => {
    const [a] = await skus(1);
    await adjust(a, 'SH', 3);
    const r = await t.gql(RESERVE, { i: { reference: 'ORDER-2', lines: [{ sku: a, quantity: 2 }, { sku: a, quantity: 2 }] } }, owner);
    expect(r.data!.reserveStock.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
  });

  it('picks by warehouse priority, then splits when no warehouse holds the whole line, and releases', async () => {
    const [a] = await skus(1);
    await adjust(a, 'GZ', 5);
    await adjust(a, 'SH', 2);
    const one = await t.gql(RESERVE, { i: { reference: 'ORDER-3', lines: [{ sku: a, quantity: 2 }] } }, owner);
    expect(one.data!.reserveStock.reservation.lines).toEqual([{ sku: a, warehouseCode: 'SH', quantity: 2, bundleSku: null }]);
    // SH (priority 10) is now empty; GZ (20) holds the whole line.
    const whole = await t.gql(RESERVE, { i: { reference: 'ORDER-4', lines: [{ sku: a, quantity: 3 }] } }, owner);
    expect(whole.data!.reserveStock.reservation.lines).toEqual([{ sku: a, warehouseCode: 'GZ', quantity: 3, bundleSku: null }]);
    // No warehouse holds 4: GZ gives its 2, then HK the rest.
    await adjust(a, 'HK', 3);
    const split = await t.gql(RESERVE, { i: { reference: 'ORDER-4B', lines: [{ sku: a, quantity: 4 }] } }, owner);
    expect(split.data!.reserveStock.reservation.lines).toEqual([
      { sku: a, warehouseCode: 'GZ', quantity: 2, bundleSku: null },
      { sku: a, warehouseCode: 'HK', quantity: 2, bundleSku: null },
    ]);
    const release = await t.gql('mutation($id: ID!) { releaseReservation(id: $id) { userErrors { code } } }', { id: one.data!.reserveStock.reservation.id }, owner);
    expect(release.data!.releaseReservation.userErrors).toEqual([]);
    const again = await t.gql('mutation($id: ID!) { releaseReservation(id: $id) { userErrors { code } } }', { id: one.data!.reserveStock.reservation.id }, owner);
    expect(again.data!.releaseReservation.userErrors[0].code).toBe('NOT_ACTIVE');
    const stock = await t.gql('query($s: String!) { variant(sku: $s) { stock { onHand reserved available } stockLevels { warehouseCode reserved } } }', { s: a }, owner);
    expect(stock.data!.variant.stock).toEqual({ onHand: 10, reserved: 7, available: 3 });
    expect(await discrepancies()).toEqual([]);
  });

  it('reserves a bundle as its components and derives its availability from them', async () => {
    const [suit, tie, belt] = await skus(3);
    await t.gql('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }', { b: suit, c: [{ sku: tie, quantity: 1 }, { sku: belt, quantity: 2 }] }, owner);
    await adjust(tie, 'SH', 3);
    await adjust(belt, 'SH', 5);
    const before = await t.gql('query($s: String!) { variant(sku: $s) { stock { available } } }', { s: suit }, owner);
    expect(before.data!.variant.stock.available).toBe(2);
    const r = await t.gql(RESERVE, { i: { reference: 'ORDER-5', lines: [{ sku: suit, quantity: 2 }] } }, owner);
    expect(r.data!.reserveStock.reservation.lines).toEqual([
      { sku: tie, warehouseCode: 'SH', quantity: 2, bundleSku: suit },
      { sku: belt, warehouseCode: 'SH', quantity: 4, bundleSku: suit },
    ]);
    const short = await t.gql(RESERVE, { i: { reference: 'ORDER-6', lines: [{ sku: suit, quantity: 1 }] } }, owner);
    expect(short.data!.reserveStock.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
  });

  it('never oversells: 500 concurrent reservations through two API servers for the last 10 units in 2 warehouses', async () => {
    const [hot] = await skus(1);
    await adjust(hot, 'SH', 6);
    await adjust(hot, 'GZ', 4);
    // A second API server on the same database, with its own connection pool.
    const second = await startTestApp({}, t);
    const servers = [t, second];
    const tokens = await Promise.all(Array.from({ length: 5 }, () => t.staffToken(['warehouse'], { departmentKey: 'warehouse' })));
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        servers[i % 2].gql(RESERVE, { i: { reference: `RACE-${i}`, lines: [{ sku: hot, quantity: 1 }] } }, tokens[i % tokens.length]),
      ),
    );
    await second.stop();
    // Every level stayed within bounds throughout: the check constraints would have refused otherwise.
    expect(results.filter((r) => r.errors)).toEqual([]);
    const ok = results.filter((r) => r.data?.reserveStock.reservation);
    const refused = results.filter((r) => r.data?.reserveStock.userErrors[0]?.code === 'INSUFFICIENT_STOCK');
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(490);
    const stock = await t.gql('query($s: String!) { variant(sku: $s) { stock { onHand reserved available } } }', { s: hot }, owner);
    expect(stock.data!.variant.stock).toEqual({ onHand: 10, reserved: 10, available: 0 });
    expect(await discrepancies()).toEqual([]);
  });
});

describe('what channels may sell', () => {
  it('records a channel push in the same transaction as each stock change, collapsed to the latest value', async () => {
    const [a] = await skus(1);
    const rule = await t.gql(
      'mutation($i: SetChannelStockRuleInput!) { setChannelStockRule(input: $i) { userErrors { code } } }',
      { i: { channelKey: 'tmall-main', warehouseCodes: ['SH', 'GZ'], buffer: 1 } },
      owner,
    );
    expect(rule.data!.setChannelStockRule.userErrors).toEqual([]);
    await adjust(a, 'SH', 5);
    await adjust(a, 'GZ', 2);
    const reserved = await t.gql(RESERVE, { i: { reference: `CH-${a}`, lines: [{ sku: a, quantity: 3 }] } }, owner);
    expect(reserved.data!.reserveStock.userErrors).toEqual([]);
    // A refused change writes no push.
    expect((await adjust(a, 'SH', -99)).userErrors[0].code).toBe('NEGATIVE_STOCK');
    const pushes = await t.gql('query($c: String!) { pendingStockPushes(channelKey: $c, first: 250) { sku quantity changes } }', { c: 'tmall-main' }, owner);
    // 5 + 2 on hand, 3 reserved, 1 held back: 3 may be sold; three changes collapse into one push.
    expect(pushes.data!.pendingStockPushes.filter((p: { sku: string }) => p.sku === a)).toEqual([{ sku: a, quantity: 3, changes: 3 }]);
  });
});

describe('what channels may sell of a bundle', () => {
  it('is pushed again when the bundle gets its components', async () => {
    const [set, part] = await skus(2);
    await t.gql('mutation($i: SetChannelStockRuleInput!) { setChannelStockRule(input: $i) { userErrors { code } } }', { i: { channelKey: 'bundle-shop', warehouseCodes: ['SH'] } }, owner);
    await adjust(part, 'SH', 6);
    const r = await t.gql('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }', { b: set, c: [{ sku: part, quantity: 2 }] }, owner);
    expect(r.data!.setBundleComponents.userErrors).toEqual([]);
    const pushes = await t.gql('query($c: String!) { pendingStockPushes(channelKey: $c, first: 250) { sku quantity } }', { c: 'bundle-shop' }, owner);
    expect(pushes.data!.pendingStockPushes.find((p: { sku: string }) => p.sku === set)).toEqual({ sku: set, quantity: 3 });
  });
});

describe('inventory queries', () => {
  it('lists warehouses and stock levels, and filters low stock', async () => {
    const [a] = await skus(1);
    await adjust(a, 'HK', 2);
    const w = await t.gql('{ warehouses { code priority } warehouse(code: "GZ") { kind country } }', {}, owner);
    expect(w.data!.warehouses.map((x: { code: string }) => x.code)).toEqual(['SH', 'GZ', 'HK']);
    expect(w.data!.warehouse).toEqual({ kind: 'OWN', country: 'CN' });
    const levels = await t.gql('query($s: String) { stockLevels(first: 5, filter: { sku: $s }) { totalCount edges { node { sku warehouseCode onHand } } } }', { s: a }, owner);
    expect(levels.data!.stockLevels.edges).toEqual([{ node: { sku: a, warehouseCode: 'HK', onHand: 2 } }]);
  });

  it('keeps stock from those without inventory.read', async () => {
    const designer = await t.staffToken(['designer'], { departmentKey: 'design' });
    const r = await t.gql('{ warehouses { code } }', {}, designer);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
