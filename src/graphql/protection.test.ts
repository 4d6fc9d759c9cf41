import 'reflect-metadata';
import { buildSchema, DocumentNode, GraphQLError, Kind, OperationDefinitionNode, parse } from 'graphql';
import { aliasCount, operationCost, queryDepth } from './protection';
import { checkOperation, GuardLimits } from './guards';
import { DEFAULT_PAGE } from '../common/relay';

/**
 * Depth, alias and cost measured on parsed documents against a small schema of the same
 * shape as ours (Relay connections with `first` / `last`, a Node interface, a union), no server.
 */

const schema = buildSchema(`
  interface Node { id: ID! }
  type Money { amount: String! currency: String! }
  type Variant implements Node { id: ID! sku: String! price: Money! product: Product! }
  type Product implements Node {
    id: ID!
    title: String!
    variants: [Variant!]!
    related(first: Int, last: Int): ProductConnection!
  }
  type ProductEdge { cursor: String! node: Product! }
  type PageInfo { hasNextPage: Boolean! }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! }
  type Staff implements Node { id: ID! email: String! }
  union SearchResult = Product | Staff
  type Query {
    me: Staff
    node(id: ID!): Node
    products(first: Int, last: Int, after: String): ProductConnection!
    search(text: String!): [SearchResult!]!
    version: String!
  }
  type CreateProductPayload { product: Product }
  type Mutation { createProduct(title: String!): CreateProductPayload! }
  type Subscription { productChanged: Product! }
`);

function operationOf(document: DocumentNode, name?: string): OperationDefinitionNode {
  return document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!name || d.name?.value === name),
  )!;
}
const depth = (query: string, name?: string) => {
  const doc = parse(query);
  return queryDepth(doc, operationOf(doc, name));
};
const cost = (query: string, variables: Record<string, unknown> = {}, name?: string | null) => operationCost(schema, parse(query), name, variables);

/** products → edges → node → variants → price → amount: depth 6; cost 2 + n × (edges 1 + node 1 + variants 1 + price 1). */
const PRICES = (page: string) => `{ products${page} { edges { node { variants { price { amount } } } } } }`;

describe('query depth', () => {
  it('counts each level of field nesting, scalars included', () => {
    expect(depth('{ version }')).toBe(1);
    expect(depth('{ me { id } }')).toBe(2);
    expect(depth(PRICES('(first: 1)'))).toBe(6);
    expect(depth('{ version me { id } products { pageInfo { hasNextPage } } }')).toBe(3);
  });

  it('follows named fragments, including fragments inside fragments, without adding a level for the spread', () => {
    expect(depth('{ products { edges { node { ...P } } } } fragment P on Product { variants { price { amount } } }')).toBe(6);
    expect(
      depth('{ products { ...C } } fragment C on ProductConnection { edges { node { ...P } } } fragment P on Product { variants { ...V } } fragment V on Variant { price { amount } }'),
    ).toBe(6);
  });

  it('follows inline fragments, with and without a type condition, without adding a level', () => {
    expect(depth('{ products { edges { node { ... on Product { variants { ... { price { amount } } } } } } } }')).toBe(6);
    expect(depth('{ node(id: "1") { ... on Product { variants { product { variants { sku } } } } } }')).toBe(5);
  });

  it('measures the deepest branch, not the sum of branches', () => {
    expect(depth('{ a: me { id } products { edges { node { id } } } b: me { email } }')).toBe(4);
  });

  it('counts a fragment again wherever it is spread deeper', () => {
    const q = '{ products { edges { node { ...P related { edges { node { ...P } } } } } } } fragment P on Product { variants { sku } }';
    // products edges node related edges node variants sku
    expect(depth(q)).toBe(8);
  });

  it('stops at a fragment that spreads itself instead of looping (validation refuses it later)', () => {
    const q = '{ products { edges { node { ...R } } } } fragment R on Product { related { edges { node { ...R } } } }';
    expect(depth(q)).toBe(6);
  });

  it('gives introspection fields no depth', () => {
    expect(depth('{ __schema { types { fields { type { ofType { name } } } } } }')).toBe(0);
    expect(depth('{ __typename me { __typename } }')).toBe(1);
  });

  it('measures the operation it is given, not the deepest one in the document', () => {
    const q = `query Shallow { version } query Deep ${PRICES('')}`;
    expect(depth(q, 'Shallow')).toBe(1);
    expect(depth(q, 'Deep')).toBe(6);
  });
});

describe('alias count', () => {
  it('counts every aliased field of the document, at any depth', () => {
    expect(aliasCount(parse('{ me { id } }'))).toBe(0);
    expect(aliasCount(parse('{ a: me { id } b: me { mail: email } }'))).toBe(3);
  });

  it('counts aliases inside named and inline fragments', () => {
    expect(aliasCount(parse('{ me { ...S } node(id: "1") { ... on Product { t: title } } } fragment S on Staff { x: id y: email }'))).toBe(3);
  });

  it('counts an alias that repeats the field name as an alias', () => {
    expect(aliasCount(parse('{ me: me { id: id } }'))).toBe(2);
  });

  it('counts the whole document, other operations included, each fragment once however often it is spread', () => {
    const q = 'query A { x: me { ...S } } query B { y: me { ...S } z: me { ...S } } fragment S on Staff { e: email }';
    expect(aliasCount(parse(q))).toBe(4);
  });
});

describe('operation cost', () => {
  it('charges 1 per object field and nothing for scalars', () => {
    expect(cost('{ version }')).toBe(0);
    expect(cost('{ me { id email } }')).toBe(1);
    // A list without paging arguments costs as one object: search 1, variants 1.
    expect(cost('{ search(text: "衬衫") { ... on Product { variants { sku } } ... on Staff { id } } }')).toBe(2);
  });

  it('multiplies a connection by its page size, plus 2 for the page', () => {
    expect(cost(PRICES('(first: 5)'))).toBe(2 + 5 * 4);
    expect(cost(PRICES('(last: 3)'))).toBe(2 + 3 * 4);
    expect(cost(PRICES('(first: 0)'))).toBe(2);
    expect(cost('{ products(first: 10) { pageInfo { hasNextPage } } }')).toBe(2 + 10 * 1);
  });

  it('uses the default page size when neither first nor last is given, and first when both are', () => {
    expect(DEFAULT_PAGE).toBe(20);
    expect(cost(PRICES(''))).toBe(2 + DEFAULT_PAGE * 4);
    expect(cost(PRICES('(after: "abc")'))).toBe(2 + DEFAULT_PAGE * 4);
    expect(cost(PRICES('(first: 2, last: 9)'))).toBe(2 + 2 * 4);
  });

  it('multiplies nested connections', () => {
    // products(first: 10) { edges { node { related(first: 5) { edges { node { id } } } } } }
    // = 2 + 10 × (1 + 1 + (2 + 5 × (1 + 1)))
    expect(cost('{ products(first: 10) { edges { node { related(first: 5) { edges { node { id } } } } } } }')).toBe(2 + 10 * (2 + 2 + 5 * 2));
  });

  it('takes page sizes from the variables sent', () => {
    const q = `query($n: Int) ${PRICES('(first: $n)')}`;
    expect(cost(q, { n: 7 })).toBe(2 + 7 * 4);
    expect(cost(q, { n: 250 })).toBe(2 + 250 * 4);
    // An explicit null is no page size at all: the connection serves its default.
    expect(cost(q, { n: null })).toBe(2 + DEFAULT_PAGE * 4);
  });

  it('coerces only the variables that can be page sizes, not a batch of input objects', () => {
    const s = buildSchema(`
      scalar Counted
      input LineInput { sku: Counted! }
      type Item { id: ID! }
      type ItemConnection { edges: [Item!]! }
      type Result { items(first: Int): ItemConnection! }
      type Query { version: String! }
      type Mutation { record(lines: [LineInput!]!): Result! }
    `);
    let parsed = 0;
    Object.assign(s.getType('Counted')!, { parseValue: (v: unknown) => (parsed++, v) });
    const q = parse('mutation($lines: [LineInput!]!, $n: Int = 3) { record(lines: $lines) { items(first: $n) { edges { id } } } }');
    // 10 for the mutation, 1 for record, 2 + 7 × 1 for the page of items.
    expect(operationCost(s, q, null, { lines: [{ sku: 'A' }, { sku: 'B' }], n: 7 })).toBe(20);
    expect(operationCost(s, q, null, { lines: [{ sku: 'A' }] })).toBe(16);
    expect(parsed).toBe(0);
  });

  it('takes the page size from a variable default when the variable is not sent', () => {
    // Execution runs `first: 250` here (graphql-js applies the default); the cost must too.
    const q = `query($n: Int = 250) ${PRICES('(first: $n)')}`;
    expect(cost(q, {})).toBe(cost(q, { n: 250 }));
  });

  it('charges a named fragment every time it is spread, and inline fragments like their fields', () => {
    const frag = 'fragment P on Product { variants { price { amount } } }';
    expect(cost(`{ products(first: 5) { edges { node { ...P } } } } ${frag}`)).toBe(cost(PRICES('(first: 5)')));
    expect(cost(`{ a: products(first: 1) { edges { node { ...P } } } b: products(first: 2) { edges { node { ...P } } } } ${frag}`)).toBe((2 + 1 * 4) + (2 + 2 * 4));
    expect(cost('{ products(first: 5) { edges { node { ... on Product { variants { ... { price { amount } } } } } } } }')).toBe(cost(PRICES('(first: 5)')));
  });

  it('costs an interface field by the fragments on its implementations', () => {
    // node 1 + (Product: variants 1 + product 1)
    expect(cost('{ node(id: "1") { id ... on Product { variants { product { id } } } ... on Staff { email } } }')).toBe(3);
  });

  it('stops at a fragment that spreads itself', () => {
    expect(cost('{ me { ...R } } fragment R on Staff { ...R }')).toBe(1);
  });

  it('charges introspection nothing', () => {
    expect(cost('{ __schema { types { name fields { type { name } } } } }')).toBe(0);
    expect(cost('{ __type(name: "Product") { fields { name } } me { __typename } }')).toBe(1);
  });

  it('adds 10 for a mutation and costs subscriptions on the subscription type', () => {
    expect(cost('mutation { createProduct(title: "西装") { product { id } } }')).toBe(10 + 1 + 1);
    expect(cost('subscription { productChanged { variants { sku } } }')).toBe(2);
  });

  it('costs the named operation, the first one when none is named, and 0 for an unknown name', () => {
    const q = `query Cheap { me { id } } query Dear ${PRICES('(first: 100)')}`;
    expect(cost(q, {}, 'Cheap')).toBe(1);
    expect(cost(q, {}, 'Dear')).toBe(2 + 100 * 4);
    expect(cost(q, {}, null)).toBe(1);
    expect(cost(q, {}, 'Missing')).toBe(0);
  });
});

describe('checkOperation limits', () => {
  const limits: GuardLimits = { maxDepth: 6, maxAliases: 2, maxCost: 2 + 5 * 4, maxDocumentBytes: 10_000 };
  const check = (query: string, variables: Record<string, unknown> = {}, l: GuardLimits = limits) => {
    const doc = parse(query);
    return checkOperation(schema, doc, operationOf(doc), undefined, variables, l);
  };
  const refusal = (fn: () => unknown): GraphQLError => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(GraphQLError);
      return err as GraphQLError;
    }
    throw new Error('expected the operation to be refused');
  };

  it('accepts depth below and at the limit and refuses one level more', () => {
    expect(() => check('{ products(first: 1) { edges { node { variants { price { amount } } } } } }', {}, { ...limits, maxDepth: 7 })).not.toThrow();
    expect(() => check(PRICES('(first: 1)'))).not.toThrow();
    const e = refusal(() => check('{ products(first: 1) { edges { node { variants { product { variants { sku } } } } } } }'));
    expect(e.extensions.code).toBe('QUERY_TOO_DEEP');
    expect(e.message).toBe('Query depth 7 exceeds the limit of 6');
    expect((e.extensions.http as { status: number }).status).toBe(400);
  });

  it('counts fragments towards the depth limit', () => {
    const e = refusal(() => check('{ products(first: 1) { edges { node { ...P } } } } fragment P on Product { variants { ... on Variant { product { variants { sku } } } } }'));
    expect(e.message).toBe('Query depth 7 exceeds the limit of 6');
    expect(e.extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('accepts aliases below and at the limit and refuses one more, fragments included', () => {
    expect(() => check('{ a: me { id } }')).not.toThrow();
    expect(() => check('{ a: me { id } b: me { id } }')).not.toThrow();
    const e = refusal(() => check('{ a: me { id } b: me { ...S } } fragment S on Staff { c: email }'));
    expect(e.extensions.code).toBe('TOO_MANY_ALIASES');
    expect(e.message).toBe('The query uses 3 aliases; at most 2 are allowed');
  });

  it('accepts cost below and at the limit, refuses one more and reports it, and returns the cost', () => {
    expect(check(PRICES('(first: 4)'))).toBe(18);
    expect(check(PRICES('(first: 5)'))).toBe(22);
    const e = refusal(() => check(PRICES('(first: 5)'), {}, { ...limits, maxCost: 21 }));
    expect(e.extensions.code).toBe('MAX_COST_EXCEEDED');
    expect(e.message).toBe('Query cost 22 exceeds the limit of 21');
    expect(e.extensions.cost).toEqual({ requestedQueryCost: 22, maximumAvailable: 21 });
  });

  it('counts page sizes from variables and fragments towards the cost limit', () => {
    const q = `query($n: Int) { products(first: $n) { edges { node { ...P } } } } fragment P on Product { variants { price { amount } } }`;
    expect(check(q, { n: 5 })).toBe(22);
    expect(refusal(() => check(q, { n: 6 })).extensions.code).toBe('MAX_COST_EXCEEDED');
  });

  it('refuses a default-valued page size over the cost limit although no variable was sent', () => {
    // 250 products cost 1002; at the default page of 20 it would be 82, under this limit.
    const q = `query($n: Int = 250) ${PRICES('(first: $n)')}`;
    expect(refusal(() => check(q, { n: 250 }, { ...limits, maxCost: 500 })).extensions.code).toBe('MAX_COST_EXCEEDED');
    expect(refusal(() => check(q, {}, { ...limits, maxCost: 500 })).extensions.code).toBe('MAX_COST_EXCEEDED');
  });

  it('checks depth before aliases before cost', () => {
    const deepAliasedDear = '{ a: products(first: 250) { edges { node { variants { product { variants { sku } } } } } } b: me { id } c: me { id } }';
    expect(refusal(() => check(deepAliasedDear)).extensions.code).toBe('QUERY_TOO_DEEP');
    expect(refusal(() => check(deepAliasedDear, {}, { ...limits, maxDepth: 100 })).extensions.code).toBe('TOO_MANY_ALIASES');
    expect(refusal(() => check(deepAliasedDear, {}, { ...limits, maxDepth: 100, maxAliases: 100 })).extensions.code).toBe('MAX_COST_EXCEEDED');
  });
});
