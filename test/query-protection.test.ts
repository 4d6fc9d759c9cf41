import { startTestApp, TestApp } from './support/test-app';

/** Depth, alias, cost and size limits: each refuses the query before any resolver runs. */
let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp({ GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_COST: '300', GRAPHQL_MAX_DOCUMENT_BYTES: '2000' });
  token = await t.ownerToken();
});
afterAll(() => t.stop());

async function refusedBeforeResolvers(query: string, code: string): Promise<void> {
  const before = await t.sqlStatements();
  // No auth header: a resolver that ran would touch nothing, but authentication would. Use the
  // token so the only statements possible come from context creation, then from resolvers.
  const r = await t.gql(query, {}, token);
  const after = await t.sqlStatements();
  expect(r.data).toBeUndefined();
  expect(r.errors?.[0].extensions?.code).toBe(code);
  // One statement loads the caller; none may come from resolvers.
  expect(after - before).toBeLessThanOrEqual(1);
}

describe('query protection', () => {
  it('refuses a query deeper than the limit', async () => {
    await refusedBeforeResolvers(
      '{ products(first: 1) { edges { node { variants { product { variants { product { id } } } } } } } }',
      'QUERY_TOO_DEEP',
    );
  });

  it('follows fragments when measuring depth', async () => {
    await refusedBeforeResolvers(
      'query { products(first: 1) { edges { node { ...V } } } } fragment V on Product { variants { product { variants { product { id } } } } }',
      'QUERY_TOO_DEEP',
    );
  });

  it('refuses more aliases than the limit', async () => {
    const fields = Array.from({ length: 6 }, (_, i) => `a${i}: me { id }`).join(' ');
    await refusedBeforeResolvers(`{ ${fields} }`, 'TOO_MANY_ALIASES');
  });

  it('refuses a query whose calculated cost exceeds the limit and reports the cost', async () => {
    const r = await t.gql('{ products(first: 200) { edges { node { variants { price { amount } } } } } }', {}, token);
    expect(r.errors?.[0].extensions?.code).toBe('MAX_COST_EXCEEDED');
    expect(r.errors?.[0].extensions?.cost.requestedQueryCost).toBeGreaterThan(300);
    await refusedBeforeResolvers('{ products(first: 200) { edges { node { variants { price { amount } } } } } }', 'MAX_COST_EXCEEDED');
  });

  it('takes page sizes from variables when costing', async () => {
    const q = 'query($n: Int) { products(first: $n) { edges { node { variants { price { amount } } } } } }';
    const small = await t.gql(q, { n: 2 }, token);
    expect(small.errors).toBeUndefined();
    expect(small.extensions?.cost.requestedQueryCost).toBeLessThan(300);
    const big = await t.gql(q, { n: 250 }, token);
    expect(big.errors?.[0].extensions?.code).toBe('MAX_COST_EXCEEDED');
  });

  it('reports the calculated cost of an accepted query in extensions.cost', async () => {
    const r = await t.gql('{ products(first: 10) { edges { node { id variants { sku } } } } }', {}, token);
    expect(r.errors).toBeUndefined();
    // 2 for the page + 10 × (edges 1 + node 1 + variants 1)
    expect(r.extensions?.cost).toEqual({ requestedQueryCost: 2 + 10 * 3, maximumAvailable: 300 });
  });

  it('refuses a document larger than the limit', async () => {
    const query = `{ me { id } } # ${'x'.repeat(3000)}`;
    const r = await t.gql(query, {}, token);
    expect(r.status).toBe(413);
    expect(r.errors?.[0].extensions?.code).toBe('DOCUMENT_TOO_LARGE');
  });
});

describe('production mode', () => {
  let prod: TestApp;
  beforeAll(async () => {
    // Production creates the first owner only with a strong password.
    prod = await startTestApp({ NODE_ENV: 'production', ADMIN_PASSWORD: 'Qx7-lantern-vivid-91' });
  });
  afterAll(() => prod.stop());

  it('turns introspection off', async () => {
    const r = await prod.gql('{ __schema { types { name } } }');
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(r.data?.__schema).toBeUndefined();
  });

  it('gives no "did you mean" suggestions', async () => {
    const r = await prod.gql('{ prodcts { totalCount } }');
    expect(r.errors?.[0].message).not.toMatch(/Did you mean/i);
    const dev = await t.gql('{ prodcts { totalCount } }');
    expect(dev.errors?.[0].message).toMatch(/Did you mean/i);
  });

  it('does not serve the IDE', async () => {
    const page = await fetch(prod.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
  });
});
