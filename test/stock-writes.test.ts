import { startTestApp, TestApp } from './support/test-app';

/**
 * Stock writes in few statements (issue 17): a stock mutation that is its unit of work's only
 * stock work runs as one statement (a reservation as two) plus the outbox write carrying the
 * audit entry, and answers, books, pushes and audit stay what the step by step path gives.
 */

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  for (const code of ['SW-A', 'SW-B']) {
    const r = await t.gql('mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { userErrors { code } } }', { i: { code, name: code, kind: 'OWN', country: 'CN' } }, owner);
    expect(r.data!.createWarehouse.userErrors).toEqual([]);
  }
  const rule = await t.gql(
    'mutation($i: SetChannelStockRuleInput!) { setChannelStockRule(input: $i) { userErrors { code } } }',
    { i: { channelKey: 'sw-shop', warehouseCodes: ['SW-A', 'SW-B'], buffer: 2 } },
    owner,
  );
  expect(rule.data!.setChannelStockRule.userErrors).toEqual([]);
  const bundle = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }',
    { i: { title: '写入测试', options: [{ name: '号', values: ['1', '2', 'SET'] }], variants: ['SW-1', 'SW-2', 'SW-SET'].map((sku, i) => ({ sku, price: '10.00', optionValues: [String(['1', '2', 'SET'][i])] })) } },
    owner,
  );
  expect(bundle.data!.createProduct.userErrors).toEqual([]);
  const set = await t.gql('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }', { b: 'SW-SET', c: [{ sku: 'SW-1', quantity: 2 }] }, owner);
  expect(set.data!.setBundleComponents.userErrors).toEqual([]);
  // Levels exist from here on (the one-statement path changes existing levels only).
  for (const sku of ['SW-1', 'SW-2']) for (const warehouseCode of ['SW-A', 'SW-B']) await stock('adjustStock', { sku, warehouseCode, delta: 100, reason: 'opening' });
});
afterAll(() => t.stop());

const LEVEL = 'stockLevel { id sku warehouseCode onHand reserved available damaged qualityControl incoming safetyStock updatedAt }';
const MUTATIONS = {
  adjustStock: 'AdjustStockInput',
  setStock: 'SetStockInput',
  receiveStock: 'ReceiveStockInput',
  markDamaged: 'MarkDamagedInput',
} as const;

async function stock(name: keyof typeof MUTATIONS, input: Record<string, unknown>, app = t, token = owner) {
  const r = await app.gql(`mutation($i: ${MUTATIONS[name]}!) { ${name}(input: $i) { ${LEVEL} userErrors { code field message } } }`, { i: input }, token);
  expect(r.errors).toBeUndefined();
  return r.data![name];
}

const RESERVE = 'mutation($i: ReserveStockInput!) { reserveStock(input: $i) { reservation { id reference status createdAt lines { sku warehouseCode quantity bundleSku } } userErrors { code field message } } }';

/** The level as a query reads it afterwards. */
async function levelNow(id: string) {
  const r = await t.gql(`query($id: ID!) { node(id: $id) { ... on StockLevel { ${LEVEL.replace(/^stockLevel \{|\}$/g, '')} } } }`, { id }, owner);
  return r.data!.node;
}

async function statements(run: () => Promise<unknown>): Promise<number> {
  const before = await t.sqlStatements();
  await run();
  return (await t.sqlStatements()) - before;
}

async function outboxAgreesWithAvailability(skus: string[]): Promise<void> {
  const pushes = await t.gql('query($c: String!) { pendingStockPushes(channelKey: $c, first: 250) { sku quantity } }', { c: 'sw-shop' }, owner);
  for (const sku of skus) {
    const now = await t.gql('query($c: String!, $s: String!) { channelAvailability(channelKey: $c, sku: $s) }', { c: 'sw-shop', s: sku }, owner);
    expect({ sku, pushed: pushes.data!.pendingStockPushes.find((p: { sku: string }) => p.sku === sku)?.quantity }).toEqual({ sku, pushed: now.data!.channelAvailability });
  }
}

describe('a stock mutation alone in its unit of work', () => {
  it('takes at most 5 SQL statements, a channel selling the warehouse included', async () => {
    await stock('adjustStock', { sku: 'SW-2', warehouseCode: 'SW-A', delta: 1, reason: 'warm the caller cache' });
    expect(await statements(() => stock('adjustStock', { sku: 'SW-2', warehouseCode: 'SW-A', delta: 1, reason: 'count' }))).toBeLessThanOrEqual(5);
    expect(await statements(() => stock('setStock', { sku: 'SW-2', warehouseCode: 'SW-A', onHand: 120, reason: 'count' }))).toBeLessThanOrEqual(5);
    expect(await statements(() => stock('receiveStock', { sku: 'SW-2', warehouseCode: 'SW-A', quantity: 3 }))).toBeLessThanOrEqual(5);
    expect(await statements(() => stock('markDamaged', { sku: 'SW-2', warehouseCode: 'SW-A', quantity: 1, reason: 'dropped' }))).toBeLessThanOrEqual(5);
    const n = await statements(() => t.gql(RESERVE, { i: { reference: 'SW-COUNT', lines: [{ sku: 'SW-2', quantity: 1 }] } }, owner));
    expect(n).toBeLessThanOrEqual(5);
  });

  it('answers what a read of the level or reservation gives afterwards', async () => {
    const changed = [];
    for (const [name, input] of [
      ['adjustStock', { delta: -4, reason: 'answer', expectedOnHand: 100 }],
      ['setStock', { onHand: 90, reason: 'answer' }],
      ['receiveStock', { quantity: 5, reference: 'PO-1' }],
      ['markDamaged', { quantity: 2, reason: 'answer' }],
    ] as const) {
      const c = await stock(name, { sku: 'SW-1', warehouseCode: 'SW-B', ...input });
      expect(c.userErrors).toEqual([]);
      expect(c.stockLevel).toEqual(await levelNow(c.stockLevel.id));
      changed.push(c);
    }
    expect(changed.map((c) => [c.stockLevel.onHand, c.stockLevel.damaged])).toEqual([[96, 0], [90, 0], [95, 0], [93, 2]]);
    // A bundle line and two warehouses: the payload lists the lines as the node does.
    const r = await t.gql(RESERVE, { i: { reference: 'SW-ANSWER', lines: [{ sku: 'SW-SET', quantity: 2 }, { sku: 'SW-2', quantity: 150 }] } }, owner);
    const payload = r.data!.reserveStock;
    expect(payload.userErrors).toEqual([]);
    const node = await t.gql('query($id: ID!) { node(id: $id) { ... on Reservation { id reference status createdAt lines { sku warehouseCode quantity bundleSku } } } }', { id: payload.reservation.id }, owner);
    expect(payload.reservation).toEqual(node.data!.node);
    expect(payload.reservation.lines.length).toBe(3);
  });

  it('keeps the ledger and the audit log: one movement per change and none for a refusal, an audit entry for both', async () => {
    const ledger = async () => (await t.gql('query($s: String!) { stockMovements(filter: { sku: $s }, first: 250) { edges { node { id } } } }', { s: 'SW-2' }, owner)).data!.stockMovements.edges.length;
    const audited = async () => (await t.gql('{ auditLog(first: 250, filter: { action: "adjustStock" }) { edges { node { id } } } }', {}, owner)).data!.auditLog.edges.length;
    const [movesBefore, auditBefore] = [await ledger(), await audited()];
    await stock('adjustStock', { sku: 'SW-2', warehouseCode: 'SW-B', delta: 2, reason: 'audit' });
    expect((await stock('adjustStock', { sku: 'SW-2', warehouseCode: 'SW-B', delta: -100000, reason: 'audit' })).userErrors[0].code).toBe('NEGATIVE_STOCK');
    expect(await ledger()).toBe(movesBefore + 1);
    // The refusal is audited too (as REFUSED, outside the rolled-back transaction).
    expect(await audited()).toBe(auditBefore + 2);
  });

  it('keeps each channel push equal to what the channel may sell, under concurrent changes of one SKU in two warehouses through two servers', async () => {
    const second = await startTestApp({}, t);
    const tokens = await Promise.all([t.staffToken(['warehouse'], { departmentKey: 'warehouse' }), t.staffToken(['warehouse'], { departmentKey: 'warehouse' })]);
    try {
      // Rounds of two changes at once, one per warehouse and server: without the per-variant
      // lock each would work out the channel's quantity without the other's change, and the
      // push written last would miss one of them.
      for (let round = 0; round < 30; round++) {
        const errors = await Promise.all([
          stock('adjustStock', { sku: 'SW-1', warehouseCode: 'SW-A', delta: round % 3 === 0 ? -1 : 2, reason: 'race' }, t, tokens[0]).then((r) => r.userErrors),
          round % 2
            ? second.gql(RESERVE, { i: { reference: `SW-RACE-${round}`, lines: [{ sku: 'SW-1', quantity: 1, warehouseCode: 'SW-B' }] } }, tokens[1]).then((r) => r.data!.reserveStock.userErrors)
            : stock('adjustStock', { sku: 'SW-1', warehouseCode: 'SW-B', delta: 1, reason: 'race' }, second, tokens[1]).then((r) => r.userErrors),
        ]);
        expect(errors).toEqual([[], []]);
        // The bundle's push moves with its component too.
        await outboxAgreesWithAvailability(['SW-1', 'SW-SET']);
      }
    } finally {
      await second.stop();
    }
    const books = await t.gql('{ stockDiscrepancies { sku } }', {}, owner);
    expect(books.data!.stockDiscrepancies).toEqual([]);
  });
});

describe('one reference reserved twice at once', () => {
  it('holds stock once and tells the others DUPLICATE_REFERENCE, through two servers', async () => {
    const second = await startTestApp({}, t);
    try {
      const token = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) => [t, second][i % 2].gql(RESERVE, { i: { reference: 'SW-TWICE', lines: [{ sku: 'SW-2', quantity: 1 }] } }, token)),
      );
      expect(results.filter((r) => r.errors)).toEqual([]);
      const codes = results.map((r) => (r.data!.reserveStock.reservation ? 'OK' : r.data!.reserveStock.userErrors[0].code));
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'DUPLICATE_REFERENCE')).toHaveLength(15);
    } finally {
      await second.stop();
    }
    const books = await t.gql('{ stockDiscrepancies { sku } }', {}, owner);
    expect(books.data!.stockDiscrepancies).toEqual([]);
  });
});

describe('refusals and first levels still take the step by step path', () => {
  it('says precisely what is wrong, and makes a level on the first receipt', async () => {
    expect((await stock('adjustStock', { sku: 'SW-1', warehouseCode: 'SW-A', delta: 1, reason: 'x', expectedOnHand: -5 })).userErrors[0].code).toBe('STALE_QUANTITY');
    expect((await stock('adjustStock', { sku: 'SW-SET', warehouseCode: 'SW-A', delta: 1, reason: 'x' })).userErrors[0].code).toBe('BUNDLE_NOT_STOCKED');
    expect((await stock('adjustStock', { sku: 'SW-NONE', warehouseCode: 'SW-A', delta: 1, reason: 'x' })).userErrors[0].code).toBe('UNKNOWN_SKU');
    expect((await stock('setStock', { sku: 'SW-1', warehouseCode: 'SW-A', onHand: 0, reason: 'x' })).userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    const same = await stock('adjustStock', { sku: 'SW-1', warehouseCode: 'SW-A', delta: 0, reason: 'nothing' });
    expect(same.userErrors).toEqual([]);
    const made = await t.gql('mutation { createWarehouse(input: { code: "SW-C", name: "C", kind: OWN, country: "CN" }) { userErrors { code } } }', {}, owner);
    expect(made.data!.createWarehouse.userErrors).toEqual([]);
    const first = await stock('receiveStock', { sku: 'SW-2', warehouseCode: 'SW-C', quantity: 7 });
    expect(first.stockLevel).toMatchObject({ sku: 'SW-2', warehouseCode: 'SW-C', onHand: 7 });
    const dup = await t.gql(RESERVE, { i: { reference: 'SW-ANSWER', lines: [{ sku: 'SW-2', quantity: 1 }] } }, owner);
    expect(dup.data!.reserveStock.userErrors[0].code).toBe('DUPLICATE_REFERENCE');
  });
});
