import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermissionDeniedError } from '../sdk/errors';
import { createHttpClient, resetHttpState } from '../sdk/http';
import type { ConnectorContext } from '../sdk/types';
import { taobaoConnector } from './index';

/**
 * Whose quota a Taobao channel's calls count against and how TOP's operation-wide refusals
 * leave a batch: the module names the app key as its rate key and reads the app's own quota
 * from its credentials; a permission TOP refuses stops the batch instead of failing each item.
 */

const credentials = (over: Record<string, string> = {}) => ({ appKey: '12345678', appSecret: 'secret', sessionKey: 'session-a', signMethod: 'hmac-sha256', ...over });

describe('Taobao rate key and limits', () => {
  it('given two shops authorised to one app then they share one rate key; another app has its own', () => {
    const shopA = taobaoConnector.rateKey!(credentials());
    const shopB = taobaoConnector.rateKey!(credentials({ sessionKey: 'session-b' }));
    expect(shopA).toBe('app:12345678');
    expect(shopB).toBe(shopA);
    expect(taobaoConnector.rateKey!(credentials({ appKey: '87654321' }))).not.toBe(shopA);
  });

  it('given the app’s own quota in callsPerSecond then every call draws from one app bucket at that rate, with half a second’s burst', () => {
    expect(taobaoConnector.rateLimitsFor!(credentials({ callsPerSecond: '40' }))).toEqual({ default: { ratePerSecond: 40, burst: 20, bucket: 'app' } });
    // TOP's default quota when the credentials say nothing (or nonsense).
    expect(taobaoConnector.rateLimitsFor!(credentials())).toEqual({ default: { ratePerSecond: 10, burst: 5, bucket: 'app' } });
    expect(taobaoConnector.rateLimitsFor!(credentials({ callsPerSecond: '-3' }))).toEqual(taobaoConnector.rateLimits);
    expect(taobaoConnector.rateLimitsFor!(credentials({ callsPerSecond: '1' }))).toEqual({ default: { ratePerSecond: 1, burst: 1, bucket: 'app' } });
  });
});

describe('operation-wide refusals in a batch', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    // Every call refused with TOP's "insufficient ISV permissions".
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error_response: { code: 11, msg: 'Insufficient isv permissions', sub_code: 'isv.permission-api-package-limit', request_id: 'r' } })),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/router/rest`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => resetHttpState());

  it('given TOP 11 on a stock batch then pushStock fails as PERMISSION_DENIED instead of failing each item', async () => {
    const http = createHttpClient({ baseUrl: base, accountKey: 'perm', rateLimits: taobaoConnector.rateLimits, classify: taobaoConnector.classify, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const ctx: ConnectorContext = { baseUrl: base, credentials: credentials(), marketplaceId: null, currency: 'CNY', http, saveCredentials: async () => undefined, now: () => new Date() };
    const connector = taobaoConnector.create('TAOBAO', ctx);
    const ref = (sku: string, skuId: string) => ({ sku, itemId: '600000000001', skuId });
    const err = await connector.pushStock([{ ref: ref('A', '1'), quantity: 1 }, { ref: ref('B', '2'), quantity: 2 }]).catch((e) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err).toMatchObject({ kind: 'PERMISSION_DENIED', code: '11:isv.permission-api-package-limit' });
  });
});
