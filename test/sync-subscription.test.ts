import WebSocket from 'ws';
import { createClient, Client } from 'graphql-ws';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { startTestApp, TestApp } from './support/test-app';
import { createTaobaoChannel, gqlOk, waitFor } from './support/sync-fixtures';

/**
 * syncRunUpdated over graphql-ws: committed changes of a run reach a subscriber; a caller
 * without a token is refused. No worker runs here, so the only change is the run being queued.
 */

let t: TestApp;
let owner: string;
let sim: Awaited<ReturnType<typeof startTaobaoSimulator>>;
const clients: Client[] = [];

function client(token?: string): Client {
  const c = createClient({
    url: t.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sim = await startTaobaoSimulator();
  t = await startTestApp();
  owner = await t.ownerToken();
  await gqlOk(t, owner, 'mutation { createWarehouse(input: { code: "SUBW", name: "订阅仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await t.stop();
  await sim.stop();
});

it('sends a run as it is committed to a subscriber of its channel', async () => {
  const channel = await createTaobaoChannel(t, owner, { name: '淘宝 订阅', baseUrl: sim.baseUrl, credentials: await new SimControl(sim.controlUrl).credentials(), warehouse: 'SUBW' });
  const received: { id: string; status: string; scopes: string[] }[] = [];
  const errors: unknown[] = [];
  const c = client(owner);
  const subscribed = new Promise<void>((resolve) => c.on('connected', () => resolve()));
  c.subscribe<{ syncRunUpdated: { id: string; status: string; scopes: string[] } }>(
    { query: 'subscription($c: ID) { syncRunUpdated(channelId: $c) { id status scopes } }', variables: { c: channel.id } },
    { next: (m) => (m.data ? received.push(m.data.syncRunUpdated) : errors.push(m.errors)), error: (e) => errors.push(e), complete: () => undefined },
  );
  await subscribed;
  // The LISTEN is set up as the subscription starts: give it a moment before the change.
  await new Promise((r) => setTimeout(r, 300));
  const r = await gqlOk(t, owner, 'mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }', { i: { channelId: channel.id, scopes: ['ORDERS'] } });
  const runId = r.syncChannel.syncRun.id;
  const got = await waitFor('the run over the subscription', async () => received.find((x) => x.id === runId), 10_000);
  expect(got).toEqual({ id: runId, status: 'QUEUED', scopes: ['ORDERS'] });
  expect(errors).toEqual([]);
});

it('refuses a subscriber without a token', async () => {
  const c = client();
  const outcome = await new Promise<unknown>((resolve) => {
    c.subscribe({ query: 'subscription { syncRunUpdated { id } }' }, { next: (m) => resolve(m.errors ?? m), error: (e) => resolve(e), complete: () => resolve('complete') });
  });
  // connection_init without a credential closes the socket (4403 Forbidden) before any operation.
  expect((outcome as { code?: number }).code).toBe(4403);
});
