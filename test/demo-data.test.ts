import { generateDemoCatalog } from '../src/db/seed/demo-catalog';
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
  });
});
