import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  const top = await t.gql('mutation { createCategory(input: { name: "服装" }) { category { id } } }', {}, owner);
  await t.gql('mutation($p: ID!) { createCategory(input: { name: "衬衫", parentId: $p }) { category { id } } }', { p: top.data!.createCategory.category.id }, owner);
});
afterAll(() => t.stop());

const IMPORT = `mutation($csv: String!) { importProducts(csv: $csv) {
  productsCreated variantsCreated rowErrors { line column code message }
  products { title(locale: "en-US") status category { name } options { name values } variants { sku price { amount } } images { url } }
  userErrors { code message } } }`;

const HEADER = 'Handle,Title,Title (en-US),Body (HTML),Vendor,Product Category,Status,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Price,Cost per item,Variant Grams,Variant Barcode,Image Src';

describe('importing products from CSV', () => {
  it('imports the good rows and reports each bad row with its line and reason', async () => {
    const csv = [
      HEADER,
      'oxford,牛津纺衬衫,Oxford Shirt,"<p>纯棉, 免烫</p>",ACME,服装 > 衬衫,active,尺码,M,颜色,白色,OX-M-WH,259.00,90.00,300,,https://img.example.com/ox.jpg',
      'oxford,,,,,,,,L,,白色,OX-L-WH,259.00,90.00,310,,',
      'oxford,,,,,,,,XL,,白色,OX-XL-WH,-5.00,,,,', // negative price
      'oxford,,,,,,,,L,,白色,OX-L-WH2,259.00,,,,', // same options as line 3
      'polo,Polo衫,Polo,,ACME,不存在的分类,active,尺码,M,,,PO-M,199.00,,,,', // unknown category
      'tee,纯棉T恤,Cotton Tee,,,,draft,,,,,OX-M-WH,99.00,,,,', // SKU used above
      'tee,,,,,,,,,,,TEE-1,abc,,,,', // not a price
      ',无handle,,,,,,,,,,X-1,1.00,,,,',
    ].join('\n');
    const r = await t.gql(IMPORT, { csv }, owner);
    expect(r.errors).toBeUndefined();
    const p = r.data!.importProducts;
    expect(p.userErrors).toEqual([]);
    expect(p.productsCreated).toBe(1);
    expect(p.variantsCreated).toBe(2);
    expect(p.products[0]).toMatchObject({
      title: 'Oxford Shirt',
      status: 'ACTIVE',
      category: { name: '衬衫' },
      options: [{ name: '尺码', values: ['M', 'L'] }, { name: '颜色', values: ['白色'] }],
      variants: [{ sku: 'OX-M-WH', price: { amount: '259.00' } }, { sku: 'OX-L-WH', price: { amount: '259.00' } }],
      images: [{ url: 'https://img.example.com/ox.jpg' }],
    });
    expect(p.rowErrors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [4, 'NEGATIVE_PRICE'],
      [5, 'DUPLICATE_VARIANT_OPTIONS'],
      [6, 'UNKNOWN_CATEGORY'],
      [7, 'DUPLICATE_SKU'],
      [8, 'INVALID_VALUE'],
      [9, 'REQUIRED'],
    ]);
  });

  it('refuses a file without the required columns as a whole', async () => {
    const r = await t.gql(IMPORT, { csv: 'Handle,Title\nx,y' }, owner);
    expect(r.data!.importProducts.userErrors).toEqual([expect.objectContaining({ code: 'MISSING_COLUMN' })]);
  });

  it('counts line numbers across quoted line breaks', async () => {
    const csv = `${HEADER}\nshirt2,"两行
标题",Two Lines,,,,draft,,,,,TWO-1,10.00,,,,\nshirt3,坏价格,,,,,draft,,,,,BAD-1,x,,,,`;
    const r = await t.gql(IMPORT, { csv }, owner);
    expect(r.data!.importProducts.productsCreated).toBe(1);
    expect(r.data!.importProducts.rowErrors).toEqual([expect.objectContaining({ line: 4, code: 'INVALID_VALUE' })]);
  });
});
