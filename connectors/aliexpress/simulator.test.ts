import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonExact, stringifyJsonExact } from '../sdk/exact-json';
import type { RunningSimulator } from '../sdk/simulator';
import { SimControl } from '../sdk/testkit';
import { aliexpressConnector } from './index';
import { startAliExpressSimulator } from './simulator';

// The simulated AliExpress (IOP) held to ../shared/marketplaces/aliexpress.md §9 and to the
// official method metadata, spoken to over real HTTP. Requests are signed by the small signer
// below, written from §3, not by the connector's client or the simulator's own checker.

type Raw = Record<string, any>;

/** §3: every parameter but sign, ASCII order, name+value joined, the API path in front for '/' names, HMAC-SHA256, uppercase hex. */
function signIop(apiName: string, params: Record<string, string>, secret: string): string {
  const joined = Object.keys(params)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('');
  return crypto.createHmac('sha256', secret).update(apiName.includes('/') ? `${apiName}${joined}` : joined, 'utf8').digest('hex').toUpperCase();
}

interface Answer {
  status: number;
  text: string;
  body: Raw;
}

interface CallOptions {
  /** Signs with this secret instead of the app's. */
  secret?: string;
  /** The token sent; null sends none. */
  token?: string | null;
  tokenParam?: 'access_token' | 'session';
  /** The timestamp parameter; default the simulator's now in epoch ms. */
  timestamp?: string;
  /** Parameters changed after signing (a tampered request). */
  afterSigning?: Record<string, string>;
  /** The name the signature is computed for (default: the method or path called). */
  signAs?: string;
  target?: RunningSimulator;
  creds?: Record<string, string>;
}

let sim: RunningSimulator;
let control: SimControl;
let creds: Record<string, string>;

const METADATA = path.join(__dirname, 'simulator', 'metadata');
const SHARED_METADATA = path.join(__dirname, '..', '..', '..', 'shared', 'marketplaces', 'specs', 'aliexpress-top-metadata');
const metaOf = (method: string): Raw => JSON.parse(fs.readFileSync(path.join(METADATA, `${method.replace(/\./g, '_')}.json`), 'utf8'));

async function simNow(target: RunningSimulator = sim): Promise<number> {
  return Date.parse((await new SimControl(target.controlUrl).clock()).now);
}

async function send(url: string, params: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: new URLSearchParams(params).toString() });
  const text = await res.text();
  return { status: res.status, text, body: /json/.test(res.headers.get('content-type') ?? '') ? parseJsonExact<Raw>(text) : {} };
}

/** A `/sync` business call: objects and lists go as JSON strings (BigInt ids as bare numbers). */
async function call(method: string, business: Record<string, unknown> = {}, o: CallOptions = {}): Promise<Answer> {
  const target = o.target ?? sim;
  const c = o.creds ?? creds;
  const params: Record<string, string> = { app_key: c.appKey, timestamp: o.timestamp ?? String(await simNow(target)), sign_method: 'sha256', method, format: 'json', simplify: 'false', partner_id: 'iop-sdk-test' };
  const token = o.token === undefined ? c.accessToken : o.token;
  if (token !== null) params[o.tokenParam ?? 'access_token'] = token;
  for (const [k, v] of Object.entries(business)) params[k] = typeof v === 'string' ? v : stringifyJsonExact(v);
  params.sign = signIop(o.signAs ?? method, params, o.secret ?? c.appSecret);
  Object.assign(params, o.afterSigning ?? {});
  return send(`${target.baseUrl}/sync`, params);
}

/** A `/rest` system call at `apiPath` (e.g. /auth/token/refresh). */
async function rest(apiPath: string, business: Record<string, string>, o: CallOptions = {}): Promise<Answer> {
  const target = o.target ?? sim;
  const c = o.creds ?? creds;
  const params: Record<string, string> = { app_key: c.appKey, timestamp: o.timestamp ?? String(await simNow(target)), sign_method: 'sha256', ...business };
  params.sign = signIop(o.signAs ?? apiPath, params, o.secret ?? c.appSecret);
  return send(`${target.baseUrl}/rest${apiPath}`, params);
}

const responseOf = (a: Answer, method: string): Raw => {
  const r = a.body[`${method.replace(/\./g, '_')}_response`];
  if (!r) throw new Error(`no ${method} response in ${a.text.slice(0, 400)}`);
  return r;
};
const errorOf = (a: Answer): Raw | undefined => a.body.error_response;

async function simPost(p: string, body: unknown, target: RunningSimulator = sim): Promise<Raw> {
  const res = await fetch(`${target.controlUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${p} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

async function simGet(p: string): Promise<Raw> {
  return (await fetch(`${sim.controlUrl}${p}`)).json() as Promise<Raw>;
}

/**
 * What a test speaking the wire itself signs with: the channel's credentials (`GET /__sim/credentials`,
 * no access token, as a channel holds them) and the seller's current access token (`GET /__sim/tokens`).
 */
async function wireCredentials(c: SimControl): Promise<Record<string, string>> {
  const tokens = (await (await fetch(`${c.controlUrl}/__sim/tokens`)).json()) as Record<string, string>;
  return { ...(await c.credentials()), accessToken: tokens.accessToken };
}

/** Tokens issued now on the simulator's clock (after the clock was moved), used by the next calls. */
async function freshTokens(): Promise<void> {
  creds = { ...creds, ...(await simPost('/__sim/tokens', {})) };
}

// ---- fixtures in AliExpress's own shapes ----

const UPLOAD = 'aliexpress.photobank.redefining.uploadimageforsdk';
const POST = 'aliexpress.solution.product.post';
const EDIT = 'aliexpress.solution.product.edit';
const INVENTORY = 'aliexpress.solution.batch.product.inventory.update';
const PRICE = 'aliexpress.solution.batch.product.price.update';
const ORDER_GET = 'aliexpress.solution.order.get';
const INFO_GET = 'aliexpress.solution.order.info.get';
const FULFILL = 'aliexpress.solution.order.fulfill';

/** Uploads an image to the photo bank as the SDK does (multipart, the file part unsigned); its URL. */
async function upload(fileName = 'suit-front.jpg'): Promise<string> {
  const params: Record<string, string> = { app_key: creds.appKey, timestamp: String(await simNow()), sign_method: 'sha256', method: UPLOAD, access_token: creds.accessToken, file_name: fileName };
  params.sign = signIop(UPLOAD, params, creds.appSecret);
  const form = new FormData();
  for (const [k, v] of Object.entries(params)) form.append(k, v);
  form.append('image_bytes', new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])], { type: 'image/jpeg' }), fileName);
  const res = await fetch(`${sim.baseUrl}/sync`, { method: 'POST', body: form });
  const body = parseJsonExact<Raw>(await res.text());
  const url = body.aliexpress_photobank_redefining_uploadimageforsdk_response?.result?.photobank_url;
  if (typeof url !== 'string') throw new Error(`upload failed: ${JSON.stringify(body)}`);
  return url;
}

function productRequest(image: string, skus: string[], extra: Raw = {}): Raw {
  return {
    language: 'en',
    multi_language_subject_list: [
      { language: 'en', subject: "Men's slim fit wool suit" },
      { language: 'ru', subject: 'Мужской шерстяной костюм' },
    ],
    multi_language_description_list: [{ language: 'en', web_detail: '<p>Wool blend, two buttons.</p>', mobile_detail: 'Wool blend, two buttons.' }],
    aliexpress_category_id: 200000662,
    attribute_list: [
      { aliexpress_attribute_name_id: 2, aliexpress_attribute_value_id: 201512802 },
      { attribute_name: 'Material', attribute_value: 'Wool' },
    ],
    main_image_urls_list: [image],
    sku_info_list: skus.map((sku_code) => ({ sku_code, price: '129.00', discount_price: '99.00', inventory: 5 })),
    inventory_deduction_strategy: 'payment_success_deduct',
    weight: '1.200',
    package_length: 40,
    package_height: 10,
    package_width: 30,
    freight_template_id: 1000,
    shipping_lead_time: 3,
    service_policy_id: 2001,
    ...extra,
  };
}

/** Posts a product with these SKUs; its id as the answer wrote it (a string of digits: beyond 2^53). */
async function postProduct(skus: string[]): Promise<string> {
  const a = await call(POST, { post_product_request: productRequest(await upload(), skus) });
  const id = responseOf(a, POST).result?.product_id;
  if (id === undefined) throw new Error(`post failed: ${a.text}`);
  return String(id);
}

interface OrderFixture {
  id: bigint;
  status?: string;
  currency?: string;
  children?: { id: bigint; sku: string; price: string; count: number }[];
  extra?: Raw;
}

/** The data object of order.info.get, ids as bare numbers, lists wrapped as AliExpress writes them. */
function orderJson(o: OrderFixture): string {
  const currency = o.currency ?? 'USD';
  const children = o.children ?? [{ id: o.id + 1n, sku: 'SUIT-001-BLK-50', price: '12.99', count: 2 }];
  const money = (amount: string) => ({ amount, currency_code: currency });
  return stringifyJsonExact({
    id: o.id,
    order_status: o.status ?? 'WAIT_SELLER_SEND_GOODS',
    buyerloginid: 'ru1029384756abc',
    buyer_signer_fullname: 'Иван Петров',
    seller_signer_fullname: 'Hangzhou Haowu Trading',
    seller_operator_login_id: 'cn1520000001',
    payment_type: 'ebanc',
    is_phone: true,
    memo: 'Пожалуйста, упакуйте аккуратно',
    gmt_pay_success: '2026-01-14 18:00:00',
    buyer_info: { login_id: 'ru1029384756abc', first_name: 'Иван', last_name: 'Петров', country: 'RU' },
    receipt_address: {
      contact_person: 'Иван Петров',
      country: 'RU',
      province: 'Moscow',
      city: 'Moscow',
      address: 'Tverskaya st 1',
      address2: 'apt 5',
      detail_address: 'Tverskaya st 1, apt 5',
      zip: '125009',
      mobile_no: '9161234567',
      phone_country: '+7',
      localized_address: 'Москва, ул. Тверская, д. 1, кв. 5',
    },
    order_amount: money('25.98'),
    logistics_amount: money('0.00'),
    refund_info: { refund_status: 'wait_refund', refund_reason: 'buyer asked', refund_cash_amt: money('12.99') },
    issue_info: { issue_status: 'NO_ISSUE' },
    child_order_list: {
      global_aeop_tp_child_order_dto: children.map((c) => ({
        id: c.id,
        product_id: 1005001234567890,
        sku_code: c.sku,
        product_name: "Men's slim fit wool suit",
        product_count: c.count,
        product_price: money(c.price),
        logistics_type: 'CAINIAO_STANDARD',
        logistics_amount: { amount_str: '0.00', currency_code: currency },
        order_status: o.status ?? 'WAIT_SELLER_SEND_GOODS',
        fund_status: 'PAY_SUCCESS',
        issue_status: 'NO_ISSUE',
      })),
    },
    ...o.extra,
  });
}

async function addOrder(o: OrderFixture): Promise<void> {
  await control.addOrder(orderJson(o));
}

const orderList = async (param0: Raw, o: CallOptions = {}) => responseOf(await call(ORDER_GET, { param0 }, o), ORDER_GET).result as Raw;
const idsOf = (result: Raw): string[] => (result.target_list?.order_dto ?? []).map((d: Raw) => String(d.order_id));

beforeAll(async () => {
  sim = await startAliExpressSimulator({ seed: 11, callsPerSecond: 1000, burst: 1000 });
  control = new SimControl(sim.controlUrl);
});

afterAll(() => sim.stop());

beforeEach(async () => {
  await control.reset();
  creds = await wireCredentials(control);
});

describe('AliExpress simulator: signing (aliexpress.md §3)', () => {
  let vectors: RunningSimulator;
  beforeAll(async () => {
    vectors = await startAliExpressSimulator({ appKey: '500001', appSecret: 'helloworld', callsPerSecond: 1000 });
  });
  afterAll(() => vectors.stop());

  it('given the signer of this test when given vectors A and B then it writes the reference signatures', () => {
    const a = {
      app_key: '500001',
      access_token: '50000700a12bcdEFgh',
      timestamp: '1768444200000',
      sign_method: 'sha256',
      method: 'aliexpress.solution.order.get',
      format: 'json',
      simplify: 'false',
      param0: '{"current_page":1,"page_size":20,"modified_date_start":"2026-01-14 00:00:00","modified_date_end":"2026-01-15 00:00:00","order_status_list":["WAIT_SELLER_SEND_GOODS"]}',
    };
    expect(signIop(a.method, a, 'helloworld')).toBe('CBCDE182743AA28811E3F5151860E65BFF368CD559E995B35B99C4A6F7404288');
    const b = { app_key: '500001', timestamp: '1768444200000', sign_method: 'sha256', code: '3_500001_abcdEFGH_1234' };
    expect(signIop('/auth/token/create', b, 'helloworld')).toBe('70F993598201AF2FD5D06CFB0C6FCEE466CD8BE3B36B8F30AA9208748BF954E3');
  });

  it('given vector A sent as it stands when the clock is at its timestamp then order.get answers with the order in its Pacific window', async () => {
    const vc = new SimControl(vectors.controlUrl);
    await vc.reset();
    await vc.setClock({ at: '2026-01-15T02:30:00Z', freeze: true });
    await simPost('/__sim/tokens', { accessToken: '50000700a12bcdEFgh' }, vectors);
    // 2026-01-15T02:30Z is 2026-01-14 18:30 in Los Angeles (PST): inside the vector's window.
    await vc.addOrder(orderJson({ id: 8100000000000000001n }));
    const params = {
      app_key: '500001',
      access_token: '50000700a12bcdEFgh',
      timestamp: '1768444200000',
      sign_method: 'sha256',
      method: 'aliexpress.solution.order.get',
      format: 'json',
      simplify: 'false',
      param0: '{"current_page":1,"page_size":20,"modified_date_start":"2026-01-14 00:00:00","modified_date_end":"2026-01-15 00:00:00","order_status_list":["WAIT_SELLER_SEND_GOODS"]}',
      sign: 'CBCDE182743AA28811E3F5151860E65BFF368CD559E995B35B99C4A6F7404288',
    };
    const a = await send(`${vectors.baseUrl}/sync`, params);
    expect(errorOf(a)).toBeUndefined();
    const result = responseOf(a, ORDER_GET).result;
    expect(result).toMatchObject({ success: true, total_count: 1, total_page: 1, current_page: 1, page_size: 20 });
    expect(a.text).toContain('"order_id":8100000000000000001');
    expect(result.target_list.order_dto[0].gmt_create).toBe('2026-01-14 18:30:00');
  });

  it('given vector B sent to /rest/auth/token/create when the code was issued then tokens come back at the top level with code "0", and they work', async () => {
    const vc = new SimControl(vectors.controlUrl);
    await vc.reset();
    await vc.setClock({ at: '2026-01-15T02:30:00Z', freeze: true });
    await simPost('/__sim/auth-codes', { code: '3_500001_abcdEFGH_1234' }, vectors);
    const params = { app_key: '500001', timestamp: '1768444200000', sign_method: 'sha256', code: '3_500001_abcdEFGH_1234', sign: '70F993598201AF2FD5D06CFB0C6FCEE466CD8BE3B36B8F30AA9208748BF954E3' };
    const a = await send(`${vectors.baseUrl}/rest/auth/token/create`, params);
    expect(a.body).toMatchObject({ code: '0', expires_in: 86400, access_token: expect.any(String), refresh_token: expect.any(String), request_id: expect.any(String) });
    // A code is exchanged once.
    const again = await send(`${vectors.baseUrl}/rest/auth/token/create`, params);
    expect(again.body).toMatchObject({ code: 'InvalidCode', type: 'ISV' });
    const works = await call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }, { target: vectors, creds: { appKey: '500001', appSecret: 'helloworld', accessToken: a.body.access_token } });
    expect(responseOf(works, ORDER_GET).result.success).toBe(true);
  });

  it('given a wrong signature when sent to /sync and to /rest then each is refused with IncompleteSignature in its own envelope', async () => {
    const bad = await call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }, { secret: 'not-the-secret' });
    expect(bad.status).toBe(200);
    expect(errorOf(bad)).toMatchObject({ type: 'ISV', code: 'IncompleteSignature', msg: expect.any(String), request_id: expect.any(String) });
    const badRest = await rest('/auth/token/refresh', { refresh_token: creds.refreshToken }, { secret: 'not-the-secret' });
    expect(badRest.body).toMatchObject({ code: 'IncompleteSignature', type: 'ISV', message: expect.any(String), request_id: expect.any(String) });
    expect(badRest.body.error_response).toBeUndefined();
  });

  it('given the path handled the wrong way round when signed then both are refused: /rest needs it in front, /sync must not have it', async () => {
    const restWithoutPath = await rest('/auth/token/refresh', { refresh_token: creds.refreshToken }, { signAs: 'auth.token.refresh' });
    expect(restWithoutPath.body.code).toBe('IncompleteSignature');
    const syncWithPath = await call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }, { signAs: `/${ORDER_GET}` });
    expect(errorOf(syncWithPath)?.code).toBe('IncompleteSignature');
    const right = await rest('/auth/token/refresh', { refresh_token: creds.refreshToken });
    expect(right.body.code).toBe('0');
  });

  it('given a JSON parameter re-serialised after signing when sent then it is refused: JSON strings are signed verbatim', async () => {
    const a = await call(ORDER_GET, { param0: '{"current_page":1,"page_size":20}' }, { afterSigning: { param0: '{"current_page": 1, "page_size": 20}' } });
    expect(errorOf(a)?.code).toBe('IncompleteSignature');
    const same = await call(ORDER_GET, { param0: '{"current_page": 1, "page_size": 20}' });
    expect(responseOf(same, ORDER_GET).result.success).toBe(true);
  });
});

describe('AliExpress simulator: system parameters and tokens (§2, §7)', () => {
  const list = (o: CallOptions = {}) => call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }, o);

  it('given the credentials the simulator prints when handed to a channel then they hold only fields the connector declares, the required ones among them, and no access token', async () => {
    const printed = (await (await fetch(`${sim.controlUrl}/__sim/credentials`)).json()) as Record<string, unknown>;
    const declared = aliexpressConnector.credentialFields;
    expect(Object.keys(printed).filter((k) => !declared.some((f) => f.name === k))).toEqual([]);
    for (const f of declared.filter((d) => d.required)) expect(printed[f.name]).toEqual(expect.any(String));
    expect(printed.refreshToken).toEqual(expect.any(String));
    // The access token is the engine's to obtain and keep in memory; the wire tests read it here.
    const tokens = (await (await fetch(`${sim.controlUrl}/__sim/tokens`)).json()) as Record<string, string>;
    expect(tokens).toMatchObject({ accessToken: expect.any(String), refreshToken: printed.refreshToken, accessTokenExpiresAt: expect.any(String) });
    expect(errorOf(await list({ creds: { ...(printed as Record<string, string>), accessToken: tokens.accessToken } }))).toBeUndefined();
  });

  it('given timestamps 7199 s and 7201 s away when sent then the first is taken and the second refused; ISO UTC is taken too', async () => {
    const now = await simNow();
    expect(errorOf(await list({ timestamp: String(now - 7199_000) }))).toBeUndefined();
    expect(errorOf(await list({ timestamp: String(now + 7199_000) }))).toBeUndefined();
    expect(errorOf(await list({ timestamp: String(now - 7201_000) }))).toMatchObject({ code: 'InvalidTimestamp', type: 'ISV' });
    expect(errorOf(await list({ timestamp: String(now + 7201_000) }))).toMatchObject({ code: 'InvalidTimestamp' });
    expect(errorOf(await list({ timestamp: new Date(now).toISOString().replace(/\.\d+Z$/, 'Z') }))).toBeUndefined();
    expect(errorOf(await list({ timestamp: '2026-01-15 10:30:00' }))).toMatchObject({ code: 'InvalidTimestamp' });
  });

  it('given the token as session (SDK 2022) when sent then it is taken like access_token; without any token the call is refused', async () => {
    expect(errorOf(await list({ tokenParam: 'session' }))).toBeUndefined();
    expect(errorOf(await list({ token: null }))).toMatchObject({ code: 'MissingParameter', type: 'ISV' });
    expect(errorOf(await list({ token: 'not-a-token' }))).toMatchObject({ code: 'IllegalAccessToken' });
  });

  it('given a test-mode token when 24 hours pass on the clock then it is refused, and a refresh rotates both tokens', async () => {
    expect(errorOf(await list())).toBeUndefined();
    await control.setClock({ advanceMs: 24 * 3600_000 - 60_000 });
    expect(errorOf(await list())).toBeUndefined();
    await control.setClock({ advanceMs: 61_000 });
    expect(errorOf(await list())).toMatchObject({ code: 'IllegalAccessToken', type: 'ISV' });

    const refreshed = await rest('/auth/token/refresh', { refresh_token: creds.refreshToken });
    expect(refreshed.body).toMatchObject({ code: '0', expires_in: 86400 });
    expect(refreshed.body.access_token).not.toBe(creds.accessToken);
    expect(refreshed.body.refresh_token).not.toBe(creds.refreshToken);
    const next = { ...creds, accessToken: refreshed.body.access_token, refreshToken: refreshed.body.refresh_token };
    expect(errorOf(await list({ creds: next }))).toBeUndefined();
    // The spent refresh token is refused once the new pair is in use.
    expect((await rest('/auth/token/refresh', { refresh_token: creds.refreshToken })).body).toMatchObject({ code: 'IllegalRefreshToken', type: 'ISV' });
    expect(await simGet('/__sim/auth')).toMatchObject({ refreshes: 2, refreshReplays: 0 });
  });

  it('given a refresh whose answer was lost when the same refresh token is sent again before the new pair is used then the same pair comes back', async () => {
    await simPost('/__sim/lost-answers', { method: '/auth/token/refresh' });
    await expect(rest('/auth/token/refresh', { refresh_token: creds.refreshToken })).rejects.toThrow();
    const again = await rest('/auth/token/refresh', { refresh_token: creds.refreshToken });
    expect(again.body.code).toBe('0');
    const latest = await wireCredentials(control);
    expect(again.body.access_token).toBe(latest.accessToken);
    expect(await simGet('/__sim/auth')).toMatchObject({ refreshes: 2, refreshReplays: 1 });
  });

  it('given calls over the limit of one method when sent together then the extra ones get ApiCallLimit while another method still answers', async () => {
    const tight = await startAliExpressSimulator({ callsPerSecond: 2, burst: 2 });
    try {
      const c = await wireCredentials(new SimControl(tight.controlUrl));
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }, { target: tight, creds: c }));
      const limited = answers.filter((a) => errorOf(a)?.code === 'ApiCallLimit');
      expect(limited.length).toBeGreaterThanOrEqual(1);
      expect(errorOf(limited[0])?.msg).toMatch(/ban will last \d+ seconds/);
      const other = await call(INFO_GET, { param1: { order_id: 1 } }, { target: tight, creds: c });
      expect(errorOf(other)).toBeUndefined();
    } finally {
      await tight.stop();
    }
  });

  it('given an unknown method or /rest path when called then InvalidMethod / InvalidApiPath answer in their envelopes', async () => {
    expect(errorOf(await call('aliexpress.solution.nothing.here'))).toMatchObject({ code: 'InvalidMethod' });
    expect((await rest('/auth/token/nothing', {})).body).toMatchObject({ code: 'InvalidApiPath', type: 'ISV' });
  });
});

describe('AliExpress simulator: order list (§5, §9.5)', () => {
  it('given param0 without current_page or page_size, or no param0, when order.get is called then the call is refused naming the parameter', async () => {
    expect(errorOf(await call(ORDER_GET, { param0: { page_size: 20 } }))).toMatchObject({ code: 'MissingParameter', msg: expect.stringContaining('param0.current_page') });
    expect(errorOf(await call(ORDER_GET, { param0: { current_page: 1 } }))).toMatchObject({ code: 'MissingParameter', msg: expect.stringContaining('param0.page_size') });
    expect(errorOf(await call(ORDER_GET, {}))).toMatchObject({ code: 'MissingParameter', msg: expect.stringContaining('"param0"') });
    const tooBig = await orderList({ current_page: 1, page_size: 51 });
    expect(tooBig).toMatchObject({ success: false, error_code: expect.any(String) });
  });

  it('given seven orders when listed three a page then total_count and total_page say so and the pages hold each order once', async () => {
    for (let i = 0; i < 7; i++) await addOrder({ id: 8100000000000000100n + BigInt(i * 10) });
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const r = await orderList({ current_page: page, page_size: 3 });
      expect(r).toMatchObject({ success: true, total_count: 7, total_page: 3, current_page: page, page_size: 3 });
      seen.push(...idsOf(r));
    }
    expect(new Set(seen).size).toBe(7);
    const past = await orderList({ current_page: 4, page_size: 3 });
    expect(past).toMatchObject({ success: true, total_count: 7 });
    expect(past.target_list).toBeUndefined();
  });

  it('given orders placed around the March change to PDT when a Pacific day is asked for then the day ends at 06:59:59Z, not 07:59:59Z', async () => {
    const place = async (at: string, id: bigint) => {
      await control.setClock({ at, freeze: true });
      await addOrder({ id });
    };
    await place('2026-03-08T09:30:00Z', 8200000000000000001n); // 01:30 PST
    await place('2026-03-08T10:30:00Z', 8200000000000000002n); // 03:30 PDT, the hour after the skipped one
    await place('2026-03-09T06:59:59Z', 8200000000000000003n); // 23:59:59 PDT, still March 8th
    await place('2026-03-09T07:00:00Z', 8200000000000000004n); // 00:00:00 PDT March 9th
    await freshTokens();
    const byId = new Map<string, Raw>();
    const all = await orderList({ current_page: 1, page_size: 50 });
    for (const d of all.target_list.order_dto) byId.set(String(d.order_id), d);
    expect(byId.get('8200000000000000001')?.gmt_create).toBe('2026-03-08 01:30:00');
    expect(byId.get('8200000000000000002')?.gmt_create).toBe('2026-03-08 03:30:00');
    expect(byId.get('8200000000000000004')?.gmt_create).toBe('2026-03-09 00:00:00');
    const day = await orderList({ current_page: 1, page_size: 50, create_date_start: '2026-03-08 00:00:00', create_date_end: '2026-03-08 23:59:59' });
    expect(idsOf(day).sort()).toEqual(['8200000000000000001', '8200000000000000002', '8200000000000000003']);
    const early = await orderList({ current_page: 1, page_size: 50, create_date_start: '2026-03-08 01:00:00', create_date_end: '2026-03-08 01:59:59' });
    expect(idsOf(early)).toEqual(['8200000000000000001']);
  });

  it('given two orders in the November hour that happens twice when windows are asked for then the instant decides, not the wall clock', async () => {
    await control.setClock({ at: '2026-11-01T08:30:00Z', freeze: true }); // 01:30 PDT
    await addOrder({ id: 8300000000000000001n });
    await control.setClock({ at: '2026-11-01T09:30:00Z', freeze: true }); // 01:30 PST, an hour later
    await addOrder({ id: 8300000000000000002n });
    await freshTokens();
    const both = await orderList({ current_page: 1, page_size: 50 });
    expect(both.target_list.order_dto.map((d: Raw) => d.gmt_create)).toEqual(['2026-11-01 01:30:00', '2026-11-01 01:30:00']);
    // The repeated hour's wall times are read as the first pass (PDT): 01:00-01:59:59 is 08:00Z-08:59:59Z.
    expect(idsOf(await orderList({ current_page: 1, page_size: 50, modified_date_start: '2026-11-01 01:00:00', modified_date_end: '2026-11-01 01:59:59' }))).toEqual(['8300000000000000001']);
    expect(idsOf(await orderList({ current_page: 1, page_size: 50, modified_date_start: '2026-11-01 01:45:00', modified_date_end: '2026-11-01 02:00:00' }))).toEqual(['8300000000000000002']);
    expect(idsOf(await orderList({ current_page: 1, page_size: 50, modified_date_start: '2026-11-01 00:00:00', modified_date_end: '2026-11-01 02:00:00' })).sort()).toEqual(['8300000000000000001', '8300000000000000002']);
  });

  it('given a finished order when the list is asked for without a status then it is left out, and asked for by name it comes', async () => {
    await addOrder({ id: 8400000000000000001n });
    await addOrder({ id: 8400000000000000002n, status: 'FINISH', extra: { order_end_reason: 'buyer_cancel_order' } });
    expect(idsOf(await orderList({ current_page: 1, page_size: 20 }))).toEqual(['8400000000000000001']);
    const finished = await orderList({ current_page: 1, page_size: 20, order_status_list: ['FINISH'] });
    expect(finished.target_list.order_dto).toEqual([expect.objectContaining({ order_id: '8400000000000000002', order_status: 'FINISH', end_reason: 'buyer_cancel_order' })]);
  });

  it('given an order armed to change after it is read when the list carries it then it moves to its new status and modified time', async () => {
    await control.setClock({ at: '2026-06-01T12:00:00Z', freeze: true });
    await freshTokens();
    await addOrder({ id: 8500000000000000001n });
    await control.setClock({ at: '2026-06-01T12:00:05Z', freeze: true });
    await simPost('/__sim/order-changes', { orderIds: ['8500000000000000001'], set: { order_status: 'IN_CANCEL' }, afterRead: true });
    const first = await orderList({ current_page: 1, page_size: 20 });
    expect(first.target_list.order_dto[0].order_status).toBe('WAIT_SELLER_SEND_GOODS');
    const second = await orderList({ current_page: 1, page_size: 20 });
    expect(second.target_list.order_dto[0]).toMatchObject({ order_status: 'IN_CANCEL', gmt_update: '2026-06-01 05:00:05' });
  });
});

describe('AliExpress simulator: order detail and 64-bit ids (§5, §9.8)', () => {
  it('given an order posted with bare 64-bit ids when read back through order.info.get and order.get then every digit survives as a bare number', async () => {
    const text = orderJson({ id: 8123456789012345678n, children: [{ id: 8123456789012345679n, sku: 'SUIT-001-BLK-50', price: '12.99', count: 2 }] });
    expect(text).toContain('"id":8123456789012345678');
    await control.addOrder(text);
    const listed = (await simGet('/__sim/orders')).orders;
    expect(listed.map((o: Raw) => o.order_id)).toEqual(['8123456789012345678']);

    // The id asked for as a bare number and as a string: both find it.
    for (const param1 of ['{"order_id":8123456789012345678}', '{"order_id":"8123456789012345678"}']) {
      const a = await call(INFO_GET, { param1 });
      expect(a.text).toMatch(/"id":8123456789012345678[,}]/);
      expect(a.text).toMatch(/"id":8123456789012345679[,}]/);
      expect(a.text).not.toContain('8123456789012345700');
    }
    const list = await call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } });
    expect(list.text).toMatch(/"order_id":8123456789012345678[,}]/);
    expect(list.text).toMatch(/"child_id":8123456789012345679[,}]/);
  });

  it('given an order in euros with a Cyrillic address when read in detail then money is GlobalMoneyStr with string amounts and the text is intact', async () => {
    await addOrder({ id: 8600000000000000001n, currency: 'EUR' });
    const data = responseOf(await call(INFO_GET, { param1: { order_id: 8600000000000000001n } }), INFO_GET).result.data;
    expect(data.order_amount).toEqual({
      amount: '25.98',
      currency_code: 'EUR',
      cent: 2598,
      cent_factor: 100,
      currency: { default_fraction_digits: 2, numeric_code: 978, currency_code: 'EUR', symbol: '€', display_name: 'Euro' },
    });
    expect(data.receipt_address.localized_address).toBe('Москва, ул. Тверская, д. 1, кв. 5');
    expect(data.buyer_info).toEqual({ login_id: 'ru1029384756abc', first_name: 'Иван', last_name: 'Петров', country: 'RU' });
    const child = data.child_order_list.global_aeop_tp_child_order_dto[0];
    expect(child.product_price).toMatchObject({ amount: '12.99', currency_code: 'EUR', cent: 1299 });
    // The child's logistics amount is `amount_str` in the metadata.
    expect(child.logistics_amount).toMatchObject({ amount_str: '0.00', cent: 0 });
    expect(data.refund_info).toMatchObject({ refund_status: 'wait_refund', refund_cash_amt: { amount: '12.99', currency_code: 'EUR' } });

    const list = responseOf(await call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }), ORDER_GET).result.target_list.order_dto[0];
    expect(list.pay_amount).toEqual({ amount: '25.98', currency_code: 'EUR' });
    expect(list.product_list.order_product_dto[0]).toMatchObject({ product_unit_price: { amount: '12.99', currency_code: 'EUR' }, total_product_amount: { amount: '25.98', currency_code: 'EUR' } });
  });

  it('given ext_info_bit_flag when the detail is read then only the extra information its bits name comes (bit order from the least significant: issue, loan, logistics, buyer, refund)', async () => {
    await addOrder({ id: 8600000000000000002n });
    const read = async (flag?: number) => responseOf(await call(INFO_GET, { param1: flag === undefined ? { order_id: 8600000000000000002n } : { order_id: 8600000000000000002n, ext_info_bit_flag: flag } }), INFO_GET).result.data;
    const all = await read();
    expect(all).toHaveProperty('buyer_info');
    expect(all).toHaveProperty('refund_info');
    expect(all).toHaveProperty('issue_info');
    const buyerOnly = await read(8);
    expect(buyerOnly).toHaveProperty('buyer_info');
    expect(buyerOnly).not.toHaveProperty('refund_info');
    expect(buyerOnly).not.toHaveProperty('issue_info');
    expect(buyerOnly).toHaveProperty('receipt_address');
    const three = await read(3);
    expect(three).toHaveProperty('issue_info');
    expect(three).not.toHaveProperty('buyer_info');
    expect(responseOf(await call(INFO_GET, { param1: { order_id: 1 } }), INFO_GET).result).toMatchObject({ error_code: 'ORDER_NOT_FOUND' });
  });
});

describe('AliExpress simulator: fulfilment (§9.7)', () => {
  const fulfil = (orderId: string, extra: Record<string, string> = {}) => call(FULFILL, { out_ref: orderId, send_type: 'all', service_name: 'CAINIAO_STANDARD', logistics_no: 'LP00123456789012', ...extra });
  const resultOf = async (a: Promise<Answer>) => responseOf(await a, FULFILL).result as Raw;
  const statusOf = async (id: string) => responseOf(await call(INFO_GET, { param1: { order_id: id } }), INFO_GET).result.data.order_status;

  it('given an order in RISK_CONTROL when fulfilled then it is refused inside a successful envelope and nothing is recorded', async () => {
    await addOrder({ id: 8700000000000000001n, status: 'RISK_CONTROL' });
    const r = await resultOf(fulfil('8700000000000000001'));
    expect(r).toMatchObject({ result_success: false, result_error_code: 'ORDER_IN_RISK_CONTROL' });
    expect(await control.shipments()).toEqual([]);
    expect(await statusOf('8700000000000000001')).toBe('RISK_CONTROL');
  });

  it('given a paid order when shipped in part and then in full then it moves to SELLER_PART_SEND_GOODS and then WAIT_BUYER_ACCEPT_GOODS; after that it cannot ship again', async () => {
    await addOrder({ id: 8700000000000000010n, children: [{ id: 8700000000000000011n, sku: 'A', price: '1.00', count: 1 }, { id: 8700000000000000012n, sku: 'B', price: '2.00', count: 1 }] });
    expect(await resultOf(fulfil('8700000000000000010', { send_type: 'part', logistics_no: 'LP00000000000001' }))).toEqual({ result_success: true });
    expect(await statusOf('8700000000000000010')).toBe('SELLER_PART_SEND_GOODS');
    // The same tracking number again (a retry after a lost answer) is refused, not recorded twice.
    expect(await resultOf(fulfil('8700000000000000010', { send_type: 'part', logistics_no: 'LP00000000000001' }))).toMatchObject({ result_success: false, result_error_code: 'LOGISTICS_NO_DUPLICATE' });
    expect(await resultOf(fulfil('8700000000000000010', { send_type: 'all', logistics_no: 'LP00000000000002' }))).toEqual({ result_success: true });
    expect(await statusOf('8700000000000000010')).toBe('WAIT_BUYER_ACCEPT_GOODS');
    expect(await resultOf(fulfil('8700000000000000010', { logistics_no: 'LP00000000000003' }))).toMatchObject({ result_success: false, result_error_code: 'ORDER_STATUS_NOT_ALLOWED' });
    const shipments = await control.shipments();
    expect(shipments.map((s) => [s.logistics_no, s.send_type])).toEqual([
      ['LP00000000000001', 'part'],
      ['LP00000000000002', 'all'],
    ]);
    const detail = responseOf(await call(INFO_GET, { param1: { order_id: '8700000000000000010' } }), INFO_GET).result.data;
    expect(detail.logistics_status).toBe('SELLER_SEND_GOODS');
    expect(detail.logistic_info_list.global_aeop_tp_logistic_info_dto.map((l: Raw) => l.logistics_no)).toEqual(['LP00000000000001', 'LP00000000000002']);
  });

  it('given service_name other when fulfilled without a tracking website then it is refused, and with one it ships', async () => {
    await addOrder({ id: 8700000000000000020n });
    expect(await resultOf(fulfil('8700000000000000020', { service_name: 'other' }))).toMatchObject({ result_success: false, result_error_code: 'TRACKING_WEBSITE_REQUIRED' });
    expect(await resultOf(fulfil('8700000000000000020', { service_name: 'other', tracking_website: 'https://track.example.com' }))).toEqual({ result_success: true });
  });

  it('given orders not yet paid, in cancel or finished when fulfilled then each is refused', async () => {
    for (const [i, status] of ['PLACE_ORDER_SUCCESS', 'IN_CANCEL', 'FINISH'].entries()) {
      const id = 8700000000000000100n + BigInt(i);
      await addOrder({ id, status });
      expect(await resultOf(fulfil(String(id)))).toMatchObject({ result_success: false, result_error_code: 'ORDER_STATUS_NOT_ALLOWED' });
    }
  });
});

describe('AliExpress simulator: products, stock and prices (§5, §9.6)', () => {
  it('given images not uploaded to the photo bank, no brand, or no subject in the main language when posting then each is refused with its reason', async () => {
    const image = await upload();
    const refusal = async (req: Raw) => responseOf(await call(POST, { post_product_request: req }), POST).result;
    expect(await refusal(productRequest('https://cdn.example.com/suit.jpg', ['S-1']))).toMatchObject({ success: false, error_code: 'IMAGE_NOT_IN_PHOTOBANK' });
    expect(await refusal(productRequest(image, ['S-1'], { attribute_list: [{ attribute_name: 'Material', attribute_value: 'Wool' }] }))).toMatchObject({ success: false, error_code: 'BRAND_REQUIRED' });
    expect(await refusal(productRequest(image, ['S-1'], { multi_language_subject_list: [{ language: 'ru', subject: 'Костюм' }] }))).toMatchObject({ success: false, error_code: 'MAIN_LANGUAGE_MISSING' });
    expect(await refusal(productRequest(image, ['S-1'], { sku_info_list: [{ sku_code: 'S-1', price: '10.00', discount_price: '12.00', inventory: 1 }] }))).toMatchObject({ error_code: 'DISCOUNT_PRICE_INVALID' });
    // A price written as a JSON number is refused by type: amounts are strings.
    const numeric = await call(POST, { post_product_request: productRequest(image, ['S-1'], { sku_info_list: [{ sku_code: 'S-1', price: 10.5, inventory: 1 }] }) });
    expect(errorOf(numeric)).toMatchObject({ code: 'InvalidParameter', msg: expect.stringContaining('post_product_request.sku_info_list[0].price') });
    expect((await control.listings()).length).toBe(0);
  });

  it('given a product posted when read back then its id is beyond 2^53 and exact, its SKUs listed with price, discount and stock, on sale', async () => {
    const a = await call(POST, { post_product_request: productRequest(await upload(), ['SUIT-001-BLK-48', 'SUIT-001-BLK-50']) });
    const id = String(responseOf(a, POST).result.product_id);
    expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(a.text).toContain(`"product_id":${id}`);
    const listings = await control.listings();
    expect(listings.map((l) => [l.sku, l.quantity, l.price, l.raw.discount_price, l.status, l.raw.product_id])).toEqual([
      ['SUIT-001-BLK-48', 5, '129.00', '99.00', 'onSelling', id],
      ['SUIT-001-BLK-50', 5, '129.00', '99.00', 'onSelling', id],
    ]);
    const info = responseOf(await call('aliexpress.solution.product.info.get', { product_id: id }), 'aliexpress.solution.product.info.get').result;
    expect(info.aeop_ae_product_s_k_us.global_aeop_ae_product_sku.map((s: Raw) => [s.sku_code, s.sku_price, s.sku_discount_price, s.ipm_sku_stock])).toEqual([
      ['SUIT-001-BLK-48', '129.00', '99.00', 5],
      ['SUIT-001-BLK-50', '129.00', '99.00', 5],
    ]);
    expect(info.multi_language_subject_list.global_subject).toContainEqual({ locale: 'ru', subject: 'Мужской шерстяной костюм' });
  });

  it('given 21 products in one batch when stock is updated then the whole call is refused with update_success=false and nothing changes', async () => {
    const id = await postProduct(['B-1']);
    const list = Array.from({ length: 21 }, () => ({ product_id: BigInt(id), multiple_sku_update_list: [{ sku_code: 'B-1', inventory: 9 }] }));
    const r = responseOf(await call(INVENTORY, { mutiple_product_update_list: list }), INVENTORY);
    expect(r).toMatchObject({ update_success: false, update_error_code: 'PRODUCT_COUNT_EXCEED_LIMIT' });
    expect((await control.listings())[0].quantity).toBe(5);
  });

  it('given a batch with a product of 201 SKUs and an unknown product beside a good one when stock is updated then the two fail in update_failed_list and the good one lands', async () => {
    const good = await postProduct(['G-1', 'G-2']);
    const big = await postProduct(['X-1']);
    const r = responseOf(
      await call(INVENTORY, {
        mutiple_product_update_list: [
          { product_id: BigInt(good), multiple_sku_update_list: [{ sku_code: 'G-1', inventory: 0 }, { sku_code: 'G-2', inventory: 17 }] },
          { product_id: BigInt(big), multiple_sku_update_list: Array.from({ length: 201 }, () => ({ sku_code: 'X-1', inventory: 1 })) },
          { product_id: 999999999999, multiple_sku_update_list: [{ sku_code: 'G-1', inventory: 1 }] },
        ],
      }),
      INVENTORY,
    );
    expect(r.update_success).toBe(false);
    expect(r.update_successful_list.synchronize_product_response_dto).toEqual([{ product_id: good }]);
    expect(r.update_failed_list.synchronize_product_response_dto).toEqual([
      { product_id: big, error_code: 'SKU_COUNT_EXCEED_LIMIT', error_message: expect.any(String) },
      { product_id: 999999999999, error_code: 'PRODUCT_NOT_FOUND', error_message: expect.any(String) },
    ]);
    const stock = Object.fromEntries((await control.listings()).map((l) => [l.sku, l.quantity]));
    expect(stock).toEqual({ 'G-1': 0, 'G-2': 17, 'X-1': 5 });
  });

  it('given a price update without discount_price when sent then the discount is erased; sent with it, it is kept', async () => {
    const id = await postProduct(['P-1', 'P-2']);
    const r = responseOf(
      await call(PRICE, {
        mutiple_product_update_list: [{ product_id: BigInt(id), multiple_sku_update_list: [{ sku_code: 'P-1', price: '119.00' }, { sku_code: 'P-2', price: '119.00', discount_price: '89.00' }] }],
      }),
      PRICE,
    );
    expect(r).toMatchObject({ update_success: true, update_successful_list: { synchronize_product_response_dto: [{ product_id: id }] } });
    const prices = Object.fromEntries((await control.listings()).map((l) => [l.sku, [l.price, l.raw.discount_price]]));
    expect(prices).toEqual({ 'P-1': ['119.00', null], 'P-2': ['119.00', '89.00'] });
  });

  it('given a product when edited, taken off sale and put back then the marketplace shows each step', async () => {
    const image = await upload('back.png');
    const id = await postProduct(['E-1']);
    const edited = await call(EDIT, { edit_product_request: { product_id: BigInt(id), sku_info_list: [{ sku_code: 'E-1', price: '88.80', inventory: 12 }, { sku_code: 'E-2', price: '90.00', inventory: 3 }], main_image_urls_list: [image] } });
    expect(responseOf(edited, EDIT).result).toEqual({ product_id: id });
    expect((await control.listings()).map((l) => [l.sku, l.quantity, l.price, l.raw.discount_price])).toEqual([
      ['E-1', 12, '88.80', null],
      ['E-2', 3, '90.00', null],
    ]);
    const off = responseOf(await call('aliexpress.postproduct.redefining.offlineaeproduct', { product_ids: id }), 'aliexpress.postproduct.redefining.offlineaeproduct').result;
    expect(off).toEqual({ success: true, modify_count: 1 });
    expect((await control.listings()).map((l) => l.status)).toEqual(['offline', 'offline']);
    await call('aliexpress.postproduct.redefining.onlineaeproduct', { product_ids: id });
    expect((await control.listings()).map((l) => l.status)).toEqual(['onSelling', 'onSelling']);
  });

  it('given a stock update whose answer is lost when it was carried out then the connection drops and the stock changed all the same', async () => {
    const id = await postProduct(['L-1']);
    await simPost('/__sim/lost-answers', { method: INVENTORY });
    await expect(call(INVENTORY, { mutiple_product_update_list: [{ product_id: BigInt(id), multiple_sku_update_list: [{ sku_code: 'L-1', inventory: 33 }] }] })).rejects.toThrow();
    expect((await control.listings())[0].quantity).toBe(33);
    // The log shows it was answered (carried out) though the caller never saw the answer.
    const log = await control.requests();
    expect(log.filter((e) => e.operation === INVENTORY).map((e) => [e.status, e.errorCode])).toEqual([[200, null]]);
  });
});

describe('AliExpress simulator: faults, expiry and sellers (the kit)', () => {
  const list = (o: CallOptions = {}) => call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }, o);

  it('given injected throttles and server faults when called then they answer as ApiCallLimit, HTML 500/503 pages and an ISP error', async () => {
    await control.faults({ rate429: 1 });
    expect(errorOf(await list())).toMatchObject({ code: 'ApiCallLimit', type: 'ISV' });
    await control.faults({ rate429: 0, error500: 1 });
    const answers = [await list(), await list(), await list()];
    expect(answers.map((a) => a.status).sort()).toEqual([200, 500, 503]);
    expect(errorOf(answers.find((a) => a.status === 200)!)).toMatchObject({ code: 'ServiceUnavailable', type: 'ISP' });
    await control.faults({ error500: 0 });
    expect(errorOf(await list())).toBeUndefined();
  });

  it('given a 5xx after commit when stock is pushed then the caller sees a 503 and the stock changed', async () => {
    const id = await postProduct(['F-1']);
    await control.faults({ error500AfterCommit: 1 });
    const a = await call(INVENTORY, { mutiple_product_update_list: [{ product_id: BigInt(id), multiple_sku_update_list: [{ sku_code: 'F-1', inventory: 44 }] }] });
    await control.faults({ error500AfterCommit: 0 });
    expect(a.status).toBe(503);
    expect((await control.listings())[0].quantity).toBe(44);
  });

  it('given the expireTokens fault when the seller calls then its token is refused until refreshed', async () => {
    expect(errorOf(await list())).toBeUndefined();
    await control.faults({ expireTokens: true });
    expect(errorOf(await list())).toMatchObject({ code: 'IllegalAccessToken' });
    const r = await rest('/auth/token/refresh', { refresh_token: creds.refreshToken });
    expect(errorOf(await list({ creds: { ...creds, accessToken: r.body.access_token } }))).toBeUndefined();
  });

  it('given a second seller of the same app when each calls then each sees its own orders and a token works for its own seller only', async () => {
    const other = await control.addSeller({ name: 'shop-2', app: 'app-1' });
    const otherCreds = await wireCredentials(other.control);
    expect(otherCreds.appKey).toBe(creds.appKey);
    await other.control.addOrder(orderJson({ id: 8900000000000000001n }));
    const target = { baseUrl: other.baseUrl, controlUrl: sim.controlUrl, port: sim.port, stop: async () => undefined };
    const mine = await call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }, { target, creds: otherCreds });
    expect(idsOf(responseOf(mine, ORDER_GET).result)).toEqual(['8900000000000000001']);
    expect(idsOf(await orderList({ current_page: 1, page_size: 20 }))).toEqual([]);
    expect(errorOf(await call(ORDER_GET, { param0: { current_page: 1, page_size: 20 } }, { target, creds }))).toMatchObject({ code: 'IllegalAccessToken' });
  });
});

// ---- the metadata, mechanically ----

interface MetaParam {
  name: string;
  type: string;
  required?: boolean;
  subParams?: MetaParam[];
}

const elementOf = (type: string) => /^(.*?)\s*\[\]$/.exec(type.trim())?.[1].trim() ?? null;
const snake = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const PRIMITIVE = new Set(['String', 'Number', 'Boolean', 'Date']);

/** Problems of an answer against a metadata tree: fields it does not name, lists not wrapped, values of the wrong type. */
function conformance(value: unknown, nodes: MetaParam[], at: string, allowed: Set<string>, problems: string[]): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${at} is not an object`);
    return;
  }
  for (const [k, v] of Object.entries(value as Raw)) {
    const here = `${at}.${k}`;
    const node = nodes.find((n) => n.name === k);
    if (!node) {
      if (!allowed.has(here.replace(/\[\d+\]/g, '[]'))) problems.push(`${here} is not in the metadata`);
      continue;
    }
    const element = elementOf(node.type);
    if (element !== null) {
      const wrapper = snake(element);
      const inner = v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw)[wrapper] : undefined;
      if (!Array.isArray(inner) || Object.keys(v as Raw).length !== 1) {
        problems.push(`${here} is not {"${wrapper}": [...]}`);
        continue;
      }
      inner.forEach((item, i) => (PRIMITIVE.has(element) ? primitive(item, element, `${here}[${i}]`, problems) : conformance(item, node.subParams ?? [], `${here}[]`, allowed, problems)));
    } else if (PRIMITIVE.has(node.type)) primitive(v, node.type, here, problems);
    else conformance(v, node.subParams ?? [], here, allowed, problems);
  }
}

function primitive(v: unknown, type: string, at: string, problems: string[]): void {
  const ok =
    type === 'Number'
      ? typeof v === 'number' || (typeof v === 'string' && /^\d{16,}$/.test(v)) // parseJsonExact hands big bare numbers over as digit strings
      : type === 'Boolean'
        ? typeof v === 'boolean'
        : typeof v === 'string';
  if (!ok) problems.push(`${at} should be ${type}, is ${JSON.stringify(v)}`);
}

/** Every required field of the metadata along a valid request: its path as the gateway names it. */
function requiredPaths(nodes: MetaParam[], value: Raw, at: string | null, out: string[]): void {
  for (const n of nodes) {
    const here = at === null ? n.name : `${at}.${n.name}`;
    const v = value?.[n.name];
    const holdsRequired = (p: MetaParam): boolean => (p.subParams ?? []).some((c) => c.required || holdsRequired(c));
    if (n.required || (at === null && holdsRequired(n))) out.push(here);
    if (v === undefined) continue;
    if (elementOf(n.type) !== null && Array.isArray(v) && v.length && n.subParams) requiredPaths(n.subParams, v[0], `${here}[0]`, out);
    else if (n.subParams && typeof v === 'object' && !Array.isArray(v)) requiredPaths(n.subParams, v, here, out);
  }
}

function without(request: Raw, p: string): Raw {
  const copy = structuredClone(request);
  const steps = p.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
  let node: any = copy;
  for (const s of steps.slice(0, -1)) node = node[s];
  delete node[steps[steps.length - 1] as string];
  return copy;
}

describe('AliExpress simulator: the official metadata, mechanically', () => {
  /** A valid call of each method with metadata, on a fresh product and order. */
  async function validCalls(): Promise<Record<string, Raw>> {
    const image = await upload();
    const productId = BigInt(await postProduct(['M-1']));
    await addOrder({ id: 8800000000000000001n });
    return {
      [POST]: { post_product_request: productRequest(image, ['M-2']) },
      [EDIT]: { edit_product_request: { product_id: productId, multi_language_subject_list: [{ language: 'en', subject: 'Edited suit' }] } },
      [INVENTORY]: { mutiple_product_update_list: [{ product_id: productId, multiple_sku_update_list: [{ sku_code: 'M-1', inventory: 4 }] }] },
      [PRICE]: { mutiple_product_update_list: [{ product_id: productId, multiple_sku_update_list: [{ sku_code: 'M-1', price: '50.00', discount_price: '45.00' }] }] },
      [ORDER_GET]: { param0: { current_page: 1, page_size: 20 } },
      [INFO_GET]: { param1: { order_id: 8800000000000000001n } },
      [FULFILL]: { out_ref: '8800000000000000001', send_type: 'part', service_name: 'CAINIAO_STANDARD', logistics_no: 'LP10000000000001' },
    };
  }

  it('given the simulator copy of the metadata when compared with the shared reference then the files are the same', () => {
    const files = fs.readdirSync(METADATA).sort();
    expect(files).toHaveLength(7);
    if (!fs.existsSync(SHARED_METADATA)) return; // outside the monorepo checkout the vendored copy stands alone
    expect(fs.readdirSync(SHARED_METADATA).sort()).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(METADATA, f), 'utf8')).toBe(fs.readFileSync(path.join(SHARED_METADATA, f), 'utf8'));
  });

  it('given a valid call of each method when any one field the metadata requires is left out then the call is refused with MissingParameter naming it', async () => {
    const calls = await validCalls();
    const checked: string[] = [];
    for (const [method, request] of Object.entries(calls)) {
      const paths: string[] = [];
      requiredPaths(metaOf(method).requestParams, request, null, paths);
      for (const p of paths) {
        const a = await call(method, without(request, p));
        expect({ method, p, error: errorOf(a) }).toEqual({ method, p, error: expect.objectContaining({ code: 'MissingParameter', msg: expect.stringContaining(`"${p}"`) }) });
        checked.push(`${method} ${p}`);
      }
      // And the whole request, nothing left out, is taken.
      const ok = await call(method, request);
      expect({ method, error: errorOf(ok) }).toEqual({ method, error: undefined });
    }
    // The brief's own cases are among them.
    expect(checked).toEqual(expect.arrayContaining([`${ORDER_GET} param0.current_page`, `${ORDER_GET} param0.page_size`, `${FULFILL} out_ref`, `${PRICE} mutiple_product_update_list[0].multiple_sku_update_list[0].price`, `${POST} post_product_request.sku_info_list[0].sku_code`]));
  });

  it('given successes and refusals of each method when answered then every field written is in the method metadata, lists wrapped, of its type', async () => {
    const calls = await validCalls();
    await addOrder({ id: 8800000000000000002n, status: 'RISK_CONTROL', extra: { gmt_trade_end: '2026-01-20 10:00:00', loan_info: { loan_time: '2026-01-21 10:00:00', loan_amount: { amount: '1.00', currency_code: 'USD' } } } });
    const answers: [string, Answer][] = [];
    for (const [method, request] of Object.entries(calls)) answers.push([method, await call(method, request)]);
    answers.push([POST, await call(POST, { post_product_request: productRequest('https://elsewhere.example.com/a.jpg', ['M-3']) })]);
    answers.push([EDIT, await call(EDIT, { edit_product_request: { product_id: 1 } })]);
    answers.push([INVENTORY, await call(INVENTORY, { mutiple_product_update_list: [{ product_id: 1, multiple_sku_update_list: [{ sku_code: 'M-1', inventory: 4 }] }] })]);
    answers.push([PRICE, await call(PRICE, { mutiple_product_update_list: Array.from({ length: 21 }, () => ({ product_id: 1, multiple_sku_update_list: [{ sku_code: 'M-1', price: '5.00' }] })) })]);
    answers.push([ORDER_GET, await call(ORDER_GET, { param0: { current_page: 1, page_size: 20, order_status_list: ['RISK_CONTROL', 'SELLER_PART_SEND_GOODS'] } })]);
    answers.push([ORDER_GET, await call(ORDER_GET, { param0: { current_page: 1, page_size: 20, create_date_start: 'yesterday' } })]);
    answers.push([INFO_GET, await call(INFO_GET, { param1: { order_id: 8800000000000000001n } })]);
    answers.push([INFO_GET, await call(INFO_GET, { param1: { order_id: 8800000000000000002n } })]);
    answers.push([INFO_GET, await call(INFO_GET, { param1: { order_id: 42 } })]);
    answers.push([FULFILL, await call(FULFILL, { ...calls[FULFILL], out_ref: '8800000000000000002' })]);

    // Fields the reference marks [U] that the simulator writes in refusals only.
    const allowed = new Set(['.result.success', '.result.error_code', '.result.error_message', '.result.result_error_code', '.result.result_error_desc']);
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const [method, a] of answers) {
      expect({ method, error: errorOf(a) }).toEqual({ method, error: undefined });
      const { request_id, ...inner } = responseOf(a, method);
      expect(request_id).toMatch(/\S/);
      const allowedHere = method === POST || method === EDIT || method === FULFILL ? allowed : new Set<string>();
      conformance(inner, metaOf(method).responseParams, '', allowedHere, problems);
      seen.add(method);
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBe(7);
    // The checks had something to check: lists, money and ids were written.
    const text = answers.map(([, a]) => a.text).join('\n');
    for (const wrapper of ['"order_dto":[', '"order_product_dto":[', '"global_aeop_tp_child_order_dto":[', '"synchronize_product_response_dto":[', '"cent_factor":100']) expect(text).toContain(wrapper);
  });
});
