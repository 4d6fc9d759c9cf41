import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tradeJson } from '../connectors/taobao/fixtures/trades';
import { selectRows } from '../src/common/sql';
import { uuidOf } from '../src/common/ids';
import { ChannelRef, createTaobaoChannel, seedCatalog, useWorkerAndSimulator, waitFor } from './support/sync-fixtures';

/**
 * How the engine handles what no retry fixes: an operation the marketplace refuses this account
 * (PERMISSION_DENIED) stops that operation only, with the marketplace's reason on the channel;
 * a setup fault such as a clock off (CHANNEL_STOPPED) stops the channel with its cause; a
 * refund that cannot be read is kept with its raw body. The marketplace is the Taobao simulator
 * behind a proxy that answers chosen TOP methods with TOP's own error envelope.
 */

jest.setTimeout(120_000);

const env = useWorkerAndSimulator();
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(env.t.em(), text, params);

/** TOP methods answered with an error instead of reaching the simulator ('*': every method). */
const refusals = new Map<string, Record<string, unknown>>();
/** TOP methods that reached the proxy (refused or not), and those it passed on to the simulator. */
const arrived: string[] = [];
const forwarded: string[] = [];
let proxy: http.Server;
let proxyUrl: string;

beforeAll(async () => {
  const target = new URL(env.sim.baseUrl);
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const method = new URLSearchParams(body.toString('utf8')).get('method') ?? new URL(req.url!, 'http://x').searchParams.get('method') ?? '';
      arrived.push(method);
      const refusal = refusals.get(method) ?? refusals.get('*');
      if (refusal) {
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify({ error_response: { request_id: 'proxy', ...refusal } }));
        return;
      }
      forwarded.push(method);
      const answer = await fetch(new URL(req.url!, target.origin), { method: req.method, headers: { 'content-type': String(req.headers['content-type'] ?? '') }, body: req.method === 'GET' ? undefined : body });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${target.pathname}`;
  await seedCatalog(env.t, env.owner, { warehouse: 'EK', prefix: 'EK', count: 3, onHand: 100 });
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
});
beforeEach(() => {
  refusals.clear();
  arrived.length = 0;
  forwarded.length = 0;
});

let channels = 0;
async function channel(): Promise<ChannelRef> {
  return createTaobaoChannel(env.t, env.owner, { name: `淘宝 错误类 ${++channels}`, baseUrl: proxyUrl, credentials: await env.control.credentials(), warehouse: 'EK' });
}

/** Starts a sync and waits for its end; the run as the API shows it. */
async function syncAndWait(c: ChannelRef, scopes: string[]): Promise<Record<string, any>> {
  const r = await env.q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: c.id, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  const id = r.syncChannel.syncRun.id;
  return waitFor('the run finished', async () => {
    const s = (await env.q(`query($id: ID!) { syncRun(id: $id) { id status finishedAt counts { fetched created failed } errors { kind code message externalId raw } } }`, { id })).syncRun;
    return s.finishedAt ? s : undefined;
  });
}

async function channelState(c: ChannelRef): Promise<Record<string, any>> {
  return (await env.q(`query($id: ID!) { node(id: $id) { ... on Channel { status lastError operationErrors { operation code message since } } } }`, { id: c.id })).node;
}

async function testConnection(c: ChannelRef): Promise<Record<string, any>> {
  return (await env.q(`mutation($id: ID!) { testChannelConnection(id: $id) { ok error { code message } channel { status lastError operationErrors { operation } } } }`, { id: c.id })).testChannelConnection;
}

const PERMISSION = { code: 11, msg: 'Insufficient isv permissions', sub_code: 'isv.permission-api-package-limit', sub_msg: '该应用没有调用此接口的权限' };

describe('an operation the marketplace refuses (PERMISSION_DENIED)', () => {
  it('stops that operation with the marketplace’s reason while the channel’s other operations go on, until a connection test passes', async () => {
    const c = await channel();
    for (let i = 1; i <= 3; i++) await env.control.addOrder(tradeJson(70_000 + i, ['EK-01']));
    refusals.set('taobao.refunds.receive.get', PERMISSION);

    const refused = await syncAndWait(c, ['RETURNS']);
    expect(refused.status).toBe('FAILED');
    expect(refused.errors).toEqual([expect.objectContaining({ kind: 'PERMISSION_DENIED', code: '11:isv.permission-api-package-limit', message: '该应用没有调用此接口的权限' })]);
    const after = await channelState(c);
    expect(after).toMatchObject({ status: 'ACTIVE', lastError: null, operationErrors: [{ operation: 'returns.pull', code: '11:isv.permission-api-package-limit', message: '该应用没有调用此接口的权限' }] });
    // Not retried item by item or job by job: one call, one job.
    const jobs = await sql<{ state: string; retry_count: number }>(`select state, retry_count from pgboss.job where name = 'sync-returns' and data->>'runId' = ?`, [uuidOf('SyncRun', refused.id)]);
    expect(jobs).toEqual([{ state: 'completed', retry_count: 0 }]);

    // Its jobs stop with the reason, without calling; orders still come in.
    expect(arrived.filter((m) => m === 'taobao.refunds.receive.get')).toHaveLength(1);
    const again = await syncAndWait(c, ['RETURNS']);
    expect(again.errors).toEqual([expect.objectContaining({ kind: 'PERMISSION_DENIED', code: 'OPERATION_DENIED' })]);
    expect(again.errors[0].message).toContain('returns.pull');
    expect(again.errors[0].message).toContain('该应用没有调用此接口的权限');
    const orders = await syncAndWait(c, ['ORDERS']);
    expect(orders.status).toBe('SUCCEEDED');
    expect(orders.counts.created).toBeGreaterThanOrEqual(3);
    expect(arrived.filter((m) => m === 'taobao.refunds.receive.get')).toHaveLength(1);
    expect(forwarded).toContain('taobao.trades.sold.increment.get');

    // Staff granted the permission and tested the connection: returns are pulled again.
    refusals.clear();
    const tested = await testConnection(c);
    expect(tested).toMatchObject({ ok: true, channel: { status: 'ACTIVE', operationErrors: [] } });
    const pulled = await syncAndWait(c, ['RETURNS']);
    expect(pulled.status).toBe('SUCCEEDED');
    expect(forwarded).toContain('taobao.refunds.receive.get');
  });

  it('is cleared by updateChannel when staff resume the channel', async () => {
    const c = await channel();
    refusals.set('taobao.refunds.receive.get', PERMISSION);
    await syncAndWait(c, ['RETURNS']);
    expect((await channelState(c)).operationErrors).toHaveLength(1);
    const r = await env.q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { status operationErrors { operation } } userErrors { code } } }`, { i: { id: c.id, status: 'ACTIVE' } });
    expect(r.updateChannel).toEqual({ channel: { status: 'ACTIVE', operationErrors: [] }, userErrors: [] });
  });
});

describe('a setup fault no retry fixes (CHANNEL_STOPPED)', () => {
  it('stops the channel naming the cause, and a connection test puts it back once the clock is right', async () => {
    const c = await channel();
    refusals.set('*', { code: 31, msg: 'Invalid Timestamp', sub_msg: '时间戳与服务器时间相差超过10分钟（GMT+8）' });

    const run = await syncAndWait(c, ['ORDERS']);
    expect(run.errors).toEqual([expect.objectContaining({ kind: 'CHANNEL_STOPPED', code: '31' })]);
    const stopped = await channelState(c);
    expect(stopped.status).toBe('STOPPED');
    expect(stopped.lastError).toBe('31: 时间戳与服务器时间相差超过10分钟（GMT+8）');
    const jobs = await sql<{ state: string; retry_count: number }>(`select state, retry_count from pgboss.job where name = 'sync-orders' and data->>'runId' = ?`, [uuidOf('SyncRun', run.id)]);
    expect(jobs).toEqual([{ state: 'completed', retry_count: 0 }]);

    // Still skewed: the test says why and the channel stays stopped.
    const failing = await testConnection(c);
    expect(failing).toMatchObject({ ok: false, error: { code: '31' }, channel: { status: 'STOPPED' } });

    refusals.clear();
    const fixed = await testConnection(c);
    expect(fixed).toMatchObject({ ok: true, channel: { status: 'ACTIVE', lastError: null } });
    expect((await syncAndWait(c, ['ORDERS'])).status).toBe('SUCCEEDED');
  });
});

describe('a refund that cannot be mapped', () => {
  it('is kept as a sync error with its raw body while the other refunds are saved', async () => {
    const c = await channel();
    const tid = '4138573824619399001';
    await env.control.addOrder(tradeJson(99_001, ['EK-02']));
    const post = (refund: string) => fetch(new URL('/__sim/refunds', env.sim.controlUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: refund });
    // Without a status nobody can tell what the refund is.
    const bad = await post(`{"refund_id": 88001, "tid": ${tid}, "refund_fee": "10.00", "reason": "不想要了", "has_good_return": false}`);
    expect(bad.status).toBe(200);
    const good = await post(`{"refund_id": 88002, "tid": ${tid}, "status": "WAIT_SELLER_AGREE", "refund_fee": "5.00", "reason": "少件", "has_good_return": false}`);
    expect(good.status).toBe(200);

    const run = await syncAndWait(c, ['RETURNS']);
    const quarantined = run.errors.filter((e: { code: string }) => e.code === 'MALFORMED_RETURN');
    expect(quarantined).toEqual([expect.objectContaining({ kind: 'MALFORMED', externalId: '88001', message: 'status is missing' })]);
    expect(quarantined[0].raw).toMatchObject({ refund_id: '88001', refund_fee: '10.00', reason: '不想要了' });
    expect(run.status).toBe('PARTIAL');
    expect(run.counts.failed).toBe(1);
    const saved = await sql<{ external_id: string }>('select external_id from channel_return where channel_id = ?', [uuidOf('Channel', c.id)]);
    expect(saved.map((r) => r.external_id)).toContain('88002');
    expect(saved.map((r) => r.external_id)).not.toContain('88001');
  });
});
