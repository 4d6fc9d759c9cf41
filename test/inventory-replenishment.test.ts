import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../src/context';
import { applyMovement, lockLevel } from '../src/inventory/stock-ledger';
import { MovementType } from '../src/inventory/inventory.types';
import { OutboxRow, recordAvailabilityChanges } from '../src/inventory/channel-availability.service';
import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  // SH and GZ for safety stock and replenishment; CA, CB, CC only for the channel tests.
  for (const [code, priority] of [['SH', 10], ['GZ', 20], ['CA', 30], ['CB', 40], ['CC', 50]] as const) {
    const r = await t.gql('mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { userErrors { code } } }', { i: { code, name: code, kind: 'OWN', country: 'CN', priority } }, owner);
    expect(r.data!.createWarehouse.userErrors).toEqual([]);
  }
});
afterAll(() => t.stop());

let seq = 0;
async function skus(n: number): Promise<string[]> {
  const base = `REP-${++seq}`;
  const list = Array.from({ length: n }, (_, i) => `${base}-${i}`);
  const r = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }',
    { i: { title: `补货测试 ${seq}`, options: n > 1 ? [{ name: '号', values: list }] : [], variants: list.map((sku) => ({ sku, price: '10.00', optionValues: n > 1 ? [sku] : [] })) } },
    owner,
  );
  expect(r.data!.createProduct.userErrors).toEqual([]);
  return list;
}

async function adjust(sku: string, warehouseCode: string, delta: number): Promise<void> {
  const r = await t.gql('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { userErrors { code message } } }', { i: { sku, warehouseCode, delta, reason: 'test' } }, owner);
  expect(r.data!.adjustStock.userErrors).toEqual([]);
}

async function reserve(reference: string, sku: string, warehouseCode: string, quantity: number): Promise<void> {
  const r = await t.gql('mutation($i: ReserveStockInput!) { reserveStock(input: $i) { userErrors { code message } } }', { i: { reference, lines: [{ sku, warehouseCode, quantity }] } }, owner);
  expect(r.data!.reserveStock.userErrors).toEqual([]);
}

async function bundle(bundleSku: string, components: { sku: string; quantity: number }[]): Promise<void> {
  const r = await t.gql('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code message } } }', { b: bundleSku, c: components }, owner);
  expect(r.data!.setBundleComponents.userErrors).toEqual([]);
}

async function sql<T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> {
  return t.em().getConnection().execute(text, params) as Promise<T[]>;
}

async function idOf(table: 'variant' | 'warehouse', key: string): Promise<string> {
  const [row] = await sql<{ id: string }>(`select id from ${table} where ${table === 'variant' ? 'sku' : 'code'} = ?`, [key]);
  return row.id;
}

/**
 * One ledger movement in its own transaction, as the orders issue will write shipments, followed
 * by the outbox recording in the same transaction. Returns the outbox rows written.
 */
async function move(sku: string, warehouseCode: string, type: MovementType, quantity: number): Promise<OutboxRow[]> {
  const [variantId, warehouseId] = [await idOf('variant', sku), await idOf('warehouse', warehouseCode)];
  return t.em().transactional(async (em) => {
    const ctx = { em: em as EntityManager, actor: null } as unknown as Context;
    const level = await lockLevel(ctx.em, variantId, warehouseId);
    await applyMovement(ctx, level, { type, quantity, reason: `${type.toLowerCase()} in test`, ...(type === MovementType.SHIPMENT ? { referenceType: 'ORDER', referenceId: `SO-${sku}` } : {}) });
    return recordAvailabilityChanges(ctx, [variantId]);
  });
}

const ship = (sku: string, warehouseCode: string, units: number) => move(sku, warehouseCode, MovementType.SHIPMENT, -units);

async function discrepancies(): Promise<unknown[]> {
  return (await t.gql('{ stockDiscrepancies { sku warehouseCode } }', {}, owner)).data!.stockDiscrepancies;
}

const SAFETY = 'mutation($i: SetSafetyStockInput!) { setSafetyStock(input: $i) { stockLevel { sku warehouseCode onHand safetyStock } userErrors { code field } } }';
const LOW = 'query($w: String) { lowStock(warehouseCode: $w, first: 250) { sku warehouseCode available incoming safetyStock } }';
const SETTING = 'mutation($i: SetReplenishmentSettingInput!) { setReplenishmentSetting(input: $i) { replenishmentSetting { sku leadTimeDays reviewPeriodDays supplierName } userErrors { code field } } }';
const SUGGEST = `query($w: String) { replenishmentSuggestions(warehouseCode: $w, first: 250) {
  sku averageDailyShipped leadTimeDays reviewPeriodDays usesDefaults supplierName safetyStock available incoming suggestedQuantity } }`;
const RULE = `mutation($i: SetChannelStockRuleInput!) { setChannelStockRule(input: $i) {
  channelStockRule { channelKey warehouseCodes buffer maxQuantity sharePercent } queuedPushes userErrors { code field } } }`;
const AVAILABLE = 'query($c: String!, $s: String!) { channelAvailability(channelKey: $c, sku: $s) }';
const PENDING = 'query($c: String!) { pendingStockPushes(channelKey: $c, first: 250) { sku quantity changes outboxId } }';

async function setSafety(sku: string, warehouseCode: string, safetyStock: number, token = owner) {
  return (await t.gql(SAFETY, { i: { sku, warehouseCode, safetyStock } }, token)).data!.setSafetyStock;
}

async function rule(input: Record<string, unknown>) {
  const r = await t.gql(RULE, { i: input }, owner);
  return r.data!.setChannelStockRule;
}

async function available(channelKey: string, sku: string, token = owner): Promise<number | null> {
  const r = await t.gql(AVAILABLE, { c: channelKey, s: sku }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.channelAvailability;
}

async function outbox(channelKey: string, sku: string): Promise<number[]> {
  const rows = await sql<{ quantity: number }>(
    'select o.quantity from stock_outbox o join variant v on v.id = o.variant_id where o.channel_key = ? and v.sku = ? order by o.id',
    [channelKey, sku],
  );
  return rows.map((r) => r.quantity);
}

async function pending(channelKey: string, token = owner) {
  const r = await t.gql(PENDING, { c: channelKey }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.pendingStockPushes as { sku: string; quantity: number; changes: number; outboxId: string }[];
}

describe('safety stock and low stock', () => {
  it('sets safety stock, creating the level, and refuses negative values, unknown SKUs and warehouses, and bundles', async () => {
    const [a, b] = await skus(2);
    const set = await setSafety(a, 'SH', 5);
    expect(set).toEqual({ stockLevel: { sku: a, warehouseCode: 'SH', onHand: 0, safetyStock: 5 }, userErrors: [] });
    expect((await setSafety(a, 'SH', -1)).userErrors).toEqual([{ code: 'NEGATIVE_QUANTITY', field: ['safetyStock'] }]);
    expect((await setSafety('NOPE-404', 'SH', 1)).userErrors).toEqual([{ code: 'UNKNOWN_SKU', field: ['sku'] }]);
    expect((await setSafety(a, 'XX', 1)).userErrors).toEqual([{ code: 'UNKNOWN_WAREHOUSE', field: ['warehouseCode'] }]);
    await bundle(b, [{ sku: a, quantity: 1 }]);
    expect((await setSafety(b, 'SH', 1)).userErrors).toEqual([{ code: 'BUNDLE_NOT_STOCKED', field: ['sku'] }]);
    const [level] = await sql<{ safety_stock: number }>('select safety_stock from stock_level sl join variant v on v.id = sl.variant_id where v.sku = ?', [a]);
    expect(level.safety_stock).toBe(5);
  });

  it('lets warehouse staff set safety stock but not operations specialists', async () => {
    const [a] = await skus(1);
    const warehouse = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
    expect((await setSafety(a, 'SH', 3, warehouse)).userErrors).toEqual([]);
    const specialist = await t.staffToken(['ops_specialist'], { departmentKey: 'operations' });
    const r = await t.gql(SAFETY, { i: { sku: a, warehouseCode: 'SH', safetyStock: 4 } }, specialist);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists levels whose available plus incoming is at or below safety stock, most urgent first', async () => {
    const [out, some, edge, plenty, onTheWay, none] = await skus(6);
    await setSafety(out, 'SH', 2); // 0 of 2 covered
    await adjust(some, 'SH', 3);
    await setSafety(some, 'SH', 5); // 3 of 5
    await adjust(edge, 'GZ', 5);
    await reserve(`LOW-${edge}`, edge, 'GZ', 3);
    await setSafety(edge, 'GZ', 2); // available 2 of 2: at, so low
    await adjust(plenty, 'SH', 10);
    await setSafety(plenty, 'SH', 4);
    await adjust(onTheWay, 'SH', 1);
    await setSafety(onTheWay, 'SH', 5);
    await sql('update stock_level set incoming = 5 where variant_id = ?', [await idOf('variant', onTheWay)]); // 1 + 5 > 5
    await adjust(none, 'SH', 0); // safety stock 0: never low
    await setSafety(none, 'SH', 0);
    const mine = new Set([out, some, edge, plenty, onTheWay, none]);
    const all = (await t.gql(LOW, {}, owner)).data!.lowStock.filter((l: { sku: string }) => mine.has(l.sku));
    expect(all).toEqual([
      { sku: out, warehouseCode: 'SH', available: 0, incoming: 0, safetyStock: 2 },
      { sku: some, warehouseCode: 'SH', available: 3, incoming: 0, safetyStock: 5 },
      { sku: edge, warehouseCode: 'GZ', available: 2, incoming: 0, safetyStock: 2 },
    ]);
    const gz = (await t.gql(LOW, { w: 'GZ' }, owner)).data!.lowStock;
    expect(gz.every((l: { warehouseCode: string }) => l.warehouseCode === 'GZ')).toBe(true);
    expect(gz.map((l: { sku: string }) => l.sku)).toContain(edge);
    const designer = await t.staffToken(['designer'], { departmentKey: 'design' });
    expect((await t.gql(LOW, {}, designer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('replenishment suggestions', () => {
  it('stores replenishment settings and refuses bad ones', async () => {
    const [a, b] = await skus(2);
    const purchasing = await t.staffToken(['purchasing'], { departmentKey: 'purchasing' });
    const ok = await t.gql(SETTING, { i: { sku: a, leadTimeDays: 20, reviewPeriodDays: 5, supplierName: ' 杭州服饰厂 ' } }, purchasing);
    expect(ok.data!.setReplenishmentSetting).toEqual({ replenishmentSetting: { sku: a, leadTimeDays: 20, reviewPeriodDays: 5, supplierName: '杭州服饰厂' }, userErrors: [] });
    const again = await t.gql(SETTING, { i: { sku: a, leadTimeDays: 12, reviewPeriodDays: 0, supplierName: null } }, owner);
    expect(again.data!.setReplenishmentSetting.replenishmentSetting).toEqual({ sku: a, leadTimeDays: 12, reviewPeriodDays: 0, supplierName: null });
    expect(await sql('select count(*)::int as n from replenishment_setting where variant_id = ?', [await idOf('variant', a)])).toEqual([{ n: 1 }]);
    const bad = await t.gql(SETTING, { i: { sku: a, leadTimeDays: -1, reviewPeriodDays: 400 } }, owner);
    expect(bad.data!.setReplenishmentSetting.userErrors).toEqual([
      { code: 'INVALID_VALUE', field: ['leadTimeDays'] },
      { code: 'INVALID_VALUE', field: ['reviewPeriodDays'] },
    ]);
    expect((await t.gql(SETTING, { i: { sku: 'NOPE-404', leadTimeDays: 1, reviewPeriodDays: 1 } }, owner)).data!.setReplenishmentSetting.userErrors[0].code).toBe('UNKNOWN_SKU');
    await bundle(b, [{ sku: a, quantity: 2 }]);
    expect((await t.gql(SETTING, { i: { sku: b, leadTimeDays: 1, reviewPeriodDays: 1 } }, owner)).data!.setReplenishmentSetting.userErrors[0].code).toBe('BUNDLE_NOT_STOCKED');
    const designer = await t.staffToken(['designer'], { departmentKey: 'design' });
    expect((await t.gql(SETTING, { i: { sku: a, leadTimeDays: 1, reviewPeriodDays: 1 } }, designer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('works the suggested quantity out of 30 days of shipments in the ledger, exactly', async () => {
    const [x, y, z] = await skus(3);
    // x in SH: 60 received, 47 shipped in the window, 3 shipped 31 days ago, 2 reserved, 4 incoming.
    await adjust(x, 'SH', 60);
    await ship(x, 'SH', 20);
    await ship(x, 'SH', 27);
    await ship(x, 'SH', 3);
    await sql(`update stock_movement set created_at = now() - interval '31 days'
                where id = (select max(m.id) from stock_movement m join variant v on v.id = m.variant_id where v.sku = ?)`, [x]);
    await reserve(`REP-${x}`, x, 'SH', 2);
    await sql(`update stock_level set incoming = 4 where variant_id = ? and warehouse_id = ?`, [await idOf('variant', x), await idOf('warehouse', 'SH')]);
    await setSafety(x, 'SH', 12);
    // x in GZ: 11 received, 6 shipped.
    await adjust(x, 'GZ', 11);
    await ship(x, 'GZ', 6);
    // A return is not a shipment.
    await move(x, 'GZ', MovementType.RETURN, 1);
    await t.gql(SETTING, { i: { sku: x, leadTimeDays: 10, reviewPeriodDays: 4, supplierName: '宁波制衣' } }, owner);
    // y: no setting (7 + 7 days), 10 received, 9 shipped.
    await adjust(y, 'SH', 10);
    await ship(y, 'SH', 9);
    // z: plenty and nothing shipped: needs nothing.
    await adjust(z, 'SH', 100);

    const purchasing = await t.staffToken(['purchasing'], { departmentKey: 'purchasing' });
    const mine = (rows: { sku: string }[]) => rows.filter((r) => [x, y, z].includes(r.sku));
    const sh = mine((await t.gql(SUGGEST, { w: 'SH' }, purchasing)).data!.replenishmentSuggestions);
    // x in SH: 47 / 30 = 1.5667 a day; ceil(47 × 14 / 30 + 12 − (8 + 4)) = ceil(21.93) = 22.
    // y: 9 / 30 = 0.30 a day; ceil(0.3 × 14 + 0 − (1 + 0)) = ceil(3.2) = 4.
    expect(sh).toEqual([
      { sku: x, averageDailyShipped: '1.57', leadTimeDays: 10, reviewPeriodDays: 4, usesDefaults: false, supplierName: '宁波制衣', safetyStock: 12, available: 8, incoming: 4, suggestedQuantity: 22 },
      { sku: y, averageDailyShipped: '0.30', leadTimeDays: 7, reviewPeriodDays: 7, usesDefaults: true, supplierName: null, safetyStock: 0, available: 1, incoming: 0, suggestedQuantity: 4 },
    ]);
    // All warehouses: x shipped 53 (1.7667 a day), available 8 + 6, incoming 4, safety 12:
    // ceil(53 × 14 / 30 + 12 − 18) = ceil(24.733 − 6) = ceil(18.73) = 19.
    const all = mine((await t.gql(SUGGEST, {}, owner)).data!.replenishmentSuggestions);
    expect(all[0]).toEqual({ sku: x, averageDailyShipped: '1.77', leadTimeDays: 10, reviewPeriodDays: 4, usesDefaults: false, supplierName: '宁波制衣', safetyStock: 12, available: 14, incoming: 4, suggestedQuantity: 19 });
    expect(all.map((r) => r.sku)).toEqual([x, y]);
    // Only GZ: 6 shipped (0.20 a day), available 6: ceil(0.2 × 14 − 6) = ceil(−3.2): nothing.
    expect(mine((await t.gql(SUGGEST, { w: 'GZ' }, owner)).data!.replenishmentSuggestions)).toEqual([]);
    expect(await discrepancies()).toEqual([]);
  });

  it('lets purchasing and finance read suggestions, and refuses the designer', async () => {
    for (const [role, department] of [['purchasing', 'purchasing'], ['finance', 'finance'], ['warehouse', 'warehouse']]) {
      const token = await t.staffToken([role], { departmentKey: department });
      const r = await t.gql(SUGGEST, {}, token);
      expect(r.errors).toBeUndefined();
      expect(Array.isArray(r.data!.replenishmentSuggestions)).toBe(true);
    }
    const designer = await t.staffToken(['designer'], { departmentKey: 'design' });
    expect((await t.gql(SUGGEST, {}, designer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('channel availability', () => {
  it('applies buffer, share and cap in that order over the channel warehouses', async () => {
    const [a, tie, belt, suit] = await skus(4);
    await adjust(a, 'CA', 15);
    await adjust(a, 'CB', 9);
    await reserve(`CH-${a}`, a, 'CB', 2);
    await adjust(a, 'CC', 100); // not a warehouse of the channel
    const set = await rule({ channelKey: ' Rules-1 ', warehouseCodes: ['CB', 'ca'], buffer: 2, maxQuantity: 10, sharePercent: 50 });
    expect(set.userErrors).toEqual([]);
    expect(set.channelStockRule).toEqual({ channelKey: 'rules-1', warehouseCodes: ['CA', 'CB'], buffer: 2, maxQuantity: 10, sharePercent: 50 });
    // 15 + (9 − 2) = 22; − 2 = 20; 50 % = 10; cap 10.
    expect(await available('rules-1', a)).toBe(10);
    await rule({ channelKey: 'rules-1', warehouseCodes: ['CA', 'CB'], buffer: 2, maxQuantity: 8, sharePercent: 50 });
    expect(await available('rules-1', a)).toBe(8);
    await rule({ channelKey: 'rules-1', warehouseCodes: ['CA', 'CB'], buffer: 2, sharePercent: 33 });
    expect(await available('rules-1', a)).toBe(6); // 20 × 33 % = 6.6, rounded down
    await rule({ channelKey: 'rules-1', warehouseCodes: ['CA', 'CB'], buffer: 30 });
    expect(await available('rules-1', a)).toBe(0); // never below 0
    await rule({ channelKey: 'rules-1', warehouseCodes: ['CA', 'CB', 'CC'] });
    expect(await available('rules-1', a)).toBe(122);
    await rule({ channelKey: 'rules-1', warehouseCodes: [] });
    expect(await available('rules-1', a)).toBe(0);

    // A bundle: per warehouse as many as the scarcest component allows, then summed.
    await bundle(suit, [{ sku: tie, quantity: 1 }, { sku: belt, quantity: 2 }]);
    await adjust(tie, 'CA', 3);
    await adjust(belt, 'CA', 5); // 2 suits
    await adjust(tie, 'CB', 4);
    await adjust(belt, 'CB', 2); // 1 suit
    await rule({ channelKey: 'rules-1', warehouseCodes: ['CA', 'CB'] });
    expect(await available('rules-1', suit)).toBe(3);
    expect(await available('rules-1', 'NOPE-404')).toBeNull();
    expect(await available('no-such-channel', a)).toBeNull();
  });

  it('refuses bad rules and keeps them to channel managers', async () => {
    const bad = await rule({ channelKey: 'bad key!', warehouseCodes: ['CA', 'XX'], buffer: -1, maxQuantity: -2, sharePercent: 101 });
    expect(bad.channelStockRule).toBeNull();
    expect(bad.userErrors).toEqual([
      { code: 'INVALID_KEY', field: ['channelKey'] },
      { code: 'NEGATIVE_QUANTITY', field: ['buffer'] },
      { code: 'NEGATIVE_QUANTITY', field: ['maxQuantity'] },
      { code: 'INVALID_VALUE', field: ['sharePercent'] },
      { code: 'UNKNOWN_WAREHOUSE', field: ['warehouseCodes', '1'] },
    ]);
    expect(await sql(`select 1 from channel_stock_policy where channel_key = 'bad key!'`)).toEqual([]);
    const manager = await t.staffToken(['ops_manager'], { departmentKey: 'operations' });
    expect((await t.gql(RULE, { i: { channelKey: 'mine', warehouseCodes: [] } }, manager)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Reading what a channel may sell: channels.read or inventory.read.
    const [a] = await skus(1);
    for (const [role, department] of [['marketing', 'marketing'], ['warehouse', 'warehouse']]) {
      const token = await t.staffToken([role], { departmentKey: department });
      expect(await available('rules-1', a, token)).toBe(0);
    }
    const designer = await t.staffToken(['designer'], { departmentKey: 'design' });
    expect((await t.gql(AVAILABLE, { c: 'rules-1', s: a }, designer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(PENDING, { c: 'rules-1' }, designer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the stock outbox', () => {
  it('writes a row when what a channel may sell changes, and collapses them into the latest value', async () => {
    const [a, other, tie, belt, suit] = await skus(5);
    await adjust(a, 'CA', 10);
    await adjust(other, 'SH', 4); // not in the channel's warehouses
    await bundle(suit, [{ sku: tie, quantity: 1 }, { sku: belt, quantity: 2 }]);
    await adjust(tie, 'CA', 5);
    await adjust(belt, 'CA', 6);

    const set = await rule({ channelKey: 'outbox-1', warehouseCodes: ['CA'] });
    expect(set.userErrors).toEqual([]);
    expect(set.queuedPushes).toBeGreaterThanOrEqual(4);
    expect(await outbox('outbox-1', a)).toEqual([10]);
    expect(await outbox('outbox-1', suit)).toEqual([3]);
    expect(await outbox('outbox-1', other)).toEqual([]);

    // Each change in its own transaction, recorded in that transaction.
    const written = await ship(a, 'CA', 1);
    expect(written.filter((r) => r.channel_key === 'outbox-1')).toEqual([expect.objectContaining({ variant_id: await idOf('variant', a), quantity: 9 })]);
    await ship(a, 'CA', 1);
    await ship(a, 'CA', 2);
    expect(await outbox('outbox-1', a)).toEqual([10, 9, 8, 6]);

    // Nothing changed: nothing written.
    const aId = await idOf('variant', a);
    const none = await t.em().transactional((em) => recordAvailabilityChanges({ em: em as EntityManager }, [aId, aId]));
    expect(none.filter((r) => r.channel_key === 'outbox-1')).toEqual([]);
    expect(await t.em().transactional((em) => recordAvailabilityChanges({ em: em as EntityManager }, []))).toEqual([]);

    // A variant the channel does not stock: one row of 0 the first time, none after.
    await ship(other, 'SH', 1);
    await ship(other, 'SH', 1);
    expect(await outbox('outbox-1', other)).toEqual([0]);

    // A component's change reaches the bundles it is in.
    await ship(belt, 'CA', 3); // belt 3 left: 1 suit
    expect(await outbox('outbox-1', suit)).toEqual([3, 1]);

    // A rule change queues what changed with it.
    const buffered = await rule({ channelKey: 'outbox-1', warehouseCodes: ['CA'], buffer: 1 });
    expect(await outbox('outbox-1', a)).toEqual([10, 9, 8, 6, 5]);
    expect(await outbox('outbox-1', suit)).toEqual([3, 1, 0]);
    expect(buffered.queuedPushes).toBeGreaterThanOrEqual(2);

    // Collapsed: one push per SKU with the latest value.
    const marketing = await t.staffToken(['marketing'], { departmentKey: 'marketing' });
    const pushes = await pending('outbox-1', marketing);
    const bySku = new Map(pushes.map((p) => [p.sku, p]));
    expect(pushes.length).toBe(bySku.size);
    expect(bySku.get(a)).toEqual(expect.objectContaining({ quantity: 5, changes: 5 }));
    expect(bySku.get(suit)).toEqual(expect.objectContaining({ quantity: 0, changes: 3 }));
    expect(bySku.get(other)).toEqual(expect.objectContaining({ quantity: 0, changes: 1 }));

    // Once dispatched nothing is pending, until the next change.
    await sql('update stock_outbox set dispatched_at = now() where channel_key = ? and id <= ?', ['outbox-1', bySku.get(a)!.outboxId]);
    expect((await pending('outbox-1')).map((p) => p.sku)).not.toContain(a);
    await move(a, 'CA', MovementType.RECEIPT, 4); // 6 + 4 − buffer 1
    expect((await pending('outbox-1')).find((p) => p.sku === a)).toEqual(expect.objectContaining({ quantity: 9, changes: 1 }));
    expect(await pending('no-such-channel')).toEqual([]);
    expect(await discrepancies()).toEqual([]);
  });

  it('ends on the true quantity when transactions change one SKU in two warehouses at once', async () => {
    const [a] = await skus(1);
    await adjust(a, 'CA', 30);
    await adjust(a, 'CB', 30);
    await rule({ channelKey: 'outbox-race', warehouseCodes: ['CA', 'CB'] });
    await Promise.all(Array.from({ length: 16 }, (_, i) => ship(a, i % 2 ? 'CA' : 'CB', 1 + (i % 3))));
    const rows = await outbox('outbox-race', a);
    expect(rows[0]).toBe(60);
    expect(rows[rows.length - 1]).toBe(await available('outbox-race', a));
    expect(await available('outbox-race', a)).toBe(60 - Array.from({ length: 16 }, (_, i) => 1 + (i % 3)).reduce((n, q) => n + q, 0));
    // Every row is a real intermediate value: strictly falling.
    expect(rows.every((q, i) => i === 0 || q < rows[i - 1])).toBe(true);
  });
});
