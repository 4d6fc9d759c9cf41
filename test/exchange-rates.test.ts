/*
 * STATUS (issue 14, exchange rates): done and passing: setExchangeRate validation (userError
 * codes) and permission (finance yes, warehouse no), the rate history paged and filtered, orders
 * in USD taken in and flagged without a rate (baseRateMissing, filterable, baseTotals null) and
 * filled in when finance enters a rate effective before them, the rate at order time (a later
 * rate changes no old order), CNY orders at rate 1, manual orders rated too. The price rule on the
 * rate table with a .99 ending: src/sync/price-rule.test.ts and test/exchange-rates-push.test.ts.
 * Not done: demo rate table (SIMULATORS=1), the AliExpress USD/EUR push (see the push test).
 */
import { gqlOk } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Exchange rates kept by finance (财务): rates from the base currency (CNY) are history; every
 * order keeps the rate in force when it was placed and shows its totals in CNY beside its own;
 * an order whose currency has no rate yet is taken in and flagged, and takes its rate when
 * finance enters one.
 */

let t: TestApp;
let owner: string;
let finance: string;
let warehouse: string;

const q = (query: string, vars: Record<string, unknown> = {}, token = owner) => gqlOk(t, token, query, vars);

const SET = `mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) {
  exchangeRate { base quote rate effectiveAt createdBy } ordersRated userErrors { code field } } }`;
const setRate = async (i: Record<string, unknown>, token = finance) => (await q(SET, { i }, token)).setExchangeRate;

const ORDER = `id currency baseCurrency baseRate baseRateMissing
  totals { subtotal { amount currency } shipping { amount } total { amount currency } }
  baseTotals { subtotal { amount currency } shipping { amount currency } discount { amount } tax { amount } adjustment { amount } total { amount currency } refunded { amount } }`;
const INTAKE = `mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { outcome order { ${ORDER} } userErrors { code field message } } }`;

let seq = 0;
/** An AliExpress-style order in `currency`: one line of 19.99 and 5.00 shipping, placed at `placedAt`. */
async function importOrder(currency: string, placedAt: string, extra: Record<string, unknown> = {}) {
  const r = (
    await q(INTAKE, {
      i: {
        channelKey: 'ae-rates',
        externalId: `AE-${++seq}`,
        status: 'PAID',
        modifiedAt: placedAt,
        placedAt,
        paidAt: placedAt,
        currency,
        shipping: '5.00',
        lines: [{ sku: 'RATE-TEE', quantity: 1, unitPrice: '19.99', externalLineId: `L${seq}` }],
        ...extra,
      },
    })
  ).recordChannelOrder;
  expect(r.userErrors).toEqual([]);
  return r.order;
}
const readOrder = async (id: string) => (await q(`query($id: ID!) { order(id: $id) { ${ORDER} } }`, { id })).order;

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  finance = await t.staffToken(['finance'], { departmentKey: 'finance', email: 'cfo@test.example.com' });
  warehouse = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
  const r = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }', {
    i: { title: '汇率测试T恤', options: [{ name: '颜色', values: ['白'] }], variants: [{ sku: 'RATE-TEE', optionValues: ['白'], price: '299.00' }] },
  });
  expect(r.createProduct.userErrors).toEqual([]);
});
afterAll(() => t?.stop());

describe('setExchangeRate', () => {
  it('given a finance person when they enter a rate from CNY then it is saved as entered, with who entered it', async () => {
    const r = await setRate({ quote: 'eur', rate: '0.12800000', effectiveAt: '2026-01-01T00:00:00Z' });
    expect(r.userErrors).toEqual([]);
    expect(r.exchangeRate).toEqual({ base: 'CNY', quote: 'EUR', rate: '0.128', effectiveAt: '2026-01-01T00:00:00.000Z', createdBy: 'cfo@test.example.com' });
  });

  it('refuses bad input with a userError code each, writing nothing', async () => {
    const codes = async (i: Record<string, unknown>) => (await setRate({ quote: 'EUR', rate: '0.13', effectiveAt: '2026-06-01T00:00:00Z', ...i })).userErrors;
    expect(await codes({ quote: 'XYZ' })).toEqual([{ code: 'INVALID_CURRENCY', field: ['quote'] }]);
    expect(await codes({ base: 'EURO' })).toEqual([{ code: 'INVALID_CURRENCY', field: ['base'] }]);
    expect(await codes({ base: 'USD' })).toEqual([{ code: 'NOT_BASE_CURRENCY', field: ['base'] }]);
    expect(await codes({ quote: 'CNY' })).toEqual([{ code: 'SAME_CURRENCY', field: ['quote'] }]);
    for (const rate of ['0', '0.00000000', '-1', '1.123456789', 'abc', '1e3', '1000000000.01', '']) {
      expect(await codes({ rate })).toEqual([{ code: 'INVALID_RATE', field: ['rate'] }]);
    }
    // One rate per pair and effective time: the history is not rewritten.
    expect(await codes({ effectiveAt: '2026-01-01T00:00:00Z' })).toEqual([{ code: 'RATE_EXISTS', field: ['effectiveAt'] }]);
    const all = (await q('{ exchangeRates(filter: { quote: "EUR" }) { totalCount } }', {}, finance)).exchangeRates;
    expect(all.totalCount).toBe(1);
  });

  it('is finance\'s: a warehouse person is refused, and may not read the rates either', async () => {
    const r = await t.gql(SET, { i: { quote: 'EUR', rate: '0.2', effectiveAt: '2026-07-01T00:00:00Z' } }, warehouse);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const read = await t.gql('{ exchangeRates { totalCount } }', {}, warehouse);
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await q('{ exchangeRates(filter: { quote: "EUR" }) { totalCount } }', {}, finance)).exchangeRates.totalCount).toBe(1);
  });
});

describe('exchangeRates', () => {
  it('lists the history latest effective first, by pair, a page at a time', async () => {
    await setRate({ quote: 'JPY', rate: '20.5', effectiveAt: '2026-03-01T00:00:00Z' });
    await setRate({ quote: 'JPY', rate: '20.1', effectiveAt: '2026-01-01T00:00:00Z' });
    await setRate({ quote: 'JPY', rate: '21', effectiveAt: '2026-05-01T00:00:00Z' });
    const page = async (after?: string) =>
      (await q('query($a: String) { exchangeRates(first: 2, after: $a, filter: { base: "CNY", quote: "jpy" }) { totalCount nodes { rate effectiveAt } pageInfo { hasNextPage endCursor } } }', { a: after }, finance)).exchangeRates;
    const first = await page();
    expect(first.totalCount).toBe(3);
    expect(first.nodes.map((n: { rate: string }) => n.rate)).toEqual(['21', '20.5']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.nodes).toEqual([{ rate: '20.1', effectiveAt: '2026-01-01T00:00:00.000Z' }]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const every = (await q('{ exchangeRates(first: 10) { nodes { quote effectiveAt } } }', {}, finance)).exchangeRates.nodes;
    const times = every.map((n: { effectiveAt: string }) => n.effectiveAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});

describe('orders in base currency', () => {
  it('given an order in USD with no USD rate yet when it is imported then it is kept, flagged and has no base totals; a rate effective before it fills it in', async () => {
    const order = await importOrder('USD', '2026-03-01T08:00:00Z');
    expect(order).toMatchObject({ currency: 'USD', baseCurrency: null, baseRate: null, baseRateMissing: true, baseTotals: null });
    expect(order.totals.total).toEqual({ amount: '24.99', currency: 'USD' });
    const waiting = async () => (await q('{ orders(first: 50, filter: { baseRateMissing: true }) { nodes { id } } }')).orders.nodes.map((n: { id: string }) => n.id);
    expect(await waiting()).toContain(order.id);

    // A rate that takes effect after the order was placed is not the order's.
    const later = await setRate({ quote: 'USD', rate: '0.15', effectiveAt: '2026-04-01T00:00:00Z' });
    expect(later).toMatchObject({ userErrors: [], ordersRated: 0 });
    expect(await readOrder(order.id)).toMatchObject({ baseRateMissing: true, baseTotals: null });

    const earlier = await setRate({ quote: 'USD', rate: '0.14', effectiveAt: '2026-02-01T00:00:00Z' });
    expect(earlier).toMatchObject({ userErrors: [], ordersRated: 1 });
    const rated = await readOrder(order.id);
    expect(rated).toMatchObject({ baseCurrency: 'CNY', baseRate: '0.14', baseRateMissing: false });
    // 19.99 / 0.14 = 142.7857…, 5.00 / 0.14 = 35.714…, 24.99 / 0.14 = 178.5 exactly.
    expect(rated.baseTotals).toEqual({
      subtotal: { amount: '142.79', currency: 'CNY' },
      shipping: { amount: '35.71', currency: 'CNY' },
      discount: { amount: '0.00' },
      tax: { amount: '0.00' },
      adjustment: { amount: '0.00' },
      total: { amount: '178.50', currency: 'CNY' },
      refunded: { amount: '0.00' },
    });
    expect(rated.totals.total).toEqual({ amount: '24.99', currency: 'USD' });
    expect(await waiting()).not.toContain(order.id);
    const done = (await q('{ orders(first: 50, filter: { baseRateMissing: false }) { nodes { id } } }')).orders.nodes.map((n: { id: string }) => n.id);
    expect(done).toContain(order.id);
  });

  it('gives each order the rate in force when it was placed; a later rate does not change an old order', async () => {
    // USD: 0.14 from 1 February, 0.15 from 1 April (entered above).
    const march = await importOrder('USD', '2026-03-15T00:00:00Z');
    const may = await importOrder('USD', '2026-05-01T00:00:00Z');
    expect(march.baseRate).toBe('0.14');
    expect(may.baseRate).toBe('0.15');
    expect(may.baseTotals.total).toEqual({ amount: '166.60', currency: 'CNY' }); // 24.99 / 0.15
    const june = await setRate({ quote: 'USD', rate: '0.2', effectiveAt: '2026-06-01T00:00:00Z' });
    expect(june.ordersRated).toBe(0);
    expect((await readOrder(march.id)).baseRate).toBe('0.14');
    expect((await readOrder(may.id)).baseTotals.total.amount).toBe('166.60');
  });

  it('gives an order in CNY rate 1 and base totals equal to its totals', async () => {
    const order = await importOrder('CNY', '2026-03-01T08:00:00Z', { paidTotal: '23.45' });
    expect(order).toMatchObject({ baseCurrency: 'CNY', baseRate: '1', baseRateMissing: false });
    expect(order.baseTotals.total).toEqual(order.totals.total);
    expect(order.baseTotals.subtotal).toEqual(order.totals.subtotal);
    expect(order.baseTotals.total).toEqual({ amount: '23.45', currency: 'CNY' });
  });

  it('gives a manual order the rate of its time too', async () => {
    const r = (
      await q(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { ${ORDER} } userErrors { code } } }`, {
        i: { idempotencyKey: 'manual-usd-1', currency: 'USD', lines: [{ sku: 'RATE-TEE', quantity: 2, unitPrice: '10.00' }], paymentPending: true },
      })
    ).createOrder;
    expect(r.userErrors).toEqual([]);
    // Placed now: the latest USD rate in force, 0.2 from 1 June 2026.
    expect(r.order).toMatchObject({ baseRate: '0.2', baseRateMissing: false });
    expect(r.order.baseTotals.total).toEqual({ amount: '100.00', currency: 'CNY' });
  });
});
