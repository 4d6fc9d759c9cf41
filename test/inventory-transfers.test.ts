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
  const base = `TRF-${++seq}`;
  const list = Array.from({ length: n }, (_, i) => `${base}-${i}`);
  const r = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }',
    { i: { title: `调拨测试 ${seq}`, options: n > 1 ? [{ name: '号', values: list }] : [], variants: list.map((sku) => ({ sku, price: '10.00', optionValues: n > 1 ? [sku] : [] })) } },
    owner,
  );
  expect(r.data!.createProduct.userErrors).toEqual([]);
  return list;
}

const TRANSFER_FIELDS = 'id number status note fromWarehouse { code } toWarehouse { code } lines { sku quantitySent quantityReceived quantityOutstanding } createdBy createdAt closedAt';
const SEND = `mutation($i: TransferStockInput!) { transferStock(input: $i) { transfer { ${TRANSFER_FIELDS} } userErrors { code field message } } }`;
const RECEIVE = `mutation($i: ReceiveTransferInput!) { receiveTransfer(input: $i) { transfer { ${TRANSFER_FIELDS} } userErrors { code field message } } }`;
const CANCEL = `mutation($id: ID!) { cancelTransfer(id: $id) { transfer { ${TRANSFER_FIELDS} } userErrors { code field message } } }`;

async function adjust(sku: string, warehouseCode: string, delta: number) {
  const r = await t.gql('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { userErrors { code } } }', { i: { sku, warehouseCode, delta, reason: 'test' } }, owner);
  expect(r.data!.adjustStock.userErrors).toEqual([]);
}

async function send(from: string, to: string, lines: { sku: string; quantity: number }[], token = owner, note?: string) {
  const r = await t.gql(SEND, { i: { fromWarehouseCode: from, toWarehouseCode: to, lines, note } }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.transferStock;
}

async function receive(transferId: string, lines: { sku: string; quantity: number }[], token = owner) {
  const r = await t.gql(RECEIVE, { i: { transferId, lines } }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.receiveTransfer;
}

async function cancel(id: string) {
  const r = await t.gql(CANCEL, { id }, owner);
  expect(r.errors).toBeUndefined();
  return r.data!.cancelTransfer;
}

/** The named quantities of a SKU per warehouse code (levels that exist only). */
async function levels(sku: string): Promise<Record<string, { onHand: number; reserved: number; incoming: number }>> {
  const r = await t.gql('query($s: String!) { stockLevels(first: 10, filter: { sku: $s }) { nodes { warehouseCode onHand reserved incoming } } }', { s: sku }, owner);
  return Object.fromEntries(r.data!.stockLevels.nodes.map((n: { warehouseCode: string; onHand: number; reserved: number; incoming: number }) => [n.warehouseCode, { onHand: n.onHand, reserved: n.reserved, incoming: n.incoming }]));
}

async function movements(filter: Record<string, unknown>): Promise<{ sku: string; warehouseCode: string; type: string; quantity: number; reason: string; referenceType: string | null; referenceId: string | null }[]> {
  const r = await t.gql('query($f: StockMovementFilter) { stockMovements(first: 50, filter: $f) { nodes { sku warehouseCode type quantity reason referenceType referenceId } } }', { f: filter }, owner);
  return r.data!.stockMovements.nodes;
}

async function discrepancies(): Promise<unknown[]> {
  const r = await t.gql('{ stockDiscrepancies { sku warehouseCode onHand ledgerOnHand reserved reservationsReserved damaged ledgerDamaged } }', {}, owner);
  return r.data!.stockDiscrepancies;
}

describe('sending and receiving transfers', () => {
  it('sends: TRANSFER_OUT at the source, the units incoming at the destination, duplicate lines added up', async () => {
    const [a, b] = await skus(2);
    await adjust(a, 'SH', 10);
    await adjust(b, 'SH', 4);
    const sent = await send('SH', 'GZ', [{ sku: a, quantity: 3 }, { sku: b, quantity: 4 }, { sku: a, quantity: 2 }], owner, '顺丰 SF123');
    expect(sent.userErrors).toEqual([]);
    expect(sent.transfer).toMatchObject({
      number: expect.stringMatching(/^TR-\d{6}$/),
      status: 'IN_TRANSIT',
      note: '顺丰 SF123',
      fromWarehouse: { code: 'SH' },
      toWarehouse: { code: 'GZ' },
      lines: [
        { sku: a, quantitySent: 5, quantityReceived: 0, quantityOutstanding: 5 },
        { sku: b, quantitySent: 4, quantityReceived: 0, quantityOutstanding: 4 },
      ],
      createdBy: 'owner@test.example.com',
      closedAt: null,
    });
    expect(await levels(a)).toEqual({ SH: { onHand: 5, reserved: 0, incoming: 0 }, GZ: { onHand: 0, reserved: 0, incoming: 5 } });
    expect(await levels(b)).toEqual({ SH: { onHand: 0, reserved: 0, incoming: 0 }, GZ: { onHand: 0, reserved: 0, incoming: 4 } });
    const out = await movements({ reference: sent.transfer.number });
    expect(out.map((m) => [m.sku, m.warehouseCode, m.type, m.quantity, m.referenceType])).toEqual(
      expect.arrayContaining([
        [a, 'SH', 'TRANSFER_OUT', -5, 'TRANSFER'],
        [b, 'SH', 'TRANSFER_OUT', -4, 'TRANSFER'],
      ]),
    );
    expect(out).toHaveLength(2);
    expect(await discrepancies()).toEqual([]);
  });

  it('receives in parts, refuses more than outstanding, and closes when everything arrived', async () => {
    const [a, b] = await skus(2);
    await adjust(a, 'SH', 6);
    await adjust(b, 'SH', 2);
    const { transfer } = await send('SH', 'HK', [{ sku: a, quantity: 6 }, { sku: b, quantity: 2 }]);

    const part = await receive(transfer.id, [{ sku: a, quantity: 2 }]);
    expect(part.userErrors).toEqual([]);
    expect(part.transfer.status).toBe('PARTIALLY_RECEIVED');
    expect(part.transfer.lines).toEqual([
      { sku: a, quantitySent: 6, quantityReceived: 2, quantityOutstanding: 4 },
      { sku: b, quantitySent: 2, quantityReceived: 0, quantityOutstanding: 2 },
    ]);
    expect((await levels(a)).HK).toEqual({ onHand: 2, reserved: 0, incoming: 4 });
    expect(await discrepancies()).toEqual([]);

    // Two lines of one SKU count together: 3 + 2 > 4 outstanding.
    const over = await receive(transfer.id, [{ sku: b, quantity: 1 }, { sku: a, quantity: 3 }, { sku: a, quantity: 2 }]);
    expect(over.transfer).toBeNull();
    expect(over.userErrors).toEqual([expect.objectContaining({ code: 'OVER_RECEIPT', field: ['lines', '1', 'quantity'], message: expect.stringContaining('4 outstanding') })]);
    expect((await levels(a)).HK).toEqual({ onHand: 2, reserved: 0, incoming: 4 });
    expect((await levels(b)).HK).toEqual({ onHand: 0, reserved: 0, incoming: 2 });

    const stranger = (await skus(1))[0];
    expect((await receive(transfer.id, [{ sku: stranger, quantity: 1 }])).userErrors).toEqual([expect.objectContaining({ code: 'NOT_IN_TRANSFER', field: ['lines', '0', 'sku'] })]);
    expect((await receive(transfer.id, [{ sku: 'NOPE-404', quantity: 1 }])).userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_SKU', field: ['lines', '0', 'sku'] })]);

    const rest = await receive(transfer.id, [{ sku: a, quantity: 4 }, { sku: b, quantity: 2 }]);
    expect(rest.userErrors).toEqual([]);
    expect(rest.transfer.status).toBe('RECEIVED');
    expect(rest.transfer.closedAt).not.toBeNull();
    expect(rest.transfer.lines.map((l: { quantityOutstanding: number }) => l.quantityOutstanding)).toEqual([0, 0]);
    expect(await levels(a)).toEqual({ SH: { onHand: 0, reserved: 0, incoming: 0 }, HK: { onHand: 6, reserved: 0, incoming: 0 } });
    expect(await levels(b)).toEqual({ SH: { onHand: 0, reserved: 0, incoming: 0 }, HK: { onHand: 2, reserved: 0, incoming: 0 } });
    const ins = await movements({ reference: transfer.number, type: 'TRANSFER_IN' });
    expect(ins.map((m) => [m.sku, m.warehouseCode, m.quantity, m.reason]).sort()).toEqual([
      [a, 'HK', 2, 'from SH'],
      [a, 'HK', 4, 'from SH'],
      [b, 'HK', 2, 'from SH'],
    ].sort());

    const again = await receive(transfer.id, [{ sku: a, quantity: 1 }]);
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'NOT_OPEN', field: ['transferId'] })]);
    expect(await discrepancies()).toEqual([]);
  });

  it('refuses to send more than is available, saying by how much, and writes nothing', async () => {
    const [a, b] = await skus(2);
    await adjust(a, 'SH', 3);
    await adjust(b, 'SH', 9);
    const held = await t.gql('mutation($i: ReserveStockInput!) { reserveStock(input: $i) { userErrors { code } } }', { i: { reference: `ORD-${a}`, lines: [{ sku: a, quantity: 1, warehouseCode: 'SH' }] } }, owner);
    expect(held.data!.reserveStock.userErrors).toEqual([]);
    const before = (await t.gql('{ transfers { totalCount } }', {}, owner)).data!.transfers.totalCount;

    // 3 on hand, 1 reserved: 2 available, and lines of one SKU count together.
    const r = await send('SH', 'GZ', [{ sku: b, quantity: 9 }, { sku: a, quantity: 2 }, { sku: a, quantity: 1 }]);
    expect(r.transfer).toBeNull();
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['lines', '1', 'quantity'], message: expect.stringContaining('short by 1') })]);

    expect(await levels(a)).toEqual({ SH: { onHand: 3, reserved: 1, incoming: 0 } });
    expect(await levels(b)).toEqual({ SH: { onHand: 9, reserved: 0, incoming: 0 } });
    expect(await movements({ sku: b, type: 'TRANSFER_OUT' })).toEqual([]);
    expect((await t.gql('{ transfers { totalCount } }', {}, owner)).data!.transfers.totalCount).toBe(before);
    expect(await discrepancies()).toEqual([]);
  });

  it('refuses the same warehouse twice, unknown codes, bundles and bad quantities', async () => {
    const [a, c] = await skus(2);
    await adjust(a, 'SH', 5);
    expect((await send('SH', 'SH', [{ sku: a, quantity: 1 }])).userErrors).toEqual([expect.objectContaining({ code: 'SAME_WAREHOUSE', field: ['toWarehouseCode'] })]);
    expect((await send('XX', 'GZ', [{ sku: a, quantity: 1 }])).userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_WAREHOUSE', field: ['fromWarehouseCode'] })]);
    expect((await send('SH', 'YY', [{ sku: a, quantity: 1 }])).userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_WAREHOUSE', field: ['toWarehouseCode'] })]);
    expect((await send('SH', 'GZ', [{ sku: 'NOPE-404', quantity: 1 }])).userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_SKU', field: ['lines', '0', 'sku'] })]);
    expect((await send('SH', 'GZ', [{ sku: a, quantity: 0 }])).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_QUANTITY', field: ['lines', '0', 'quantity'] })]);
    expect((await send('SH', 'GZ', [])).userErrors).toEqual([expect.objectContaining({ code: 'REQUIRED', field: ['lines'] })]);
    const bundle = await t.gql('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }', { b: c, c: [{ sku: a, quantity: 1 }] }, owner);
    expect(bundle.data!.setBundleComponents.userErrors).toEqual([]);
    expect((await send('SH', 'GZ', [{ sku: c, quantity: 1 }])).userErrors).toEqual([expect.objectContaining({ code: 'BUNDLE_NOT_STOCKED', field: ['lines', '0', 'sku'] })]);
    expect((await levels(a)).SH.onHand).toBe(5);
    expect(await discrepancies()).toEqual([]);
  });

  it('cancels a transfer nothing of which arrived: the units go back to the source', async () => {
    const [a] = await skus(1);
    await adjust(a, 'SH', 8);
    const { transfer } = await send('SH', 'GZ', [{ sku: a, quantity: 5 }]);
    expect(await levels(a)).toEqual({ SH: { onHand: 3, reserved: 0, incoming: 0 }, GZ: { onHand: 0, reserved: 0, incoming: 5 } });

    const done = await cancel(transfer.id);
    expect(done.userErrors).toEqual([]);
    expect(done.transfer).toMatchObject({ status: 'CANCELLED', lines: [{ sku: a, quantitySent: 5, quantityReceived: 0, quantityOutstanding: 0 }] });
    expect(done.transfer.closedAt).not.toBeNull();
    expect(await levels(a)).toEqual({ SH: { onHand: 8, reserved: 0, incoming: 0 }, GZ: { onHand: 0, reserved: 0, incoming: 0 } });
    const back = await movements({ reference: transfer.number, type: 'TRANSFER_IN' });
    expect(back).toEqual([expect.objectContaining({ sku: a, warehouseCode: 'SH', quantity: 5, reason: 'transfer cancelled', referenceType: 'TRANSFER' })]);

    expect((await cancel(transfer.id)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_OPEN', field: ['id'] })]);
    expect((await receive(transfer.id, [{ sku: a, quantity: 1 }])).userErrors).toEqual([expect.objectContaining({ code: 'NOT_OPEN' })]);

    // Once part has arrived, it cannot be cancelled.
    const second = (await send('SH', 'GZ', [{ sku: a, quantity: 4 }])).transfer;
    expect((await receive(second.id, [{ sku: a, quantity: 1 }])).userErrors).toEqual([]);
    expect((await cancel(second.id)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_CANCELLABLE' })]);
    expect(await levels(a)).toEqual({ SH: { onHand: 4, reserved: 0, incoming: 0 }, GZ: { onHand: 1, reserved: 0, incoming: 3 } });

    const missing = Buffer.from('StockTransfer:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect((await cancel(missing)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect(await discrepancies()).toEqual([]);
  });

  it('lists transfers newest first, filtered by status and warehouse, and reads one by id', async () => {
    const [a] = await skus(1);
    await adjust(a, 'GZ', 10);
    const first = (await send('GZ', 'HK', [{ sku: a, quantity: 1 }])).transfer;
    const second = (await send('GZ', 'SH', [{ sku: a, quantity: 1 }])).transfer;
    const third = (await send('GZ', 'HK', [{ sku: a, quantity: 1 }])).transfer;
    await receive(third.id, [{ sku: a, quantity: 1 }]);

    const q = 'query($f: StockTransferFilter, $after: String) { transfers(first: 1, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor } nodes { number status } } }';
    const open = await t.gql(q, { f: { status: 'IN_TRANSIT', warehouseCode: 'HK' } }, owner);
    expect(open.data!.transfers.nodes).toEqual([{ number: first.number, status: 'IN_TRANSIT' }]);
    const toSh = await t.gql(q, { f: { warehouseCode: 'SH' } }, owner);
    expect(toSh.data!.transfers.nodes[0].number).toBe(second.number);

    const page1 = await t.gql(q, { f: { warehouseCode: 'HK' } }, owner);
    expect(page1.data!.transfers.totalCount).toBeGreaterThanOrEqual(2);
    expect(page1.data!.transfers.nodes).toEqual([{ number: third.number, status: 'RECEIVED' }]);
    const page2 = await t.gql(q, { f: { warehouseCode: 'HK' }, after: page1.data!.transfers.pageInfo.endCursor }, owner);
    expect(page2.data!.transfers.nodes[0].number).toBe(first.number);

    const one = await t.gql(`query($id: ID!) { transfer(id: $id) { ${TRANSFER_FIELDS} } }`, { id: second.id }, owner);
    expect(one.data!.transfer).toMatchObject({ number: second.number, fromWarehouse: { code: 'GZ' }, toWarehouse: { code: 'SH' }, lines: [{ sku: a, quantitySent: 1 }] });
    expect((await t.gql('query($id: ID!) { transfer(id: $id) { number } }', { id: 'bm9wZQ' }, owner)).data!.transfer).toBeNull();
    expect(await discrepancies()).toEqual([]);
  });

  it('never sends the same unit twice: 30 concurrent transfers for the last 10 units', async () => {
    const [a] = await skus(1);
    await adjust(a, 'SH', 10);
    const tokens = await Promise.all(Array.from({ length: 3 }, () => t.staffToken(['warehouse'], { departmentKey: 'warehouse' })));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => t.gql(SEND, { i: { fromWarehouseCode: 'SH', toWarehouseCode: i % 2 ? 'GZ' : 'HK', lines: [{ sku: a, quantity: 1 }] } }, tokens[i % 3])),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(results.filter((r) => r.data!.transferStock.transfer)).toHaveLength(10);
    expect(results.filter((r) => r.data!.transferStock.userErrors[0]?.code === 'INSUFFICIENT_STOCK')).toHaveLength(20);
    const l = await levels(a);
    expect(l.SH.onHand).toBe(0);
    expect(l.GZ.incoming + l.HK.incoming).toBe(10);
    expect(await discrepancies()).toEqual([]);
  });

  it('concurrent transfers both ways and reservations of one SKU never oversell or deadlock', async () => {
    const [a] = await skus(1);
    await adjust(a, 'SH', 40);
    await adjust(a, 'GZ', 40);
    const calls = Array.from({ length: 40 }, (_, i) => {
      if (i % 4 === 3) {
        return t.gql('mutation($i: ReserveStockInput!) { reserveStock(input: $i) { userErrors { code } } }', { i: { reference: `RACE-${a}-${i}`, lines: [{ sku: a, quantity: 1 }] } }, owner);
      }
      const [from, to] = i % 2 ? ['SH', 'GZ'] : ['GZ', 'SH'];
      return t.gql(SEND, { i: { fromWarehouseCode: from, toWarehouseCode: to, lines: [{ sku: a, quantity: 1 }] } }, owner);
    });
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(results.flatMap((r) => Object.values(r.data!)[0].userErrors)).toEqual([]);
    const l = await levels(a);
    // Every unit is on hand or in transit; none was lost or made up.
    expect(l.SH.onHand + l.GZ.onHand + l.SH.incoming + l.GZ.incoming).toBe(80);
    expect(l.SH.reserved + l.GZ.reserved).toBe(10);
    expect(await discrepancies()).toEqual([]);
  });
});

describe('zones, bins and default bins', () => {
  const ZONE = 'mutation($i: CreateWarehouseZoneInput!) { createWarehouseZone(input: $i) { zone { warehouseCode code name } userErrors { code field message } } }';
  const BINS = 'mutation($i: CreateWarehouseBinsInput!) { createWarehouseBins(input: $i) { bins { warehouseCode zoneCode code } userErrors { code field message } } }';
  const DEFAULT_BIN = 'mutation($i: SetDefaultBinInput!) { setDefaultBin(input: $i) { stockLevel { sku warehouseCode onHand defaultBin { code zoneCode } } userErrors { code field message } } }';

  it('creates zones and bins with codes unique per warehouse', async () => {
    const zone = await t.gql(ZONE, { i: { warehouseCode: 'SH', code: 'pick', name: '拣货区' } }, owner);
    expect(zone.data!.createWarehouseZone).toEqual({ zone: { warehouseCode: 'SH', code: 'PICK', name: '拣货区' }, userErrors: [] });
    const dup = await t.gql(ZONE, { i: { warehouseCode: 'SH', code: 'PICK', name: 'again' } }, owner);
    expect(dup.data!.createWarehouseZone.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE_CODE', field: ['code'] })]);
    // The same code in another warehouse is another zone.
    expect((await t.gql(ZONE, { i: { warehouseCode: 'GZ', code: 'PICK', name: '拣货区' } }, owner)).data!.createWarehouseZone.userErrors).toEqual([]);
    expect((await t.gql(ZONE, { i: { warehouseCode: 'XX', code: 'BULK', name: 'bulk' } }, owner)).data!.createWarehouseZone.userErrors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_WAREHOUSE', field: ['warehouseCode'] }),
    ]);
    await t.gql(ZONE, { i: { warehouseCode: 'SH', code: 'BULK', name: '存储区' } }, owner);

    const bins = await t.gql(BINS, { i: { warehouseCode: 'SH', zoneCode: 'PICK', binCodes: ['A-01-01', 'a-01-02'] } }, owner);
    expect(bins.data!.createWarehouseBins).toEqual({
      bins: [
        { warehouseCode: 'SH', zoneCode: 'PICK', code: 'A-01-01' },
        { warehouseCode: 'SH', zoneCode: 'PICK', code: 'A-01-02' },
      ],
      userErrors: [],
    });
    await t.gql(BINS, { i: { warehouseCode: 'SH', zoneCode: 'BULK', binCodes: ['B-01'] } }, owner);
    const taken = await t.gql(BINS, { i: { warehouseCode: 'SH', zoneCode: 'BULK', binCodes: ['B-02', 'A-01-02'] } }, owner);
    expect(taken.data!.createWarehouseBins).toEqual({ bins: [], userErrors: [expect.objectContaining({ code: 'DUPLICATE_CODE', field: ['binCodes', '1'] })] });
    const twice = await t.gql(BINS, { i: { warehouseCode: 'SH', binCodes: ['C-1', 'C-1'] } }, owner);
    expect(twice.data!.createWarehouseBins.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE_CODE', field: ['binCodes', '1'] })]);
    expect((await t.gql(BINS, { i: { warehouseCode: 'SH', zoneCode: 'NOPE', binCodes: ['D-1'] } }, owner)).data!.createWarehouseBins.userErrors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_ZONE', field: ['zoneCode'] }),
    ]);
    expect((await t.gql(BINS, { i: { warehouseCode: 'XX', binCodes: ['D-1'] } }, owner)).data!.createWarehouseBins.userErrors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_WAREHOUSE' }),
    ]);

    const zones = await t.gql('{ warehouseZones(warehouseCode: "SH") { code name } }', {}, owner);
    expect(zones.data!.warehouseZones).toEqual([{ code: 'BULK', name: '存储区' }, { code: 'PICK', name: '拣货区' }]);
    const all = await t.gql('{ warehouseBins(warehouseCode: "SH") { code zoneCode } }', {}, owner);
    // B-02 was refused along with A-01-02: all or none.
    expect(all.data!.warehouseBins).toEqual([
      { code: 'A-01-01', zoneCode: 'PICK' },
      { code: 'A-01-02', zoneCode: 'PICK' },
      { code: 'B-01', zoneCode: 'BULK' },
    ]);
    const pick = await t.gql('{ warehouseBins(warehouseCode: "SH", zoneCode: "PICK") { code } }', {}, owner);
    expect(pick.data!.warehouseBins.map((b: { code: string }) => b.code)).toEqual(['A-01-01', 'A-01-02']);
  });

  it('sets, reports and clears the default bin of a variant, creating its level', async () => {
    await t.gql(BINS, { i: { warehouseCode: 'GZ', binCodes: ['G-1', 'G-2'] } }, owner);
    const [a] = await skus(1);
    const set = await t.gql(DEFAULT_BIN, { i: { sku: a, warehouseCode: 'GZ', binCode: 'G-2' } }, owner);
    expect(set.data!.setDefaultBin).toEqual({ stockLevel: { sku: a, warehouseCode: 'GZ', onHand: 0, defaultBin: { code: 'G-2', zoneCode: null } }, userErrors: [] });
    const read = await t.gql('query($s: String!) { stockLevels(first: 5, filter: { sku: $s }) { nodes { warehouseCode defaultBin { code } } } }', { s: a }, owner);
    expect(read.data!.stockLevels.nodes).toEqual([{ warehouseCode: 'GZ', defaultBin: { code: 'G-2' } }]);

    // A bin of another warehouse is not one of this warehouse.
    expect((await t.gql(DEFAULT_BIN, { i: { sku: a, warehouseCode: 'GZ', binCode: 'A-01-01' } }, owner)).data!.setDefaultBin.userErrors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_BIN', field: ['binCode'] }),
    ]);
    expect((await t.gql(DEFAULT_BIN, { i: { sku: 'NOPE-404', warehouseCode: 'GZ', binCode: 'G-1' } }, owner)).data!.setDefaultBin.userErrors[0].code).toBe('UNKNOWN_SKU');
    expect((await t.gql(DEFAULT_BIN, { i: { sku: a, warehouseCode: 'XX', binCode: 'G-1' } }, owner)).data!.setDefaultBin.userErrors[0].code).toBe('UNKNOWN_WAREHOUSE');

    const cleared = await t.gql(DEFAULT_BIN, { i: { sku: a, warehouseCode: 'GZ', binCode: null } }, owner);
    expect(cleared.data!.setDefaultBin.stockLevel.defaultBin).toBeNull();
    expect(await discrepancies()).toEqual([]);
  });
});

describe('permissions', () => {
  it('lets warehouse staff transfer and receive; refuses a copywriter and an operations specialist', async () => {
    const [a] = await skus(1);
    await adjust(a, 'SH', 3);
    const warehouse = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
    const sent = await send('SH', 'GZ', [{ sku: a, quantity: 2 }], warehouse);
    expect(sent.userErrors).toEqual([]);
    expect((await receive(sent.transfer.id, [{ sku: a, quantity: 2 }], warehouse)).transfer.status).toBe('RECEIVED');
    const zone = await t.gql('mutation { createWarehouseZone(input: { warehouseCode: "HK", code: "RET", name: "退货区" }) { userErrors { code } } }', {}, warehouse);
    expect(zone.data!.createWarehouseZone.userErrors).toEqual([]);

    const copywriter = await t.staffToken(['copywriter'], { departmentKey: 'copywriting' });
    const refused = await t.gql(SEND, { i: { fromWarehouseCode: 'GZ', toWarehouseCode: 'SH', lines: [{ sku: a, quantity: 1 }] } }, copywriter);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql('{ transfers { totalCount } }', {}, copywriter)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql('{ warehouseBins(warehouseCode: "SH") { code } }', {}, copywriter)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Operations specialists adjust stock but do not move it between warehouses.
    const ops = await t.staffToken(['ops_specialist'], { departmentKey: 'operations' });
    expect((await t.gql(SEND, { i: { fromWarehouseCode: 'GZ', toWarehouseCode: 'SH', lines: [{ sku: a, quantity: 1 }] } }, ops)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql('{ transfers { totalCount } }', {}, ops)).data!.transfers.totalCount).toBeGreaterThan(0);
    expect(await levels(a)).toEqual({ SH: { onHand: 1, reserved: 0, incoming: 0 }, GZ: { onHand: 2, reserved: 0, incoming: 0 } });
    expect(await discrepancies()).toEqual([]);
  });
});
