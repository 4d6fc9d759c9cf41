import fs from 'node:fs';
import path from 'node:path';
import { parseJsonExact } from '../sdk/exact-json';
import { aeList, apiNameOf, gatewayRoot, productOutcome, readBatchAnswer, responseKey, signRequest, unwrap } from './client';

// Vectors A and B of ../shared/marketplaces/aliexpress.md §3, as the client's requests carry them.
const PARAM0 = '{"current_page":1,"page_size":20,"modified_date_start":"2026-01-14 00:00:00","modified_date_end":"2026-01-15 00:00:00","order_status_list":["WAIT_SELLER_SEND_GOODS"]}';
const CREDENTIALS = { appKey: '500001', appSecret: 'helloworld' };

describe('AliExpress gateway requests', () => {
  it('given a /sync call as the client builds it when the account signs it then it carries vector A’s signature', () => {
    const req = { method: 'POST' as const, url: 'https://api-sg.aliexpress.com/sync', operation: 'aliexpress.solution.order.get', form: { method: 'aliexpress.solution.order.get', format: 'json', simplify: 'false', timestamp: '1768444200000', param0: PARAM0 } };
    const signed = signRequest(req, CREDENTIALS, '50000700a12bcdEFgh');
    expect(signed.form).toMatchObject({ app_key: '500001', access_token: '50000700a12bcdEFgh', sign_method: 'sha256', sign: 'CBCDE182743AA28811E3F5151860E65BFF368CD559E995B35B99C4A6F7404288' });
    // The request as built is left alone: every attempt is signed afresh from it.
    expect(req.form).not.toHaveProperty('sign');
  });

  it('given a /rest token call then the path is signed in front (vector B) and no access token rides along', () => {
    const req = { method: 'POST' as const, url: 'http://127.0.0.1:4103/rest/auth/token/create', operation: 'auth', form: { code: '3_500001_abcdEFGH_1234', timestamp: '1768444200000', access_token: 'stale' } };
    const signed = signRequest(req, CREDENTIALS, null);
    expect(signed.form).toEqual({ code: '3_500001_abcdEFGH_1234', timestamp: '1768444200000', app_key: '500001', sign_method: 'sha256', sign: '70F993598201AF2FD5D06CFB0C6FCEE466CD8BE3B36B8F30AA9208748BF954E3' });
  });

  it('given a request to another URL (an image) then it is not signed', () => {
    const req = { method: 'GET' as const, url: 'https://cdn.example.com/suit.jpg', operation: 'listings' };
    expect(signRequest(req, CREDENTIALS, 'token')).toBe(req);
    expect(apiNameOf({ ...req, url: 'https://api-sg.aliexpress.com/rest/auth/token/refresh' })).toBe('/auth/token/refresh');
  });

  it('given base URLs as staff paste them then the gateway root is found', () => {
    expect(gatewayRoot('https://api-sg.aliexpress.com')).toBe('https://api-sg.aliexpress.com');
    expect(gatewayRoot('https://api-sg.aliexpress.com/sync')).toBe('https://api-sg.aliexpress.com');
    expect(gatewayRoot('https://api-sg.aliexpress.com/rest/')).toBe('https://api-sg.aliexpress.com');
    expect(gatewayRoot('http://127.0.0.1:4103')).toBe('http://127.0.0.1:4103');
  });

  it('given answers with the method’s wrapper, or simplified, then the payload is found', () => {
    expect(responseKey('aliexpress.solution.order.get')).toBe('aliexpress_solution_order_get_response');
    expect(unwrap({ aliexpress_solution_order_get_response: { result: { total_count: 3 } } }, 'aliexpress.solution.order.get', 'orders')).toEqual({ result: { total_count: 3 } });
    expect(unwrap('{"result":{"total_count":3},"request_id":"x"}', 'aliexpress.solution.order.get', 'orders')).toEqual({ result: { total_count: 3 }, request_id: 'x' });
  });

  it('given TOP-style list wrappers or bare arrays then both read as the list', () => {
    expect(aeList({ order_dto: [{ a: 1 }] }, 'order_dto')).toEqual([{ a: 1 }]);
    expect(aeList([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(aeList({ something_else: [{ a: 1 }] }, 'order_dto')).toEqual([{ a: 1 }]);
    expect(aeList(null)).toEqual([]);
  });
});

describe('AliExpress batch answers', () => {
  const inner = unwrap(parseJsonExact(fs.readFileSync(path.join(__dirname, 'fixtures', 'batch-inventory-partial.json'), 'utf8')), 'aliexpress.solution.batch.product.inventory.update', 'stock');
  const answer = readBatchAnswer(inner);

  it('given update_success=false with one product failed then the other is done and the failed one carries its code', () => {
    expect(productOutcome(answer, '1005006543210987')).toEqual({ ok: true });
    expect(productOutcome(answer, '1005009999999999')).toEqual({
      ok: false,
      error: { kind: 'PERMANENT', code: 'PRODUCT_NOT_EXIST', message: 'The product does not exist or does not belong to the seller' },
    });
  });

  it('given a product the answer does not name then it is a retryable gap, or the call’s own error when it has one', () => {
    expect(productOutcome(answer, '42')).toMatchObject({ ok: false, error: { kind: 'RETRYABLE', code: 'NO_RESULT' } });
    const refused = readBatchAnswer({ update_success: false, update_error_code: 'SYSTEM_BUSY', update_error_message: 'try later' });
    expect(productOutcome(refused, '42')).toEqual({ ok: false, error: { kind: 'RETRYABLE', code: 'SYSTEM_BUSY', message: 'try later' } });
    expect(productOutcome(readBatchAnswer({ result: { update_success: true } }), '42')).toEqual({ ok: true });
  });
});
