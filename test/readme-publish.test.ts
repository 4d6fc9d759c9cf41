import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, TestApp } from './support/test-app';
import { gqlOk, waitFor } from './support/sync-fixtures';

/**
 * The README's publish example, run as written against the demo (SIMULATORS=1): the item made
 * by hand on the simulator, the publishListings mutation with attributes as a list of
 * `{ name value }`, and the query that shows the listing on sale. And a refusal, as staff read
 * it: the marketplace's code and message, our reason, and what it means in English and Chinese.
 */

jest.setTimeout(180_000);

let t: TestApp;
let owner: string;

/** The fenced blocks of `lang` after `heading` in README.md, up to the next heading of the same level. */
function readmeBlocks(heading: string, lang: string): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const rest = readme.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n#{1,3} /) === -1 ? undefined : rest.search(/\n#{1,3} /));
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** The operations of a graphql block: each starts at the beginning of a line with `{`, `mutation` or `query`. */
function operations(block: string): string[] {
  return block
    .split(/\n(?=\{|mutation\b|query\b)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

beforeAll(async () => {
  t = await startTestApp({ SIMULATORS: 'true', SIMULATOR_PORT: '0', DEMO_DATA: 'true', ROLE: 'all' });
  owner = await t.ownerToken();
});
afterAll(() => t.stop());

describe('README: publish a listing on the Taobao simulator', () => {
  it('given the demo when the README example is run as written then the listing goes on sale, with its attributes', async () => {
    const [bash] = readmeBlocks('### Publish a listing on the Taobao simulator', 'bash');
    const curl = /curl -X POST (\S+) -H 'content-type: application\/json' \\\n\s+-d '([^']+)'/.exec(bash);
    expect(curl).not.toBeNull();
    // The README names the demo's first simulator port; this file's demo runs on a free one.
    const control = t.app.simulators!.channels.find((c) => c.key === 'taobao-sim')!.controlUrl;
    const made = await fetch(curl![1].replace('http://127.0.0.1:4101', control.replace(/\/$/, '')), { method: 'POST', headers: { 'content-type': 'application/json' }, body: curl![2] });
    expect(made.status).toBe(200);

    const [graphql] = readmeBlocks('### Publish a listing on the Taobao simulator', 'graphql');
    const [publish, follow] = operations(graphql);
    const r = await gqlOk(t, owner, publish);
    expect(r.publishListings.userErrors).toEqual([]);
    // SUIT-001 is one of the items the demo made; SHIRT-003 is the one the curl just made.
    expect(r.publishListings.listings).toEqual([
      { sku: 'SUIT-001-BLK-50', status: 'PUBLISHING' },
      { sku: 'SHIRT-003-GRY-38', status: 'PUBLISHING' },
    ]);
    expect(r.publishListings.syncRuns).toEqual([{ id: expect.any(String), status: 'QUEUED' }]);

    const listings = await waitFor('the listings to go on sale', async () => {
      const nodes = (await gqlOk(t, owner, follow)).listings.nodes as { status: string; lastError: unknown }[];
      const failed = nodes.find((n) => n.status === 'ERROR');
      if (failed) throw new Error(JSON.stringify(failed.lastError));
      return nodes.length === 2 && nodes.every((n) => n.status === 'ACTIVE') ? nodes : undefined;
    });
    expect(listings).toEqual(
      expect.arrayContaining(['SUIT-001-BLK-50', 'SHIRT-003-GRY-38'].map((sku) => ({ sku, status: 'ACTIVE', itemId: expect.stringMatching(/^\d+$/), lastError: null }))),
    );
    const attrs = await gqlOk(t, owner, '{ listings(filter: { channelKey: "taobao-sim", sku: "SUIT-001-BLK-50" }, first: 1) { nodes { attributes attributeList { name value } } } }');
    expect(attrs.listings.nodes[0]).toEqual({
      attributes: { 'location.state': '浙江', 'location.city': '杭州' },
      attributeList: [
        { name: 'location.city', value: '杭州' },
        { name: 'location.state', value: '浙江' },
      ],
    });
  });

  it('given a refusal when staff read the listing and the run then they see the marketplace’s message with our reason in English and Chinese', async () => {
    // No item carries this SKU as its merchant code: the connector refuses to publish it.
    const r = await gqlOk(
      t,
      owner,
      `mutation { publishListings(input: { channelKey: "taobao-sim", skus: ["TROUS-001-GRY-28"], categoryId: "50000436" }) { syncRuns { id } userErrors { code } } }`,
    );
    expect(r.publishListings.userErrors).toEqual([]);
    const node = await waitFor('the listing to be refused', async () => {
      const [n] = (await gqlOk(t, owner, '{ listings(filter: { sku: "TROUS-001-GRY-28" }, first: 1) { nodes { status lastError { code message reason explanation { en zh } } } } }')).listings.nodes;
      return n?.status === 'ERROR' ? n : undefined;
    });
    expect(node.lastError).toEqual({ code: expect.stringMatching(/\S/), message: expect.stringContaining('TROUS-001-GRY-28'), reason: 'ITEM_TO_CREATE_BY_HAND', explanation: { en: expect.stringMatching(/created by hand/), zh: expect.stringMatching(/千牛/) } });

    const run = await waitFor('the run to finish', async () => {
      const s = (await gqlOk(t, owner, `query($id: ID!) { syncRun(id: $id) { finishedAt errors { code kind reason explanation { en zh } } } }`, { id: r.publishListings.syncRuns[0].id })).syncRun;
      return s.finishedAt ? s : undefined;
    });
    expect(run.errors).toEqual([{ code: node.lastError.code, kind: 'PERMANENT', reason: 'ITEM_TO_CREATE_BY_HAND', explanation: node.lastError.explanation }]);
  });

  it('given attributes both ways or a name twice when publishing then it is refused with the field named', async () => {
    const both = await gqlOk(t, owner, `mutation { publishListings(input: { channelKey: "taobao-sim", skus: ["SUIT-002-BLK-50"], attributes: { numIid: "1" }, attributeList: [{ name: "numIid", value: "1" }] }) { userErrors { field code } } }`);
    expect(both.publishListings.userErrors).toEqual([{ field: ['attributeList'], code: 'INVALID_VALUE' }]);
    const twice = await gqlOk(t, owner, `mutation { publishListings(input: { channelKey: "taobao-sim", skus: ["SUIT-002-BLK-50"], attributeList: [{ name: "a", value: "1" }, { name: "a", value: "2" }] }) { userErrors { field code } } }`);
    expect(twice.publishListings.userErrors).toEqual([{ field: ['attributeList', '1', 'name'], code: 'INVALID_VALUE' }]);
    const neither = await gqlOk(t, owner, `mutation { publishListings(input: { skus: ["SUIT-002-BLK-50"] }) { userErrors { field code } } }`);
    expect(neither.publishListings.userErrors).toEqual([{ field: ['channelId'], code: 'INVALID_VALUE' }]);
  });
});
