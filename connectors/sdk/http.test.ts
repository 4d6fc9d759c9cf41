import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthFailedError, PermanentError, PermissionDeniedError, QuotaExhaustedError, RateLimitedError, RetryableError } from './errors';
import { createHttpClient, HttpClientOptions, HttpRequest, MemoryRateLimiter, parseRetryAfter, resetHttpState } from './http';

/** What the test server received, in arrival order. */
interface Hit {
  at: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (hit: Hit, res: http.ServerResponse, n: number) => void;

const ok: Handler = (_hit, res) => res.end('{"ok":true}');
let handler: Handler = ok;
let hits: Hit[] = [];
let server: http.Server;
let base: string;
let accounts = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const hit = { at: Date.now(), method: req.method!, url: req.url!, headers: req.headers, body };
      hits.push(hit);
      handler(hit, res, hits.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  resetHttpState();
  handler = ok;
  hits = [];
  accounts++;
});

function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseUrl: base,
    accountKey: `acct-${accounts}`,
    rateLimits: {},
    classify: () => undefined,
    retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  });
}

const get = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'GET', url, operation: 'orders', ...extra });

describe('rate keys, call names and quotas', () => {
  it('given a default limit and a call with its own then marketplace call names draw from the one that applies', async () => {
    const c = client({ rateLimits: { default: { ratePerSecond: 5, burst: 1 }, 'getOrderItems': { ratePerSecond: 1000, burst: 10 } } });
    let started = Date.now();
    await Promise.all([1, 2, 3].map(() => c.request(get('/default', { operation: 'taobao.trades.sold.increment.get' }))));
    // The default's 5/s holds a name nobody listed: three calls span two intervals.
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);

    started = Date.now();
    await Promise.all([1, 2, 3].map(() => c.request(get('/own', { operation: 'getOrderItems' }))));
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('given two accounts on one rate key then they share its bucket; accounts on other keys do not wait for it', async () => {
    const limits = { default: { ratePerSecond: 5, burst: 1, bucket: 'app' } };
    const shopA = client({ accountKey: 'shop-a', rateKey: 'top|app:12345678', rateLimits: limits });
    const shopB = client({ accountKey: 'shop-b', rateKey: 'top|app:12345678', rateLimits: limits });
    const started = Date.now();
    await Promise.all([shopA.request(get('/a', { operation: 'orders' })), shopB.request(get('/b', { operation: 'stock' })), shopA.request(get('/a2'))]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);

    const other = client({ accountKey: 'shop-c', rateKey: 'top|app:87654321', rateLimits: limits });
    const t0 = Date.now();
    await other.request(get('/c'));
    expect(Date.now() - t0).toBeLessThan(150);
  });

  it('given x-amzn-RateLimit-Limit on one call’s answer then that call’s bucket adopts it and another call’s does not', async () => {
    handler = (hit, res) => (hit.url.startsWith('/orders') ? res.setHeader('x-amzn-RateLimit-Limit', '2.0').end('{}') : res.end('{}'));
    const c = client({ rateLimits: { getOrders: { ratePerSecond: 100, burst: 1 }, getOrderItems: { ratePerSecond: 100, burst: 1 } } });
    for (let i = 0; i < 3; i++) await c.request(get('/orders', { operation: 'getOrders' }));
    for (let i = 0; i < 3; i++) await c.request(get('/items', { operation: 'getOrderItems' }));

    // getOrders now goes at 2/s; getOrderItems keeps its 100/s.
    expect(hits[2].at - hits[1].at).toBeGreaterThanOrEqual(450);
    expect(hits[5].at - hits[3].at).toBeLessThan(200);
  });

  it('given a quota used up until an hour from now then the call fails with QUOTA_EXHAUSTED and every client on the key fails at once without calling', async () => {
    const resetAt = new Date(Date.now() + 3_600_000);
    const classify: HttpClientOptions['classify'] = (_res, operation) => new QuotaExhaustedError({ code: '7', message: 'This ban will last for 3600 more seconds', operation, resetAt, utcOffsetMinutes: 480 });
    // Every call of the app counts together, as on TOP.
    const rateLimits = { default: { ratePerSecond: 100, burst: 10, bucket: 'app' } };
    const a = client({ accountKey: 'shop-a', rateKey: 'app:1', classify, rateLimits });
    const err = await a.request(get('/pull')).catch((e) => e);
    expect(err).toBeInstanceOf(QuotaExhaustedError);
    expect(err).toMatchObject({ kind: 'QUOTA_EXHAUSTED', code: '7', resetAt });
    expect(hits).toHaveLength(1);

    const b = client({ accountKey: 'shop-b', rateKey: 'app:1', rateLimits });
    const t0 = Date.now();
    const second = await b.request({ method: 'POST', url: '/push', operation: 'stock', form: { q: '1' } }).catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(200);
    expect(second).toBeInstanceOf(QuotaExhaustedError);
    expect(second).toMatchObject({ code: '7', message: 'This ban will last for 3600 more seconds', utcOffsetMinutes: 480 });
    expect((second as QuotaExhaustedError).resetAt.getTime()).toBe(resetAt.getTime());
    expect(hits).toHaveLength(1);
  });

  it('given a seller’s own quota used up then only that account waits; another account on the key goes on', async () => {
    const classify: HttpClientOptions['classify'] = (res, operation) =>
      (res.data as { limited?: boolean }).limited ? new QuotaExhaustedError({ code: '5', message: 'Session Call Limited', operation, resetAt: new Date(Date.now() + 3_600_000), scope: 'account' }) : undefined;
    handler = (hit, res) => res.end(hit.url === '/seller-a' ? '{"limited":true}' : '{}');
    const a = client({ accountKey: 'seller-a', rateKey: 'app:2', classify });
    const b = client({ accountKey: 'seller-b', rateKey: 'app:2', classify });
    await expect(a.request(get('/seller-a'))).rejects.toBeInstanceOf(QuotaExhaustedError);
    await expect(a.request(get('/seller-a-again'))).rejects.toMatchObject({ kind: 'QUOTA_EXHAUSTED', code: '5', scope: 'account' });
    await expect(b.request(get('/seller-b'))).resolves.toMatchObject({ status: 200 });
    expect(hits.map((h) => h.url)).toEqual(['/seller-a', '/seller-b']);
  });

  it('given a ban longer than the wait a call may make then it fails with QUOTA_EXHAUSTED at once instead of sleeping through it', async () => {
    const classify: HttpClientOptions['classify'] = (_res, operation) => new RateLimitedError({ code: '7', message: 'This ban will last for 600 more seconds', operation, retryAfterMs: 600_000 });
    const started = Date.now();
    const err = await client({ classify, maxWaitMs: 30_000 }).request(get('/banned')).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(QuotaExhaustedError);
    expect((err as QuotaExhaustedError).resetAt.getTime()).toBeGreaterThanOrEqual(started + 600_000);
    expect(hits).toHaveLength(1);
  });

  it('given a limiter of its own then the client draws from it, not from the process-wide one', async () => {
    const limits = { default: { ratePerSecond: 5, burst: 1 } };
    const mine = new MemoryRateLimiter();
    await client({ rateKey: 'k', rateLimits: limits, limiter: mine }).request(get('/one'));
    const t0 = Date.now();
    // The same key in the process-wide limiter has had no call yet.
    await client({ rateKey: 'k', rateLimits: limits }).request(get('/two'));
    expect(Date.now() - t0).toBeLessThan(150);
    await client({ rateKey: 'k', rateLimits: limits, limiter: mine }).request(get('/three'));
    expect(hits[2].at - hits[0].at).toBeGreaterThanOrEqual(180);
  });
});

describe('rate limiting', () => {
  it('given 20/s with burst 1 shared by two clients of one account then calls are spaced ~50 ms apart in FIFO order', async () => {
    const a = client({ rateLimits: { orders: { ratePerSecond: 20, burst: 1 } } });
    const b = client({ rateLimits: { orders: { ratePerSecond: 20, burst: 1 } } });
    const started = Date.now();
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? b : a).request(get('/paced', { query: { i: String(i) } }))));

    expect(Date.now() - started).toBeGreaterThanOrEqual(245);
    expect(hits.map((h) => h.url)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `/paced?i=${i}`));
    // Measured from the start: the first call's connection set-up delays its arrival, not the schedule.
    hits.forEach((h, i) => expect(h.at - started).toBeGreaterThanOrEqual(50 * i - 5));
  });

  it('given a burst of 3 then three calls go at once and the fourth waits for a token', async () => {
    const c = client({ rateLimits: { orders: { ratePerSecond: 5, burst: 3 } } });
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map(() => c.request(get('/burst'))));

    for (const h of hits.slice(0, 3)) expect(h.at - started).toBeLessThan(100);
    expect(hits[3].at - started).toBeGreaterThanOrEqual(190);
  });

  it('given operations naming one bucket then they share its limit; without a name each has its own', async () => {
    const shared = { ratePerSecond: 5, burst: 1, bucket: 'app' };
    const c = client({ rateLimits: { orders: shared, stock: shared } });
    const started = Date.now();
    await Promise.all([c.request(get('/orders')), c.request(get('/stock', { operation: 'stock' }))]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    const own = { ratePerSecond: 5, burst: 1 };
    const d = client({ rateLimits: { orders: own, stock: own }, accountKey: 'separate' });
    await Promise.all([d.request(get('/orders')), d.request(get('/stock', { operation: 'stock' }))]);
    // A shared bucket would keep them 200 ms apart.
    const [x, y] = hits.slice(-2);
    expect(Math.abs(y.at - x.at)).toBeLessThan(150);
  });

  it('given a call that waits for a token then it goes a quarter interval after its slot', async () => {
    const c = client({ rateLimits: { orders: { ratePerSecond: 10, burst: 1 } } });
    const started = Date.now();
    for (let i = 0; i < 5; i++) await c.request(get('/margin'));
    // Slots at 0, 100, 200, 300, 400 ms; each waiting call 25 ms behind its slot. (No upper
    // bound: a loaded machine only makes calls later.)
    expect(hits[1].at - started).toBeGreaterThanOrEqual(120);
    expect(hits[4].at - started).toBeGreaterThanOrEqual(420);
  });

  it('given another account then its calls are not held by this account’s bucket', async () => {
    const limits = { orders: { ratePerSecond: 2, burst: 1 } };
    await client({ rateLimits: limits }).request(get('/first'));
    const started = Date.now();
    await client({ rateLimits: limits, accountKey: 'someone-else' }).request(get('/other'));
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('given x-amzn-ratelimit-limit then the bucket adopts that rate', async () => {
    handler = (_hit, res) => res.setHeader('x-amzn-RateLimit-Limit', '5.0').end('{}');
    const c = client({ rateLimits: { orders: { ratePerSecond: 100, burst: 1 } } });
    for (let i = 0; i < 3; i++) await c.request(get('/adaptive'));

    // At 100/s the third call would follow within ~10 ms; at 5/s it waits ~200 ms.
    expect(hits[2].at - hits[1].at).toBeGreaterThanOrEqual(180);
  });

  it('given a 429 with Retry-After then the whole bucket pauses and the call succeeds afterwards', async () => {
    handler = (_hit, res, n) => (n === 1 ? res.writeHead(429, { 'Retry-After': '1' }).end() : ok(_hit, res, n));
    const a = client();
    const b = client();
    const first = a.request(get('/limited'));
    await new Promise((r) => setTimeout(r, 50));
    const second = b.request(get('/queued'));

    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    expect(hits).toHaveLength(3);
    for (const h of hits.slice(1)) expect(h.at - hits[0].at).toBeGreaterThanOrEqual(950);
  });

  it('given the classifier’s retryAfterMs then a non-idempotent POST is sent again after that wait', async () => {
    handler = (_hit, res, n) => res.end(n === 1 ? '{"error":"limited"}' : '{}');
    const classify: HttpClientOptions['classify'] = (res, operation) =>
      (res.data as { error?: string }).error ? new RateLimitedError({ code: 'LIMIT', message: 'slow down', operation, retryAfterMs: 300 }) : undefined;
    const res = await client({ classify }).request({ method: 'POST', url: '/stock', operation: 'stock', form: { q: '1' } });

    expect(res.status).toBe(200);
    expect(hits).toHaveLength(2);
    expect(hits[1].at - hits[0].at).toBeGreaterThanOrEqual(280);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('retries', () => {
  it('given 500 twice on a GET then it is retried with full-jitter backoff, re-signed each time', async () => {
    handler = (hit, res, n) => (n <= 2 ? res.writeHead(500).end('oops') : ok(hit, res, n));
    const delays: number[] = [];
    let signatures = 0;
    const c = client({
      retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 150 },
      sleep: async (ms) => void delays.push(ms),
      auth: { apply: (req) => ({ ...req, headers: { 'x-sig': String(++signatures) } }) },
    });
    const res = await c.request(get('/flaky'));

    expect(res.data).toEqual({ ok: true });
    expect(hits.map((h) => h.headers['x-sig'])).toEqual(['1', '2', '3']);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeLessThanOrEqual(150);
  });

  it('given a 500 on a non-idempotent POST then it is not sent again', async () => {
    handler = (_hit, res) => res.writeHead(500).end();
    const err = await client().request({ method: 'POST', url: '/ship', operation: 'shipments', form: { a: '1' } }).catch((e) => e);

    expect(err).toBeInstanceOf(RetryableError);
    expect(err).toMatchObject({ code: 'HTTP_500', status: 500, operation: 'shipments' });
    expect(hits).toHaveLength(1);
  });

  it('given a POST marked idempotent then a 500 is retried', async () => {
    handler = (hit, res, n) => (n === 1 ? res.writeHead(502).end() : ok(hit, res, n));
    await client().request({ method: 'POST', url: '/price', operation: 'price', json: { p: '1.00' }, idempotent: true });
    expect(hits).toHaveLength(2);
  });

  it('given a 503 every time then it gives up after maxAttempts', async () => {
    handler = (_hit, res) => res.writeHead(503).end();
    const err = await client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).request(get('/down')).catch((e) => e);

    expect(err).toMatchObject({ code: 'HTTP_503', status: 503 });
    expect(hits).toHaveLength(3);
  });

  it('given a 400 then PermanentError at once; given a 401 without refresh then AuthFailedError', async () => {
    handler = (hit, res) => res.writeHead(hit.url === '/bad' ? 400 : 401).end();
    const bad = await client().request(get('/bad')).catch((e) => e);
    const denied = await client().request(get('/denied')).catch((e) => e);

    expect(bad).toBeInstanceOf(PermanentError);
    expect(bad).toMatchObject({ code: 'HTTP_400', status: 400, operation: 'orders' });
    expect(denied).toBeInstanceOf(AuthFailedError);
    expect(hits).toHaveLength(2);
  });

  it('given no answer within timeoutMs then TIMEOUT, retried only for idempotent requests', async () => {
    handler = () => undefined; // never answers
    const c = client({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const read = await c.request(get('/hang')).catch((e) => e);
    const write = await c.request({ method: 'POST', url: '/hang', operation: 'stock' }).catch((e) => e);

    expect(read).toBeInstanceOf(RetryableError);
    expect(read).toMatchObject({ code: 'TIMEOUT', operation: 'orders' });
    expect(write).toMatchObject({ code: 'TIMEOUT', operation: 'stock' });
    expect(hits).toHaveLength(3);
  });

  it('given nobody listening then NETWORK', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));

    const err = await client({ baseUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } })
      .request(get('/x'))
      .catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('NETWORK');
  });
});

describe('auth refresh', () => {
  function tokenAuth(refresh: () => Promise<void>) {
    const state = { token: 'old', refreshes: 0 };
    return {
      state,
      auth: {
        apply: (req: HttpRequest) => ({ ...req, headers: { authorization: `Bearer ${state.token}` } }),
        refresh: async () => {
          state.refreshes++;
          await refresh();
          state.token = 'new';
        },
      },
    };
  }

  it('given concurrent callers of one account rejected as unauthorised then one refresh serves them all', async () => {
    handler = (hit, res, n) => (hit.headers.authorization === 'Bearer new' ? ok(hit, res, n) : res.writeHead(401).end());
    const { state, auth } = tokenAuth(() => new Promise((r) => setTimeout(r, 50)));
    const a = client({ auth });
    const b = client({ auth });
    const results = await Promise.all([a, b, a, b, a].map((c) => c.request(get('/me'))));

    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(state.refreshes).toBe(1);
    expect(hits.filter((h) => h.headers.authorization === 'Bearer new')).toHaveLength(5);
  });

  it('given a refresh whose own call is refused then callers get AuthFailedError instead of waiting forever', async () => {
    handler = (_hit, res) => res.writeHead(401).end();
    let c = client();
    // The refresh calls the token endpoint through the same client, as TopSession does.
    const { state, auth } = tokenAuth(async () => {
      await new Promise((r) => setTimeout(r, 50));
      await c.request({ method: 'POST', url: '/token', operation: 'auth' });
    });
    c = client({ auth });
    const errors = await Promise.all([1, 2, 3].map(() => c.request(get('/me')).catch((e) => e)));

    for (const e of errors) expect(e).toBeInstanceOf(AuthFailedError);
    expect(errors[0].operation).toBe('orders');
    expect(state.refreshes).toBe(1);
  });

  it('given the refreshed token is refused too then it does not refresh again', async () => {
    handler = (_hit, res) => res.writeHead(401).end();
    const { state, auth } = tokenAuth(async () => undefined);
    const err = await client({ auth }).request(get('/me')).catch((e) => e);

    expect(err).toBeInstanceOf(AuthFailedError);
    expect(state.refreshes).toBe(1);
    expect(hits).toHaveLength(2);
  });

  it('given 403 before and after a refresh then the call is PERMISSION_DENIED, not the credentials', async () => {
    handler = (_hit, res) => res.writeHead(403).end();
    const { state, auth } = tokenAuth(async () => undefined);
    const err = await client({ auth }).request(get('/restricted')).catch((e) => e);

    // One refresh tells an expired token answered with 403 (Amazon) from a refused operation.
    expect(state.refreshes).toBe(1);
    expect(hits).toHaveLength(2);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err).toMatchObject({ kind: 'PERMISSION_DENIED', code: 'HTTP_403', status: 403, operation: 'orders' });
  });
});

describe('redaction', () => {
  it('given secrets in query, form, headers and the marketplace’s message then neither logs nor errors show them', async () => {
    const secret = 'tok/en+SECRET 42';
    handler = (hit, res, n) => (n === 1 ? res.writeHead(500).end() : res.writeHead(400).end(JSON.stringify({ msg: `bad token ${secret}` })));
    const lines: string[] = [];
    const record = (obj: object, msg: string) => void lines.push(`${JSON.stringify(obj)} ${msg}`);
    const classify: HttpClientOptions['classify'] = (res, operation) =>
      res.status === 400 ? new PermanentError({ code: 'BAD', message: (res.data as { msg: string }).msg, operation }) : undefined;
    const c = client({ classify, secrets: () => [secret, ''], logger: { debug: record, warn: record } });
    const err = await c
      .request({ method: 'POST', url: '/rest', operation: 'listings', idempotent: true, query: { access_token: secret, page: '2' }, form: { password: secret, sku: 'SKU-1' }, headers: { authorization: `Bearer ${secret}` } })
      .catch((e) => e);

    expect(new URL(hits[0].url, base).searchParams.get('access_token')).toBe(secret);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toBe('bad token ***');
    expect(err.stack).not.toContain(secret);
    expect(lines).toHaveLength(3); // two calls, one retry warning
    const logged = lines.join('\n');
    expect(logged).toContain('page=2');
    for (const form of [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), 'SECRET', 'SKU-1', 'Bearer']) {
      expect(logged).not.toContain(form);
    }
  });
});

describe('requests and responses', () => {
  it('given ids beyond 2^53 then they arrive exact as strings; other JSON numbers stay numbers', async () => {
    handler = (_hit, res) => res.setHeader('X-Request-Id', 'req-1').end('{"tid": 4138573824600000001, "n": 5}');
    const res = await client().request<{ tid: string; n: number }>(get('/trade'));

    expect(res.data).toEqual({ tid: '4138573824600000001', n: 5 });
    expect(res.headers['x-request-id']).toBe('req-1');
  });

  it('given a body that is not JSON then data is the text', async () => {
    handler = (_hit, res) => res.end('<html>gateway</html>');
    expect((await client().request(get('/html'))).data).toBe('<html>gateway</html>');
  });

  it('sends form as UTF-8 urlencoded, json as JSON, query as params, and joins relative URLs to the base path', async () => {
    const c = client({ baseUrl: `${base}/api/` });
    await c.request({ method: 'POST', url: 'router/rest', operation: 'listings', query: { a: '1 2' }, form: { title: '红色 T恤', n: '3' } });
    await c.request({ method: 'PUT', url: '/items/1', operation: 'listings', json: { price: '9.90' } });

    expect(hits[0].url).toBe('/api/router/rest?a=1+2');
    expect(hits[0].headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(Object.fromEntries(new URLSearchParams(hits[0].body))).toEqual({ title: '红色 T恤', n: '3' });
    expect(hits[1]).toMatchObject({ method: 'PUT', url: '/api/items/1', body: '{"price":"9.90"}' });
    expect(hits[1].headers['content-type']).toBe('application/json');
  });

  it('given an absolute URL then the base URL is ignored', async () => {
    await client({ baseUrl: 'http://127.0.0.1:9/unused' }).request({ method: 'POST', url: `${base}/oauth/token`, operation: 'auth' });
    expect(hits.map((h) => h.url)).toEqual(['/oauth/token']);
  });
});

describe('addresses the host application forbids', () => {
  const noLoopback = (address: string) => !/^(127\.|::1$|::ffff:127\.)/.test(address);

  it('given a literal forbidden address when calling then it is refused before anything is sent', async () => {
    const err = await client({ addressAllowed: noLoopback }).request({ method: 'GET', url: '/x', operation: 'orders' }).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('ADDRESS_NOT_ALLOWED');
    expect(hits).toHaveLength(0);
  });

  it('given a name that resolves to a forbidden address when calling then it is refused before connecting', async () => {
    const byName = base.replace('127.0.0.1', 'localhost');
    const err = await client({ baseUrl: byName, addressAllowed: noLoopback }).request({ method: 'GET', url: '/x', operation: 'orders' }).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('ADDRESS_NOT_ALLOWED');
    expect(hits).toHaveLength(0);
  });

  it('given an allowed address when calling then the call goes through the guarded lookup', async () => {
    const seen: string[] = [];
    const byName = base.replace('127.0.0.1', 'localhost');
    const res = await client({ baseUrl: byName, addressAllowed: (a) => (seen.push(a), true) }).request({ method: 'GET', url: '/x', operation: 'orders' });
    expect(res.status).toBe(200);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('given a redirect when calling then it is not followed', async () => {
    handler = (hit, res) => {
      if (hit.url === '/start') {
        res.writeHead(302, { location: '/elsewhere' });
        res.end();
      } else res.end('{"ok":true}');
    };
    const res = await client().request({ method: 'GET', url: '/start', operation: 'orders' });
    expect(res.status).toBe(302);
    expect(hits.map((h) => h.url)).toEqual(['/start']);
  });
});
