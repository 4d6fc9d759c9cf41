import path from 'node:path';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { selectRows } from '../src/common/sql';
import { decryptSecret } from '../src/sync/secrets';
import { startAcmeSimulator } from './support/acme/simulator';
import { gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp, TEST_SECRETS_KEY } from './support/test-app';
import { startWorkerProcess, WorkerProcess } from './support/worker-process';

/**
 * Auth owned by the connector, wired by the engine: a connector that declares `auth` (Acme, a
 * test connector with a real OAuth token endpoint in its simulator) says how to obtain and send a
 * token; the engine keeps access tokens in memory only, refreshes one channel at a time across
 * every worker process (the others adopt the token), saves a rotated refresh token once, stops
 * the channel when the refresh is refused, and warns before the refresh token itself expires.
 */

jest.setTimeout(300_000);

const ACME = path.join(__dirname, 'support', 'acme');

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
let control: SimControl;
const workers: WorkerProcess[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

interface AuthCounters {
  refreshCalls: number;
  refreshOk: number;
  reused: number;
  expired: number;
  maxInFlight: number;
}

async function simJson<T>(c: SimControl, method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${c.controlUrl}${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const counters = (c = control) => simJson<AuthCounters>(c, 'GET', '/__sim/auth');

async function createChannel(name: string, baseUrl: string, credentials: Record<string, string>): Promise<{ id: string; key: string }> {
  const r = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key } userErrors { code message field } } }`, {
    i: {
      kind: 'ACME', name, baseUrl, currency: 'USD', credentials, marketplaceIds: ['ACME_US', 'ACME_CA'], settings: [{ name: 'locationKey', value: 'WH-EAST' }],
      schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 },
    },
  });
  expect(r.createChannel.userErrors).toEqual([]);
  return r.createChannel.channel;
}

function order(id: string, marketplaceId: string, status = 'Unshipped'): string {
  return JSON.stringify({ id, status, marketplaceId, fulfillmentChannel: 'MFN', currency: 'USD', total: '25.00', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), lines: [{ id: `${id}-1`, sku: 'ACME-SKU-1', quantity: 1, unitPrice: '25.00' }] });
}

/** Posts a signed push message naming these orders to the channel's endpoint, as the marketplace would. */
async function notify(c: SimControl, key: string, orderIds: string[]): Promise<number> {
  return (await simJson<{ status: number }>(c, 'POST', '/__sim/notify', { orderIds, deliverTo: `${t.baseUrl}/notifications/${key}` })).status;
}

async function runsFinished(channelId: string, trigger: string, count: number): Promise<Record<string, any>[]> {
  return waitFor(`${count} ${trigger} runs finished`, async () => {
    const runs = (await q(`query($c: ID!) { syncRuns(filter: { channelId: $c }, first: 100) { nodes { trigger status finishedAt counts { created updated failed } errors { code message } } } }`, { c: channelId })).syncRuns.nodes.filter(
      (r: { trigger: string }) => r.trigger === trigger,
    );
    return runs.length >= count && runs.every((r: { finishedAt: string | null }) => r.finishedAt) ? runs : undefined;
  }, 120_000);
}

beforeAll(async () => {
  t = await startTestApp({ CONNECTORS: ACME });
  owner = await t.ownerToken();
  sim = await startAcmeSimulator();
  control = new SimControl(sim.controlUrl);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await sim?.stop();
  await t?.stop();
});

describe('tokens owned by the connector, kept by the engine', () => {
  it('given three worker processes when the channel’s token is obtained and later expires then each time one refresh serves them all, the rotated refresh token is saved once and no access token is stored', async () => {
    workers.push(...(await Promise.all([1, 2, 3].map(() => startWorkerProcess(t.app.config.databaseUrl!, { CONNECTORS: ACME, WORKER_CONCURRENCY: '1' })))));
    const channel = await createChannel('Acme shared token', sim.baseUrl, await control.credentials());
    // A slow token endpoint and slow calls: refreshes that were not one at a time would overlap.
    await simJson(control, 'POST', '/__sim/auth', { latencyMs: 400 });
    await control.faults({ latencyMs: 150 });
    const ids = Array.from({ length: 18 }, (_, i) => `ACME-${1000 + i}`);
    for (const [i, id] of ids.entries()) await control.addOrder(order(id, i % 2 ? 'ACME_CA' : 'ACME_US'));

    // Nine push messages of two orders each: nine jobs at once for three single-job workers.
    const pairs = Array.from({ length: 9 }, (_, i) => ids.slice(2 * i, 2 * i + 2));
    for (const status of await Promise.all(pairs.map((p) => notify(control, channel.key, p)))) expect(status).toBe(202);
    await runsFinished(channel.id, 'NOTIFICATION', 9);
    let after = await counters();
    expect(after).toMatchObject({ refreshCalls: 1, refreshOk: 1, reused: 0, maxInFlight: 1 });
    const [{ n }] = await sql<{ n: number }>('select count(*)::int as n from sales_order where channel_id = ?', [channel.key]);
    expect(n).toBe(18);

    // Every access token the marketplace issued expires; then more messages come, for every worker.
    await control.faults({ expireTokens: true });
    const heard = workers.map((w) => w.output.length);
    for (const id of ids) await simJson(control, 'POST', `/__sim/orders/${id}/change`, { status: 'Shipped' });
    for (const status of await Promise.all(pairs.map((p) => notify(control, channel.key, p)))) expect(status).toBe(202);
    const runs = await runsFinished(channel.id, 'NOTIFICATION', 18);
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => 'SUCCEEDED'));
    after = await counters();
    expect(after).toMatchObject({ refreshCalls: 2, refreshOk: 2, reused: 0, maxInFlight: 1 });
    // All three processes worked on the channel after the expiry, and none refreshed for itself.
    for (const w of workers) expect(w.output.slice(heard[workers.indexOf(w)]).join('')).toContain('orders a push message named are pulled');
    const [shipped] = await sql<{ n: number }>(`select count(*)::int as n from sales_order where channel_id = ? and status = 'SHIPPED'`, [channel.key]);
    expect(shipped.n).toBe(18);

    // The refresh token the marketplace rotated to last is the one stored (encrypted); the one
    // before it was spent once only (reused: 0). No access token is in the channel row.
    const [row] = await sql<Record<string, unknown>>('select * from channel where key = ?', [channel.key]);
    const stored = JSON.parse(decryptSecret(Buffer.from(TEST_SECRETS_KEY, 'hex'), String(row.credentials_enc))) as Record<string, string>;
    const consent = await control.credentials();
    expect(stored.refreshToken).not.toBe(consent.refreshToken);
    expect(stored.refreshToken).toMatch(/^Atzr\|/);
    expect(JSON.stringify(row)).not.toMatch(/Atza\|/);
    expect(JSON.stringify(stored)).not.toMatch(/Atza\|/);
    expect(row.auth_generation).toBe('2');
  });

  it('given a refresh token close to its expiry when the channel is read then it warns, from the consent’s date or from the rotation’s', async () => {
    const soon = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    const seller = await control.addSeller({ name: 'warned' });
    const credentials = { ...(await seller.control.credentials()), refreshTokenExpiresAt: soon.toISOString() };
    const channel = await createChannel('Acme warned', seller.baseUrl, credentials);
    const read = async () => (await q(`query($id: ID!) { channel(id: $id) { warnings { code message at } } }`, { id: channel.id })).channel.warnings;
    expect(await read()).toEqual([{ code: 'REFRESH_TOKEN_EXPIRING', message: expect.stringContaining(soon.toISOString().slice(0, 10)), at: soon.toISOString() }]);

    // A channel whose refresh token has months left warns of nothing.
    const later = await control.addSeller({ name: 'unwarned' });
    const quiet = await createChannel('Acme quiet', later.baseUrl, await later.control.credentials());
    expect((await q(`query($id: ID!) { channel(id: $id) { warnings { code } } }`, { id: quiet.id })).channel.warnings).toEqual([]);

    // The marketplace rotates the refresh token with a lifetime of five days: the warning follows it.
    await simJson(seller.control, 'POST', '/__sim/auth', { refreshTtlSeconds: 5 * 24 * 3600 });
    const test = await q(`mutation($id: ID!) { testChannelConnection(id: $id) { ok error { code message } } }`, { id: channel.id });
    expect(test.testChannelConnection).toEqual({ ok: true, error: null });
    const [warning] = await read();
    expect(warning.code).toBe('REFRESH_TOKEN_EXPIRING');
    expect(Math.abs(Date.parse(warning.at) - (Date.now() + 5 * 24 * 3600 * 1000))).toBeLessThan(60_000);
  });

  it('given a token the marketplace still refuses after a refresh when the channel syncs then it refreshed once and the channel is AUTH_FAILED', async () => {
    const seller = await control.addSeller({ name: 'revoked' });
    const channel = await createChannel('Acme revoked', seller.baseUrl, await seller.control.credentials());
    await simJson(seller.control, 'POST', '/__sim/auth', { revoked: true });
    const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
    const done = await waitFor('the run', async () => {
      const r = (await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt errors { kind code } } }`, { id: run.syncChannel.syncRun.id })).syncRun;
      return r.finishedAt ? r : undefined;
    });
    expect(done).toMatchObject({ status: 'FAILED', errors: [{ kind: 'AUTH_FAILED', code: 'invalid_token' }] });
    expect((await q(`query($id: ID!) { channel(id: $id) { status } }`, { id: channel.id })).channel.status).toBe('AUTH_FAILED');
    // The first token (nothing was held) and one renewal after the refusal: no more.
    expect(await counters(seller.control)).toMatchObject({ refreshCalls: 2, refreshOk: 2 });
  });

  it('given a refresh token that has expired when the channel syncs then the refresh is refused once and the channel is AUTH_FAILED', async () => {
    const seller = await control.addSeller({ name: 'expiring' });
    const channel = await createChannel('Acme expired', seller.baseUrl, await seller.control.credentials());
    // Two years pass on the marketplace: the access token and the refresh token are both out.
    await seller.control.setClock({ advanceMs: 2 * 365 * 24 * 3600 * 1000 });
    try {
      const before = await counters(seller.control);
      const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
      const done = await waitFor('the run', async () => {
        const r = (await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt errors { kind code message } } }`, { id: run.syncChannel.syncRun.id })).syncRun;
        return r.finishedAt ? r : undefined;
      });
      expect(done.status).toBe('FAILED');
      expect(done.errors).toEqual([expect.objectContaining({ kind: 'AUTH_FAILED', code: 'invalid_grant', message: expect.stringContaining('expired') })]);
      const c = (await q(`query($id: ID!) { channel(id: $id) { status lastError } }`, { id: channel.id })).channel;
      expect(c).toEqual({ status: 'AUTH_FAILED', lastError: expect.stringContaining('refresh token has expired') });
      const after = await counters(seller.control);
      expect(after.expired - before.expired).toBe(1);
      expect(after.refreshCalls - before.refreshCalls).toBe(1);
    } finally {
      await seller.control.setClock({ real: true });
    }
  });
});
