import { AuthFailedError, ChannelStoppedError, PermanentError, PermissionDeniedError, QuotaExhaustedError, RateLimitedError, RetryableError } from '../sdk/errors';
import { unwrap } from './client';
import { businessError, classifyAeResponse, kindOfCode, nextPlatformMidnight } from './errors';

const answer = (data: unknown, status = 200) => classifyAeResponse({ status, headers: {}, data }, 'aliexpress.solution.order.get');
const wrapped = (code: string, type = 'ISV', msg = 'message') => ({ error_response: { type, code, msg, request_id: '0b1f2c' } });
const topLevel = (code: string, type = 'ISV', message = 'message') => ({ code, type, message, request_id: '0b1f2c' });

describe('AliExpress error envelopes', () => {
  it.each([
    ['error_response', wrapped('IncompleteSignature', 'ISV', 'The request signature does not conform to platform standards')],
    ['top-level code/type/message', topLevel('IncompleteSignature', 'ISV', 'The request signature does not conform to platform standards')],
  ])('given a bad signature in the %s envelope then it is AUTH_FAILED with the code, message and request id', (_shape, body) => {
    const e = answer(body);
    expect(e).toBeInstanceOf(AuthFailedError);
    expect(e).toMatchObject({ code: 'IncompleteSignature', message: 'The request signature does not conform to platform standards', requestId: '0b1f2c', status: 200 });
  });

  it('given a success (code "0", or the method’s own wrapper) then nothing is raised', () => {
    expect(answer({ code: '0', request_id: 'x', aliexpress_solution_order_get_response: { result: { success: true } } })).toBeUndefined();
    expect(answer({ aliexpress_solution_order_get_response: { result: { success: true } } })).toBeUndefined();
    // A business payload may have a `code` of its own: without type or message beside it, it is not an error.
    expect(answer({ code: 'RU', aliexpress_solution_order_get_response: {} })).toBeUndefined();
  });

  it.each([
    ['IllegalAccessToken', AuthFailedError],
    ['InvalidAccessToken', AuthFailedError],
    ['IllegalRefreshToken', AuthFailedError],
    ['27', AuthFailedError],
    ['InvalidAppKey', ChannelStoppedError],
    ['InvalidTimestamp', ChannelStoppedError],
    ['ApiCallLimit', RateLimitedError],
    ['AppCallLimit', RateLimitedError],
    ['7', RateLimitedError],
    ['InsufficientIsvPermissions', PermissionDeniedError],
    ['AppQuotaExceeded', QuotaExhaustedError],
    ['InvalidParameter', PermanentError],
    ['MissingParameter', PermanentError],
  ])('given ISV code %s then it is %p', (code, kind) => {
    expect(answer(wrapped(code))).toBeInstanceOf(kind);
    expect(answer(topLevel(code))).toBeInstanceOf(kind);
  });

  it('given ISP or SYSTEM faults then they are retryable, whatever the code', () => {
    expect(answer(wrapped('ServiceUnavailable', 'ISP'))).toBeInstanceOf(RetryableError);
    expect(answer(topLevel('E0001', 'SYSTEM'))).toBeInstanceOf(RetryableError);
    expect(answer(wrapped('15', '', 'Remote service error'))).toBeInstanceOf(RetryableError);
    expect(answer({ error_response: { code: 15, msg: 'Remote service error', sub_code: 'isv.invalid-parameter', sub_msg: 'bad order id' } })).toBeInstanceOf(PermanentError);
  });

  it('given a throttle that states its ban then the wait is read, and a long ban is a used-up quota until it ends', () => {
    const short = answer(wrapped('ApiCallLimit', 'ISV', 'This ban will last for 2 more seconds')) as RateLimitedError;
    expect(short).toBeInstanceOf(RateLimitedError);
    expect(short.retryAfterMs).toBe(2000);
    const long = answer(wrapped('ApiCallLimit', 'ISV', 'This ban will last for 3600 more seconds')) as QuotaExhaustedError;
    expect(long).toBeInstanceOf(QuotaExhaustedError);
    expect(long.resetAt.getTime() - Date.now()).toBeGreaterThan(3_590_000);
  });

  it('given a quota without a stated end then it resets at the next midnight GMT+8', () => {
    expect(nextPlatformMidnight(new Date('2026-01-15T15:30:00Z')).toISOString()).toBe('2026-01-15T16:00:00.000Z');
    expect(nextPlatformMidnight(new Date('2026-01-15T16:00:00Z')).toISOString()).toBe('2026-01-16T16:00:00.000Z');
  });

  it('given transport failures then 5xx and a body that is not JSON are retryable, 429 rate limited, 401 auth, 403 permission', () => {
    expect(answer('<html>bad gateway</html>', 502)).toBeInstanceOf(RetryableError);
    expect(answer('<html>maintenance</html>', 200)).toBeInstanceOf(RetryableError);
    expect(answer('', 429)).toBeInstanceOf(RateLimitedError);
    expect(answer('', 401)).toBeInstanceOf(AuthFailedError);
    expect(answer('', 403)).toBeInstanceOf(PermissionDeniedError);
    expect(answer('', 404)).toBeInstanceOf(PermanentError);
    // An error envelope sent with a 4xx says more than the status.
    expect(answer(wrapped('ApiCallLimit'), 400)).toBeInstanceOf(RateLimitedError);
  });

  it('given an error envelope reaching the client unclassified then unwrap raises it too', () => {
    expect(() => unwrap(JSON.stringify(wrapped('IllegalAccessToken')), 'aliexpress.solution.order.get', 'orders')).toThrow(AuthFailedError);
    expect(() => unwrap({ unexpected: true }, 'aliexpress.solution.order.get', 'orders')).toThrow(RetryableError);
  });
});

describe('AliExpress business errors inside successful envelopes', () => {
  it('given update_failed_list codes then unknown ones are permanent and system ones retryable', () => {
    expect(kindOfCode('PRODUCT_NOT_EXIST')).toBe('PERMANENT');
    expect(kindOfCode('SYSTEM_ERROR')).toBe('RETRYABLE');
    expect(kindOfCode(null)).toBe('PERMANENT');
  });

  it('given result.error_code F00-10-10000-001 (account not found) then it is a permanent refusal carrying the code', () => {
    const e = businessError('F00-10-10000-001', 'account not found', 'aliexpress.solution.order.info.get');
    expect(e).toBeInstanceOf(PermanentError);
    expect(e).toMatchObject({ code: 'F00-10-10000-001', message: 'account not found' });
  });
});
