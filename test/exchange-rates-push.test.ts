/*
 * STATUS (issue 14, exchange rates in the push): done and passing: a Taobao (CNY) channel whose
 * price rule converts with the rate table, a 10 % markup and a .99 ending, its prices reaching the
 * Taobao simulator on publish and on a price push; an installation keeping its books in USD
 * (BASE_CURRENCY=USD), where the Taobao listing on the rule fails alone with EXCHANGE_RATE_MISSING
 * (publish and price push) until finance enters USD → CNY, then goes out converted.
 * The same for AliExpress in USD and EUR (two channels, each on a simulator seller of its
 * currency, publish and a price push after finance's new rates) is in
 * exchange-rates-push-aliexpress.test.ts.
 */
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { createItemsByHand, createTaobaoChannel, gqlOk, seedCatalog, useWorkerAndSimulator, waitFor } from './support/sync-fixtures';
import { startTestApp } from './support/test-app';

/**
 * A channel's price rule turns the catalogue price (in the base currency) into the listing's:
 * finance's current rate, a markup and a price ending; the push uses it.
 */
jest.setTimeout(300_000);
const env = useWorkerAndSimulator();

const LISTINGS = `query($c: ID!) { listings(filter: { channelId: $c }, first: 10) { nodes { sku status effectivePrice { amount currency } lastError { code } } } }`;

it('given a CNY channel on the rate table with 10 % markup and a .99 ending when listings publish and prices are pushed then the simulator shows the converted prices', async () => {
  const { q, t, owner, control } = env;
  const skus = await seedCatalog(t, owner, { warehouse: 'FXW', prefix: 'FX', count: 2, onHand: 5, price: '299.00' });
  const channel = await createTaobaoChannel(t, owner, { name: '汇率淘宝店', baseUrl: env.sim.baseUrl, credentials: await control.credentials(), warehouse: 'FXW' });
  const up = await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { priceRule { mode rate value priceEnding } } userErrors { code message } } }`, {
    i: { id: channel.id, priceRule: { mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' } },
  });
  expect(up.updateChannel.userErrors).toEqual([]);
  expect(up.updateChannel.channel.priceRule).toEqual({ mode: 'EXCHANGE_RATE', rate: null, value: '10', priceEnding: '0.99' });

  // A bad ending is refused as a userError.
  const bad = await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code field } } }`, {
    i: { id: channel.id, priceRule: { mode: 'EXCHANGE_RATE', priceEnding: '0.999' } },
  });
  expect(bad.updateChannel.userErrors).toEqual([{ code: 'INVALID_PRICE_RULE', field: ['priceRule'] }]);

  await createItemsByHand(control, skus, { price: '1.00', oneItemPerSku: true });
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code message } } }`, {
    i: { channelId: channel.id, skus, categoryId: '50000436', attributes: { 'location.state': '浙江', 'location.city': '杭州' } },
  });
  expect(r.publishListings.userErrors).toEqual([]);
  const active = await waitFor('both listings ACTIVE', async () => {
    const ls = (await q(LISTINGS, { c: channel.id })).listings.nodes;
    if (ls.some((l: { status: string }) => l.status === 'ERROR')) throw new Error(JSON.stringify(ls));
    return ls.length === 2 && ls.every((l: { status: string }) => l.status === 'ACTIVE') ? ls : undefined;
  });
  // CNY → CNY is 1: 299.00 × 1.10 = 328.90, raised to 328.99.
  expect(active.map((l: { effectivePrice: unknown }) => l.effectivePrice)).toEqual([{ amount: '328.99', currency: 'CNY' }, { amount: '328.99', currency: 'CNY' }]);
  const simPrice = async (sku: string) => (await control.listings()).find((l) => l.sku === sku)?.price;
  await waitFor('the simulator to show 328.99', async () => Number(await simPrice(skus[0])) === 328.99);

  // The catalogue price changes and a price push carries the converted price, ending and all.
  const price = await q(`mutation($s: ID!) { updateVariant(id: $s, input: { price: "100.00" }) { userErrors { code message } } }`, { s: skus[1] });
  expect(price.updateVariant.userErrors).toEqual([]);
  const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['PRICES'] } });
  expect(run.syncChannel.userErrors).toEqual([]);
  // 100.00 × 1.10 = 110.00, raised to 110.99.
  await waitFor('the simulator to show 110.99', async () => Number(await simPrice(skus[1])) === 110.99);
  expect(Number(await simPrice(skus[0]))).toBe(328.99);
});

describe('an installation whose books are in USD (BASE_CURRENCY=USD)', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let sim: Awaited<ReturnType<typeof startTaobaoSimulator>>;
  let owner: string;
  let finance: string;
  const q = (query: string, vars: Record<string, unknown> = {}, token = owner) => gqlOk(t, token, query, vars);
  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2', BASE_CURRENCY: 'USD' });
    owner = await t.ownerToken();
    finance = await t.staffToken(['finance'], { departmentKey: 'finance' });
    sim = await startTaobaoSimulator();
  });
  afterAll(async () => {
    await sim?.stop();
    await t?.stop();
  });

  it('given no USD → CNY rate when listings publish and prices are pushed then the one on the rule fails alone with EXCHANGE_RATE_MISSING, and goes out once finance enters the rate', async () => {
    const control = new SimControl(sim.controlUrl);
    const [ruled, own] = await seedCatalog(t, owner, { warehouse: 'USW', prefix: 'US', count: 2, onHand: 5, price: '29.90' });
    const channel = await createTaobaoChannel(t, owner, { name: '美元账本淘宝店', baseUrl: sim.baseUrl, credentials: await control.credentials(), warehouse: 'USW' });
    const up = await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code } } }`, { i: { id: channel.id, priceRule: { mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' } } });
    expect(up.updateChannel.userErrors).toEqual([]);
    await createItemsByHand(control, [ruled, own], { price: '1.00', oneItemPerSku: true });
    const simPrice = async (sku: string) => (await control.listings()).find((l) => l.sku === sku)?.price;
    const listings = async () => (await q(LISTINGS, { c: channel.id })).listings.nodes as { sku: string; status: string; effectivePrice: { amount: string } | null; lastError: { code: string } | null }[];
    const publish = async (skus: string[], price?: string) => {
      const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code message } } }`, {
        i: { channelId: channel.id, skus, categoryId: '50000436', attributeList: [{ name: 'location.state', value: '浙江' }, { name: 'location.city', value: '杭州' }], ...(price ? { price } : {}) },
      });
      expect(r.publishListings.userErrors).toEqual([]);
    };

    // Both go out at a price of their own first (the rule is not needed), then one returns to the rule.
    await publish([ruled, own], '199.00');
    await waitFor('both ACTIVE', async () => (await listings()).every((l) => l.status === 'ACTIVE') && (await listings()).length === 2);
    const ruledId = (await q(`query($c: ID!, $s: String) { listings(filter: { channelId: $c, sku: $s }, first: 1) { nodes { id } } }`, { c: channel.id, s: ruled })).listings.nodes[0].id;
    const back = await q(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { userErrors { code } } }`, { i: { id: ruledId, price: null } });
    expect(back.updateListing.userErrors).toEqual([]);
    const failed = await waitFor('the listing on the rule to fail', async () => (await listings()).find((l) => l.sku === ruled && l.status === 'ERROR'));
    expect(failed).toMatchObject({ effectivePrice: null, lastError: { code: 'EXCHANGE_RATE_MISSING' } });
    expect((await listings()).find((l) => l.sku === own)).toMatchObject({ status: 'ACTIVE', lastError: null });
    expect(Number(await simPrice(ruled))).toBe(199);

    // A price push of the channel: the listing without a rate fails alone, the run counts it.
    const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['PRICES'] } });
    const done = await waitFor('the price run to finish', async () => {
      const r = (await q(`query($id: ID!) { syncRun(id: $id) { finishedAt counts { failed } errors { code } } }`, { id: run.syncChannel.syncRun.id })).syncRun;
      return r.finishedAt ? r : undefined;
    });
    expect(done.counts.failed).toBe(1);
    expect(done.errors.map((e: { code: string }) => e.code)).toEqual(['EXCHANGE_RATE_MISSING']);
    expect(Number(await simPrice(own))).toBe(199);

    // Finance enters USD → CNY; publishing again prices it: 29.90 × 7.1 × 1.10 = 233.519, raised to 233.99.
    const rate = (await q(`mutation { setExchangeRate(input: { quote: "CNY", rate: "7.1", effectiveAt: "2026-01-01T00:00:00Z" }) { exchangeRate { base quote rate } userErrors { code } } }`, {}, finance)).setExchangeRate;
    expect(rate).toEqual({ exchangeRate: { base: 'USD', quote: 'CNY', rate: '7.1' }, userErrors: [] });
    await publish([ruled]);
    await waitFor('the simulator to show 233.99', async () => Number(await simPrice(ruled)) === 233.99);
    expect((await listings()).find((l) => l.sku === ruled)).toMatchObject({ status: 'ACTIVE', effectivePrice: { amount: '233.99' }, lastError: null });
  });
});
