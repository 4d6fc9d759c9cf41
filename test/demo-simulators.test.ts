// STATUS (issue 14, the demo): done — with SIMULATORS=1 the demo adds an AliExpress channel (USD,
// EXCHANGE_RATE rule with a .99 ending, brand/freight/package settings) with finance's rate table,
// DRAFT listings in English whose pictures (data: URLs drawn by the seed) go through the photo bank
// on a LISTINGS sync, sample orders in AliExpress's wire shape imported with their CNY base amounts,
// and an overseas sales person limited to that channel, printed with the demo logins.
// STATUS (issue 15, the demo): with SIMULATORS=1 the demo adds an eBay channel on eBay.com (USD) and
// eBay.de (EUR) with the simulated seller's business policies and location, DRAFT listings in
// English with German text for eBay.de, eBay categories and aspects, published on both sites by one
// LISTINGS sync; sample orders in eBay's wire shape (multi-line, partly fulfilled, cancelled, a
// buyer's cancel request, a German address) imported with CNY base amounts; its overseas sales login.
// STATUS (issue 16, the demo): with SIMULATORS=1 the demo adds an Amazon channel (one NA seller on
// Amazon.com in USD and Amazon.ca in CAD, region and product type settings, DRAFT listings with
// Amazon product types), sample orders in the Orders API v2026-01-01 shape (multi-line, partly
// shipped, cancelled, an FBA order that reserves nothing, a CAD order) and its overseas sales login.
import { startTestApp, TestApp } from './support/test-app';
import { gqlOk, waitFor } from './support/sync-fixtures';
import { selectRows } from '../src/common/sql';
import { generateDemoCatalog } from '../src/db/seed/demo-catalog';
import { planDemoOrders } from '../src/db/seed/demo-order-plan';

/**
 * SIMULATORS=1: the demo starts every simulator and connects a channel to each, with sample
 * orders waiting, so an ORDERS sync works out of the box.
 */

jest.setTimeout(180_000);

/**
 * The demo data's order history (DEMO_DATA: demo-order-plan.ts) is on the same channels: the
 * simulators' sample orders are the channel's orders but those. Its marketplace ids are the same
 * whenever it is planned.
 */
const history = planDemoOrders(generateDemoCatalog(), new Date());
const historyIds = (channelKey: string) => history.filter((o) => o.channelKey === channelKey).map((o) => o.externalId);
/** The nodes (with externalId) that are not the demo history's: the simulator's sample orders. */
function samples<T extends Record<string, any>>(channelKey: string, nodes: T[]): T[] {
  const ids = new Set(historyIds(channelKey));
  return nodes.filter((n) => !ids.has(n.externalId));
}

let t: TestApp;
let owner: string;

/** Starts a sync of `scopes` on the channel as the owner and waits for its run to finish. */
async function sync(id: string, scopes: string[]): Promise<Record<string, any>> {
  const r = await gqlOk(t, owner, 'mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }', { i: { channelId: id, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return waitFor(`the ${scopes.join(', ')} run`, async () => {
    const run = (await gqlOk(t, owner, 'query($id: ID!) { syncRun(id: $id) { status finishedAt counts { created updated failed } errors { code message } } }', { id: r.syncChannel.syncRun.id })).syncRun;
    return run.finishedAt ? run : undefined;
  }, 150_000);
}

/** A CNY price under the demo's overseas rule in a currency bought at `perYuan` (0.1389): × rate × 1.10, to cents half up, then up to .99. */
function expectedPrice(cny: string, perYuan: string): string {
  const [int, frac = ''] = cny.split('.');
  const fen = BigInt(int) * 100n + BigInt(frac.padEnd(2, '0'));
  const rate = BigInt(perYuan.replace('0.', ''));
  const cents = (fen * rate * 110n + 500_000n) / 1_000_000n;
  return `${cents / 100n}.99`;
}

/** `amount` (in a currency bought at `perYuan` per yuan) in yuan: ÷ rate, to fen, half away from zero. */
function inYuan(amount: string, perYuan: string): string {
  const [int, frac] = amount.split('.');
  const cents = BigInt(int) * 100n + BigInt(frac);
  const rate = BigInt(perYuan.replace('0.', ''));
  const fen = (cents * 10000n * 2n + rate) / (rate * 2n);
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
}

beforeAll(async () => {
  t = await startTestApp({ SIMULATORS: 'true', SIMULATOR_PORT: '0', DEMO_DATA: 'true', ROLE: 'all' });
  owner = await t.ownerToken();
});
afterAll(() => t.stop());

it('connects a channel to each simulator and pulls its sample orders', async () => {
  const { channels } = await gqlOk(t, owner, '{ channels { id key kind status } }');
  const byKey = new Map((channels as { id: string; key: string; kind: string; status: string }[]).map((c) => [c.key, c]));
  expect(byKey.get('taobao-sim')).toMatchObject({ kind: 'TAOBAO', status: 'ACTIVE' });
  expect(byKey.get('tmall-sim')).toMatchObject({ kind: 'TMALL', status: 'ACTIVE' });

  const tested = await gqlOk(t, owner, 'mutation($id: ID!) { testChannelConnection(id: $id) { ok error { code message } } }', { id: byKey.get('taobao-sim')!.id });
  expect(tested.testChannelConnection).toMatchObject({ ok: true, error: null });

  const r = await gqlOk(t, owner, 'mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }', { i: { channelId: byKey.get('taobao-sim')!.id, scopes: ['ORDERS'] } });
  const run = await waitFor('the demo pull', async () => {
    const s = await gqlOk(t, owner, 'query($id: ID!) { syncRun(id: $id) { status counts { created } finishedAt } }', { id: r.syncChannel.syncRun.id });
    return s.syncRun.finishedAt ? s.syncRun : undefined;
  });
  expect(run.status).toBe('SUCCEEDED');
  // The channel's schedule may have pulled them first: either way each sample order is here once, beside the demo's history.
  const count = async (history: boolean) =>
    Number((await selectRows<{ n: string }>(t.em(), `select count(*)::text as n from sales_order where channel_id = 'taobao-sim' and (external_id = any(?::text[])) = ?`, [`{${historyIds('taobao-sim').join(',')}}`, history]))[0].n);
  await waitFor('the 12 sample orders', async () => (await count(false)) === 12 || undefined);
  expect(await count(false)).toBe(12);
  expect(await count(true)).toBe(historyIds('taobao-sim').length);
});

it('publishes a demo product to the items its staff made in the simulator', async () => {
  const { channels } = await gqlOk(t, owner, '{ channels { id key } }');
  const tmall = (channels as { id: string; key: string }[]).find((c) => c.key === 'tmall-sim')!;
  // A SKU of the first active product: the demo made an item with it as merchant code.
  const [{ sku }] = await selectRows<{ sku: string }>(
    t.em(),
    `select v.sku from product p join variant v on v.product_id = p.id where p.status = 'ACTIVE' and v.status = 'ACTIVE' order by p.created_at, p.id, v.position, v.sku limit 1`,
  );
  const r = await gqlOk(t, owner, 'mutation($c: ID!, $s: String!) { publishListings(input: { channelId: $c, skus: [$s] }) { listings { id } userErrors { code message } } }', { c: tmall.id, s: sku });
  expect(r.publishListings.userErrors).toEqual([]);
  const listing = await waitFor('the listing to go live', async () => {
    const n = (await gqlOk(t, owner, 'query($id: ID!) { node(id: $id) { ... on Listing { status itemId lastError { code message } } } }', { id: r.publishListings.listings[0].id })).node;
    return n.status === 'ACTIVE' || n.status === 'ERROR' ? n : undefined;
  });
  expect(listing).toMatchObject({ status: 'ACTIVE', lastError: null });
  expect(listing.itemId).toMatch(/^\d+$/);
});

describe('the AliExpress demo channel', () => {
  const OVERSEAS = 'overseas_sales.aliexpress-sim@demo.example.com';
  let channelId: string;
  let controlUrl: string;

  /** USD of a CNY price under the demo's rule, worked out here. */
  const expectedUsd = (cny: string) => expectedPrice(cny, '0.1389');

  beforeAll(async () => {
    const { channels } = await gqlOk(t, owner, '{ channels { id key kind currency status priceRule { mode rate value priceEnding } settings { name value } } }');
    const ae = (channels as Record<string, any>[]).find((c) => c.key === 'aliexpress-sim')!;
    expect(ae).toMatchObject({ kind: 'ALIEXPRESS', currency: 'USD', status: 'ACTIVE', priceRule: { mode: 'EXCHANGE_RATE', rate: null, value: '10', priceEnding: '0.99' } });
    expect(ae.settings).toEqual(expect.arrayContaining([{ name: 'freightTemplateId', value: '1000' }, { name: 'packageLength', value: '40' }]));
    channelId = ae.id;
    controlUrl = t.app.simulators!.channels.find((c) => c.key === 'aliexpress-sim')!.controlUrl;
  });

  it('given the demo when it starts then finance has its rates from CNY and the overseas sales person of the channel is among the demo logins', async () => {
    const rates = (await gqlOk(t, owner, '{ exchangeRates(first: 10) { nodes { base quote rate } } }')).exchangeRates.nodes;
    expect(rates).toEqual(expect.arrayContaining([{ base: 'CNY', quote: 'USD', rate: '0.1389' }, { base: 'CNY', quote: 'EUR', rate: '0.1282' }]));
    expect(t.app.demoLogins).toEqual(expect.arrayContaining([{ email: OVERSEAS, password: 'demo-pass-123', roleKey: 'overseas_sales', channelKeys: ['aliexpress-sim'] }]));
    expect(t.app.simulators!.channels.find((c) => c.key === 'aliexpress-sim')!.login).toMatchObject({ email: OVERSEAS });
    // Only overseas channels get one: AliExpress's, Amazon's and eBay's.
    expect(t.app.demoLogins!.filter((l) => l.channelKeys).map((l) => l.email).sort()).toEqual([OVERSEAS, 'overseas_sales.amazon-sim@demo.example.com', 'overseas_sales.ebay-sim@demo.example.com']);
  });

  it('given the demo listings when a LISTINGS sync runs then every one is on sale in English, at USD prices converted from the catalogue, its pictures in the photo bank', async () => {
    const drafts = (await gqlOk(t, owner, 'query($c: ID!) { listings(filter: { channelId: $c }, first: 250) { totalCount nodes { status } } }', { c: channelId })).listings;
    expect(drafts.totalCount).toBeGreaterThan(8);
    expect(new Set(drafts.nodes.map((n: { status: string }) => n.status))).toEqual(new Set(['DRAFT']));
    expect((await gqlOk(t, owner, 'query($c: ID!) { listings(filter: { channelId: $c, missingTranslation: true }, first: 1) { totalCount } }', { c: channelId })).listings.totalCount).toBe(0);

    const run = await sync(channelId, ['LISTINGS']);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 }, errors: [] });
    const listed = (await gqlOk(t, owner, 'query($c: ID!) { listings(filter: { channelId: $c }, first: 250) { nodes { sku status locale title effectivePrice { amount currency } variant { price { amount currency } } lastError { code } } } }', { c: channelId })).listings.nodes as Record<string, any>[];
    expect(listed.length).toBe(drafts.totalCount);
    for (const l of listed) {
      expect(l).toMatchObject({ status: 'ACTIVE', locale: 'en-US', lastError: null, variant: { price: { currency: 'CNY' } } });
      expect(l.title).toMatch(/^[\x20-\x7e]+$/);
      expect(l.effectivePrice).toEqual({ amount: expectedUsd(l.variant.price.amount), currency: 'USD' });
    }

    // At the marketplace: each SKU at the listing's price in USD, its subject in English, its pictures from the photo bank.
    const onSim = ((await (await fetch(`${controlUrl}/__sim/listings`)).json()) as { listings: Record<string, any>[] }).listings;
    const bySku = new Map(onSim.map((s) => [s.sku, s]));
    for (const l of listed) {
      expect(bySku.get(l.sku)).toMatchObject({ price: l.effectivePrice.amount, currency: 'USD', language: 'en', subjects: [{ language: 'en', subject: l.title }] });
    }
    const photos = ((await (await fetch(`${controlUrl}/__sim/photobank`)).json()) as { images: { url: string; file_name: string }[] }).images;
    expect(photos.length).toBeGreaterThan(0);
    expect(photos.every((p) => p.file_name.endsWith('.png'))).toBe(true);
    const products = ((await (await fetch(`${controlUrl}/__sim/products`)).json()) as { products: { fields: { main_image_urls_list: string[] } }[] }).products;
    const photoUrls = new Set(photos.map((p) => p.url));
    for (const p of products) expect(p.fields.main_image_urls_list.every((u) => photoUrls.has(u))).toBe(true);
  });

  it('given the sample orders when an ORDERS sync runs then they are imported in USD with their base amounts in CNY at finance\'s rate', async () => {
    const run = await sync(channelId, ['ORDERS']);
    expect(run).toMatchObject({ status: 'SUCCEEDED', errors: [] });
    const orders = await waitFor('the six sample orders', async () => {
      const r = (await gqlOk(t, owner, '{ orders(filter: { channelKey: "aliexpress-sim" }, first: 100) { totalCount nodes { externalId currency marketplaceStatus shippingAddress { city } baseRate baseRateMissing baseCurrency totals { total { amount currency } } baseTotals { total { amount currency } } lines { sku } } } }')).orders;
      const sample = samples('aliexpress-sim', r.nodes as Record<string, any>[]);
      return sample.length === 6 && r.totalCount === 6 + historyIds('aliexpress-sim').length ? sample : undefined;
    });
    for (const o of orders) {
      expect(o).toMatchObject({ currency: 'USD', baseRate: '0.1389', baseRateMissing: false, baseCurrency: 'CNY', totals: { total: { currency: 'USD' } }, baseTotals: { total: { currency: 'CNY' } } });
      expect(o.baseTotals.total.amount).toBe(inYuan(o.totals.total.amount, '0.1389'));
    }
    expect(orders.map((o) => o.marketplaceStatus)).toEqual(expect.arrayContaining(['IN_CANCEL', 'SELLER_PART_SEND_GOODS']));
    expect(orders.some((o) => o.lines.length === 3)).toBe(true);
    expect(orders.map((o) => o.shippingAddress.city)).toEqual(expect.arrayContaining(['Москва', '강남구', 'الرياض']));
  });

  it("given the demo's overseas sales person when they sign in then they see the AliExpress channel's orders and not the Taobao channel's", async () => {
    const taobao = (await gqlOk(t, owner, '{ channels { id key } }')).channels.find((c: { key: string }) => c.key === 'taobao-sim');
    if (Number((await gqlOk(t, owner, '{ orders(filter: { channelKey: "taobao-sim" }, first: 1) { totalCount } }')).orders.totalCount) === 0) await sync(taobao.id, ['ORDERS']);
    const taobaoOrder = (await gqlOk(t, owner, '{ orders(filter: { channelKey: "taobao-sim" }, first: 1) { totalCount nodes { id } } }')).orders;
    expect(taobaoOrder.totalCount).toBeGreaterThan(0);
    const aliexpress = 6 + historyIds('aliexpress-sim').length;
    await waitFor('the AliExpress orders', async () => (await gqlOk(t, owner, '{ orders(filter: { channelKey: "aliexpress-sim" }, first: 1) { totalCount } }')).orders.totalCount === aliexpress);

    const token = await t.login(OVERSEAS, 'demo-pass-123');
    const mine = (await gqlOk(t, token, '{ orders(first: 100) { totalCount nodes { channelKey } } }')).orders;
    expect(mine.totalCount).toBe(aliexpress);
    expect(new Set(mine.nodes.map((o: { channelKey: string }) => o.channelKey))).toEqual(new Set(['aliexpress-sim']));
    expect((await gqlOk(t, token, '{ orders(filter: { channelKey: "taobao-sim" }, first: 10) { totalCount } }')).orders.totalCount).toBe(0);
    const other = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: taobaoOrder.nodes[0].id }, token);
    expect(other.data?.node ?? null).toBeNull();
    // The owner sees every channel's orders.
    expect((await gqlOk(t, owner, '{ orders(first: 1) { totalCount } }')).orders.totalCount).toBeGreaterThanOrEqual(aliexpress + taobaoOrder.totalCount);
  });
});

describe('the eBay demo channel', () => {
  const OVERSEAS = 'overseas_sales.ebay-sim@demo.example.com';
  const RATE: Record<string, string> = { USD: '0.1389', EUR: '0.1282' };
  let channelId: string;
  let controlUrl: string;

  beforeAll(async () => {
    const { channels } = await gqlOk(t, owner, '{ channels { id key kind name currency status marketplaces { id currency locale } priceRule { mode rate value priceEnding } settings { name value } } }');
    const ebay = (channels as Record<string, any>[]).find((c) => c.key === 'ebay-sim')!;
    expect(ebay).toMatchObject({
      kind: 'EBAY', name: 'eBay demo store', currency: 'USD', status: 'ACTIVE',
      marketplaces: [{ id: 'EBAY_US', currency: 'USD', locale: 'en_US' }, { id: 'EBAY_DE', currency: 'EUR', locale: 'de_DE' }],
      priceRule: { mode: 'EXCHANGE_RATE', rate: null, value: '10', priceEnding: '0.99' },
    });
    // The simulated seller's business policies and location (GET /__sim/account).
    expect(ebay.settings).toEqual(expect.arrayContaining([
      { name: 'fulfillmentPolicyId', value: '6196932000' }, { name: 'paymentPolicyId', value: '6196933000' },
      { name: 'returnPolicyId', value: '6196934000' }, { name: 'merchantLocationKey', value: 'warehouse-1' },
    ]));
    channelId = ebay.id;
    controlUrl = t.app.simulators!.channels.find((c) => c.key === 'ebay-sim')!.controlUrl;
  });

  it('given the demo listings when a LISTINGS sync runs then each is live on eBay.com in USD and on eBay.de in EUR with its German text, in its eBay category with its aspects', async () => {
    const drafts = (await gqlOk(t, owner, 'query($c: ID!) { listings(filter: { channelId: $c }, first: 250) { totalCount nodes { status categoryId } } }', { c: channelId })).listings;
    expect(drafts.totalCount).toBeGreaterThan(8);
    expect(new Set(drafts.nodes.map((n: { status: string }) => n.status))).toEqual(new Set(['DRAFT']));
    expect(new Set(drafts.nodes.map((n: { categoryId: string }) => n.categoryId))).toEqual(new Set(['3001', '57991']));

    const run = await sync(channelId, ['LISTINGS']);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 }, errors: [] });
    const listed = (await gqlOk(t, owner, 'query($c: ID!) { listings(filter: { channelId: $c }, first: 250) { nodes { sku status locale title effectivePrice { amount currency } variant { price { amount } } lastError { code message } } } }', { c: channelId })).listings.nodes as Record<string, any>[];
    expect(listed.length).toBe(drafts.totalCount);
    for (const l of listed) {
      expect(l).toMatchObject({ status: 'ACTIVE', locale: 'en-US', lastError: null });
      expect(l.effectivePrice).toEqual({ amount: expectedPrice(l.variant.price.amount, RATE.USD), currency: 'USD' });
    }

    // At eBay: one live offer per SKU and site, at that site's price in its currency.
    const offers = ((await (await fetch(`${controlUrl}/__sim/listings`)).json()) as { listings: Record<string, any>[] }).listings;
    for (const l of listed) {
      const mine = offers.filter((o) => o.sku === l.sku).sort((a, b) => String(a.marketplaceId).localeCompare(b.marketplaceId));
      expect(mine).toMatchObject([
        { marketplaceId: 'EBAY_DE', currency: 'EUR', price: expectedPrice(l.variant.price.amount, RATE.EUR), status: 'PUBLISHED', listingStatus: 'ACTIVE' },
        { marketplaceId: 'EBAY_US', currency: 'USD', price: l.effectivePrice.amount, status: 'PUBLISHED', listingStatus: 'ACTIVE', title: expect.stringMatching(/^[\x20-\x7e]+$/) },
      ]);
    }

    // The item's title is English (eBay shows one title on every site); eBay.de's offers describe it in German.
    const inventory = (await (await fetch(`${controlUrl}/__sim/inventory`)).json()) as { items: Record<string, any>[]; offers: Record<string, any>[]; groups: Record<string, any>[] };
    const german = inventory.offers.filter((o) => o.marketplaceId === 'EBAY_DE');
    expect(german.length).toBe(listed.length);
    for (const o of german) expect(o.listingDescription).toMatch(/(Herren|Anzug|hemd).*(für|Größe)/);
    expect(german.map((o) => o.listingDescription).join(' ')).toMatch(/[äöüß]/);
    for (const o of inventory.offers.filter((x) => x.marketplaceId === 'EBAY_US')) expect(o.listingDescription ?? '').not.toMatch(/[äöüß]/);
    const suits = inventory.groups.filter((g) => /Suit/.test(g.title));
    expect(suits.length).toBeGreaterThan(0);
    for (const g of suits) expect(g.aspects).toMatchObject({ Brand: [expect.stringMatching(/^[A-Z]+$/)], Department: ['Men'], Type: ['Suit'] });
    expect(inventory.offers.every((o) => ['3001', '57991'].includes(o.categoryId))).toBe(true);

    // The catalogue's pictures are data: URLs, which eBay cannot fetch: each went up to eBay Picture Services once, and the listings show the EPS copies.
    const images = ((await (await fetch(`${controlUrl}/__sim/images`)).json()) as { images: { imageUrl: string; sha256: string; format: string }[] }).images;
    expect(images.length).toBeGreaterThan(0);
    expect(new Set(images.map((i) => i.sha256)).size).toBe(images.length);
    expect(images.every((i) => i.format === 'PNG' && /^https:\/\/i\.ebayimg\.com\//.test(i.imageUrl))).toBe(true);
    const eps = new Set(images.map((i) => i.imageUrl));
    const shown = [...inventory.items.map((i) => i.product?.imageUrls ?? []), ...inventory.groups.map((g) => g.imageUrls ?? [])].flat() as string[];
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((u) => !eps.has(u))).toEqual([]);
  });

  it("given the sample orders when an ORDERS sync runs then they are imported with eBay's statuses, the German address as written, and base amounts in CNY", async () => {
    const run = await sync(channelId, ['ORDERS']);
    expect(run).toMatchObject({ status: 'SUCCEEDED', errors: [] });
    const orders = await waitFor('the five sample orders', async () => {
      const r = (await gqlOk(t, owner, '{ orders(filter: { channelKey: "ebay-sim" }, first: 100) { totalCount nodes { externalId status currency marketplaceId holdReasons baseRate baseCurrency shippingAddress { name address1 city } totals { total { amount currency } } baseTotals { total { amount currency } } lines { sku } } } }')).orders;
      const sample = samples('ebay-sim', r.nodes as Record<string, any>[]);
      return sample.length === 5 && r.totalCount === 5 + historyIds('ebay-sim').length ? sample : undefined;
    });
    const byId = new Map(orders.map((o) => [o.externalId, o]));
    expect([...byId.keys()].sort()).toEqual(['12-00001-10001', '12-00002-10002', '12-00003-10003', '12-00004-10004', '12-00005-10005']);
    expect(byId.get('12-00001-10001')).toMatchObject({ status: 'PAID', currency: 'USD', marketplaceId: 'EBAY_US' });
    expect(byId.get('12-00001-10001')!.lines).toHaveLength(2);
    expect(byId.get('12-00002-10002')).toMatchObject({ status: 'PARTIALLY_SHIPPED' });
    expect(byId.get('12-00003-10003')).toMatchObject({ status: 'CANCELLED' });
    expect(byId.get("12-00005-10005")!.holdReasons).toContain('CANCEL_REQUESTED');
    expect(byId.get('12-00004-10004')).toMatchObject({ currency: 'EUR', marketplaceId: 'EBAY_DE', shippingAddress: { name: 'Jürgen Weiß', address1: 'Königstraße 12', city: 'München' } });
    for (const o of orders) {
      const c = o.currency as string;
      expect(o).toMatchObject({ baseRate: RATE[c], baseCurrency: 'CNY', totals: { total: { currency: c } }, baseTotals: { total: { currency: 'CNY', amount: inYuan(o.totals.total.amount, RATE[c]) } } });
    }
  });

  it("given the demo's eBay overseas sales person when they sign in then they see the eBay channel's orders only", async () => {
    expect(t.app.demoLogins).toEqual(expect.arrayContaining([{ email: OVERSEAS, password: 'demo-pass-123', roleKey: 'overseas_sales', channelKeys: ['ebay-sim'] }]));
    const ebay = 5 + historyIds('ebay-sim').length;
    await waitFor('the eBay orders', async () => (await gqlOk(t, owner, '{ orders(filter: { channelKey: "ebay-sim" }, first: 1) { totalCount } }')).orders.totalCount === ebay || undefined);
    const token = await t.login(OVERSEAS, 'demo-pass-123');
    const mine = (await gqlOk(t, token, '{ orders(first: 100) { totalCount nodes { channelKey } } }')).orders;
    expect(mine.totalCount).toBe(ebay);
    expect(new Set(mine.nodes.map((o: { channelKey: string }) => o.channelKey))).toEqual(new Set(['ebay-sim']));
    expect((await gqlOk(t, token, '{ orders(filter: { channelKey: "aliexpress-sim" }, first: 10) { totalCount } }')).orders.totalCount).toBe(0);
  });
});

describe('the Amazon demo channel', () => {
  const RATE: Record<string, string> = { USD: '0.1389', CAD: '0.1905' };

  it('given the demo when it starts then the channel sells on Amazon.com and Amazon.ca in North America, with its overseas login and product-typed drafts', async () => {
    const { channels } = await gqlOk(t, owner, '{ channels { id key kind name currency status marketplaces { id currency locale } priceRule { mode value priceEnding } settings { name value } } }');
    const amazon = (channels as Record<string, any>[]).find((c) => c.key === 'amazon-sim')!;
    expect(amazon).toMatchObject({
      kind: 'AMAZON', name: 'Amazon demo store (NA)', currency: 'USD', status: 'ACTIVE',
      marketplaces: [{ id: 'ATVPDKIKX0DER', currency: 'USD', locale: 'en_US' }, { id: 'A2EUQ1WTGCTBG2', currency: 'CAD', locale: 'fr_CA' }],
      priceRule: { mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' },
    });
    // Amazon.ca in French: its listings take the products' fr-CA text.
    expect(amazon.settings).toEqual(expect.arrayContaining([{ name: 'region', value: 'NA' }, { name: 'language.A2EUQ1WTGCTBG2', value: 'fr_CA' }]));
    expect(t.app.simulators!.channels.find((c) => c.key === 'amazon-sim')!.login).toMatchObject({ email: 'overseas_sales.amazon-sim@demo.example.com', channelKeys: ['amazon-sim'] });
    const rates = (await gqlOk(t, owner, '{ exchangeRates(first: 10) { nodes { base quote rate } } }')).exchangeRates.nodes;
    expect(rates).toEqual(expect.arrayContaining([{ base: 'CNY', quote: 'CAD', rate: '0.1905' }]));
    const drafts = await selectRows<{ status: string; product_type: string | null }>(t.em(), `select status, attributes->>'product_type' as product_type from listing where channel_id = (select id from channel where key = 'amazon-sim')`);
    expect(drafts.length).toBeGreaterThan(8);
    expect(new Set(drafts.map((d) => d.status))).toEqual(new Set(['DRAFT']));
    expect(new Set(drafts.map((d) => d.product_type))).toEqual(new Set(['SUIT', 'SHIRT']));
  });

  it('given a demo suit and shirt when they are published then each is for sale on Amazon.com in English (en_US, USD) and on Amazon.ca in French (fr_CA, CAD)', async () => {
    const channelId = (await gqlOk(t, owner, '{ channels { id key } }')).channels.find((c: { key: string }) => c.key === 'amazon-sim').id;
    const controlUrl = t.app.simulators!.channels.find((c) => c.key === 'amazon-sim')!.controlUrl;
    // Amazon applies each write in its own time: the demo's simulator takes a second, this test none.
    expect((await fetch(`${controlUrl}/__sim/processing`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ listingsMs: 0 }) })).ok).toBe(true);
    // One draft of each product type (a whole LISTINGS sync of the hundred-odd drafts takes the engine about two minutes).
    const drafts = await selectRows<{ sku: string; product_type: string }>(
      t.em(),
      `select distinct on (attributes->>'product_type') sku, attributes->>'product_type' as product_type from listing
        where channel_id = (select id from channel where key = 'amazon-sim') order by attributes->>'product_type', sku`,
    );
    expect(drafts.map((d) => d.product_type)).toEqual(['SHIRT', 'SUIT']);
    const r = await gqlOk(t, owner, 'mutation($c: ID!, $s: [String!]!) { publishListings(input: { channelId: $c, skus: $s }) { listings { id } userErrors { code message } } }', { c: channelId, s: drafts.map((d) => d.sku) });
    expect(r.publishListings.userErrors).toEqual([]);
    const listed = await waitFor('both listings settled', async () => {
      const nodes = (await gqlOk(t, owner, 'query($c: ID!) { listings(filter: { channelId: $c, status: ACTIVE }, first: 10) { nodes { sku status locale title variant { price { amount } } lastError { code } issues { code } } } }', { c: channelId })).listings.nodes as Record<string, any>[];
      return nodes.length === 2 ? nodes : undefined;
    }, 120_000);
    const rows = ((await (await fetch(`${controlUrl}/__sim/listings`)).json()) as { listings: Record<string, any>[] }).listings;
    for (const l of listed) {
      expect(l).toMatchObject({ status: 'ACTIVE', locale: 'en-US', lastError: null, issues: [] });
      const us = rows.find((x) => x.sku === l.sku && x.marketplaceId === 'ATVPDKIKX0DER');
      const ca = rows.find((x) => x.sku === l.sku && x.marketplaceId === 'A2EUQ1WTGCTBG2');
      expect(us).toMatchObject({ status: 'BUYABLE', title: l.title, language: 'en_US', currency: 'USD', price: expectedPrice(l.variant.price.amount, RATE.USD) });
      expect(us!.title).toMatch(/^Men's /);
      expect(ca).toMatchObject({ status: 'BUYABLE', language: 'fr_CA', currency: 'CAD', price: expectedPrice(l.variant.price.amount, RATE.CAD) });
      expect(ca!.title).toMatch(/^(Complet|Smoking|Veston|Chemise) .*pour homme$/);
      expect(ca!.description).toMatch(/^.*pour homme\. (Tissu|Coton) /);
      expect(ca!.attributes.item_name).toEqual([{ value: ca!.title, language_tag: 'fr_CA', marketplace_id: 'A2EUQ1WTGCTBG2' }]);
      expect(ca!.attributes.department).toEqual([{ value: 'mens', language_tag: 'fr_CA', marketplace_id: 'A2EUQ1WTGCTBG2' }]);
    }
  });

  it('given the sample orders when an ORDERS sync runs then they are imported in USD and CAD, the FBA one fulfilled by Amazon and reserving none of our stock', async () => {
    const channelId = (await gqlOk(t, owner, '{ channels { id key } }')).channels.find((c: { key: string }) => c.key === 'amazon-sim').id;
    const run = await sync(channelId, ['ORDERS']);
    expect(run).toMatchObject({ status: 'SUCCEEDED', errors: [] });
    const orders = await waitFor('the five sample orders', async () => {
      const r = (await gqlOk(t, owner, '{ orders(filter: { channelKey: "amazon-sim" }, first: 100) { totalCount nodes { number externalId status fulfilledBy currency marketplaceId baseRate shippingAddress { city } totals { total { amount } } baseTotals { total { amount currency } } lines { sku } } } }')).orders;
      const sample = samples('amazon-sim', r.nodes as Record<string, any>[]);
      return sample.length === 5 && r.totalCount === 5 + historyIds('amazon-sim').length ? sample : undefined;
    });
    const byId = new Map(orders.map((o) => [o.externalId, o]));
    expect(orders.map((o) => [o.externalId, o.status, o.fulfilledBy, o.marketplaceId, o.currency, o.lines.length]).sort()).toEqual([
      ['113-4000001-1000001', 'PAID', 'MERCHANT', 'ATVPDKIKX0DER', 'USD', 2],
      ['113-4000002-1000002', 'PARTIALLY_SHIPPED', 'MERCHANT', 'ATVPDKIKX0DER', 'USD', 2],
      ['113-4000003-1000003', 'CANCELLED', 'MERCHANT', 'ATVPDKIKX0DER', 'USD', 1],
      ['113-4000004-1000004', 'SHIPPED', 'MARKETPLACE', 'ATVPDKIKX0DER', 'USD', 1],
      ['702-4000005-1000005', 'PAID', 'MERCHANT', 'A2EUQ1WTGCTBG2', 'CAD', 2],
    ]);
    expect(byId.get('702-4000005-1000005')!.shippingAddress.city).toBe('Montréal');
    for (const o of orders) expect(o).toMatchObject({ baseRate: RATE[o.currency], baseTotals: { total: { currency: 'CNY', amount: inYuan(o.totals.total.amount, RATE[o.currency]) } } });
    // Our stock is held for the merchant-fulfilled order waiting to ship, none for the one Amazon ships from its own.
    const held = async (number: string) => Number((await selectRows<{ n: string }>(t.em(), `select coalesce(sum(l.quantity), 0)::text as n from reservation r join reservation_line l on l.reservation_id = r.id where r.reference = ? and r.status = 'ACTIVE'`, [number]))[0].n);
    expect(await held(byId.get('113-4000004-1000004')!.number)).toBe(0);
    expect(await held(byId.get('113-4000001-1000001')!.number)).toBe(3);
  });

  it("given Amazon's FBA stock in the simulator when a FULFILMENT_STOCK sync runs then the channel's fulfilment centre holds Amazon's count, and sells on no channel", async () => {
    const { warehouses } = await gqlOk(t, owner, '{ warehouses { code kind channelKey } }');
    expect(warehouses).toEqual(expect.arrayContaining([{ code: 'AMZ-FBA-NA', kind: 'MARKETPLACE_FULFILMENT', channelKey: 'amazon-sim' }]));
    const channelId = (await gqlOk(t, owner, '{ channels { id key } }')).channels.find((c: { key: string }) => c.key === 'amazon-sim').id;
    expect(await sync(channelId, ['FULFILMENT_STOCK'])).toMatchObject({ status: 'SUCCEEDED', errors: [] });
    const answer = (await (await fetch(`${t.app.simulators!.channels.find((c) => c.key === 'amazon-sim')!.controlUrl}/__sim/fba-inventory`)).json()) as { inventory: { sellerSku: string; fulfillable: number }[] };
    const counted = answer.inventory;
    expect(counted).toHaveLength(6);
    const levels = (await gqlOk(t, owner, '{ stockLevels(first: 50, filter: { warehouseCode: "AMZ-FBA-NA" }) { nodes { sku onHand reserved } } }')).stockLevels.nodes as { sku: string; onHand: number; reserved: number }[];
    expect(levels.map((l) => [l.sku, l.onHand, l.reserved]).sort()).toEqual(counted.map((c) => [c.sellerSku, c.fulfillable, 0]).sort());
    // The Taobao channel's quantity of an FBA-stocked SKU is what our own warehouses hold.
    const sku = counted[0].sellerSku;
    const own = (await gqlOk(t, owner, `{ stockLevels(first: 50, filter: { sku: "${sku}" }) { nodes { warehouseCode onHand reserved } } }`)).stockLevels.nodes as { warehouseCode: string; onHand: number; reserved: number }[];
    const ours = own.filter((l) => l.warehouseCode !== 'AMZ-FBA-NA').reduce((n, l) => n + l.onHand - l.reserved, 0);
    expect((await gqlOk(t, owner, `{ channelAvailability(channelKey: "taobao-sim", sku: "${sku}") }`)).channelAvailability).toBe(ours);
  });
});
