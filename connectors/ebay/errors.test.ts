import { AuthFailedError, PermanentError, PermissionDeniedError, RateLimitedError, RetryableError } from '../sdk/errors';
import { classifyEbayResponse, itemErrorOf } from './errors';

const answer = (status: number, data: unknown, headers: Record<string, string> = {}) => classifyEbayResponse({ status, headers, data }, 'createOffer');
const errors = (errorId: number, category = 'REQUEST', extra: Record<string, unknown> = {}) => ({
  errors: [{ errorId, domain: 'API_INVENTORY', subdomain: 'Selling', category, message: `message ${errorId}`, longMessage: `long message ${errorId}`, inputRefIds: [], outputRefIds: [], parameters: [], ...extra }],
  warnings: [],
});

describe('eBay error classification', () => {
  it('given a success (200, 201, 204, or a 207 multi-status) then nothing is raised', () => {
    for (const s of [200, 201, 204, 207]) expect(answer(s, s === 204 ? '' : { warnings: [] })).toBeUndefined();
  });

  it('given 401 errorId 1001 then it is AUTH_FAILED (the HTTP helper refreshes once first)', () => {
    const e = answer(401, { errors: [{ errorId: 1001, domain: 'OAuth', category: 'REQUEST', message: 'Invalid access token', longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.' }] });
    expect(e).toBeInstanceOf(AuthFailedError);
    expect(e).toMatchObject({ code: '1001', status: 401, message: 'Invalid access token. Check the value of the Authorization HTTP request header.' });
  });

  it('given 403 insufficient scope (an Application token on a Sell API) then it is AUTH_FAILED saying a user token is needed', () => {
    const e = answer(403, { errors: [{ errorId: 1100, domain: 'ACCESS', category: 'REQUEST', message: 'Access denied', longMessage: 'Insufficient permissions to fulfill the request.' }] });
    expect(e).toBeInstanceOf(AuthFailedError);
    expect(e!.code).toBe('1100');
    expect(e!.message).toMatch(/User token/);
    expect(e!.message).toMatch(/Application token/);
  });

  it('given another 403 then it is PERMISSION_DENIED (that operation stops, not the channel)', () => {
    expect(answer(403, errors(25050))).toBeInstanceOf(PermissionDeniedError);
  });

  it('given 429 errorId 2001 then it is RATE_LIMITED, waiting for Retry-After when eBay (or the simulator) sends one', () => {
    const body = { errors: [{ errorId: 2001, domain: 'ACCESS', category: 'REQUEST', message: 'Too many requests', longMessage: 'The request limit has been reached for the resource.' }] };
    const e = answer(429, body, { 'retry-after': '3' }) as RateLimitedError;
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e).toMatchObject({ code: '2001', retryAfterMs: 3000 });
    expect((answer(429, body) as RateLimitedError).retryAfterMs).toBeUndefined();
  });

  it.each([500, 502, 503, 504])('given HTTP %i then it is RETRYABLE', (status) => {
    expect(answer(status, errors(25001, 'APPLICATION'))).toBeInstanceOf(RetryableError);
    expect(answer(status, '<html>Service Unavailable</html>')).toBeInstanceOf(RetryableError);
  });

  it('given a system error (25001) with a 4xx then it is RETRYABLE all the same', () => {
    expect(answer(400, errors(25001, 'APPLICATION'))).toBeInstanceOf(RetryableError);
  });

  it.each([
    [25002, 'REQUEST'],
    [25005, 'REQUEST'],
    [25007, 'BUSINESS'],
    [25701, 'REQUEST'],
  ])('given 400 errorId %i (%s) then it is PERMANENT with eBay’s id, long message and parameters', (errorId, category) => {
    const e = answer(400, errors(errorId, category, { parameters: [{ name: 'sku', value: 'SKU-1' }] }));
    expect(e).toBeInstanceOf(PermanentError);
    expect(e).toMatchObject({ code: String(errorId), message: `long message ${errorId} (sku=SKU-1)`, status: 400, operation: 'createOffer' });
  });

  it('given a 404 without a body then it is PERMANENT by its status', () => {
    expect(answer(404, '')).toMatchObject({ code: 'HTTP_404', status: 404 });
    expect(answer(404, '')).toBeInstanceOf(PermanentError);
  });

  it('given the token endpoint’s OAuth refusals then a refused grant is AUTH_FAILED and eBay being down is RETRYABLE', () => {
    const grant = answer(400, { error: 'invalid_grant', error_description: 'the provided authorization refresh token is invalid or was issued to another client' });
    expect(grant).toBeInstanceOf(AuthFailedError);
    expect(grant).toMatchObject({ code: 'invalid_grant' });
    expect(answer(401, { error: 'invalid_client', error_description: 'client authentication failed' })).toBeInstanceOf(AuthFailedError);
    expect(answer(400, { error: 'invalid_scope', error_description: 'The requested scope is invalid' })!.message).toMatch(/authorise the app again/);
    expect(answer(503, { error: 'temporarily_unavailable' })).toBeInstanceOf(RetryableError);
  });

  it('given the items of a 207 then each reads on its own: a 2xx is fine, a refusal PERMANENT, a system error RETRYABLE', () => {
    expect(itemErrorOf(200, [])).toBeNull();
    expect(itemErrorOf(200, undefined)).toBeNull();
    expect(itemErrorOf(400, [{ errorId: 25701, category: 'REQUEST', message: 'These SKU(s) are not in the system', parameters: [{ name: 'sku', value: 'GHOST' }] }])).toEqual({
      kind: 'PERMANENT',
      code: '25701',
      message: 'These SKU(s) are not in the system (sku=GHOST)',
    });
    expect(itemErrorOf(500, [{ errorId: 25001, category: 'APPLICATION', message: 'A system error has occurred' }])).toMatchObject({ kind: 'RETRYABLE', code: '25001' });
    expect(itemErrorOf(429, [])).toMatchObject({ kind: 'RATE_LIMITED' });
  });
});
