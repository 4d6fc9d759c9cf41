import { startTestApp, TestApp } from './support/test-app';

/** Stocktakes (盘点) and stock import, end to end over HTTP. */
let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
});
afterAll(() => t.stop());

let seq = 0;
/** A fresh warehouse of its own, so each test sees only its own levels. */
async function warehouse(): Promise<string> {
  const code = `ST${++seq}`;
  const r = await t.gql('mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { userErrors { code } } }', { i: { code, name: code, kind: 'OWN', country: 'CN' } }, owner);
  expect(r.data!.createWarehouse.userErrors).toEqual([]);
  return code;
}

/** Creates a product with `n` plain variants and returns their SKUs. */
async function skus(n: number): Promise<string[]> {
  const base = `STK-${++seq}`;
  const list = Array.from({ length: n }, (_, i) => `${base}-${i}`);
  const r = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }',
    { i: { title: `盘点测试 ${seq}`, options: n > 1 ? [{ name: '号', values: list }] : [], variants: list.map((sku) => ({ sku, price: '10.00', optionValues: n > 1 ? [sku] : [] })) } },
    owner,
  );
  expect(r.data!.createProduct.userErrors).toEqual([]);
  return list;
}

async function adjust(sku: string, warehouseCode: string, delta: number) {
  const r = await t.gql('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { stockLevel { onHand } userErrors { code } } }', { i: { sku, warehouseCode, delta, reason: 'test' } }, owner);
  expect(r.data!.adjustStock.userErrors).toEqual([]);
  return r.data!.adjustStock.stockLevel.onHand as number;
}

async function onHand(sku: string, warehouseCode: string): Promise<{ onHand: number; reserved: number } | null> {
  const r = await t.gql('query($s: String, $w: String) { stockLevels(first: 1, filter: { sku: $s, warehouseCode: $w }) { nodes { onHand reserved } } }', { s: sku, w: warehouseCode }, owner);
  return r.data!.stockLevels.nodes[0] ?? null;
}

async function discrepancies(): Promise<unknown[]> {
  return (await t.gql('{ stockDiscrepancies { sku warehouseCode onHand ledgerOnHand reserved reservationsReserved } }', {}, owner)).data!.stockDiscrepancies;
}

const STOCKTAKE = `id number warehouseCode zone status startedAt postedAt startedBy
  lines { sku snapshot expected movedSince counted variance adjustment found bins { binCode countedQuantity countedBy } }`;
const START = `mutation($i: StartStocktakeInput!) { startStocktake(input: $i) { stocktake { ${STOCKTAKE} } userErrors { code field message } } }`;
const COUNT = `mutation($i: RecordStocktakeCountInput!) { recordStocktakeCount(input: $i) { stocktake { ${STOCKTAKE} } userErrors { code field message } } }`;
const POST = `mutation($id: ID!) { postStocktake(id: $id) { stocktake { ${STOCKTAKE} } userErrors { code field message } } }`;
const CANCEL = `mutation($id: ID!) { cancelStocktake(id: $id) { stocktake { status } userErrors { code field message } } }`;
const GET = `query($id: ID!) { stocktake(id: $id) { ${STOCKTAKE} } }`;
const IMPORT = 'mutation($i: ImportStockInput!) { importStock(input: $i) { applied reference rowErrors { line column code message } userErrors { code field message } } }';

type Line = { sku: string; snapshot: number; expected: number; movedSince: number; counted: number | null; variance: number | null; adjustment: number | null; found: boolean; bins: { binCode: string; countedQuantity: number; countedBy: string }[] };

async function start(warehouseCode: string, zone?: string, token = owner) {
  return (await t.gql(START, { i: { warehouseCode, zone } }, token)).data!.startStocktake;
}
async function count(stocktakeId: string, sku: string, binCode: string, countedQuantity: number, token = owner) {
  return (await t.gql(COUNT, { i: { stocktakeId, sku, binCode, countedQuantity } }, token)).data!.recordStocktakeCount;
}
function line(lines: Line[], sku: string): Line {
  const l = lines.find((x) => x.sku === sku);
  if (!l) throw new Error(`no line for ${sku} in ${JSON.stringify(lines)}`);
  return l;
}

describe('stocktakes', () => {
  it('counts by several counters in several bins, accounts for movements during the count, and posts the counts', async () => {
    const wh = await warehouse();
    const [a, b, c, d] = await skus(4);
    await adjust(a, wh, 10);
    await adjust(b, wh, 5);
    await adjust(c, wh, 3);
    const anna = 'anna-counter@test.example.com';
    const ben = 'ben-counter@test.example.com';
    const annaToken = await t.staffToken(['warehouse'], { departmentKey: 'warehouse', email: anna });
    const benToken = await t.staffToken(['warehouse'], { departmentKey: 'warehouse', email: ben });

    const started = await start(wh, undefined, annaToken);
    expect(started.userErrors).toEqual([]);
    const st = started.stocktake;
    expect(st).toMatchObject({ number: expect.stringMatching(/^ST-\d{6}$/), warehouseCode: wh, zone: null, status: 'OPEN', postedAt: null, startedBy: anna });
    expect(st.lines.map((l: Line) => [l.sku, l.snapshot, l.expected, l.counted])).toEqual([[a, 10, 10, null], [b, 5, 5, null], [c, 3, 3, null]]);

    expect((await count(st.id, a, 'A-01', 6, annaToken)).userErrors).toEqual([]);
    expect((await count(st.id, a, 'A-02', 3, benToken)).userErrors).toEqual([]);
    expect((await count(st.id, b, 'A-01', 5, annaToken)).userErrors).toEqual([]);
    // Two units of a leave while the count is open: the books now expect 8.
    await adjust(a, wh, -2);
    // Ben recounts his bin; Anna finds d, which the books do not know in this warehouse.
    expect((await count(st.id, a, 'A-02', 4, benToken)).userErrors).toEqual([]);
    const found = await count(st.id, d, 'B-07', 2, annaToken);
    expect(found.userErrors).toEqual([]);

    const lines: Line[] = (await t.gql(GET, { id: st.id }, owner)).data!.stocktake.lines;
    expect(line(lines, a)).toEqual({
      sku: a, snapshot: 10, movedSince: -2, expected: 8, counted: 10, variance: 2, adjustment: null, found: false,
      bins: [{ binCode: 'A-01', countedQuantity: 6, countedBy: anna }, { binCode: 'A-02', countedQuantity: 4, countedBy: ben }],
    });
    expect(line(lines, b)).toMatchObject({ expected: 5, counted: 5, variance: 0 });
    expect(line(lines, c)).toMatchObject({ expected: 3, counted: null, variance: null, bins: [] });
    expect(line(lines, d)).toMatchObject({ snapshot: 0, expected: 0, counted: 2, variance: 2, found: true });

    const posted = (await t.gql(POST, { id: st.id }, annaToken)).data!.postStocktake;
    expect(posted.userErrors).toEqual([]);
    expect(posted.stocktake.status).toBe('POSTED');
    expect(posted.stocktake.postedAt).not.toBeNull();
    const ledger = await t.gql('query($r: String!) { stockMovements(first: 10, filter: { reference: $r }) { nodes { sku type quantity referenceType reason onHandAfter } } }', { r: st.number }, owner);
    expect(ledger.data!.stockMovements.nodes.map((m: { sku: string; type: string; quantity: number; referenceType: string; onHandAfter: number }) => [m.sku, m.type, m.quantity, m.referenceType, m.onHandAfter]).sort()).toEqual([
      [a, 'STOCKTAKE', 2, 'STOCKTAKE', 10],
      [d, 'STOCKTAKE', 2, 'STOCKTAKE', 2],
    ]);
    expect(await onHand(a, wh)).toMatchObject({ onHand: 10 });
    expect(await onHand(b, wh)).toMatchObject({ onHand: 5 });
    expect(await onHand(c, wh)).toMatchObject({ onHand: 3 });
    expect(await onHand(d, wh)).toMatchObject({ onHand: 2 });

    // Closed: later movements do not change what it shows, and it takes no more changes.
    await adjust(a, wh, 1);
    const after: Line[] = (await t.gql(GET, { id: st.id }, owner)).data!.stocktake.lines;
    expect(line(after, a)).toMatchObject({ movedSince: -2, expected: 8, counted: 10, variance: 2, adjustment: 2 });
    expect(line(after, b)).toMatchObject({ counted: 5, variance: 0, adjustment: 0 });
    expect(line(after, c)).toMatchObject({ counted: null, adjustment: null });
    expect(line(after, d)).toMatchObject({ found: true, adjustment: 2 });
    expect((await count(st.id, a, 'A-01', 1)).userErrors[0].code).toBe('NOT_OPEN');
    expect((await t.gql(POST, { id: st.id }, owner)).data!.postStocktake.userErrors[0].code).toBe('NOT_OPEN');
    expect(await discrepancies()).toEqual([]);
  });

  it('refuses a post that would leave less than is reserved, writing nothing', async () => {
    const wh = await warehouse();
    const [a, b] = await skus(2);
    await adjust(a, wh, 5);
    await adjust(b, wh, 5);
    const r = await t.gql('mutation($i: ReserveStockInput!) { reserveStock(input: $i) { userErrors { code } } }', { i: { reference: `ORD-${a}`, lines: [{ sku: a, quantity: 4, warehouseCode: wh }] } }, owner);
    expect(r.data!.reserveStock.userErrors).toEqual([]);
    const st = (await start(wh)).stocktake;
    await count(st.id, a, 'A-01', 3);
    await count(st.id, b, 'A-01', 1);
    const refused = (await t.gql(POST, { id: st.id }, owner)).data!.postStocktake;
    expect(refused.stocktake).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', message: expect.stringContaining(a) })]);
    expect(await onHand(a, wh)).toEqual({ onHand: 5, reserved: 4 });
    expect(await onHand(b, wh)).toEqual({ onHand: 5, reserved: 0 });
    const none = await t.gql('query($r: String!) { stockMovements(first: 5, filter: { reference: $r }) { totalCount } }', { r: st.number }, owner);
    expect(none.data!.stockMovements.totalCount).toBe(0);
    expect((await t.gql(GET, { id: st.id }, owner)).data!.stocktake.status).toBe('OPEN');

    await count(st.id, a, 'A-01', 4);
    const ok = (await t.gql(POST, { id: st.id }, owner)).data!.postStocktake;
    expect(ok.userErrors).toEqual([]);
    expect(await onHand(a, wh)).toEqual({ onHand: 4, reserved: 4 });
    expect(await onHand(b, wh)).toEqual({ onHand: 1, reserved: 0 });
    expect(await discrepancies()).toEqual([]);
  });

  it('counts one zone: only the SKUs whose default bin lies in it, one open stocktake per warehouse and zone', async () => {
    const wh = await warehouse();
    const [inA, inB, noBin] = await skus(3);
    for (const s of [inA, inB, noBin]) await adjust(s, wh, 2);
    // Zones and bins are set up directly: their mutations belong to another slice.
    const conn = t.em().getConnection();
    const [w] = await conn.execute('select id from warehouse where code = ?', [wh]);
    for (const zone of ['A', 'B']) {
      const [z] = await conn.execute('insert into warehouse_zone (id, warehouse_id, code) values (gen_random_uuid(), ?, ?) returning id', [w.id, zone]);
      const [bin] = await conn.execute('insert into warehouse_bin (id, warehouse_id, zone_id, code) values (gen_random_uuid(), ?, ?, ?) returning id', [w.id, z.id, `${zone}-01`]);
      await conn.execute('update stock_level set default_bin_id = ? where warehouse_id = ? and variant_id = (select id from variant where sku = ?)', [bin.id, w.id, zone === 'A' ? inA : inB]);
    }

    expect((await start(wh, 'Z')).userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_ZONE', field: ['zone'] })]);
    expect((await start('NOWHERE')).userErrors[0].code).toBe('UNKNOWN_WAREHOUSE');
    const zoneA = await start(wh, 'A');
    expect(zoneA.userErrors).toEqual([]);
    expect(zoneA.stocktake.zone).toBe('A');
    expect(zoneA.stocktake.lines.map((l: Line) => l.sku)).toEqual([inA]);
    expect((await start(wh, 'A')).userErrors[0].code).toBe('STOCKTAKE_OPEN');
    expect((await start(wh)).userErrors[0].code).toBe('STOCKTAKE_OPEN');
    const zoneB = await start(wh, 'B');
    expect(zoneB.stocktake.lines.map((l: Line) => l.sku)).toEqual([inB]);

    await count(zoneA.stocktake.id, inA, 'A-01', 1);
    expect((await t.gql(POST, { id: zoneA.stocktake.id }, owner)).data!.postStocktake.userErrors).toEqual([]);
    const cancelled = (await t.gql(CANCEL, { id: zoneB.stocktake.id }, owner)).data!.cancelStocktake;
    expect(cancelled).toEqual({ stocktake: { status: 'CANCELLED' }, userErrors: [] });
    expect(await onHand(inA, wh)).toMatchObject({ onHand: 1 });
    expect(await onHand(inB, wh)).toMatchObject({ onHand: 2 });
    expect(await onHand(noBin, wh)).toMatchObject({ onHand: 2 });

    // Both closed: the whole warehouse may be counted now.
    const whole = await start(wh);
    expect(whole.userErrors).toEqual([]);
    expect(whole.stocktake.lines.map((l: Line) => l.sku)).toEqual([inA, inB, noBin]);

    const list = await t.gql('query($w: String) { stocktakes(first: 2, filter: { warehouseCode: $w }) { totalCount nodes { number status zone } pageInfo { hasNextPage endCursor } } }', { w: wh }, owner);
    expect(list.data!.stocktakes.totalCount).toBe(3);
    expect(list.data!.stocktakes.nodes).toEqual([
      { number: whole.stocktake.number, status: 'OPEN', zone: null },
      { number: zoneB.stocktake.number, status: 'CANCELLED', zone: 'B' },
    ]);
    const next = await t.gql('query($w: String, $c: String) { stocktakes(first: 2, after: $c, filter: { warehouseCode: $w }) { nodes { number } pageInfo { hasNextPage } } }', { w: wh, c: list.data!.stocktakes.pageInfo.endCursor }, owner);
    expect(next.data!.stocktakes).toEqual({ nodes: [{ number: zoneA.stocktake.number }], pageInfo: { hasNextPage: false } });
    const posted = await t.gql('query($w: String) { stocktakes(first: 5, filter: { warehouseCode: $w, status: POSTED }) { nodes { number } } }', { w: wh }, owner);
    expect(posted.data!.stocktakes.nodes).toEqual([{ number: zoneA.stocktake.number }]);
    expect(await discrepancies()).toEqual([]);
  });

  it('takes a snapshot consistent with the ledger while stock moves concurrently', async () => {
    const wh = await warehouse();
    const list = await skus(4);
    for (const s of list) await adjust(s, wh, 1);
    const moves = Array.from({ length: 80 }, (_, i) =>
      t.gql('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { userErrors { code } } }', { i: { sku: list[i % list.length], warehouseCode: wh, delta: 1 + (i % 3), reason: 'busy' } }, owner),
    );
    const started = t.gql(START, { i: { warehouseCode: wh } }, owner);
    const [st] = await Promise.all([started, ...moves]);
    const id = st.data!.startStocktake.stocktake.id;
    const lines: Line[] = (await t.gql(GET, { id }, owner)).data!.stocktake.lines;
    expect(lines).toHaveLength(4);
    // Whatever moved before or after the snapshot, snapshot + movedSince is what is on hand now.
    for (const l of lines) expect(l.expected).toBe((await onHand(l.sku, wh))!.onHand);
    expect(await discrepancies()).toEqual([]);
  });

  it('refuses bad counts: negative, unknown SKU, a bundle, an unknown stocktake', async () => {
    const wh = await warehouse();
    const [a, bundle] = await skus(2);
    await t.gql('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }', { b: bundle, c: [{ sku: a, quantity: 2 }] }, owner);
    const st = (await start(wh)).stocktake;
    expect((await count(st.id, a, 'A-01', -1)).userErrors.map((e: { code: string }) => e.code)).toEqual(['NEGATIVE_COUNT']);
    expect((await count(st.id, 'NOPE-404', 'A-01', 1)).userErrors.map((e: { code: string }) => e.code)).toEqual(['UNKNOWN_SKU']);
    expect((await count(st.id, bundle, 'A-01', 1)).userErrors.map((e: { code: string }) => e.code)).toEqual(['BUNDLE_NOT_STOCKED']);
    const missing = Buffer.from('Stocktake:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect((await count(missing, a, 'A-01', 1)).userErrors[0].code).toBe('NOT_FOUND');
    expect((await t.gql(GET, { id: missing }, owner)).data!.stocktake).toBeNull();
    expect((await t.gql(GET, { id: st.id }, owner)).data!.stocktake.lines).toEqual([]);
  });

  it('lets warehouse staff count and keeps designers out', async () => {
    const wh = await warehouse();
    const [a] = await skus(1);
    await adjust(a, wh, 1);
    const st = (await start(wh)).stocktake;
    const keeper = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
    expect((await count(st.id, a, 'A-01', 1, keeper)).userErrors).toEqual([]);
    const designer = await t.staffToken(['designer'], { departmentKey: 'design' });
    const denied = await t.gql(COUNT, { i: { stocktakeId: st.id, sku: a, binCode: 'A-01', countedQuantity: 9 } }, designer);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(GET, { id: st.id }, designer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(POST, { id: st.id }, designer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(IMPORT, { i: { csv: `sku,warehouse,quantity\n${a},${wh},5`, mode: 'SET' } }, designer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const line0 = (await t.gql(GET, { id: st.id }, owner)).data!.stocktake.lines[0];
    expect(line0).toMatchObject({ counted: 1, bins: [{ binCode: 'A-01', countedQuantity: 1 }] });
  });
});

describe('importStock', () => {
  it('SET: applies the good rows as IMPORT adjustments and reports each bad row by line', async () => {
    const wh = await warehouse();
    const [a, b, c, d, e, bundle, g] = await skus(7);
    await t.gql('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }', { b: bundle, c: [{ sku: a, quantity: 1 }] }, owner);
    await adjust(b, wh, 9);
    await adjust(e, wh, 3);
    await t.gql('mutation($i: ReserveStockInput!) { reserveStock(input: $i) { userErrors { code } } }', { i: { reference: `ORD-${e}`, lines: [{ sku: e, quantity: 2, warehouseCode: wh }] } }, owner);
    const csv = [
      'SKU,Warehouse,Quantity,Reason', // line 1
      `${a},${wh},10,opening balance`, // 2: applied
      `${b},${wh.toLowerCase()},4,`, // 3: applied, reason defaults
      'NOPE-404,' + wh + ',1,', // 4
      `${c},XX,1,`, // 5
      `${bundle},${wh},1,`, // 6
      `${c},${wh},abc,`, // 7
      `${c},${wh},-1,`, // 8
      `${d},${wh},3,`, // 9
      `${d},${wh},4,`, // 10
      `${e},${wh},1,`, // 11: below reserved
      ',,,', // blank row, skipped
      `"${g}",${wh},"7",counted`, // 13: applied
    ].join('\r\n');
    const r = (await t.gql(IMPORT, { i: { csv, mode: 'SET' } }, owner)).data!.importStock;
    expect(r.userErrors).toEqual([]);
    expect(r.applied).toBe(3);
    expect(r.rowErrors.map((x: { line: number; code: string; column: string }) => [x.line, x.code, x.column])).toEqual([
      [4, 'UNKNOWN_SKU', 'sku'],
      [5, 'UNKNOWN_WAREHOUSE', 'warehouse'],
      [6, 'BUNDLE_NOT_STOCKED', 'sku'],
      [7, 'INVALID_QUANTITY', 'quantity'],
      [8, 'NEGATIVE_STOCK', 'quantity'],
      [9, 'DUPLICATE_ROW', 'sku'],
      [10, 'DUPLICATE_ROW', 'sku'],
      [11, 'INSUFFICIENT_STOCK', 'quantity'],
    ]);
    expect(await onHand(a, wh)).toEqual({ onHand: 10, reserved: 0 });
    expect(await onHand(b, wh)).toEqual({ onHand: 4, reserved: 0 });
    expect(await onHand(c, wh)).toBeNull();
    expect(await onHand(g, wh)).toEqual({ onHand: 7, reserved: 0 });
    expect(await onHand(d, wh)).toBeNull();
    expect(await onHand(e, wh)).toEqual({ onHand: 3, reserved: 2 });
    const ledger = await t.gql('query($r: String!) { stockMovements(first: 10, filter: { reference: $r }) { nodes { sku type quantity reason referenceType } } }', { r: r.reference }, owner);
    expect(ledger.data!.stockMovements.nodes.map((m: { sku: string; type: string; quantity: number; reason: string; referenceType: string }) => [m.sku, m.type, m.quantity, m.reason, m.referenceType]).sort()).toEqual([
      [a, 'ADJUSTMENT', 10, 'opening balance', 'IMPORT'],
      [b, 'ADJUSTMENT', -5, 'import', 'IMPORT'],
      [g, 'ADJUSTMENT', 7, 'counted', 'IMPORT'],
    ]);
    expect(await discrepancies()).toEqual([]);
  });

  it('ADJUST: adds deltas in file order, refusing rows that would go negative or below reserved', async () => {
    const wh = await warehouse();
    const [a, b, e, f] = await skus(4);
    await adjust(a, wh, 1);
    await adjust(b, wh, 2);
    await adjust(e, wh, 3);
    await t.gql('mutation($i: ReserveStockInput!) { reserveStock(input: $i) { userErrors { code } } }', { i: { reference: `ORD-${e}`, lines: [{ sku: e, quantity: 2, warehouseCode: wh }] } }, owner);
    const csv = `quantity,sku,warehouse\n+5,${a},${wh}\n-3,${a},${wh}\n-10,${b},${wh}\n-2,${e},${wh}\n-1,${f},${wh}\n1.5,${b},${wh}\n`;
    const keeper = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
    const r = (await t.gql(IMPORT, { i: { csv, mode: 'ADJUST' } }, keeper)).data!.importStock;
    expect(r.userErrors).toEqual([]);
    expect(r.applied).toBe(2);
    expect(r.rowErrors.map((x: { line: number; code: string }) => [x.line, x.code])).toEqual([
      [4, 'NEGATIVE_STOCK'],
      [5, 'INSUFFICIENT_STOCK'],
      [6, 'NEGATIVE_STOCK'],
      [7, 'INVALID_QUANTITY'],
    ]);
    expect(await onHand(a, wh)).toEqual({ onHand: 3, reserved: 0 });
    expect(await onHand(b, wh)).toEqual({ onHand: 2, reserved: 0 });
    expect(await onHand(e, wh)).toEqual({ onHand: 3, reserved: 2 });
    // A refused row leaves no empty level behind.
    expect(await onHand(f, wh)).toBeNull();
    expect(await discrepancies()).toEqual([]);
  });

  it('refuses a file without the required columns as a whole', async () => {
    const wh = await warehouse();
    const [a] = await skus(1);
    const r = (await t.gql(IMPORT, { i: { csv: `sku,qty\n${a},5`, mode: 'SET' } }, owner)).data!.importStock;
    expect(r).toMatchObject({ applied: 0, rowErrors: [], userErrors: [expect.objectContaining({ code: 'MISSING_COLUMN', message: expect.stringContaining('warehouse, quantity') })] });
    const empty = (await t.gql(IMPORT, { i: { csv: '', mode: 'ADJUST' } }, owner)).data!.importStock;
    expect(empty.userErrors[0].code).toBe('MISSING_COLUMN');
    expect(await onHand(a, wh)).toBeNull();
    expect(await discrepancies()).toEqual([]);
  });
});
