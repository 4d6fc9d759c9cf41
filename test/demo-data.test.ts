import { generateDemoCatalog } from '../src/db/seed/demo-catalog';
import { demoOpeningStock, demoSecondStock } from '../src/db/seed/demo-stock';
import { startTestApp, TestApp } from './support/test-app';

describe('demo data', () => {
  it('is deterministic: the same seed gives the same shop, another seed another one', () => {
    const a = generateDemoCatalog(42);
    expect(generateDemoCatalog(42)).toEqual(a);
    expect(generateDemoCatalog(7).variants.map((v) => v.price)).not.toEqual(a.variants.map((v) => v.price));
  });

  it('is a realistic apparel shop: about 60 products, Chinese and English titles, sizes × colours, bundles', () => {
    const c = generateDemoCatalog();
    expect(c.products.length).toBeGreaterThanOrEqual(55);
    expect(c.products.length).toBeLessThanOrEqual(70);
    expect(c.products.every((p) => /[\u4e00-\u9fff]/.test(p.title))).toBe(true);
    expect(new Set(c.translations.filter((t) => t.locale === 'en-US').map((t) => t.productId)).size).toBe(c.products.length);
    expect(c.options.some((o) => o.values.length >= 3)).toBe(true);
    expect(new Set(c.bundleComponents.map((b) => b.bundleId)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(c.variants.map((v) => v.sku)).size).toBe(c.variants.length);
  });

  it('draws its pictures itself: every image is a small PNG in a data: URL, readable without network', () => {
    const c = generateDemoCatalog();
    expect(c.images.length).toBeGreaterThanOrEqual(c.products.length);
    for (const img of c.images) {
      expect(img.url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
      const bytes = Buffer.from(img.url.slice('data:image/png;base64,'.length), 'base64');
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // IHDR: 32 × 32 pixels.
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([32, 32]);
    }
    // A product's views differ (the band moves), so they are three pictures, not one thrice.
    const byProduct = new Map<string, string[]>();
    for (const img of c.images) byProduct.set(img.productId, [...(byProduct.get(img.productId) ?? []), img.url]);
    const three = [...byProduct.values()].find((urls) => urls.length === 3)!;
    expect(new Set(three).size).toBe(3);
  });

  it('stocks every SKU that is not a bundle with 6 to 60 units, the same each time', () => {
    const c = generateDemoCatalog();
    const stock = demoOpeningStock(c);
    const bundles = new Set(c.bundleComponents.map((b) => b.bundleId));
    expect(stock.map((s) => s.sku).sort()).toEqual(c.variants.filter((v) => !bundles.has(v.id)).map((v) => v.sku).sort());
    expect(stock.every((s) => s.quantity >= 6 && s.quantity <= 60)).toBe(true);
    expect(demoOpeningStock(generateDemoCatalog())).toEqual(stock);
  });

  describe('on first start', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ DEMO_DATA: 'true' });
    });
    afterAll(() => t.stop());

    it('loads the shop and one login per built-in role, once', async () => {
      expect(t.app.demoLogins).toHaveLength(15);
      const token = await t.login(t.app.demoLogins![0].email, t.app.demoLogins![0].password);
      const r = await t.gql('{ products(first: 5, filter: { search: "西装" }) { totalCount edges { node { title(locale: "en-US") } } } }', {}, token);
      expect(r.errors).toBeUndefined();
      expect(r.data!.products.totalCount).toBeGreaterThan(0);
    });

    it('has its two warehouses with the opening stock, booked as an import', async () => {
      const token = await t.ownerToken();
      const r = await t.gql(
        '{ warehouses { code priority } hz: stockLevels(filter: { warehouseCode: "HZ-MAIN" }, first: 0) { totalCount } sh: stockLevels(filter: { warehouseCode: "SH-02" }, first: 0) { totalCount } }',
        {},
        token,
      );
      expect(r.errors).toBeUndefined();
      // Hangzhou is reserved from first, Shanghai after it.
      expect(r.data!.warehouses).toEqual([{ code: 'HZ-MAIN', priority: 100 }, { code: 'SH-02', priority: 200 }]);
      expect(r.data!.hz.totalCount).toBe(demoOpeningStock(generateDemoCatalog()).length);
      expect(r.data!.sh.totalCount).toBe(demoSecondStock(generateDemoCatalog()).length);
      // The demo's orders have sold from it since: the ledger still opens with the imported quantity.
      const [first] = demoOpeningStock(generateDemoCatalog());
      const opening = await t.gql(
        'query($s: String) { stockMovements(filter: { sku: $s, warehouseCode: "HZ-MAIN", type: ADJUSTMENT }, first: 5) { nodes { quantity referenceType reason } } }',
        { s: first.sku },
        token,
      );
      expect(opening.data!.stockMovements.nodes).toEqual([{ quantity: first.quantity, referenceType: 'IMPORT', reason: 'opening stock' }]);
    });
  });
});
