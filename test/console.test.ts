import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocket } from 'playwright-core';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { ensureConsoleBuilt } from '../src/console-serve/console-build';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestApp, TestApp } from './support/test-app';
import { ChannelRef, createTaobaoChannel, gqlOk, mixedTrade, seedCatalog, tidOf, waitFor } from './support/sync-fixtures';

/**
 * The operations console in a real browser (the system's Chromium through playwright-core)
 * against the real server, worker and database, with the Taobao simulator as the marketplace:
 * sign in, a sync watched live over the subscription, a held order released, a SKU's ledger,
 * and a person limited to one channel who cannot reach another. Screenshots of each main
 * screen go to console/screenshots/ (the README shows them).
 */

jest.setTimeout(180_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', 'console', 'screenshots');
const LIMITED_EMAIL = 'overseas.taobao@test.example.com';
const LIMITED_PASSWORD = 'Kx9-console-limited-2031';

type Sim = Awaited<ReturnType<typeof startTaobaoSimulator>>;

let t: TestApp;
let owner: string;
let sim: Sim;
let control: SimControl;
let shop: ChannelRef;
let other: ChannelRef;
let skus: string[];
let otherOrderId: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** syncRunUpdated events the page received over its WebSocket. */
const liveEvents: { status: string; finishedAt: string | null }[] = [];
const pageErrors: string[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const url = (p: string) => `${t.baseUrl}/console${p}`;
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

function watchPage(p: Page): void {
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  p.on('websocket', (ws: WebSocket) => {
    ws.on('framereceived', ({ payload }) => {
      const msg = JSON.parse(String(payload)) as { type: string; payload?: { data?: { syncRunUpdated?: { status: string; finishedAt: string | null } } } };
      const run = msg.type === 'next' ? msg.payload?.data?.syncRunUpdated : undefined;
      if (run) liveEvents.push({ status: run.status, finishedAt: run.finishedAt });
    });
  });
}

async function signIn(p: Page, email: string, password: string): Promise<void> {
  await p.goto(url('/'));
  await p.getByLabel('邮箱').fill(email);
  await p.getByLabel('密码').fill(password);
  // Enter submits the form: no mouse needed.
  await p.getByLabel('密码').press('Enter');
  await p.getByRole('navigation').waitFor();
}

beforeAll(async () => {
  expect(fs.existsSync(CHROMIUM)).toBe(true);
  fs.mkdirSync(SHOTS, { recursive: true });
  // The server serves console/dist: built here when missing or older than its sources.
  const [, app, simulator] = await Promise.all([ensureConsoleBuilt(), startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' }), startTaobaoSimulator()]);
  t = app;
  sim = simulator;
  owner = await t.ownerToken();
  control = new SimControl(sim.controlUrl);
  skus = await seedCatalog(t, owner, { warehouse: 'CW', prefix: 'CON', count: 5, onHand: 100 });
  const credentials = await control.credentials();
  shop = await createTaobaoChannel(t, owner, { name: '淘宝旗舰店', baseUrl: sim.baseUrl, credentials, warehouse: 'CW' });
  other = await createTaobaoChannel(t, owner, { name: '淘宝二店', baseUrl: sim.baseUrl, credentials, warehouse: 'CW' });
  // Ten trades of every kind wait on the marketplace: a DO_NOT_SHIP one (4) and one with an unknown SKU (10) will be held.
  for (let i = 1; i <= 10; i++) await control.addOrder(mixedTrade(i, skus));
  // A refund without a status: kept as a sync error with the marketplace's raw body.
  const bad = await fetch(new URL('/__sim/refunds', sim.controlUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"refund_id": 77001, "tid": ${tidOf(6)}, "refund_fee": "10.00", "reason": "不想要了", "has_good_return": false}`,
  });
  expect(bad.status).toBe(200);
  // The other shop's order, which the one-channel person must not see.
  const intake = await q(
    `mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { outcome order { id number } userErrors { code message } } }`,
    { i: { channelKey: other.key, externalId: 'OTHER-1', status: 'PAID', placedAt: new Date().toISOString(), modifiedAt: new Date().toISOString(), currency: 'CNY', buyerId: 'b', lines: [{ sku: skus[1], quantity: 1, unitPrice: '99.00', externalLineId: '1' }] } },
  );
  expect(intake.recordChannelOrder.userErrors).toEqual([]);
  otherOrderId = intake.recordChannelOrder.order.id;
  const staff = await q(`mutation($i: CreateStaffInput!) { createStaff(input: $i) { staff { id } userErrors { code message } } }`, {
    i: { email: LIMITED_EMAIL, name: '海外商务（淘宝旗舰店）', password: LIMITED_PASSWORD, departmentKey: 'overseas', roleKeys: ['overseas_sales'], channelIds: [shop.key] },
  });
  expect(staff.createStaff.userErrors).toEqual([]);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  // Reduced motion: bars are drawn at their final width, so the screenshots show the end state.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
  page = await context.newPage();
  watchPage(page);
});

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  await t?.stop();
});

describe('operations console', () => {
  it('serves the app at /console with every other path under it falling back to the page', async () => {
    const index = await fetch(url('/orders/whatever'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    const html = await index.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const js = await fetch(`${t.baseUrl}${asset}`);
    expect([js.status, js.headers.get('cache-control')]).toEqual([200, expect.stringContaining('immutable')]);
    expect((await fetch(url('/assets/missing.js'))).status).toBe(404);
  });

  it('signs a staff member in with the login form (Chinese by default) and shows their channels', async () => {
    await page.goto(url('/'));
    await page.getByRole('heading', { name: '运营控制台' }).waitFor();
    await shot(page, 'sign-in');
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    await page.getByRole('heading', { name: '渠道', exact: true }).waitFor();
    await page.getByRole('link', { name: '淘宝旗舰店' }).waitFor();
    await page.getByRole('link', { name: '淘宝二店' }).waitFor();
    // The token is kept for this tab only.
    expect(await page.evaluate<string | null>(`sessionStorage.getItem('console.token')`)).toMatch(/^ey/);
    // Every screen of the owner's roles is in the navigation.
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(['渠道', '订单', '库存', '商品', '销售']);
    // Each card has read its runs and listings.
    await waitFor('both cards filled in', async () => (await page.locator('.card .counts').count()) === 2, 20_000);
    await shot(page, 'channels');
  });

  it('starts a sync of the Taobao channel and watches it finish live, with progress and counts', async () => {
    await page.getByRole('link', { name: '淘宝旗舰店' }).click();
    await page.getByRole('heading', { name: /淘宝旗舰店/ }).waitFor();
    await page.getByRole('checkbox', { name: '退货退款' }).check();
    await page.getByRole('button', { name: '开始同步' }).click();
    const live = page.locator('.live-run');
    await live.waitFor();
    // (The page's own code runs in the browser: given as text, since this file knows no DOM types.)
    await page.waitForFunction(`!['QUEUED', 'RUNNING'].includes(document.querySelector('.live-run')?.getAttribute('data-run-status') ?? 'QUEUED')`, undefined, { timeout: 90_000 });
    // Partly done: the refund without a status could not be read.
    expect(await live.getAttribute('data-run-status')).toBe('PARTIAL');
    // Ten trades created; the refund without a status failed.
    expect(await live.locator('[data-count="created"]').textContent()).toBe('10');
    expect(await live.locator('[data-count="failed"]').textContent()).toBe('1');
    const bar = live.getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBe(await bar.getAttribute('aria-valuemax'));
    // The page heard the run over the subscription, not only from a reload.
    expect(liveEvents.length).toBeGreaterThan(0);
    expect(liveEvents.some((e) => e.finishedAt !== null)).toBe(true);
    await shot(page, 'channel-sync');
  });

  it("shows the run's errors with the marketplace's message and raw body, and retries them from the screen", async () => {
    await page.getByRole('button', { name: '查看错误' }).first().click();
    const errors = page.locator('.sync-errors li');
    await errors.first().waitFor();
    expect(await errors.first().textContent()).toContain('MALFORMED_RETURN');
    await errors.first().getByText('平台原始返回').click();
    expect(await errors.first().locator('pre').textContent()).toContain('不想要了');
    await page.locator('section[aria-labelledby="run-errors"]').screenshot({ path: path.join(SHOTS, 'sync-errors.png') });
    await page.getByRole('button', { name: '重试失败的任务' }).click();
    await page.getByRole('status').filter({ hasText: '已重新提交' }).waitFor();
  });

  it('releases a held order from the queue, and maps an unknown SKU on the order page', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '订单' }).click();
    const held = page.locator('section[aria-labelledby="held"]');
    await held.locator('tbody tr').first().waitFor();
    expect(await held.locator('tbody tr').count()).toBe(2);
    await shot(page, 'orders');
    // The DO_NOT_SHIP order (trade 4) is released with its button.
    const release = held.getByRole('button', { name: /平台禁止发货/ });
    await release.focus();
    await page.keyboard.press('Enter');
    await waitFor('one held order left', async () => (await held.locator('tbody tr').count()) === 1, 20_000);
    const left = await q(`{ orders(filter: { onHold: true }, first: 10) { nodes { externalId holdReasons } } }`);
    expect(left.orders.nodes).toEqual([{ externalId: tidOf(10), holdReasons: ['UNMAPPED_SKU'] }]);

    // The unknown SKU is mapped on the order's page, which releases the last hold.
    await held.locator('tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { name: '订单已挂起' }).waitFor();
    await page.getByRole('heading', { name: '商品明细' }).waitFor();
    await shot(page, 'order');
    await page.getByPlaceholder('我方 SKU').fill(skus[4]);
    await page.getByPlaceholder('我方 SKU').press('Enter');
    await page.getByRole('heading', { name: '订单已挂起' }).waitFor({ state: 'detached' });
    const none = await q(`{ orders(filter: { onHold: true }, first: 10) { totalCount } }`);
    expect(none.orders.totalCount).toBe(0);
  });

  it('shows the pick list of a warehouse ready to print', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '订单' }).click();
    await page.getByRole('link', { name: '打印配货单和快递单' }).click();
    await page.getByRole('combobox', { name: '仓库' }).selectOption('CW');
    await page.getByRole('button', { name: '生成' }).click();
    const sheet = page.frameLocator('iframe.print-frame').locator('body');
    await sheet.getByText(skus[0]).first().waitFor();
    await page.getByRole('button', { name: '打印', exact: true }).waitFor();
    await shot(page, 'print');
  });

  it("reads a SKU's movement ledger from the stock screen", async () => {
    await page.getByRole('navigation').getByRole('link', { name: '库存' }).click();
    await page.getByRole('link', { name: skus[0], exact: true }).first().click();
    await page.getByRole('heading', { name: `${skus[0]} 的库存流水` }).waitFor();
    const rows = page.locator('section[aria-labelledby="movements"] tbody tr');
    await rows.first().waitFor();
    const text = (await rows.allTextContents()).join('\n');
    expect(text).toContain('+100');
    expect(text).toContain('opening');
    await shot(page, 'ledger');
    await page.goto(url('/stock'));
    await page.getByRole('heading', { name: '账账相符检查' }).waitFor();
    await page.getByText('库存与流水、占用全部相符。').waitFor();
    await shot(page, 'stock');
  });

  it('shows the catalogue and the sales charts in the base currency, and switches to English', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '商品' }).click();
    await page.getByRole('link', { name: /纯棉短袖T恤 CON/ }).waitFor();
    await shot(page, 'catalogue');
    await page.getByRole('navigation').getByRole('link', { name: '销售' }).click();
    const row = page.locator(`tr[data-channel="${shop.key}"]`);
    await row.waitFor();
    // Ten trades, the cancelled and the refunded one included (they count as orders).
    expect(await row.locator('td').nth(1).textContent()).toBe('10');
    await page.locator('.recharts-surface').first().waitFor();
    // Both shops are stacked per day until one is chosen on screen.
    expect(await page.locator('section[aria-labelledby="orders-chart"] .recharts-legend-item').count()).toBe(2);
    await shot(page, 'sales');
    await page.getByRole('combobox', { name: '渠道' }).selectOption(shop.key);
    await page.getByRole('button', { name: '查看' }).click();
    await waitFor('one channel in the chart', async () => (await page.locator('section[aria-labelledby="orders-chart"] .recharts-legend-item').count()) === 1, 20_000);
    await page.getByRole('button', { name: '切换界面语言' }).click();
    await page.getByRole('heading', { name: 'Sales', exact: true }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en-US');
    await page.getByRole('button', { name: 'Switch interface language' }).click();
    await page.getByRole('heading', { name: '销售', exact: true }).waitFor();
  });

  it('is readable on a tablet: the orders screen at 800 px', async () => {
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.goto(url('/orders'));
    await page.getByRole('heading', { name: '全部订单' }).waitFor();
    await page.locator('section[aria-labelledby="all-orders"] tbody tr').first().waitFor();
    // Nothing but the tables' own scrolling areas is wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(800);
    await shot(page, 'orders-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('keeps a person limited to one channel to that channel', async () => {
    const limited = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    const p = await limited.newPage();
    watchPage(p);
    await signIn(p, LIMITED_EMAIL, LIMITED_PASSWORD);
    await p.getByRole('heading', { name: '渠道', exact: true }).waitFor();
    await p.getByRole('link', { name: '淘宝旗舰店' }).waitFor();
    expect(await p.getByRole('link', { name: '淘宝二店' }).count()).toBe(0);
    // Every order listed is of their channel; the other shop's is not among them.
    await p.goto(url('/orders'));
    const rows = p.locator('section[aria-labelledby="all-orders"] tbody tr');
    await rows.first().waitFor();
    const channels = await p.locator('section[aria-labelledby="all-orders"] tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(channels)).toEqual(new Set([shop.key]));
    // Opening the other shop's order or channel by its address is refused by the API and said so.
    await p.goto(url(`/orders/${encodeURIComponent(otherOrderId)}`));
    await p.getByRole('alert').filter({ hasText: '无权访问' }).waitFor();
    await p.goto(url(`/channels/${encodeURIComponent(other.id)}`));
    await p.getByRole('alert').or(p.getByText('没有找到。')).first().waitFor();
    expect(await p.getByRole('heading', { name: /淘宝二店/ }).count()).toBe(0);
    // Their sales count their channel only.
    await p.goto(url('/sales'));
    await p.locator(`tr[data-channel="${shop.key}"]`).waitFor();
    expect(await p.locator('tr[data-channel]').count()).toBe(1);
    await limited.close();
  });

  it('raised no script error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
