import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
});
afterAll(() => t.stop());

const CREATE = `mutation($input: CreateProductInput!) {
  createProduct(input: $input) {
    product { id title status translations { locale title } options { name values } category { id name }
      variants { id sku optionValues price { amount currency } costPrice { amount currency } } }
    userErrors { field message code }
  }
}`;

let seq = 0;
function suitInput(overrides: Record<string, unknown> = {}) {
  const n = ++seq;
  return {
    title: `男士修身西装 ${n}`,
    description: '羊毛混纺',
    translations: [{ locale: 'en-US', title: `Men's Slim Suit ${n}`, description: 'Wool blend' }],
    status: 'ACTIVE',
    options: [
      { name: '尺码', values: ['48', '50'] },
      { name: '颜色', values: ['黑色', '藏青'] },
    ],
    variants: [
      { sku: `SUIT-${n}-48-BK`, optionValues: ['48', '黑色'], price: '1299.00', costPrice: '520.00', barcode: '6901234567892', weightGrams: 1200 },
      { sku: `SUIT-${n}-50-NV`, optionValues: ['50', '藏青'], price: '1299.00', costPrice: '520.00' },
    ],
    ...overrides,
  };
}

async function createCategory(name: string, parentId?: string): Promise<string> {
  const r = await t.gql(
    'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id } userErrors { code } } }',
    { i: { name, parentId, translations: [{ locale: 'en-US', name: `${name}-en` }] } },
    owner,
  );
  return r.data!.createCategory.category.id;
}

describe('creating products', () => {
  it('creates a product with options, variants and translations in one step', async () => {
    const cat = await createCategory('西装');
    const r = await t.gql(CREATE, { input: suitInput({ categoryId: cat }) }, owner);
    expect(r.errors).toBeUndefined();
    const p = r.data!.createProduct;
    expect(p.userErrors).toEqual([]);
    expect(p.product.status).toBe('ACTIVE');
    expect(p.product.category.name).toBe('西装');
    expect(p.product.translations.map((x: { locale: string }) => x.locale)).toEqual(['zh-CN', 'en-US']);
    expect(p.product.options).toEqual([
      { name: '尺码', values: ['48', '50'] },
      { name: '颜色', values: ['黑色', '藏青'] },
    ]);
    expect(p.product.variants[0]).toMatchObject({ optionValues: ['48', '黑色'], price: { amount: '1299.00', currency: 'CNY' }, costPrice: { amount: '520.00', currency: 'CNY' } });
  });

  it('refuses a duplicate SKU, within the input and against the catalogue', async () => {
    const first = suitInput();
    await t.gql(CREATE, { input: first }, owner);
    const again = await t.gql(CREATE, { input: suitInput({ variants: [{ ...first.variants[0] }] }) }, owner);
    expect(again.data!.createProduct.product).toBeNull();
    expect(again.data!.createProduct.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE_SKU', field: ['variants', '0', 'sku'] })]);
    const twice = suitInput();
    twice.variants[1].sku = twice.variants[0].sku;
    const r = await t.gql(CREATE, { input: twice }, owner);
    expect(r.data!.createProduct.userErrors.map((e: { code: string }) => e.code)).toContain('DUPLICATE_SKU');
  });

  it('refuses option values that do not match the axes', async () => {
    const input = suitInput();
    input.variants[0].optionValues = ['52', '黑色'];
    input.variants[1].optionValues = ['50'];
    const r = await t.gql(CREATE, { input }, owner);
    const errors = r.data!.createProduct.userErrors;
    expect(errors.map((e: { code: string }) => e.code)).toEqual(['OPTION_VALUES_MISMATCH', 'OPTION_VALUES_MISMATCH']);
    expect(errors[0].field).toEqual(['variants', '0', 'optionValues', '0']);
  });

  it('refuses a negative price and writes nothing', async () => {
    const input = suitInput();
    input.variants[1].price = '-1.00';
    const r = await t.gql(CREATE, { input }, owner);
    expect(r.data!.createProduct.userErrors).toEqual([expect.objectContaining({ code: 'NEGATIVE_PRICE', field: ['variants', '1', 'price'] })]);
    const lookup = await t.gql('query($s: String!) { variant(sku: $s) { id } }', { s: input.variants[0].sku }, owner);
    expect(lookup.data!.variant).toBeNull();
  });

  it('refuses an unknown category', async () => {
    const r = await t.gql(CREATE, { input: suitInput({ categoryId: Buffer.from('Category:00000000-0000-4000-8000-000000000000').toString('base64url') }) }, owner);
    expect(r.data!.createProduct.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_CATEGORY', field: ['categoryId'] })]);
  });

  it('refuses a malformed decimal before any resolver runs', async () => {
    const input = suitInput();
    input.variants[0].price = '12,50';
    const r = await t.gql(CREATE, { input }, owner);
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('reading products', () => {
  it('finds a variant by SKU and its product', async () => {
    const input = suitInput();
    await t.gql(CREATE, { input }, owner);
    const r = await t.gql('query($s: String!) { variant(sku: $s) { sku product { title(locale: "en-US") } } }', { s: input.variants[1].sku }, owner);
    expect(r.data!.variant).toEqual({ sku: input.variants[1].sku, product: { title: input.translations[0].title } });
  });

  it('hides cost prices from callers without cost.read, without an error', async () => {
    const input = suitInput();
    await t.gql(CREATE, { input }, owner);
    const designer = await t.staffToken(['designer']);
    const r = await t.gql('query($s: String!) { variant(sku: $s) { costPrice { amount } price { amount } } }', { s: input.variants[0].sku }, designer);
    expect(r.errors).toBeUndefined();
    expect(r.data!.variant).toEqual({ costPrice: null, price: { amount: '1299.00' } });
    expect(JSON.stringify(r)).not.toContain('520');
  });

  it('pages forward and backward with cursors and counts the whole list', async () => {
    const q = `query($first: Int, $after: String, $last: Int, $before: String, $f: ProductFilter) {
      products(first: $first, after: $after, last: $last, before: $before, filter: $f, orderBy: { field: TITLE, direction: ASC }) {
        totalCount edges { cursor node { title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    for (let i = 0; i < 5; i++) await t.gql(CREATE, { input: suitInput({ title: `分页测试 ${i}`, brand: 'PAGER' }) }, owner);
    const f = { search: '分页测试' };
    const p1 = await t.gql(q, { first: 2, f }, owner);
    expect(p1.data!.products.totalCount).toBe(5);
    expect(p1.data!.products.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['分页测试 0', '分页测试 1']);
    expect(p1.data!.products.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await t.gql(q, { first: 2, after: p1.data!.products.pageInfo.endCursor, f }, owner);
    expect(p2.data!.products.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['分页测试 2', '分页测试 3']);
    const back = await t.gql(q, { last: 2, before: p2.data!.products.pageInfo.endCursor, f }, owner);
    expect(back.data!.products.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['分页测试 1', '分页测试 2']);
    expect(back.data!.products.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const tooMany = await t.gql(q, { first: 251 }, owner);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('searches Chinese and English title fragments and SKUs', async () => {
    const input = suitInput({ title: '女士真丝衬衫', translations: [{ locale: 'en-US', title: 'Silk Blouse for Women' }] });
    input.variants[0].sku = 'BLOUSE-SILK-S';
    input.variants[1].sku = 'BLOUSE-SILK-M';
    await t.gql(CREATE, { input }, owner);
    const q = 'query($s: String!) { products(first: 10, filter: { search: $s }) { edges { node { title } } } }';
    for (const term of ['衬衫', '真丝衬', '丝', 'silk blouse', 'BLOUSE-SILK-M', 'Blouse']) {
      const r = await t.gql(q, { s: term }, owner);
      expect({ term, titles: r.data!.products.edges.map((e: { node: { title: string } }) => e.node.title) }).toEqual({ term, titles: ['女士真丝衬衫'] });
    }
    const none = await t.gql(q, { s: '羽绒服' }, owner);
    expect(none.data!.products.edges).toEqual([]);
  });

  it('filters by status, by SKU and by a category including its subcategories', async () => {
    const top = await createCategory('服装');
    const child = await createCategory('衬衫', top);
    const input = suitInput({ categoryId: child, status: 'DRAFT' });
    await t.gql(CREATE, { input }, owner);
    const q = 'query($f: ProductFilter) { products(first: 50, filter: $f) { edges { node { title status } } } }';
    const inTop = await t.gql(q, { f: { categoryId: top } }, owner);
    expect(inTop.data!.products.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([input.title]);
    const bySku = await t.gql(q, { f: { sku: input.variants[1].sku } }, owner);
    expect(bySku.data!.products.edges).toHaveLength(1);
    const drafts = await t.gql(q, { f: { status: ['DRAFT'] } }, owner);
    expect(drafts.data!.products.edges.every((e: { node: { status: string } }) => e.node.status === 'DRAFT')).toBe(true);
  });
});

describe('changing products with fine-grained permissions', () => {
  const UPDATE = 'mutation($id: ID!, $i: UpdateProductInput!) { updateProduct(id: $id, input: $i) { product { title status translations { locale title } } userErrors { code field } } }';

  async function newProduct(): Promise<{ id: string; sku: string }> {
    const input = suitInput();
    const r = await t.gql(CREATE, { input }, owner);
    return { id: r.data!.createProduct.product.id, sku: input.variants[0].sku };
  }

  it('lets a copywriter change titles and translations but not the status', async () => {
    const { id } = await newProduct();
    const copywriter = await t.staffToken(['copywriter']);
    const ok = await t.gql(UPDATE, { id, i: { title: '新标题', translations: [{ locale: 'en-US', title: 'New title' }] } }, copywriter);
    expect(ok.data!.updateProduct.product.translations).toEqual([
      { locale: 'zh-CN', title: '新标题' },
      { locale: 'en-US', title: 'New title' },
    ]);
    const denied = await t.gql(UPDATE, { id, i: { status: 'DELISTED' } }, copywriter);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a designer manage images and nothing else', async () => {
    const { id } = await newProduct();
    const designer = await t.staffToken(['designer']);
    const add = await t.gql(
      'mutation($id: ID!) { addProductImages(productId: $id, images: [{ url: "https://img.example.com/a.jpg", alt: "front" }, { url: "https://img.example.com/b.jpg" }]) { product { images { id url position } } userErrors { code } } }',
      { id },
      designer,
    );
    const images = add.data!.addProductImages.product.images;
    expect(images.map((i: { position: number }) => i.position)).toEqual([0, 1]);
    const reorder = await t.gql(
      'mutation($id: ID!, $ids: [ID!]!) { reorderProductImages(productId: $id, imageIds: $ids) { product { images { url } } } }',
      { id, ids: [images[1].id, images[0].id] },
      designer,
    );
    expect(reorder.data!.reorderProductImages.product.images[0].url).toBe('https://img.example.com/b.jpg');
    const title = await t.gql(UPDATE, { id, i: { title: 'x' } }, designer);
    expect(title.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const price = await t.gql('mutation($id: ID!) { updateVariant(id: $id, input: { price: "1.00" }) { variant { id } } }', { id: 'x' }, designer);
    expect(price.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a cost price from a caller without cost.write', async () => {
    const { sku } = await newProduct();
    const ops = await t.staffToken(['ops_specialist']);
    const r = await t.gql('mutation($s: ID!) { updateVariant(id: $s, input: { costPrice: "1.00" }) { variant { id } } }', { s: sku }, ops);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(r.errors?.[0].message).not.toContain('520');
    const ok = await t.gql('mutation($s: ID!) { updateVariant(id: $s, input: { price: "999.00" }) { variant { price { amount } } userErrors { code } } }', { s: sku }, ops);
    expect(ok.data!.updateVariant.variant.price.amount).toBe('999.00');
  });

  it('archives a product, which leaves the default list', async () => {
    const { id } = await newProduct();
    await t.gql('mutation($id: ID!) { archiveProduct(id: $id) { product { status } } }', { id }, owner);
    const node = await t.gql('query($id: ID!) { node(id: $id) { ... on Product { status } } }', { id }, owner);
    expect(node.data!.node.status).toBe('ARCHIVED');
    const list = await t.gql('{ products(first: 250) { edges { node { id } } } }', {}, owner);
    expect(list.data!.products.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
  });

  it('makes a bundle of component variants', async () => {
    const suit = await newProduct();
    const tie = suitInput({ title: '领带', options: [], variants: [{ sku: `TIE-${seq}`, price: '199.00' }] });
    await t.gql(CREATE, { input: tie }, owner);
    const r = await t.gql(
      'mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { variant { isBundle bundleComponents { quantity variant { sku } } } userErrors { code } } }',
      { b: suit.sku, c: [{ sku: tie.variants[0].sku, quantity: 1 }] },
      owner,
    );
    expect(r.data!.setBundleComponents.variant).toEqual({ isBundle: true, bundleComponents: [{ quantity: 1, variant: { sku: tie.variants[0].sku } }] });
    const self = await t.gql(
      'mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }',
      { b: suit.sku, c: [{ sku: suit.sku, quantity: 1 }] },
      owner,
    );
    expect(self.data!.setBundleComponents.userErrors.map((e: { code: string }) => e.code)).toContain('BUNDLE_CYCLE');
  });
});
