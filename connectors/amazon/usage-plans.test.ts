import { AuthFailedError, PermanentError, PermissionDeniedError, RateLimitedError, RetryableError } from '../sdk/errors';
import { classifyAmazonResponse } from './errors';
import { amazonConnector } from './index';
import { AMAZON_RATE_LIMITS, amazonRateKey, forgetStatedRates, rateFromResponse, refillWaitMs, throttleWaitMs } from './usage-plans';

const answer = (status: number, data: unknown, headers: Record<string, string> = {}) => ({ status, headers, data });
const errors = (code: string, message = 'm', details?: string) => ({ errors: [{ code, message, ...(details ? { details } : {}) }] });

describe('Amazon usage plans and rate headers', () => {
  beforeEach(() => forgetStatedRates());

  it('given the module then each SP-API call has its own usage plan, as the models state them, and none shares a bucket', () => {
    expect(amazonConnector.rateLimits).toBe(AMAZON_RATE_LIMITS);
    expect(AMAZON_RATE_LIMITS.searchOrders).toEqual({ ratePerSecond: 0.0056, burst: 20 });
    expect(AMAZON_RATE_LIMITS.getOrder).toEqual({ ratePerSecond: 0.5, burst: 30 });
    expect(AMAZON_RATE_LIMITS.confirmShipment).toEqual({ ratePerSecond: 2, burst: 10 });
    expect(AMAZON_RATE_LIMITS.createFeed).toEqual({ ratePerSecond: 0.0083, burst: 15 });
    expect(AMAZON_RATE_LIMITS.getFeed).toEqual({ ratePerSecond: 2, burst: 15 });
    expect(AMAZON_RATE_LIMITS.getInventorySummaries).toEqual({ ratePerSecond: 2, burst: 2 });
    for (const op of ['putListingsItem', 'patchListingsItem', 'getListingsItem', 'deleteListingsItem', 'createFeedDocument', 'getFeedDocument']) expect(AMAZON_RATE_LIMITS[op]).toBeDefined();
    expect(Object.values(AMAZON_RATE_LIMITS).some((l) => l?.bucket)).toBe(false);
    // The presigned S3 transfers are not SP-API calls and are not limited.
    expect(AMAZON_RATE_LIMITS.default).toBeUndefined();
    expect(AMAZON_RATE_LIMITS.uploadFeedDocument).toBeUndefined();
  });

  it('given an answer stating x-amzn-RateLimit-Limit then its rate is adopted; an absent or broken header says nothing', () => {
    expect(amazonConnector.rateFromResponse).toBe(rateFromResponse);
    expect(rateFromResponse({ status: 200, headers: { 'x-amzn-ratelimit-limit': '0.0167' } })).toEqual({ ratePerSecond: 0.0167 });
    expect(rateFromResponse({ status: 200, headers: { 'x-amzn-ratelimit-limit': ' 5.0 ' } })).toEqual({ ratePerSecond: 5 });
    expect(rateFromResponse({ status: 200, headers: {} })).toBeUndefined();
    expect(rateFromResponse({ status: 200, headers: { 'x-amzn-ratelimit-limit': 'fast' } })).toBeUndefined();
    expect(rateFromResponse({ status: 200, headers: { 'x-amzn-ratelimit-limit': '0' } })).toBeUndefined();
  });

  it('given a 429 QuotaExceeded then the call is throttled and waits one token’s refill of its own plan when that is short', () => {
    const e = classifyAmazonResponse(answer(429, errors('QuotaExceeded', 'You exceeded your quota for the requested resource.')), 'getOrder');
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).retryAfterMs).toBe(2000);
    expect((classifyAmazonResponse(answer(429, errors('QuotaExceeded')), 'confirmShipment') as RateLimitedError).retryAfterMs).toBe(500);
    // searchOrders refills a token every three minutes: not waited for in place, the helper backs off and the job comes back.
    expect(refillWaitMs('searchOrders', {})).toBe(Math.ceil(1000 / 0.0056));
    expect((classifyAmazonResponse(answer(429, errors('QuotaExceeded')), 'searchOrders') as RateLimitedError).retryAfterMs).toBeUndefined();
  });

  it('given the rate a call’s answers stated then its next 429 waits by that rate, not another call’s, and a rate on the 429 itself wins', () => {
    classifyAmazonResponse(answer(200, {}, { 'x-amzn-ratelimit-limit': '10' }), 'getOrder');
    classifyAmazonResponse(answer(200, {}, { 'x-amzn-ratelimit-limit': '0.1' }), 'getListingsItem');
    expect((classifyAmazonResponse(answer(429, errors('QuotaExceeded')), 'getOrder') as RateLimitedError).retryAfterMs).toBe(100);
    expect((classifyAmazonResponse(answer(429, errors('QuotaExceeded')), 'getListingsItem') as RateLimitedError).retryAfterMs).toBe(10_000);
    expect(throttleWaitMs('getOrder', { 'x-amzn-ratelimit-limit': '4' })).toBe(250);
    // A seller whose searchOrders plan is generous waits in place after all.
    classifyAmazonResponse(answer(200, {}, { 'x-amzn-ratelimit-limit': '20' }), 'searchOrders');
    expect((classifyAmazonResponse(answer(429, errors('QuotaExceeded')), 'searchOrders') as RateLimitedError).retryAfterMs).toBe(50);
  });

  it('given SP-API’s errors then each maps to its class: a refused token to AUTH_FAILED, a missing role to PERMISSION_DENIED, Amazon’s faults retryable', () => {
    const expired = classifyAmazonResponse(answer(403, errors('Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.')), 'getOrder');
    expect(expired).toBeInstanceOf(AuthFailedError);
    expect(expired).toMatchObject({ code: 'Unauthorized', status: 403, operation: 'getOrder' });
    expect(expired!.message).toContain('The access token you provided has expired.');
    expect(classifyAmazonResponse(answer(403, errors('AccessDenied', 'Access denied for this operation')), 'getInventorySummaries')).toBeInstanceOf(PermissionDeniedError);
    expect(classifyAmazonResponse(answer(401, errors('Unauthorized')), 'confirmShipment')).toBeInstanceOf(AuthFailedError);
    expect(classifyAmazonResponse(answer(400, errors('InvalidInput', 'Invalid Input', 'Invalid Input')), 'searchOrders')).toMatchObject({ code: 'InvalidInput', message: 'Invalid Input' });
    expect(classifyAmazonResponse(answer(400, errors('InvalidInput')), 'searchOrders')).toBeInstanceOf(PermanentError);
    expect(classifyAmazonResponse(answer(404, errors('NotFound', 'SKU not found')), 'getListingsItem')).toBeInstanceOf(PermanentError);
    expect(classifyAmazonResponse(answer(500, errors('InternalFailure')), 'getFeed')).toBeInstanceOf(RetryableError);
    expect(classifyAmazonResponse(answer(503, errors('ServiceUnavailable')), 'getFeed')).toBeInstanceOf(RetryableError);
    expect(classifyAmazonResponse(answer(502, '<html>bad gateway</html>'), 'getFeed')).toMatchObject({ code: 'HTTP_502', kind: 'RETRYABLE' });
    expect(classifyAmazonResponse(answer(200, { orders: [] }), 'searchOrders')).toBeUndefined();
    expect(classifyAmazonResponse(answer(204, ''), 'confirmShipment')).toBeUndefined();
  });

  it('given Login with Amazon’s and S3’s answers then a refused grant is AUTH_FAILED and an expired presigned URL is retried, never a token refresh', () => {
    expect(classifyAmazonResponse(answer(400, { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' }), 'auth')).toBeInstanceOf(AuthFailedError);
    expect(classifyAmazonResponse(answer(401, { error: 'invalid_client', error_description: 'Client authentication failed' }), 'auth')).toBeInstanceOf(AuthFailedError);
    expect(classifyAmazonResponse(answer(500, { error: 'server_error' }), 'auth')).toBeInstanceOf(RetryableError);
    expect(classifyAmazonResponse(answer(403, '<Error><Code>AccessDenied</Code></Error>'), 'uploadFeedDocument')).toBeInstanceOf(RetryableError);
    expect(classifyAmazonResponse(answer(400, '<Error/>'), 'downloadFeedDocument')).toBeInstanceOf(PermanentError);
  });

  it('given two channels of one seller in one region then they count against one quota; another region or seller is apart', () => {
    const key = (sellerId: string, region?: string) => amazonRateKey({ sellerId, clientId: 'app' }, region ? { region } : {});
    expect(key('A3SELLER', 'EU')).toBe(key('A3SELLER', 'eu'));
    expect(key('A3SELLER', 'EU')).not.toBe(key('A3SELLER', 'NA'));
    expect(key('A3SELLER', 'EU')).not.toBe(key('A4OTHER', 'EU'));
    expect(amazonRateKey({ sellerId: 'A3SELLER', clientId: 'app-1' }, { region: 'NA' })).toBe(amazonRateKey({ sellerId: 'A3SELLER', clientId: 'app-2' }, { region: 'NA' }));
  });
});
