import path from 'node:path';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { startAcmeSimulator } from './support/acme/simulator';
import { gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Channels carry what a marketplace needs besides secrets: settings checked against the
 * connector's settingsFields (eBay policy ids, a merchant location key, an AliExpress shipping
 * template), and the marketplaces one seller account and region covers (Amazon US + CA + MX),
 * checked against the connector's catalogue. Both reach the connector in its context, and
 * orders say on which marketplace they were placed. Acme (test/support/acme) is a connector
 * with both; Taobao serves one marketplace per channel and has no catalogue.
 */

jest.setTimeout(120_000);

const ACME = path.join(__dirname, 'support', 'acme');
const FIELDS = `id key marketplaceId marketplaces { id label currency locale } settings { name value } warnings { code }`;
const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { ${FIELDS} } userErrors { code message field } } }`;
const UPDATE = `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { ${FIELDS} } userErrors { code message field } } }`;

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
let control: SimControl;
let credentials: Record<string, string>;

const q = (query: string, vars: Record<string, unknown> = {}, token = owner) => gqlOk(t, token, query, vars);
const acme = (input: Record<string, unknown>) =>
  q(CREATE, { i: { kind: 'ACME', currency: 'USD', baseUrl: sim.baseUrl, credentials, schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 }, ...input } }).then((r) => r.createChannel);

beforeAll(async () => {
  t = await startTestApp({ CONNECTORS: ACME, ROLE: 'all' });
  owner = await t.ownerToken();
  sim = await startAcmeSimulator();
  control = new SimControl(sim.controlUrl);
  credentials = await control.credentials();
});
afterAll(async () => {
  await sim?.stop();
  await t?.stop();
});

describe('what a connector declares', () => {
  it('lists its marketplaces, settings and whether it takes push messages', async () => {
    const connectors = (await q('{ connectors { kinds settingsFields { name required } marketplaces { id label currency locale } severalMarketplacesPerChannel receivesNotifications } }')).connectors;
    expect(connectors).toEqual(
      expect.arrayContaining([
        {
          kinds: ['ACME'],
          settingsFields: [{ name: 'locationKey', required: true }, { name: 'returnPolicyId', required: false }],
          marketplaces: [
            { id: 'ACME_US', label: 'Acme.com (US)', currency: 'USD', locale: 'en_US' },
            { id: 'ACME_CA', label: 'Acme.ca (Canada)', currency: 'CAD', locale: 'en_CA' },
            { id: 'ACME_MX', label: 'Acme.com.mx (Mexico)', currency: 'MXN', locale: 'es_MX' },
          ],
          severalMarketplacesPerChannel: true,
          receivesNotifications: true,
        },
        expect.objectContaining({ kinds: ['TAOBAO', 'TMALL'], marketplaces: [], receivesNotifications: false }),
      ]),
    );
  });
});

describe('channel settings', () => {
  it('refuses unknown names, names given twice and missing required settings, each with its code and place', async () => {
    const r = await acme({ name: 'Acme bad settings', marketplaceIds: ['ACME_US'], settings: [{ name: 'returnPolicyId', value: 'RP-1' }, { name: 'fulfilmentPolicy', value: 'x' }, { name: 'returnPolicyId', value: 'RP-2' }] });
    expect(r.channel).toBeNull();
    expect(r.userErrors).toEqual([
      expect.objectContaining({ code: 'SETTING_UNKNOWN', field: ['settings', '1', 'name'], message: expect.stringContaining('locationKey, returnPolicyId') }),
      expect.objectContaining({ code: 'SETTING_INVALID', field: ['settings', '2', 'name'] }),
      expect.objectContaining({ code: 'SETTING_REQUIRED', field: ['settings'], message: expect.stringContaining('locationKey') }),
    ]);
    // A connector without settings takes none.
    const taobao = await q(CREATE, { i: { kind: 'TAOBAO', name: '淘宝 设置', currency: 'CNY', credentials: { appKey: '1', appSecret: 's', sessionKey: 'k' }, settings: [{ name: 'locationKey', value: 'x' }] } });
    expect(taobao.createChannel.userErrors).toEqual([expect.objectContaining({ code: 'SETTING_UNKNOWN', message: expect.stringContaining('it takes none') })]);
  });

  it('stores them in the clear, readable with channels.read, and changes them by name (a required one cannot be removed)', async () => {
    const created = await acme({ name: 'Acme settings', marketplaceIds: ['ACME_US'], settings: [{ name: 'returnPolicyId', value: ' RP-1 ' }, { name: 'locationKey', value: 'WH-EAST' }] });
    expect(created.userErrors).toEqual([]);
    // In the connector's order, trimmed.
    expect(created.channel.settings).toEqual([{ name: 'locationKey', value: 'WH-EAST' }, { name: 'returnPolicyId', value: 'RP-1' }]);
    const id = created.channel.id;

    const marketing = await t.staffToken(['marketing']);
    expect((await q(`query($id: ID!) { channel(id: $id) { settings { name value } } }`, { id }, marketing)).channel.settings).toEqual(created.channel.settings);

    const changed = (await q(UPDATE, { i: { id, settings: [{ name: 'locationKey', value: 'WH-WEST' }, { name: 'returnPolicyId', value: null }] } })).updateChannel;
    expect(changed.userErrors).toEqual([]);
    expect(changed.channel.settings).toEqual([{ name: 'locationKey', value: 'WH-WEST' }]);
    const refused = (await q(UPDATE, { i: { id, settings: [{ name: 'locationKey', value: '' }] } })).updateChannel;
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'SETTING_REQUIRED', field: ['settings'] })]);
    expect((await q(`query($id: ID!) { channel(id: $id) { settings { value } } }`, { id })).channel.settings).toEqual([{ value: 'WH-WEST' }]);
  });
});

describe('marketplaces a channel covers', () => {
  it('refuses ids outside the catalogue, none where the connector has a catalogue, and both forms at once', async () => {
    const unknown = await acme({ name: 'Acme unknown', marketplaceIds: ['ACME_US', 'ACME_JP'], settings: [{ name: 'locationKey', value: 'WH' }] });
    expect(unknown.userErrors).toEqual([expect.objectContaining({ code: 'MARKETPLACE_UNKNOWN', field: ['marketplaceIds', '1'], message: expect.stringContaining('ACME_MX (Acme.com.mx (Mexico))') })]);
    const none = await acme({ name: 'Acme none', settings: [{ name: 'locationKey', value: 'WH' }] });
    expect(none.userErrors).toEqual([expect.objectContaining({ code: 'MARKETPLACE_REQUIRED', field: ['marketplaceIds'] })]);
    const both = await acme({ name: 'Acme both', marketplaceId: 'ACME_US', marketplaceIds: ['ACME_CA'], settings: [{ name: 'locationKey', value: 'WH' }] });
    expect(both.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', field: ['marketplaceIds'] })]);
  });

  it('gives a connector serving one marketplace per channel (Taobao) one id at most, as the single marketplaceId always was', async () => {
    const base = { kind: 'TAOBAO', currency: 'CNY', credentials: { appKey: '1', appSecret: 's', sessionKey: 'k' } };
    const two = await q(CREATE, { i: { ...base, name: '淘宝 两站', marketplaceIds: ['A', 'B'] } });
    expect(two.createChannel.userErrors).toEqual([expect.objectContaining({ code: 'TOO_MANY_MARKETPLACES', field: ['marketplaceIds'] })]);
    const one = (await q(CREATE, { i: { ...base, name: '淘宝 一站', marketplaceId: 'CN' } })).createChannel;
    expect(one.userErrors).toEqual([]);
    expect(one.channel).toMatchObject({ marketplaceId: 'CN', marketplaces: [{ id: 'CN', label: 'CN', currency: 'CNY', locale: null }] });
    const cleared = (await q(UPDATE, { i: { id: one.channel.id, marketplaceId: '' } })).updateChannel;
    expect(cleared.channel).toMatchObject({ marketplaceId: null, marketplaces: [] });
  });

  it('covers several for one seller account, hands them and the settings to the connector, and orders say where they were placed', async () => {
    const created = await acme({ name: 'Acme North America', marketplaceIds: ['ACME_US', 'ACME_CA', 'ACME_US'], settings: [{ name: 'locationKey', value: 'WH-NA' }] });
    expect(created.userErrors).toEqual([]);
    expect(created.channel).toMatchObject({
      marketplaceId: 'ACME_US',
      marketplaces: [
        { id: 'ACME_US', label: 'Acme.com (US)', currency: 'USD', locale: 'en_US' },
        { id: 'ACME_CA', label: 'Acme.ca (Canada)', currency: 'CAD', locale: 'en_CA' },
      ],
    });
    const channel = created.channel;
    const now = new Date().toISOString();
    for (const [id, m] of [['NA-1', 'ACME_US'], ['NA-2', 'ACME_CA']]) {
      await control.addOrder(JSON.stringify({ id, status: 'Unshipped', marketplaceId: m, currency: 'USD', total: '10.00', createdAt: now, updatedAt: now, lines: [{ id: `${id}-1`, sku: 'NA-SKU', quantity: 1, unitPrice: '10.00' }] }));
    }
    const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
    await waitFor('the pull', async () => (await q(`query($id: ID!) { syncRun(id: $id) { finishedAt } }`, { id: run.syncChannel.syncRun.id })).syncRun.finishedAt || undefined);
    const orders = (await q(`query($k: String) { orders(filter: { channelKey: $k }, first: 10) { edges { node { externalId marketplaceId } } } }`, { k: channel.key })).orders.edges.map((e: { node: unknown }) => e.node);
    expect(orders).toEqual(expect.arrayContaining([{ externalId: 'NA-1', marketplaceId: 'ACME_US' }, { externalId: 'NA-2', marketplaceId: 'ACME_CA' }]));
    // What the connector was given: the location and the marketplaces, on the calls that need them.
    const pulls = (await control.requests()).filter((r) => r.operation === 'orders.list');
    expect(pulls.at(-1)?.params).toEqual({ location: 'WH-NA', marketplaces: 'ACME_US,ACME_CA' });

    // updateChannel replaces the list, checked the same way.
    const moved = (await q(UPDATE, { i: { id: channel.id, marketplaceIds: ['ACME_MX'] } })).updateChannel;
    expect(moved.channel.marketplaces.map((m: { id: string }) => m.id)).toEqual(['ACME_MX']);
    const refused = (await q(UPDATE, { i: { id: channel.id, marketplaceIds: [] } })).updateChannel;
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'MARKETPLACE_REQUIRED' })]);
  });
});

describe("the connector's check of a channel's marketplaces and settings together (Amazon)", () => {
  const US = 'ATVPDKIKX0DER';
  const CA = 'A2EUQ1WTGCTBG2';
  const DE = 'A1PA6795UKMFR9';
  const amazon = (input: Record<string, unknown>) =>
    q(CREATE, { i: { kind: 'AMAZON', currency: 'USD', credentials: { clientId: 'amzn1.application-oa2-client.x', clientSecret: 's', refreshToken: 'Atzr|x', sellerId: 'A3TEST' }, ...input } }).then((r) => r.createChannel);

  it('refuses marketplaces of two regions, a region setting that disagrees and a language a marketplace does not take, saying why', async () => {
    const mixed = await amazon({ name: 'Amazon mixed', marketplaceIds: [US, DE] });
    expect(mixed.userErrors).toEqual([expect.objectContaining({ code: 'MARKETPLACES_MIXED_REGIONS', field: ['marketplaceIds'], message: expect.stringContaining('one channel per region') })]);
    const region = await amazon({ name: 'Amazon EU?', marketplaceIds: [US, CA], settings: [{ name: 'region', value: 'EU' }] });
    expect(region.userErrors).toEqual([expect.objectContaining({ code: 'REGION_MISMATCH', field: ['settings'] })]);
    const language = await amazon({ name: 'Amazon de on CA', marketplaceIds: [US, CA], settings: [{ name: `language.${CA}`, value: 'de_DE' }] });
    expect(language.userErrors).toEqual([expect.objectContaining({ code: 'LANGUAGE_INVALID', field: ['settings'], message: expect.stringContaining('fr_CA') })]);
  });

  it('takes a channel of one region in a language each marketplace takes, shows that language, and refuses an update that would break it', async () => {
    const made = await amazon({ name: 'Amazon NA fr', marketplaceIds: [US, CA], settings: [{ name: `language.${CA}`, value: 'fr-CA' }] });
    expect(made.userErrors).toEqual([]);
    expect(made.channel.marketplaces.map((m: { id: string; locale: string }) => [m.id, m.locale])).toEqual([[US, 'en_US'], [CA, 'fr_CA']]);
    const widened = (await q(UPDATE, { i: { id: made.channel.id, marketplaceIds: [US, CA, DE] } })).updateChannel;
    expect(widened.userErrors).toEqual([expect.objectContaining({ code: 'MARKETPLACES_MIXED_REGIONS', field: ['marketplaceIds'] })]);
    const relabelled = (await q(UPDATE, { i: { id: made.channel.id, settings: [{ name: `language.${CA}`, value: 'ja_JP' }] } })).updateChannel;
    expect(relabelled.userErrors).toEqual([expect.objectContaining({ code: 'LANGUAGE_INVALID', field: ['settings'] })]);
    const { channel } = await q(`query($id: ID!) { channel(id: $id) { marketplaces { id locale } settings { name value } } }`, { id: made.channel.id });
    expect(channel.marketplaces).toEqual([{ id: US, locale: 'en_US' }, { id: CA, locale: 'fr_CA' }]);
    expect(channel.settings).toEqual(expect.arrayContaining([{ name: `language.${CA}`, value: 'fr-CA' }]));
  });
});
