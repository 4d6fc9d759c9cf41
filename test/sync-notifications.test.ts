import path from 'node:path';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { selectRows } from '../src/common/sql';
import { acmeSignature, SIGNATURE_HEADER } from './support/acme';
import { startAcmeSimulator } from './support/acme/simulator';
import { gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A marketplace's push message makes the engine pull the orders it names at once: the API takes
 * it at `POST /notifications/<channel key>` (raw body kept for the signature, size capped), the
 * connector checks the signature with the channel's secret (Acme: HMAC-SHA256 over the body) and
 * reads the order ids, and a job fetches each order (getOrder) and imports it through the same
 * intake as pulls, leaving a sync run with trigger NOTIFICATION. Answers say accepted (202),
 * refused (401) or not found (404) and never carry anything of the message.
 */

jest.setTimeout(120_000);

const ACME = path.join(__dirname, 'support', 'acme');

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
let control: SimControl;
let credentials: Record<string, string>;
let channel: { id: string; key: string };

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

function order(id: string, status = 'Unshipped'): string {
  const now = new Date().toISOString();
  return JSON.stringify({ id, status, marketplaceId: 'ACME_US', currency: 'USD', total: '30.00', createdAt: now, updatedAt: now, lines: [{ id: `${id}-1`, sku: 'NOTE-SKU', quantity: 2, unitPrice: '15.00' }] });
}

function message(orderIds: string[], sellerId = credentials.sellerId): string {
  return JSON.stringify({ sellerId, sentAt: new Date().toISOString(), events: orderIds.map((orderId) => ({ type: 'ORDER_CHANGED', orderId })) });
}

async function post(key: string, body: string | Buffer, headers: Record<string, string>, method = 'POST'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${t.baseUrl}/notifications/${key}`, { method, headers, body: method === 'GET' ? undefined : body });
  return { status: res.status, text: await res.text() };
}

const signed = (body: string, secret = credentials.notificationSecret) => ({ 'content-type': 'application/json', [SIGNATURE_HEADER]: acmeSignature(secret, body) });

async function notificationRuns(): Promise<Record<string, any>[]> {
  const runs = (await q(`query($c: ID!) { syncRuns(filter: { channelId: $c }, first: 50) { nodes { id trigger scopes status finishedAt counts { fetched created updated failed } errors { kind code externalId } } } }`, { c: channel.id })).syncRuns.nodes;
  return runs.filter((r: { trigger: string }) => r.trigger === 'NOTIFICATION');
}

beforeAll(async () => {
  t = await startTestApp({ CONNECTORS: ACME, ROLE: 'all' });
  owner = await t.ownerToken();
  sim = await startAcmeSimulator();
  control = new SimControl(sim.controlUrl);
  credentials = await control.credentials();
  const r = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key } userErrors { code message } } }`, {
    i: { kind: 'ACME', name: 'Acme push', baseUrl: sim.baseUrl, currency: 'USD', credentials, marketplaceIds: ['ACME_US'], settings: [{ name: 'locationKey', value: 'WH' }], schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 } },
  });
  expect(r.createChannel.userErrors).toEqual([]);
  channel = r.createChannel.channel;
});
afterAll(async () => {
  await sim?.stop();
  await t?.stop();
});

describe('POST /notifications/<channel key>', () => {
  it('given a message the marketplace signed when it is posted then it is accepted and the orders it names are imported, in a NOTIFICATION run', async () => {
    await control.addOrder(order('PUSH-1'));
    await control.addOrder(order('PUSH-2'));
    // Posted by the simulator itself, as the marketplace would.
    const res = await fetch(`${control.controlUrl}/__sim/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderIds: ['PUSH-1', 'PUSH-2'], deliverTo: `${t.baseUrl}/notifications/${channel.key}` }) });
    expect(await res.json()).toEqual({ status: 202, body: JSON.stringify({ status: 'accepted' }) });
    const [run] = await waitFor('the run', async () => {
      const runs = await notificationRuns();
      return runs.length && runs[0].finishedAt ? runs : undefined;
    });
    expect(run).toMatchObject({ scopes: ['ORDERS'], status: 'SUCCEEDED', counts: { fetched: 2, created: 2, failed: 0 }, errors: [] });
    const orders = await sql<{ external_id: string; status: string; total: string; marketplace_status: string }>(
      `select external_id, status, total::text, marketplace_status from sales_order where channel_id = ? order by external_id`,
      [channel.key],
    );
    expect(orders).toEqual([
      { external_id: 'PUSH-1', status: 'PAID', total: '30.00', marketplace_status: 'Unshipped' },
      { external_id: 'PUSH-2', status: 'PAID', total: '30.00', marketplace_status: 'Unshipped' },
    ]);
    // Fetched one by one (getOrder): nothing was paged, the pull cursor is untouched.
    const calls = await control.requests();
    expect(calls.filter((c) => c.operation === 'orders.get').map((c) => (c.params as Record<string, string>).orderId).sort()).toEqual(['PUSH-1', 'PUSH-2']);
    expect(calls.filter((c) => c.operation === 'orders.list')).toEqual([]);
    const [{ orders_cursor }] = await sql<{ orders_cursor: unknown }>('select orders_cursor from channel where key = ?', [channel.key]);
    expect(orders_cursor).toBeNull();

    // A later change of an order arrives the same way, as an update.
    await fetch(`${control.controlUrl}/__sim/orders/PUSH-1/change`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'Shipped' }) });
    const body = message(['PUSH-1']);
    expect(await post(channel.key, body, signed(body))).toEqual({ status: 202, text: JSON.stringify({ status: 'accepted' }) });
    await waitFor('the update', async () => ((await sql<{ status: string }>(`select status from sales_order where external_id = 'PUSH-1'`))[0].status === 'SHIPPED') || undefined);
  });

  it('given a bad or missing signature, or a message for another seller, when it is posted then it is refused with 401, nothing is pulled and nothing of it is answered back', async () => {
    const before = (await notificationRuns()).length;
    const body = message(['PUSH-1']);
    for (const headers of [signed(body, 'not-the-secret'), { 'content-type': 'application/json' }, signed(message(['PUSH-1'], '999'))]) {
      const res = await post(channel.key, body, headers);
      expect(res).toEqual({ status: 401, text: JSON.stringify({ status: 'refused' }) });
    }
    // Signed over other bytes than those sent (a re-serialised body) is refused too: the raw body counts.
    const spaced = body.replace('{', '{ ');
    expect((await post(channel.key, spaced, signed(body))).status).toBe(401);
    expect((await notificationRuns()).length).toBe(before);
  });

  it('given an unknown channel, a channel whose connector takes no messages, another method or a body over the cap then it answers without echoing anything', async () => {
    const body = message(['PUSH-1']);
    expect(await post('no-such-channel', body, signed(body))).toEqual({ status: 404, text: JSON.stringify({ status: 'not found' }) });
    expect((await post('<script>', body, signed(body))).text).not.toContain('script');
    const taobao = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { key } userErrors { code } } }`, { i: { kind: 'TAOBAO', name: '淘宝 推送', currency: 'CNY', credentials: { appKey: '1', appSecret: 's', sessionKey: 'k' } } });
    expect((await post(taobao.createChannel.channel.key, body, signed(body))).status).toBe(404);
    const get = await post(channel.key, '', {}, 'GET');
    expect(get).toEqual({ status: 405, text: JSON.stringify({ status: 'method not allowed' }) });

    const big = Buffer.alloc(70 * 1024, 'x');
    const tooLarge = await post(channel.key, big, { 'content-type': 'application/json', [SIGNATURE_HEADER]: acmeSignature(credentials.notificationSecret, big) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).not.toContain('xxxx');
  });

  it('given a message naming an order the marketplace does not have when it is pulled then that order is recorded against the run and the others import', async () => {
    await control.addOrder(order('PUSH-3'));
    const before = (await notificationRuns()).length;
    const body = message(['PUSH-404', 'PUSH-3']);
    expect((await post(channel.key, body, signed(body))).status).toBe(202);
    const run = await waitFor('the run', async () => {
      const runs = await notificationRuns();
      return runs.length > before && runs[0].finishedAt ? runs[0] : undefined;
    });
    expect(run).toMatchObject({ counts: { created: 1, failed: 1 }, errors: [{ kind: 'PERMANENT', code: 'order_not_found', externalId: 'PUSH-404' }] });
    expect((await sql(`select 1 from sales_order where external_id = 'PUSH-3'`)).length).toBe(1);
  });
});
