import { parseJsonExact, stringifyJsonExact } from '../sdk/exact-json';
import type { RunningSimulator } from '../sdk/simulator';
import { SimControl } from '../sdk/testkit';
import { createItemByHand, oidOf, tidOf, tradeJson, tradeObject } from './fixtures/trades';
import { signTopRequest, TopSignMethod } from './signing';
import { startTaobaoSimulator } from './simulator';
import { formatTopTime } from './top-time';

// The simulated TOP's wire rules (taobao.md §11), spoken to over real HTTP with requests signed here.

type Raw = Record<string, any>;

interface CallOptions {
  signMethod?: TopSignMethod;
  /** Signs with this secret instead of the app's. */
  secret?: string;
  /** The session sent; null sends none. */
  session?: string | null;
  at?: Date;
  via?: 'GET' | 'POST';
  /** System parameters replaced before signing (app_key, v...). */
  system?: Record<string, string>;
}

interface Answer {
  status: number;
  text: string;
  body: Raw;
}

let sim: RunningSimulator;
let control: SimControl;
let creds: Record<string, string>;

async function top(method: string, params: Record<string, string> = {}, o: CallOptions = {}, target: RunningSimulator = sim, c = creds): Promise<Answer> {
  const signMethod = o.signMethod ?? 'hmac-sha256';
  const all: Record<string, string> = { method, app_key: c.appKey, timestamp: formatTopTime(o.at ?? new Date()), format: 'json', v: '2.0', sign_method: signMethod, ...o.system, ...params };
  const session = o.session === undefined ? c.sessionKey : o.session;
  if (session !== null) all.session = session;
  all.sign = signTopRequest(all, o.secret ?? c.appSecret, signMethod);
  const form = new URLSearchParams(all).toString();
  const res =
    o.via === 'GET'
      ? await fetch(`${target.baseUrl}?${form}`)
      : await fetch(target.baseUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form });
  const text = await res.text();
  return { status: res.status, text, body: res.headers.get('content-type')?.includes('json') ? parseJsonExact<Raw>(text) : {} };
}

const errorOf = (a: Answer) => a.body.error_response as Raw | undefined;

const window = (minutesBack: number, minutesLong: number) => {
  const start = new Date(Date.now() - minutesBack * 60_000);
  return { start_modified: formatTopTime(start), end_modified: formatTopTime(new Date(start.getTime() + minutesLong * 60_000)) };
};

/** An item with one SKU (1627207:28320) carrying `outerId`, created by hand as staff would; its num_iid. */
async function addItem(outerId: string, price = '129.00', quantity = 10): Promise<string> {
  const item = await createItemByHand(sim.controlUrl, { title: `测试商品 ${outerId} 纯棉短袖`, cid: '50000436', skus: [{ outer_id: outerId, price, quantity, properties: '1627207:28320' }] });
  return item.num_iid;
}

async function simPost(path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, sim.controlUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  sim = await startTaobaoSimulator({ seed: 42, callsPerSecond: 1000 });
  control = new SimControl(sim.controlUrl);
});

afterAll(() => sim.stop());

beforeEach(async () => {
  await control.reset();
  creds = await control.credentials();
});

describe('TOP simulator: system parameters', () => {
  it.each(['md5', 'hmac', 'hmac-sha256'] as const)('given a call signed with %s when sent then the answer is the method envelope with a request_id', async (signMethod) => {
    for (const via of ['GET', 'POST'] as const) {
      const a = await top('taobao.user.seller.get', { fields: 'user_id,nick,type' }, { signMethod, via });
      expect(a.status).toBe(200);
      expect(a.body.user_seller_get_response.user).toEqual({ user_id: 2206512345678, nick: '杭州好物旗舰店', type: 'C' });
      expect(a.body.user_seller_get_response.request_id).toMatch(/\S/);
    }
  });

  it('given a signature made with another secret when sent then it is code 25 in an HTTP 200', async () => {
    const a = await top('taobao.user.seller.get', { fields: 'nick' }, { secret: 'not-the-secret' });
    expect(a.status).toBe(200);
    expect(errorOf(a)).toMatchObject({ code: 25, msg: 'Invalid Signature' });
    expect(errorOf(a)!.request_id).toMatch(/\S/);
  });

  it('given a timestamp 11 minutes old when sent then it is code 31, while 9 minutes passes', async () => {
    const stale = await top('taobao.user.seller.get', { fields: 'nick' }, { at: new Date(Date.now() - 11 * 60_000) });
    expect(errorOf(stale)).toMatchObject({ code: 31 });
    const ahead = await top('taobao.user.seller.get', { fields: 'nick' }, { at: new Date(Date.now() + 11 * 60_000) });
    expect(errorOf(ahead)).toMatchObject({ code: 31 });
    const fine = await top('taobao.user.seller.get', { fields: 'nick' }, { at: new Date(Date.now() - 9 * 60_000) });
    expect(errorOf(fine)).toBeUndefined();
  });

  it('given no session or an unknown one when an authorised method is called then it is 26 or 27', async () => {
    expect(errorOf(await top('taobao.items.onsale.get', { fields: 'num_iid' }, { session: null }))).toMatchObject({ code: 26 });
    expect(errorOf(await top('taobao.items.onsale.get', { fields: 'num_iid' }, { session: '6100deadbeef' }))).toMatchObject({ code: 27, sub_code: 'invalid-sessionkey' });
  });

  it('given an unknown method, app key or version when sent then it is 22, 29 or 34', async () => {
    expect(errorOf(await top('taobao.no.such.method'))).toMatchObject({ code: 22 });
    expect(errorOf(await top('constructor'))).toMatchObject({ code: 22 });
    expect(errorOf(await top('taobao.user.seller.get', { fields: 'nick' }, { system: { app_key: '11111111' } }))).toMatchObject({ code: 29 });
    expect(errorOf(await top('taobao.user.seller.get', { fields: 'nick' }, { system: { v: '1.0' } }))).toMatchObject({ code: 34 });
    expect(errorOf(await top('taobao.user.seller.get', { fields: 'nick' }, { system: { format: 'xml' } }))).toMatchObject({ code: 23 });
  });

  it('given expired tokens when the session is used then it is 27, and the refresh token buys a new session once', async () => {
    await control.faults({ expireTokens: true });
    expect(errorOf(await top('taobao.user.seller.get', { fields: 'nick' }))).toMatchObject({ code: 27 });

    const refresh = await top('taobao.top.auth.token.refresh', { refresh_token: creds.refreshToken }, { session: null });
    const tokenResult = refresh.body.top_auth_token_refresh_response.token_result;
    // A JSON *string*, not an object.
    expect(typeof tokenResult).toBe('string');
    const token = JSON.parse(tokenResult);
    expect(token.access_token).not.toBe(creds.sessionKey);
    expect(token.refresh_token).not.toBe(creds.refreshToken);
    expect(token.expire_time).toBeGreaterThan(Date.now());

    const fresh = await top('taobao.user.seller.get', { fields: 'nick' }, { session: token.access_token });
    expect(errorOf(fresh)).toBeUndefined();
    expect((await control.credentials()).sessionKey).toBe(token.access_token);
    const again = await top('taobao.top.auth.token.refresh', { refresh_token: creds.refreshToken }, { session: null });
    expect(errorOf(again)).toMatchObject({ code: 27 });
  });

  it('given a reset when the old session is used then it is refused and the new credentials work', async () => {
    const old = creds;
    await control.reset();
    const next = await control.credentials();
    expect(next.sessionKey).not.toBe(old.sessionKey);
    expect(errorOf(await top('taobao.user.seller.get', { fields: 'nick' }, { session: old.sessionKey }))).toMatchObject({ code: 27 });
    expect(errorOf(await top('taobao.user.seller.get', { fields: 'nick' }, {}, sim, next))).toBeUndefined();
  });
});

describe('TOP simulator: trades', () => {
  it('given an increment window longer than a day, ending before it starts or older than three months then it is refused with isv.*', async () => {
    for (const w of [window(25 * 60, 24 * 60 + 1), window(60, -10), window(91 * 24 * 60, 30)]) {
      const e = errorOf(await top('taobao.trades.sold.increment.get', { fields: 'tid', ...w }));
      expect(e).toMatchObject({ code: 15 });
      expect(e!.sub_code).toMatch(/^isv\./);
    }
    expect(errorOf(await top('taobao.trades.sold.increment.get', { fields: 'tid', ...window(24 * 60 + 5, 24 * 60) }))).toBeUndefined();
  });

  it('given page_size above the method maximum then it is refused, and the maximum passes', async () => {
    const w = window(30, 30);
    expect(errorOf(await top('taobao.trades.sold.increment.get', { fields: 'tid', ...w, page_size: '101' }))).toMatchObject({ code: 41 });
    expect(errorOf(await top('taobao.trades.sold.increment.get', { fields: 'tid', ...w, page_size: '100' }))).toBeUndefined();
    expect(errorOf(await top('taobao.items.onsale.get', { fields: 'num_iid', page_size: '201' }))).toMatchObject({ code: 41 });
    expect(errorOf(await top('taobao.items.onsale.get', { fields: 'num_iid', page_size: '200' }))).toBeUndefined();
  });

  it('given use_has_next when a page is read then has_next replaces total_results', async () => {
    for (let i = 1; i <= 3; i++) await control.addOrder(tradeJson(i, ['A']));
    const w = window(10, 20);
    const counted = (await top('taobao.trades.sold.increment.get', { fields: 'tid', ...w, page_size: '2' })).body.trades_sold_increment_get_response;
    expect(counted.total_results).toBe(3);
    expect(counted).not.toHaveProperty('has_next');
    expect(counted.trades.trade).toHaveLength(2);
    const first = (await top('taobao.trades.sold.increment.get', { fields: 'tid', ...w, page_size: '2', use_has_next: 'true' })).body.trades_sold_increment_get_response;
    expect(first).not.toHaveProperty('total_results');
    expect(first.has_next).toBe(true);
    const last = (await top('taobao.trades.sold.increment.get', { fields: 'tid', ...w, page_size: '2', page_no: '2', use_has_next: 'true' })).body.trades_sold_increment_get_response;
    expect(last.has_next).toBe(false);
    expect(last.trades.trade).toHaveLength(1);
  });

  it('given trades modified at different times when the increment is read then newest come first and only the window is returned', async () => {
    const t = (i: number, minutesAgo: number) => control.addOrder(tradeJson(i, ['A'], { modified: new Date(Date.now() - minutesAgo * 60_000) }));
    await t(1, 50);
    await t(2, 5);
    await t(3, 20);
    const a = await top('taobao.trades.sold.increment.get', { fields: 'tid,modified', ...window(30, 29) });
    expect(a.body.trades_sold_increment_get_response.trades.trade.map((x: Raw) => x.tid)).toEqual([tidOf(2), tidOf(3)]);
  });

  it('given a trade with 64-bit ids when it is read then the JSON text carries them as exact bare numbers, with tid_str only in fullinfo', async () => {
    await control.addOrder(tradeJson(7, ['红色-XL']));
    const tid = tidOf(7);
    const full = await top('taobao.trade.fullinfo.get', { fields: 'tid,tid_str,orders', tid });
    expect(full.text).toContain(`"tid":${tid},`);
    expect(full.text).toContain(`"tid_str":"${tid}"`);
    expect(full.text).toContain('"oid":4238573824600000700,');
    expect(full.text).toContain('"oid_str":"4238573824600000700"');
    expect(full.text).toContain('"outer_sku_id":"红色-XL"');
    const listed = await top('taobao.trades.sold.increment.get', { fields: 'tid,tid_str,orders', ...window(10, 20) });
    expect(listed.text).toContain(`"tid":${tid}`);
    expect(listed.text).not.toContain('tid_str');
    expect(listed.text).not.toContain('oid_str');
  });

  it('given a fields list when a trade is read then only those fields come back, sub-order fields included', async () => {
    await control.addOrder(tradeJson(8, ['A', 'B']));
    const a = await top('taobao.trade.fullinfo.get', { fields: 'tid,status,orders.oid,orders.outer_sku_id', tid: tidOf(8) });
    const trade = a.body.trade_fullinfo_get_response.trade;
    expect(Object.keys(trade).sort()).toEqual(['orders', 'status', 'tid']);
    expect(trade.orders.order.map((o: Raw) => Object.keys(o).sort())).toEqual([['oid', 'outer_sku_id'], ['oid', 'outer_sku_id']]);
    expect(errorOf(await top('taobao.trade.fullinfo.get', { tid: tidOf(8) }))).toMatchObject({ code: 40 });
  });

  it('given paid trades when shipped in parts then the trade moves to SELLER_CONSIGNED_PART and then WAIT_BUYER_CONFIRM_GOODS', async () => {
    await control.addOrder(tradeJson(9, ['A', 'B']));
    const tid = tidOf(9);
    const oids = (await top('taobao.trade.fullinfo.get', { fields: 'orders.oid', tid })).body.trade_fullinfo_get_response.trade.orders.order.map((o: Raw) => String(o.oid));
    const first = await top('taobao.logistics.offline.send', { tid, out_sid: 'ZT001', company_code: 'ZTO', sub_tid: oids[0], is_split: '1' });
    expect(first.body.logistics_offline_send_response.shipping).toEqual({ is_success: true });
    const mid = (await top('taobao.trade.fullinfo.get', { fields: 'status,orders', tid })).body.trade_fullinfo_get_response.trade;
    expect(mid.status).toBe('SELLER_CONSIGNED_PART');
    expect(mid.orders.order.map((o: Raw) => [o.status, o.invoice_no ?? null])).toEqual([['WAIT_BUYER_CONFIRM_GOODS', 'ZT001'], ['WAIT_SELLER_SEND_GOODS', null]]);
    // The same sub-order cannot go twice.
    expect(errorOf(await top('taobao.logistics.offline.send', { tid, out_sid: 'ZT009', company_code: 'ZTO', sub_tid: oids[0], is_split: '1' }))!.sub_code).toMatch(/^isv\./);
    await top('taobao.logistics.offline.send', { tid, out_sid: 'ZT002', company_code: 'ZTO' });
    expect((await top('taobao.trade.fullinfo.get', { fields: 'status', tid })).body.trade_fullinfo_get_response.trade.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    expect((await control.shipments()).map((s) => [s.tid, s.out_sid, s.sub_tid])).toEqual([[tid, 'ZT001', [oids[0]]], [tid, 'ZT002', null]]);
  });

  it.each(['PAID_FORBID_CONSIGN', 'TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO', 'WAIT_BUYER_CONFIRM_GOODS'])('given a %s trade when it is shipped then it is refused with isv.* and nothing is recorded', async (status) => {
    await control.addOrder(stringifyJsonExact(tradeObject(10, ['A'], { status })));
    const e = errorOf(await top('taobao.logistics.offline.send', { tid: tidOf(10), out_sid: 'ZT003', company_code: 'ZTO' }));
    expect(e).toMatchObject({ code: 15 });
    expect(e!.sub_code).toMatch(/^isv\./);
    expect(await control.shipments()).toEqual([]);
  });

  it('given a status set through the control endpoint then modified moves and the increment sees it', async () => {
    await control.addOrder(tradeJson(11, ['A'], { modified: new Date(Date.now() - 3 * 60 * 60_000) }));
    await control.setOrderStatus(tidOf(11), 'WAIT_BUYER_CONFIRM_GOODS');
    const a = await top('taobao.trades.sold.increment.get', { fields: 'tid,status', ...window(10, 20) });
    expect(a.body.trades_sold_increment_get_response.trades.trade).toEqual([{ tid: tidOf(11), status: 'WAIT_BUYER_CONFIRM_GOODS' }]);
  });

  it('given a refund posted to the control endpoint when refunds are read then it comes back with exact ids', async () => {
    const res = await fetch(`${sim.controlUrl}/__sim/refunds`, {
      method: 'POST',
      body: '{"refund_id":"178234567890124001","tid":4138573824619384756,"oid":4138573824620384756,"status":"WAIT_SELLER_AGREE","refund_fee":"129.00","reason":"尺码不合适"}',
    });
    expect(res.status).toBe(200);
    const a = await top('taobao.refunds.receive.get', { fields: 'refund_id,tid,oid,status,reason', use_has_next: 'true' });
    expect(a.text).toContain('"tid":4138573824619384756');
    expect(a.text).toContain('"oid":4138573824620384756');
    expect(a.body.refunds_receive_get_response.refunds.refund[0]).toMatchObject({ refund_id: '178234567890124001', reason: '尺码不合适' });
    expect(a.body.refunds_receive_get_response).not.toHaveProperty('total_results');
  });
});

describe('TOP simulator: what each method returns', () => {
  it('given a trade with a buyer message when the list methods are asked for buyer_message then only has_buyer_message comes back; fullinfo carries the message', async () => {
    await control.addOrder(tradeJson(40, ['A'], { buyerMessage: '不要放快递柜' }));
    const fields = 'tid,buyer_message,has_buyer_message,top_hold,orders.oid,orders.oid_str,orders.divide_order_fee';
    const listed = (await top('taobao.trades.sold.increment.get', { fields, ...window(10, 20) })).body.trades_sold_increment_get_response.trades.trade[0];
    expect(listed).toEqual({ tid: tidOf(40), has_buyer_message: true, orders: { order: [{ oid: oidOf(40, 0), divide_order_fee: '59.00' }] } });
    const sold = (await top('taobao.trades.sold.get', { fields })).body.trades_sold_get_response.trades.trade[0];
    expect(Object.keys(sold).sort()).toEqual(['has_buyer_message', 'orders', 'tid']);
    const full = (await top('taobao.trade.fullinfo.get', { fields, tid: tidOf(40) })).body.trade_fullinfo_get_response.trade;
    expect(full).toMatchObject({ buyer_message: '不要放快递柜' });
    expect(full).not.toHaveProperty('has_buyer_message');
  });

  it('given trades of several types when no type is asked for then only TOP\'s defaults come back, and by name the others do; refunds default to two types', async () => {
    const types = ['fixed', 'step', 'cod', 'b2c_cod', 'fenxiao'];
    for (const [k, type] of types.entries()) await control.addOrder(tradeJson(50 + k, ['A'], { type }));
    for (const k of types.keys()) {
      const r = await simPost('/__sim/refunds', { refund_id: `17820000000000005${k}`, tid: tidOf(50 + k), oid: oidOf(50 + k, 0), status: 'WAIT_SELLER_AGREE', refund_fee: '59.00' });
      expect(r.status).toBe(200);
    }
    const typesOf = async (params: Record<string, string>) =>
      ((await top('taobao.trades.sold.increment.get', { fields: 'type', ...window(10, 20), ...params })).body.trades_sold_increment_get_response.trades?.trade ?? []).map((t: Raw) => t.type).sort();
    expect(await typesOf({})).toEqual(['cod', 'fixed', 'step']);
    expect(await typesOf({ type: 'b2c_cod,fenxiao' })).toEqual(['b2c_cod', 'fenxiao']);
    const refundsOf = async (params: Record<string, string>) =>
      ((await top('taobao.refunds.receive.get', { fields: 'refund_id,tid', ...params })).body.refunds_receive_get_response.refunds?.refund ?? []).map((r: Raw) => String(r.tid)).sort();
    expect(await refundsOf({})).toEqual([tidOf(50)]);
    expect(await refundsOf({ type: 'step,cod,b2c_cod' })).toEqual([tidOf(51), tidOf(52), tidOf(53)]);
  });

  it('given the retired classic item methods when called then they are 22 Invalid Method', async () => {
    for (const method of ['taobao.item.add', 'taobao.item.update']) expect(errorOf(await top(method, { num_iid: '1' }))).toMatchObject({ code: 22 });
  });
});

describe('TOP simulator: trades changing while they are read', () => {
  it('given a change armed after read when a page carries the trade then the trade changes right after that answer, and modified moves', async () => {
    await control.addOrder(tradeJson(60, ['A'], { modified: new Date(Date.now() - 60 * 60_000) }));
    expect((await simPost('/__sim/trade-changes', { tids: [tidOf(60)], set: { seller_memo: '改了地址' }, lines: { [oidOf(60, 0)]: { refund_status: 'WAIT_SELLER_AGREE' } }, afterRead: true })).status).toBe(200);
    const before = (await top('taobao.trade.fullinfo.get', { fields: 'seller_memo,modified', tid: tidOf(60) })).body.trade_fullinfo_get_response.trade;
    expect(before.seller_memo).toBeUndefined();
    const listed = (await top('taobao.trades.sold.increment.get', { fields: 'tid,modified', ...window(70, 30) })).body.trades_sold_increment_get_response.trades.trade;
    expect(listed).toEqual([{ tid: tidOf(60), modified: before.modified }]);
    const after = (await top('taobao.trade.fullinfo.get', { fields: 'seller_memo,modified,orders.refund_status', tid: tidOf(60) })).body.trade_fullinfo_get_response.trade;
    expect(after.seller_memo).toBe('改了地址');
    expect(after.orders.order[0].refund_status).toBe('WAIT_SELLER_AGREE');
    expect(after.modified > before.modified).toBe(true);
    // It struck once: the trade is no longer in that window.
    expect((await top('taobao.trades.sold.increment.get', { fields: 'tid', ...window(70, 30) })).body.trades_sold_increment_get_response.trades).toBeUndefined();
  });
});

describe('TOP simulator: offline and online sends', () => {
  it('given a COD trade, an online-ordered one and a held one when offline.send is called then each is refused; online.send ships the first two and refuses a plain trade', async () => {
    await control.addOrder(tradeJson(70, ['A'], { type: 'cod' }));
    await control.addOrder(tradeJson(71, ['A']));
    await control.addOrder(stringifyJsonExact({ ...tradeObject(72, ['A']), top_hold: 1 }));
    await control.addOrder(tradeJson(73, ['A']));
    expect((await simPost('/__sim/online-logistics-orders', { tid: tidOf(71) })).status).toBe(200);
    for (const i of [70, 71, 72]) {
      const e = errorOf(await top('taobao.logistics.offline.send', { tid: tidOf(i), out_sid: `ZT07${i}`, company_code: 'ZTO' }));
      expect(e).toMatchObject({ code: 15, sub_code: 'isv.logistics-offline-service-error' });
    }
    for (const i of [70, 71]) expect((await top('taobao.logistics.online.send', { tid: tidOf(i), out_sid: `ZT07${i}`, company_code: 'ZTO' })).body.logistics_online_send_response.shipping).toEqual({ is_success: true });
    expect(errorOf(await top('taobao.logistics.online.send', { tid: tidOf(73), out_sid: 'ZT0773', company_code: 'ZTO' }))).toMatchObject({ code: 15, sub_code: 'isv.logistics-online-service-error' });
    expect((await control.shipments()).map((s) => [s.tid, s.method])).toEqual([
      [tidOf(70), 'online'],
      [tidOf(71), 'online'],
    ]);
  });
});

describe('TOP simulator: items', () => {
  it('given an item created by hand with a Chinese merchant code then num_iid and sku_id are exact bare numbers beyond 2^53 and the listing shows it', async () => {
    const numIid = await addItem('红色-XL');
    expect(BigInt(numIid) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const skus = await top('taobao.item.skus.get', { fields: 'sku_id,num_iid,outer_id,quantity,price', num_iids: numIid });
    expect(skus.text).toContain(`"num_iid":${numIid}`);
    const skuId = /"sku_id":(\d+),/.exec(skus.text)?.[1];
    expect(BigInt(skuId ?? 0) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    // The control endpoint's strings name the same ids, digit for digit.
    expect(await control.listings()).toEqual([expect.objectContaining({ sku: '红色-XL', quantity: 10, price: '129.00', status: 'onsale', raw: expect.objectContaining({ num_iid: numIid, sku_id: skuId }) })]);
  });

  it('given SKU quantity updates then type 1 sets, type 2 adds and is clamped at 0, and a negative absolute value is refused', async () => {
    const numIid = await addItem('QTY-1');
    const skuId = String((await top('taobao.item.skus.get', { fields: 'sku_id', num_iids: numIid })).body.item_skus_get_response.skus.sku[0].sku_id);
    const set = await top('taobao.skus.quantity.update', { num_iid: numIid, skuid_quantities: `${skuId}:7`, type: '1' });
    expect(set.body.skus_quantity_update_response.item.num).toBe(7);
    const down = await top('taobao.skus.quantity.update', { num_iid: numIid, skuid_quantities: `${skuId}:-20`, type: '2' });
    expect(down.body.skus_quantity_update_response.item.num).toBe(0);
    expect(errorOf(await top('taobao.skus.quantity.update', { num_iid: numIid, skuid_quantities: `${skuId}:-1`, type: '1' }))).toMatchObject({ code: 41 });
    expect(errorOf(await top('taobao.skus.quantity.update', { num_iid: '999999999999', skuid_quantities: `${skuId}:1` }))!.sub_code).toMatch(/^isv\./);
  });

  it('given a SKU price that leaves the item price outside the SKU range then it is refused unless item_price moves along', async () => {
    const numIid = await addItem('PRICE-1', '129.00');
    const alone = await top('taobao.item.sku.update', { num_iid: numIid, properties: '1627207:28320', price: '88.80' });
    expect(errorOf(alone)).toMatchObject({ code: 15 });
    const along = await top('taobao.item.sku.update', { num_iid: numIid, properties: '1627207:28320', price: '88.8', item_price: '88.80' });
    expect(errorOf(along)).toBeUndefined();
    const item = (await top('taobao.item.seller.get', { fields: 'price,skus', num_iid: numIid })).body.item_seller_get_response.item;
    expect([item.price, item.skus.sku[0].price]).toEqual(['88.80', '88.80']);
  });

  it('given an item delisted then listed again then its status follows', async () => {
    const numIid = await addItem('LIST-1');
    await top('taobao.item.update.delisting', { num_iid: numIid });
    expect((await control.listings())[0].status).toBe('instock');
    expect((await top('taobao.items.onsale.get', { fields: 'num_iid' })).body.items_onsale_get_response).toEqual({ total_results: 0, request_id: expect.any(String) });
    await top('taobao.item.update.listing', { num_iid: numIid, num: '10' });
    expect((await control.listings())[0].status).toBe('onsale');
  });
});

describe('TOP simulator: limits and faults', () => {
  it('given more calls than the app limit when sent at once then the excess is code 7 in an HTTP 200 and the ban holds', async () => {
    // Two at once, then one every 5 s: the third call arrives long before a token is back.
    const slow = await startTaobaoSimulator({ callsPerSecond: 0.2, burst: 2 });
    try {
      const c = await new SimControl(slow.controlUrl).credentials();
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await top('taobao.user.seller.get', { fields: 'nick' }, {}, slow, c));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(answers.map((a) => errorOf(a)?.code ?? 'ok')).toEqual(['ok', 'ok', 7, 7]);
      expect(errorOf(answers[2])).toMatchObject({ msg: 'App Call Limited', sub_msg: expect.stringMatching(/^This ban will last for [1-5] more seconds$/) });
    } finally {
      await slow.stop();
    }
  });

  it('given rate429 when calls are made then TOP code 7 comes back (never HTTP 429), and error500 alternates 500, isp.* and 503', async () => {
    await control.faults({ rate429: 1 });
    const throttled = await top('taobao.user.seller.get', { fields: 'nick' });
    expect([throttled.status, errorOf(throttled)?.code]).toEqual([200, 7]);
    await control.faults({ rate429: 0, error500: 1 });
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const a = await top('taobao.user.seller.get', { fields: 'nick' });
      seen.push(a.status === 200 ? `${errorOf(a)?.code}:${errorOf(a)?.sub_code}` : a.status);
    }
    expect(seen).toEqual([500, '15:isp.remote-service-error', 503]);
    await control.faults({ error500: 0 });
    expect(errorOf(await top('taobao.user.seller.get', { fields: 'nick' }))).toBeUndefined();
  });

  it('given lostAnswer when a call succeeds then it is carried out but the connection drops unanswered; errors are still answered', async () => {
    const numIid = await addItem('LOST-01');
    await control.faults({ lostAnswer: 1 });
    await expect(top('taobao.item.quantity.update', { num_iid: numIid, outer_id: 'LOST-01', quantity: '3' })).rejects.toThrow();
    expect((await control.listings()).find((l) => l.sku === 'LOST-01')?.quantity).toBe(3);
    // A refusal is not "carried out": it is answered as usual.
    const refused = await top('taobao.user.seller.get', { fields: 'nick' }, { secret: 'wrong' });
    expect(errorOf(refused)?.code).toBe(25);
    const { requests } = (await (await fetch(`${sim.controlUrl}/__sim/requests`)).json()) as { requests: Raw[] };
    expect(requests.map((r) => [r.operation, r.lost])).toEqual([
      ['taobao.item.quantity.update', true],
      ['taobao.user.seller.get', false],
    ]);
  });

  it('given a misspelt fault when posted then it is refused', async () => {
    const res = await fetch(`${sim.controlUrl}/__sim/faults`, { method: 'POST', body: '{"rate492": 0.5}' });
    expect(res.status).toBe(400);
  });

  it('given calls made then the request log lists each with its TOP method and error code', async () => {
    await top('taobao.user.seller.get', { fields: 'nick' });
    await top('taobao.user.seller.get', { fields: 'nick' }, { secret: 'wrong' });
    const { requests } = (await (await fetch(`${sim.controlUrl}/__sim/requests`)).json()) as { requests: Raw[] };
    expect(requests.map((r) => [r.method, r.path, r.operation, r.status, r.errorCode, r.errorMessage])).toEqual([
      ['POST', '/router/rest', 'taobao.user.seller.get', 200, null, null],
      ['POST', '/router/rest', 'taobao.user.seller.get', 200, '25', 'Invalid Signature'],
    ]);
    // What was asked, without the session or the signature.
    expect(requests[0].params).toEqual({ fields: 'nick' });
    expect(Date.parse(requests[0].at)).not.toBeNaN();
  });
});
