import { startTestApp, TestApp } from './support/test-app';

/** DataLoaders keep the statement count of a page independent of its size. */
let t: TestApp;
let owner: string;
beforeAll(async () => {
  // The caller is loaded on every request here, so both pages count the same statements.
  t = await startTestApp({ AUTH_CACHE_SECONDS: '0' });
  owner = await t.ownerToken();
  const cat = await t.gql('mutation { createCategory(input: { name: "外套" }) { category { id } } }', {}, owner);
  const categoryId = cat.data!.createCategory.category.id;
  for (let i = 0; i < 60; i++) {
    const r = await t.gql(
      'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }',
      {
        i: {
          title: `羊毛大衣 ${i}`,
          categoryId,
          status: 'ACTIVE',
          translations: [{ locale: 'en-US', title: `Wool Coat ${i}` }],
          options: [{ name: '尺码', values: ['M', 'L'] }],
          variants: [
            { sku: `COAT-${i}-M`, optionValues: ['M'], price: '899.00' },
            { sku: `COAT-${i}-L`, optionValues: ['L'], price: '899.00' },
          ],
        },
      },
      owner,
    );
    expect(r.data!.createProduct.userErrors).toEqual([]);
  }
});
afterAll(() => t.stop());

const PAGE = `query($n: Int) { products(first: $n) { totalCount edges { node {
  id title status category { name } options { name values } translations { locale title }
  variants { id sku price { amount currency } costPrice { amount } product { id } } images { url } } } } }`;

async function statementsFor(n: number): Promise<number> {
  const before = await t.sqlStatements();
  const r = await t.gql(PAGE, { n }, owner);
  expect(r.errors).toBeUndefined();
  expect(r.data!.products.edges).toHaveLength(n);
  return (await t.sqlStatements()) - before;
}

describe('SQL statements of a product list', () => {
  it('are the same for a page of 50 as for a page of 5, and few', async () => {
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(fifty).toBe(five);
    // caller, page, count, variants, translations, options, categories, images, product (from variants)
    expect(fifty).toBeLessThanOrEqual(10);
  });
});
