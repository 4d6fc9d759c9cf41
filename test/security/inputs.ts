import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimControl } from '../../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../../connectors/taobao/simulator';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Channel base URLs (#6), numbers the business can mean (#8) and currency codes (#13), as an
 * attacker with a staff account would try them.
 */
export function inputSecurity(): void {
  let t: TestApp;
  let owner: string;
  let sim: Awaited<ReturnType<typeof startTaobaoSimulator>>;
  let simCredentials: Record<string, string>;

  const CREATE_CHANNEL = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key baseUrl credentialFields } userErrors { code field message } } }`;
  const UPDATE_CHANNEL = `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { id baseUrl credentialFields } userErrors { code field message } } }`;
  let seq = 0;
  const createChannel = (input: Record<string, unknown>) =>
    t.gql(CREATE_CHANNEL, { i: { kind: 'TAOBAO', name: `安全测试店 ${++seq}`, currency: 'CNY', credentials: simCredentials, ...input } }, owner);

  beforeAll(async () => {
    sim = await startTaobaoSimulator();
    simCredentials = await new SimControl(sim.controlUrl).credentials();
    t = await startTestApp();
    owner = await t.ownerToken();
  });
  afterAll(async () => {
    await t?.stop();
    await sim?.stop();
  });

  describe('#6 channel base URLs', () => {
    it.each([
      ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
      ['the metadata address over https', 'https://169.254.169.254/'],
      ['the metadata address written as one number', 'https://2852039166/'],
      ['the metadata address inside IPv6', 'https://[::ffff:169.254.169.254]/'],
      ["Alibaba Cloud's metadata address", 'https://100.100.100.200/latest/meta-data/'],
      ['a link-local IPv6 address', 'https://[fe80::1]/router'],
      ['a private network', 'https://10.0.0.5/router'],
      ['another private network', 'https://192.168.1.1/'],
      ['a unique-local IPv6 address', 'https://[fd00:ec2::254]/'],
      ['a metadata host name', 'https://metadata.google.internal/computeMetadata/v1/'],
      ['a user and password in the URL', 'https://user:pass@gw.api.taobao.com/router/rest'],
      ['plain http to a public host', 'http://gw.api.taobao.com/router/rest'],
      ['a scheme other than http(s)', 'file:///etc/passwd'],
    ])('refuses %s', async (_what, baseUrl) => {
      const r = await createChannel({ baseUrl });
      expect(r.errors).toBeUndefined();
      expect(r.data!.createChannel.channel).toBeNull();
      expect(r.data!.createChannel.userErrors).toEqual([expect.objectContaining({ code: expect.stringMatching(/^(URL_NOT_ALLOWED|INVALID_URL)$/), field: ['baseUrl'] })]);
    });

    it('accepts https to a public host, and plain http to a simulator on this machine outside production', async () => {
      const pub = await createChannel({ baseUrl: 'https://gw.api.taobao.com/router/rest' });
      expect(pub.data!.createChannel.userErrors).toEqual([]);
      const local = await createChannel({ baseUrl: sim.baseUrl.replace('127.0.0.1', 'localhost') });
      expect(local.data!.createChannel.userErrors).toEqual([]);
    });

    it('asks for the credentials again when the base URL moves to another host, and keeps them for the same host', async () => {
      const created = await createChannel({ baseUrl: sim.baseUrl });
      const channel = created.data!.createChannel.channel;
      expect(channel.credentialFields.length).toBeGreaterThan(0);

      const samePath = await t.gql(UPDATE_CHANNEL, { i: { id: channel.id, baseUrl: `${sim.baseUrl}?v=2` } }, owner);
      expect(samePath.data!.updateChannel.userErrors).toEqual([]);

      const moved = await t.gql(UPDATE_CHANNEL, { i: { id: channel.id, baseUrl: 'https://gw.api.tbsandbox.com/router/rest' } }, owner);
      expect(moved.data!.updateChannel).toEqual({ channel: null, userErrors: [expect.objectContaining({ code: 'CREDENTIALS_REQUIRED', field: ['credentials'] })] });

      // Only some of the fields again: the rest must not be carried over from the old host.
      const partial = await t.gql(UPDATE_CHANNEL, { i: { id: channel.id, baseUrl: 'https://gw.api.tbsandbox.com/router/rest', credentials: { appKey: 'new-app' } } }, owner);
      expect(partial.data!.updateChannel.channel).toBeNull();
      expect(partial.data!.updateChannel.userErrors.map((e: { code: string }) => e.code)).toContain('CREDENTIALS_INVALID');

      const full = await t.gql(UPDATE_CHANNEL, { i: { id: channel.id, baseUrl: 'https://gw.api.tbsandbox.com/router/rest', credentials: { ...simCredentials, appSecret: 'typed-in-again' } } }, owner);
      expect(full.data!.updateChannel.userErrors).toEqual([]);
      expect(full.data!.updateChannel.channel.baseUrl).toBe('https://gw.api.tbsandbox.com/router/rest');
    });

    it('answers testChannelConnection with a short, clean error, never the remote body', async () => {
      const junk = `<html><body><h1>internal admin</h1>${'<p>row of internal data</p>'.repeat(400)}</body></html>`;
      const server = http.createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error_response: { code: 15, msg: junk, sub_code: 'isv.x', sub_msg: `\u0000\u001b[31m${junk}` } }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/router/rest`;
        const channel = (await createChannel({ baseUrl: url })).data!.createChannel.channel;
        const r = await t.gql(`mutation($id: ID!) { testChannelConnection(id: $id) { ok error { code message } channel { lastError } userErrors { code } } }`, { id: channel.id }, owner);
        expect(r.errors).toBeUndefined();
        const out = r.data!.testChannelConnection;
        expect(out.ok).toBe(false);
        expect(out.error.message.length).toBeLessThanOrEqual(200);
        expect(out.error.message).not.toMatch(/[<>\u0000-\u001f]/);
        expect(JSON.stringify(out).length).toBeLessThan(1000);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('#8 numbers the business can mean', () => {
    const ORDER = `mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } userErrors { code field } } }`;
    const order = (over: Record<string, unknown>, line: Record<string, unknown> = {}) =>
      t.gql(ORDER, { i: { idempotencyKey: `n-${++seq}`, currency: 'CNY', lines: [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: '10.00', ...line }], ...over } }, owner);

    it('refuses a quantity of 2,147,483,647 on an order with a code, and orderStats keeps working', async () => {
      const r = await order({}, { quantity: 2147483647 });
      expect(r.errors).toBeUndefined();
      expect(r.data!.createOrder.userErrors).toEqual([{ code: 'INVALID_QUANTITY', field: ['lines', '0', 'quantity'] }]);
      const stats = await t.gql(`{ orderStats(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", groupBy: STATUS) { key units } }`, {}, owner);
      expect(stats.errors).toBeUndefined();
    });

    it('refuses a line total beyond what a money column holds, and an exchange rate of 0', async () => {
      const big = await order({}, { quantity: 1000000, unitPrice: '999999999999.99' });
      expect(big.data!.createOrder.userErrors.map((e: { code: string }) => e.code)).toContain('AMOUNT_TOO_LARGE');
      const zero = await order({ baseCurrencyRate: '0' });
      expect(zero.errors).toBeUndefined();
      expect(zero.data!.createOrder.userErrors).toEqual([{ code: 'INVALID_RATE', field: ['baseCurrencyRate'] }]);
    });

    it('refuses stock changes beyond a million units, and a level beyond a hundred million', async () => {
      await t.gql(`mutation { createWarehouse(input: { code: "LIM", name: "限额仓", kind: OWN, country: "CN" }) { userErrors { code } } }`, {}, owner);
      const p = await t.gql(`mutation { createProduct(input: { title: "限额测试", variants: [{ sku: "LIM-1", price: "1.00" }] }) { userErrors { code message } } }`, {}, owner);
      expect(p.data!.createProduct.userErrors).toEqual([]);
      const adjust = (delta: number) => t.gql(`mutation($d: Int!) { adjustStock(input: { sku: "LIM-1", warehouseCode: "LIM", delta: $d, reason: "x" }) { stockLevel { onHand } userErrors { code field } } }`, { d: delta }, owner);
      for (const delta of [2147483647, -2147483647, 1000001]) {
        const r = await adjust(delta);
        expect(r.errors).toBeUndefined();
        expect(r.data!.adjustStock.userErrors).toEqual([{ code: 'INVALID_QUANTITY', field: ['delta'] }]);
      }
      const set = await t.gql(`mutation { setStock(input: { sku: "LIM-1", warehouseCode: "LIM", onHand: 2147483647, reason: "count" }) { userErrors { code field } } }`, {}, owner);
      expect(set.data!.setStock.userErrors).toEqual([{ code: 'INVALID_QUANTITY', field: ['onHand'] }]);
      const ok = await adjust(1000000);
      expect(ok.data!.adjustStock).toEqual({ stockLevel: { onHand: 1000000 }, userErrors: [] });
    });

    it('sums units over more than 2^31 in orderStats', async () => {
      // 2,148 orders of a million units each: every line is within bounds, the sum is not 32-bit.
      const INTAKE = `mutation($i: [ChannelOrderInput!]!) { recordChannelOrders(inputs: $i) { results { userErrors { code } } userErrors { code } } }`;
      const placedAt = '2031-05-05T10:00:00Z';
      for (let batch = 0; batch < 5; batch++) {
        const inputs = Array.from({ length: batch < 4 ? 500 : 148 }, (_, i) => ({
          channelKey: 'bulk-shop',
          externalId: `BULK-${batch}-${i}`,
          status: 'PENDING_PAYMENT',
          modifiedAt: placedAt,
          placedAt,
          currency: 'CNY',
          lines: [{ sku: 'NO-SUCH-SKU', quantity: 1000000, unitPrice: '0.01' }],
        }));
        const r = await t.gql(INTAKE, { i: inputs }, owner);
        expect(r.errors).toBeUndefined();
        expect(r.data!.recordChannelOrders.results.flatMap((x: { userErrors: unknown[] }) => x.userErrors)).toEqual([]);
      }
      const stats = await t.gql(`{ orderStats(from: "2031-05-05T00:00:00Z", to: "2031-05-06T00:00:00Z", groupBy: CHANNEL) { key orders units } }`, {}, owner);
      expect(stats.errors).toBeUndefined();
      expect(stats.data!.orderStats).toEqual([{ key: 'bulk-shop', orders: 2148, units: 2148000000 }]);
    });
  });

  describe('#13 currency codes', () => {
    it('refuses codes that are not ISO 4217, on orders and on channels', async () => {
      const bad = await t.gql(`mutation { createOrder(input: { idempotencyKey: "cur-1", currency: "XYZ", lines: [{ sku: "NO-SUCH", quantity: 1, unitPrice: "1.00" }] }) { order { id } userErrors { code field } } }`, {}, owner);
      expect(bad.data!.createOrder.userErrors).toEqual([{ code: 'INVALID_CURRENCY', field: ['currency'] }]);
      const channel = await createChannel({ baseUrl: sim.baseUrl, currency: 'ABC' });
      expect(channel.data!.createChannel.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_CURRENCY', field: ['currency'] })]);
      await t.gql(`mutation { createProduct(input: { title: "币种测试", variants: [{ sku: "CUR-1", price: "1.00" }] }) { userErrors { code } } }`, {}, owner);
      const good = await t.gql(`mutation { createOrder(input: { idempotencyKey: "cur-2", currency: "usd", paymentPending: true, lines: [{ sku: "CUR-1", quantity: 1, unitPrice: "1.00" }] }) { order { currency } userErrors { code } } }`, {}, owner);
      expect(good.data!.createOrder).toEqual({ order: { currency: 'USD' }, userErrors: [] });
    });
  });
}
