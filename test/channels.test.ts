import { selectRows } from '../src/common/sql';
import { decryptSecret } from '../src/sync/secrets';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { taobaoConnector } from '../connectors/taobao';
import { startTestApp, TestApp, TEST_SECRETS_KEY } from './support/test-app';

/**
 * Channels over GraphQL: creating one with its credentials (write-only, encrypted at rest),
 * changing it, who may see and manage which channel, and the connection test against the
 * Taobao simulator.
 */

let t: TestApp;
let owner: string;

const SECRET = 'app-secret-7f3c9a1e-never-shown';
const SESSION = 'session-key-b52d0c44-never-shown';
const CREDENTIALS = { appKey: '12345678', appSecret: SECRET, sessionKey: SESSION };

const CHANNEL_FIELDS = `id key kind name marketplaceId currency baseUrl status lastError enabledOps credentialFields warehouseCodes
  priceRule { mode value rate } schedule { ordersEveryMinutes returnsEveryMinutes reconcileEveryHours }
  connector { label kinds capabilities credentialFields { name required secret } } createdAt updatedAt`;
const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { ${CHANNEL_FIELDS} } userErrors { code message field } } }`;
const UPDATE = `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { ${CHANNEL_FIELDS} } userErrors { code message field } } }`;

async function q(query: string, vars: Record<string, unknown> = {}, token = owner): Promise<Record<string, any>> {
  const r = await t.gql(query, vars, token);
  if (r.errors) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return selectRows<T>(t.em(), text, params);
}

async function create(input: Record<string, unknown>, token = owner): Promise<{ channel: any; userErrors: any[] }> {
  return (await q(CREATE, { i: { kind: 'TAOBAO', currency: 'CNY', credentials: CREDENTIALS, ...input } }, token)).createChannel;
}

async function createOk(input: Record<string, unknown>): Promise<any> {
  const r = await create(input);
  expect(r.userErrors).toEqual([]);
  return r.channel;
}

async function decrypted(channelKey: string): Promise<Record<string, string>> {
  const [row] = await sql<{ credentials_enc: string }>('select credentials_enc from channel where key = ?', [channelKey]);
  return JSON.parse(decryptSecret(Buffer.from(TEST_SECRETS_KEY, 'hex'), row.credentials_enc));
}

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  for (const code of ['CHA', 'CHB']) {
    await q(`mutation($c: String!) { createWarehouse(input: { code: $c, name: "渠道仓", kind: OWN, country: "CN" }) { userErrors { code } } }`, { c: code });
  }
});
afterAll(() => t.stop());

describe('createChannel', () => {
  it('refuses a kind without an installed connector: the schema lists only the installed kinds', async () => {
    const kinds = (await q('{ __type(name: "ChannelKind") { enumValues { name description } } }')).__type.enumValues;
    expect(kinds.map((k: { name: string }) => k.name).sort()).toEqual(['ALIEXPRESS', 'AMAZON', 'EBAY', 'TAOBAO', 'TMALL']);
    for (const k of kinds) expect(k.description).toMatch(/\S/);
    const r = await t.gql(CREATE, { i: { kind: 'ZZMARKET', name: 'Zz Market US', currency: 'USD', credentials: CREDENTIALS } }, owner);
    expect(r.data).toBeUndefined();
    expect(r.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    expect(r.errors![0].message).toContain('ChannelKind');
  });

  it('refuses missing required credential fields, naming each one', async () => {
    const r = await create({ name: '缺凭证', credentials: { appKey: '1' } });
    expect(r.channel).toBeNull();
    const err = r.userErrors.find((e) => e.code === 'CREDENTIALS_INVALID');
    expect(err).toBeDefined();
    expect(err.message).toContain('appSecret');
    expect(err.message).toContain('sessionKey');
    expect(err.message).not.toContain('refreshToken');
  });

  it('refuses credentials left out altogether and fields the connector does not know', async () => {
    const none = await create({ name: '无凭证', credentials: null });
    expect(none.userErrors.map((e) => e.code)).toEqual(['CREDENTIALS_INVALID']);
    const typo = await create({ name: '拼错', credentials: { ...CREDENTIALS, sesionKey: 'x' } });
    expect(typo.userErrors).toEqual([expect.objectContaining({ code: 'CREDENTIALS_INVALID', field: ['credentials', 'sesionKey'] })]);
  });

  it('refuses an unknown warehouse at its index, and a price rule that cannot work', async () => {
    // Without a rate EXCHANGE_RATE converts with finance's rate table (issue 14); a rate of 0 cannot work.
    const r = await create({ name: '未知仓', warehouseCodes: ['CHA', 'NOPE'], priceRule: { mode: 'EXCHANGE_RATE', rate: '0' } });
    expect(r.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'WAREHOUSE_NOT_FOUND', field: ['warehouseCodes', '1'] }),
        expect.objectContaining({ code: 'INVALID_PRICE_RULE', field: ['priceRule'] }),
      ]),
    );
    expect(r.userErrors).toHaveLength(2);
  });

  it('refuses a bad key, currency, URL, schedule and an operation the connector lacks', async () => {
    const r = await create({ name: '全错', key: 'Bad Key!', currency: 'yuan', baseUrl: 'ftp://x', schedule: { ordersEveryMinutes: -1 }, enabledOps: ['stock.push', 'teleport'] });
    expect(r.userErrors.map((e) => e.code).sort()).toEqual(['INVALID_CURRENCY', 'INVALID_KEY', 'INVALID_SCHEDULE', 'INVALID_URL', 'OPERATION_NOT_SUPPORTED']);
  });

  it('writes nothing when refused', async () => {
    const [n] = await sql<{ n: number }>('select count(*)::int as n from channel');
    expect(n.n).toBe(0);
    const audit = await sql<{ changes: { outcome: string } }>(`select changes from audit_log where action = 'createChannel' order by id desc limit 1`);
    expect(audit[0].changes.outcome).toBe('REFUSED');
  });

  it('creates a channel with defaults from the connector, its stock policy and rule', async () => {
    const c = await createOk({ name: '淘宝旗舰店', warehouseCodes: ['cha'] });
    expect(c).toMatchObject({
      kind: 'TAOBAO',
      key: 'taobao',
      name: '淘宝旗舰店',
      currency: 'CNY',
      status: 'ACTIVE',
      baseUrl: taobaoConnector.defaultBaseUrl,
      enabledOps: taobaoConnector.capabilities,
      warehouseCodes: ['CHA'],
      credentialFields: ['appKey', 'appSecret', 'sessionKey'],
      priceRule: { mode: 'SAME', value: null, rate: null },
      schedule: { ordersEveryMinutes: 5, returnsEveryMinutes: 30, reconcileEveryHours: 24 },
      connector: { label: taobaoConnector.label },
    });
    const rules = await sql<{ code: string }>('select w.code from channel_stock_rule r join warehouse w on w.id = r.warehouse_id where r.channel_key = ?', ['taobao']);
    expect(rules).toEqual([{ code: 'CHA' }]);
    const [policy] = await sql<{ n: number }>('select count(*)::int as n from channel_stock_policy where channel_key = ?', ['taobao']);
    expect(policy.n).toBe(1);
  });

  it('derives unique ascii keys from names, and refuses a taken key or name', async () => {
    expect((await createOk({ name: '淘宝二店' })).key).toBe('taobao-2');
    expect((await createOk({ name: 'Tmall Flagship Été', kind: 'TMALL' })).key).toBe('tmall-flagship-ete');
    const taken = await create({ name: '淘宝三店', key: 'taobao' });
    expect(taken.userErrors).toEqual([expect.objectContaining({ code: 'KEY_TAKEN', field: ['key'] })]);
    const sameName = await create({ name: '淘宝旗舰店' });
    expect(sameName.userErrors).toEqual([expect.objectContaining({ code: 'NAME_TAKEN', field: ['name'] })]);
  });

  it('adopts the stock rule its key already has when no warehouses are given', async () => {
    await q(`mutation { setChannelStockRule(input: { channelKey: "wholesale-cn", warehouseCodes: ["CHB"], buffer: 3 }) { userErrors { code } } }`);
    const c = await createOk({ name: 'Wholesale', key: 'wholesale-cn', priceRule: { mode: 'MARKUP_PERCENT', value: '12.5' } });
    expect(c.warehouseCodes).toEqual(['CHB']);
    expect(c.priceRule).toEqual({ mode: 'MARKUP_PERCENT', value: '12.5', rate: null });
    const [policy] = await sql<{ buffer: number }>('select buffer from channel_stock_policy where channel_key = ?', ['wholesale-cn']);
    expect(policy.buffer).toBe(3);
  });
});

describe('credentials are write-only', () => {
  it('never come back in any field, and are stored encrypted', async () => {
    const all = await q(`{ channels { ${CHANNEL_FIELDS} } }`);
    expect(all.channels.length).toBeGreaterThanOrEqual(4);
    const text = JSON.stringify(all);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SESSION);
    expect(text).not.toContain(CREDENTIALS.appKey);

    const [row] = await sql<{ credentials_enc: string; row: string }>(`select credentials_enc, row_to_json(c)::text as row from channel c where key = 'taobao'`);
    expect(row.credentials_enc.startsWith('v1:')).toBe(true);
    expect(row.row).not.toContain(SECRET);
    expect(row.row).not.toContain(SESSION);
    // ...and it is really them, under the secrets key.
    expect(await decrypted('taobao')).toEqual(CREDENTIALS);
    const audit = await sql<{ changes: string }>(`select changes::text as changes from audit_log where action in ('createChannel', 'updateChannel')`);
    expect(audit.length).toBeGreaterThan(0);
    for (const a of audit) expect(a.changes).not.toContain(SECRET);
  });
});

describe('updateChannel', () => {
  it('changes settings, and replaces only the credential fields given', async () => {
    const [c] = (await q('{ channels { id key } }')).channels.filter((x: any) => x.key === 'taobao');
    const r = (
      await q(UPDATE, {
        i: { id: c.id, name: '淘宝旗舰店 (新)', credentials: { sessionKey: 'new-session', refreshToken: 'refresh-1' }, schedule: { ordersEveryMinutes: 0 }, warehouseCodes: ['CHB', 'CHA'], enabledOps: ['orders.pull', 'stock.push'] },
      })
    ).updateChannel;
    expect(r.userErrors).toEqual([]);
    expect(r.channel).toMatchObject({
      name: '淘宝旗舰店 (新)',
      key: 'taobao',
      schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 30, reconcileEveryHours: 24 },
      warehouseCodes: ['CHA', 'CHB'],
      enabledOps: ['orders.pull', 'stock.push'],
      credentialFields: ['appKey', 'appSecret', 'sessionKey', 'refreshToken'],
    });
    expect(await decrypted('taobao')).toEqual({ ...CREDENTIALS, sessionKey: 'new-session', refreshToken: 'refresh-1' });
  });

  it('refuses removing a required credential, and keeps what was stored', async () => {
    const [c] = (await q('{ channels { id key } }')).channels.filter((x: any) => x.key === 'taobao');
    const r = (await q(UPDATE, { i: { id: c.id, credentials: { appSecret: null } } })).updateChannel;
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'CREDENTIALS_INVALID' })]);
    expect((await decrypted('taobao')).appSecret).toBe(SECRET);
  });

  it('puts an AUTH_FAILED channel back to ACTIVE when its credentials change, and pauses on request', async () => {
    const [c] = (await q('{ channels { id key } }')).channels.filter((x: any) => x.key === 'taobao-2');
    await t.em().getConnection().execute(`update channel set status = 'AUTH_FAILED', last_error = '27: Invalid session' where key = 'taobao-2'`);
    const same = (await q(UPDATE, { i: { id: c.id, name: '淘宝二店' } })).updateChannel;
    expect(same.channel).toMatchObject({ status: 'AUTH_FAILED', lastError: '27: Invalid session' });
    const fixed = (await q(UPDATE, { i: { id: c.id, credentials: { sessionKey: 'renewed' } } })).updateChannel;
    expect(fixed.channel).toMatchObject({ status: 'ACTIVE', lastError: null });
    const paused = (await q(UPDATE, { i: { id: c.id, status: 'PAUSED' } })).updateChannel;
    expect(paused.channel.status).toBe('PAUSED');
  });

  it('refuses an unknown channel and an unknown warehouse', async () => {
    const missing = (await q(UPDATE, { i: { id: Buffer.from('Channel:00000000-0000-4000-8000-000000000000').toString('base64url'), name: 'x' } })).updateChannel;
    expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['id'] })]);
    const [c] = (await q('{ channels { id key } }')).channels.filter((x: any) => x.key === 'taobao');
    const wh = (await q(UPDATE, { i: { id: c.id, warehouseCodes: ['ZZZ'] } })).updateChannel;
    expect(wh.userErrors).toEqual([expect.objectContaining({ code: 'WAREHOUSE_NOT_FOUND', field: ['warehouseCodes', '0'] })]);
  });
});

describe('who sees and manages which channel', () => {
  it('shows channel-scoped staff only their channels', async () => {
    const overseas = await t.staffToken(['overseas_sales'], { departmentKey: 'overseas', channelIds: ['taobao-2'] });
    const list = (await q('{ channels { key } }', {}, overseas)).channels;
    expect(list).toEqual([{ key: 'taobao-2' }]);

    const other = (await q('{ channels { id key } }')).channels.find((x: any) => x.key === 'taobao');
    const single = await t.gql('query($id: ID!) { channel(id: $id) { key } }', { id: other.id }, overseas);
    expect(single.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viaNode = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: other.id }, overseas);
    expect(viaNode.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const mine = (await q('{ channels { id key } }')).channels.find((x: any) => x.key === 'taobao-2');
    expect((await q('query($id: ID!) { channel(id: $id) { key } }', { id: mine.id }, overseas)).channel).toEqual({ key: 'taobao-2' });
  });

  it('lets everyone with channels.read see every channel when unscoped', async () => {
    const analyst = await t.staffToken(['data_analyst'], { departmentKey: 'data' });
    const all = (await q('{ channels { key } }', {}, analyst)).channels.map((c: any) => c.key);
    expect(all).toEqual(expect.arrayContaining(['taobao', 'taobao-2', 'tmall-flagship-ete', 'wholesale-cn']));
  });

  it('refuses reading without channels.read and managing without channels.manage', async () => {
    const designer = await t.staffToken(['designer'], { departmentKey: 'design' });
    expect((await t.gql('{ channels { key } }', {}, designer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ops = await t.staffToken(['ops_specialist']);
    const created = await t.gql(CREATE, { i: { kind: 'TAOBAO', name: '越权', currency: 'CNY', credentials: CREDENTIALS } }, ops);
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const c = (await q('{ channels { id key } }')).channels.find((x: any) => x.key === 'taobao');
    const updated = await t.gql(UPDATE, { i: { id: c.id, name: '越权' } }, ops);
    expect(updated.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await q('query($id: ID!) { channel(id: $id) { name } }', { id: c.id })).channel.name).toBe('淘宝旗舰店 (新)');
  });

  it('resolves an order’s channel from its key', async () => {
    const record = async (channelKey: string, externalId: string) =>
      (
        await q(`mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { order { channelKey channelId channel { id key name kind } } userErrors { code message } } }`, {
          i: { channelKey, externalId, status: 'PAID', modifiedAt: '2026-11-28T10:00:00Z', currency: 'CNY', lines: [{ sku: 'NOT-IN-CATALOG', quantity: 1, unitPrice: '10.00', externalLineId: '1' }] },
        })
      ).recordChannelOrder;
    const known = await record('taobao', '4300000000000000001');
    expect(known.userErrors).toEqual([]);
    expect(known.order.channel).toEqual({ id: known.order.channelId, key: 'taobao', name: '淘宝旗舰店 (新)', kind: 'TAOBAO' });
    expect(known.order.channelId).toMatch(/\S/);
    const unknown = await record('no-such-shop', '4300000000000000002');
    expect(unknown.userErrors).toEqual([]);
    expect(unknown.order).toMatchObject({ channelKey: 'no-such-shop', channelId: null, channel: null });
  });
});

describe('testChannelConnection', () => {
  const TEST = `mutation($id: ID!) { testChannelConnection(id: $id) { ok account error { code message } channel { status lastError } userErrors { code } } }`;

  it('reports the account for working credentials, stops the channel on refused ones, and resumes it when they work again', async () => {
    const sim = await startTaobaoSimulator();
    try {
      const good = await new SimControl(sim.controlUrl).credentials();
      const c = await createOk({ name: '模拟店', baseUrl: sim.baseUrl, credentials: good });
      const ok = (await q(TEST, { id: c.id })).testChannelConnection;
      expect(ok).toMatchObject({ ok: true, error: null, channel: { status: 'ACTIVE' }, userErrors: [] });
      expect(ok.account).toEqual(expect.any(String));

      // Without a refresh token the connector cannot renew the session by itself.
      const bad = (await q(UPDATE, { i: { id: c.id, credentials: { refreshToken: null, sessionKey: 'not-a-session' } } })).updateChannel;
      expect(bad.userErrors).toEqual([]);
      const refused = (await q(TEST, { id: c.id })).testChannelConnection;
      expect(refused.ok).toBe(false);
      expect(refused.error.code).toEqual(expect.any(String));
      expect(refused.channel.status).toBe('AUTH_FAILED');
      expect(JSON.stringify(refused)).not.toContain(good.appSecret);

      const again = (await q(UPDATE, { i: { id: c.id, credentials: { sessionKey: good.sessionKey, refreshToken: good.refreshToken } } })).updateChannel;
      expect(again.channel.status).toBe('ACTIVE');
      // Stopped by a job meanwhile, then the session works again on the marketplace side: a passing test resumes it.
      await t.em().getConnection().execute(`update channel set status = 'AUTH_FAILED', last_error = 'x' where key = ?`, [c.key]);
      const resumed = (await q(TEST, { id: c.id })).testChannelConnection;
      expect(resumed).toMatchObject({ ok: true, channel: { status: 'ACTIVE', lastError: null } });
    } finally {
      await sim.stop();
    }
  });

  it('is refused without channels.manage or channels.sync', async () => {
    const c = (await q('{ channels { id key } }')).channels.find((x: any) => x.key === 'taobao');
    const cs = await t.staffToken(['customer_service'], { departmentKey: 'customer_service' });
    expect((await t.gql(TEST, { id: c.id }, cs)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
