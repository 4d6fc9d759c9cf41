import { selectRows } from '../src/common/sql';
import { ChannelRef, createTaobaoChannel, seedCatalog, tidOf, useWorkerAndSimulator, waitFor } from './support/sync-fixtures';
import { tradeJson } from '../connectors/taobao/fixtures/trades';

/**
 * Every job leaves a sync run: scheduled pulls (SCHEDULE), outbox pushes (OUTBOX), listing
 * writes (MANUAL, returned by the mutation) and the fixes a reconciliation pushes; a stretch of
 * scheduled pulls that find nothing is one run counting its repeats.
 */

jest.setTimeout(180_000);

const env = useWorkerAndSimulator();
let channel: ChannelRef;
let skus: string[];

const RUN = `id trigger scopes status repeats requestedBy counts { fetched created updated skipped failed } jobs { total done failed } createdAt finishedAt`;

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return selectRows<T>(env.t.em(), text, params);
}

async function runs(filter: (r: Record<string, any>) => boolean = () => true): Promise<Record<string, any>[]> {
  const r = await env.q(`query($c: ID!) { syncRuns(filter: { channelId: $c }, first: 100) { nodes { ${RUN} } } }`, { c: channel.id });
  return r.syncRuns.nodes.filter(filter);
}

/** Makes the channel's order pull due now and runs the worker's tick (what the timer does every SYNC_TICK_SECONDS). */
async function schedulePullNow(): Promise<void> {
  await env.t.em().getConnection().execute(`update channel set next_orders_at = null where key = ?`, [channel.key]);
  await env.t.app.worker!.tick();
}

async function allFinished(): Promise<Record<string, any>[]> {
  return waitFor('every run to finish', async () => {
    const all = await runs();
    return all.every((r) => r.finishedAt) ? all : undefined;
  });
}

beforeAll(async () => {
  skus = await seedCatalog(env.t, env.owner, { warehouse: 'RUNW', prefix: 'RUN', count: 2, onHand: 50 });
  channel = await createTaobaoChannel(env.t, env.owner, { name: '运行记录店', baseUrl: env.sim.baseUrl, credentials: await env.control.credentials(), warehouse: 'RUNW' });
  // Taobao items are made by hand in the back office; publishing links them by merchant code.
  const made = await fetch(`${env.sim.controlUrl}/__sim/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: '纯棉短袖T恤 运行记录', skus: skus.map((sku) => ({ outer_id: sku, price: '99.00', quantity: 0 })) }),
  });
  expect(made.status).toBe(200);
});

describe('every job leaves a sync run', () => {
  it('given a publish when it is asked for then the mutation returns the MANUAL run that counts its jobs', async () => {
    const r = await env.q(
      `mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { sku status } syncRuns { ${RUN} } userErrors { code message } } }`,
      { i: { channelId: channel.id, skus, categoryId: '50000436', attributeList: [{ name: 'location.state', value: '浙江' }, { name: 'location.city', value: '杭州' }] } },
    );
    expect(r.publishListings.userErrors).toEqual([]);
    expect(r.publishListings.syncRuns).toEqual([expect.objectContaining({ trigger: 'MANUAL', scopes: ['LISTINGS'], jobs: { total: 2, done: 0, failed: 0 } })]);
    const done = await waitFor('the publish run to finish', async () => {
      const run = (await env.q(`query($id: ID!) { syncRun(id: $id) { ${RUN} } }`, { id: r.publishListings.syncRuns[0].id })).syncRun;
      return run.finishedAt ? run : undefined;
    });
    const errs = (await env.q(`query($id: ID!) { syncRun(id: $id) { errors { code message } } }`, { id: done.id })).syncRun.errors;
    expect({ ...done, errs }).toMatchObject({ status: 'SUCCEEDED', counts: { created: 2 }, jobs: { total: 2, done: 2, failed: 0 }, errs: [] });
  });

  it('given a stock change when the outbox pushes it then an OUTBOX run shows the push', async () => {
    await env.q(`mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "RUNW", delta: -5, reason: "damaged" }) { userErrors { code } } }`, { s: skus[0] });
    await waitFor('the simulator to show 45', async () => (await env.control.listings()).find((l) => l.sku === skus[0])?.quantity === 45);
    const outbox = await waitFor('an OUTBOX run that pushed it', async () => {
      const found = (await runs((r) => r.trigger === 'OUTBOX' && r.counts.updated > 0 && r.finishedAt))[0];
      return found;
    });
    expect(outbox).toMatchObject({ scopes: ['STOCK'], status: 'SUCCEEDED', requestedBy: 'system', counts: { updated: 1 } });
  });

  it('given scheduled pulls when they find nothing then one run counts the repeats, and one that finds orders stands on its own', async () => {
    await env.q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code } } }`, { i: { id: channel.id, schedule: { ordersEveryMinutes: 60 } } });
    const scheduled = () => runs((r) => r.trigger === 'SCHEDULE' && r.scopes.join() === 'ORDERS');

    await schedulePullNow();
    await allFinished();
    expect(await scheduled()).toEqual([expect.objectContaining({ status: 'SUCCEEDED', repeats: 0, counts: { fetched: 0, created: 0, updated: 0, skipped: 0, failed: 0 } })]);

    // Two more quiet pulls fold into the first: still one line, now "three times".
    for (let k = 0; k < 2; k++) {
      await schedulePullNow();
      await allFinished();
    }
    const quiet = await scheduled();
    expect(quiet).toEqual([expect.objectContaining({ repeats: 2 })]);
    expect(Date.parse(quiet[0].finishedAt)).toBeGreaterThan(Date.parse(quiet[0].createdAt));
    // The folded runs are gone, not hidden: the table holds the one.
    expect(await sql(`select 1 from sync_run where channel_id = (select id from channel where key = ?) and trigger = 'SCHEDULE'`, [channel.key])).toHaveLength(1);

    // An order arrives: the next scheduled pull imports it and is a run of its own.
    await env.control.addOrder(tradeJson(4242, [skus[1]]));
    await schedulePullNow();
    await allFinished();
    const [busy, ...rest] = await scheduled();
    expect(busy).toMatchObject({ repeats: 0, counts: { fetched: 1, created: 1 } });
    expect(rest).toEqual([expect.objectContaining({ repeats: 2 })]);
    expect(await sql('select 1 from sales_order where channel_id = ? and external_id = ?', [channel.key, tidOf(4242)])).toHaveLength(1);

    // Quiet again after it: a new line (the stretch before the order stays as it was).
    await schedulePullNow();
    await allFinished();
    expect((await scheduled()).map((r) => [r.counts.fetched, r.repeats])).toEqual([
      [expect.any(Number), 0],
      [1, 0],
      [0, 2],
    ]);
  });

  it('given a reconciliation that fixes drift when it pushes again then the fix has a run of its own, started as the reconciliation was', async () => {
    // Our price moves without a push (as a change written behind the engine's back would): the marketplace now differs.
    await env.t.em().getConnection().execute(`update listing set price = 77.00 where sku = ? and channel_id = (select id from channel where key = ?)`, [skus[0], channel.key]);
    const r = await env.q(`mutation($i: ReconcileChannelInput!) { reconcileChannel(input: $i) { syncRun { id requestedBy } userErrors { code } } }`, { i: { channelId: channel.id, fix: true } });
    expect(r.reconcileChannel.userErrors).toEqual([]);
    await waitFor('the fix to reach the simulator', async () => (await env.control.listings()).find((l) => l.sku === skus[0])?.price === '77.00');
    await allFinished();
    const fixes = await runs((x) => x.scopes.join() === 'PRICES');
    expect(fixes).toEqual([expect.objectContaining({ trigger: 'MANUAL', requestedBy: r.reconcileChannel.syncRun.requestedBy, status: 'SUCCEEDED', counts: expect.objectContaining({ updated: 1 }) })]);
  });
});
