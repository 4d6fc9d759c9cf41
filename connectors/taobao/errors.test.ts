import { AuthFailedError, ChannelStoppedError, PermanentError, PermissionDeniedError, QuotaExhaustedError, RateLimitedError, RetryableError } from '../sdk/errors';
import { classifyTopResponse, nextTopMidnight } from './errors';

const answer = (data: unknown, status = 200) => classifyTopResponse({ status, headers: {}, data }, 'orders');
const topError = (e: Record<string, unknown>) => JSON.stringify({ error_response: { request_id: 'r1', ...e } });

describe('TOP response classifier', () => {
  it('given a success envelope then there is no error', () => {
    expect(answer('{"trade_fullinfo_get_response":{"trade":{"tid":4138573824619384756}}}')).toBeUndefined();
    expect(answer({ items_onsale_get_response: { total_results: 0 } })).toBeUndefined();
  });

  it.each([
    [{ code: 7, msg: 'App Call Limited', sub_code: 'accesscontrol.limited-by-app-access-count', sub_msg: 'This ban will last for 3 more seconds' }, RateLimitedError, '7:accesscontrol.limited-by-app-access-count'],
    [{ code: 8, msg: 'App Call Exceeds Limited Frequency' }, RateLimitedError, '8'],
    [{ code: 5, msg: 'Session Call Limited' }, QuotaExhaustedError, '5'],
    [{ code: 4, msg: 'User Call Limited' }, QuotaExhaustedError, '4'],
    [{ code: 6, msg: 'Partner Call Limited' }, QuotaExhaustedError, '6'],
    [{ code: 11, msg: 'Insufficient isv permissions', sub_code: 'isv.permission-api-package-limit', sub_msg: 'scope ; call times are out of limit' }, PermissionDeniedError, '11:isv.permission-api-package-limit'],
    [{ code: 12, msg: 'Insufficient user permissions' }, PermissionDeniedError, '12'],
    [{ code: 13, msg: 'Insufficient partner permissions' }, PermissionDeniedError, '13'],
    [{ code: 28, msg: 'Missing App Key' }, ChannelStoppedError, '28'],
    [{ code: 29, msg: 'Invalid App Key' }, ChannelStoppedError, '29'],
    [{ code: 30, msg: 'Missing Timestamp' }, ChannelStoppedError, '30'],
    [{ code: 31, msg: 'Invalid Timestamp', sub_msg: '时间戳与服务器时间相差超过10分钟（GMT+8）' }, ChannelStoppedError, '31'],
    [{ code: 10, msg: 'Service Currently Unavailable' }, RetryableError, '10'],
    [{ code: 15, msg: 'Remote service error', sub_code: 'isp.top-remote-connection-timeout', sub_msg: '远程服务调用超时' }, RetryableError, '15:isp.top-remote-connection-timeout'],
    [{ code: 27, msg: 'Invalid session', sub_code: 'invalid-sessionkey', sub_msg: 'SessionKey非法' }, AuthFailedError, '27:invalid-sessionkey'],
    [{ code: 26, msg: 'Missing session' }, AuthFailedError, '26'],
    [{ code: 25, msg: 'Invalid signature' }, AuthFailedError, '25'],
    [{ code: 15, msg: 'Remote service error', sub_code: 'isv.item-not-exist', sub_msg: '商品不存在' }, PermanentError, '15:isv.item-not-exist'],
    [{ code: 41, msg: 'Invalid Arguments', sub_code: 'isv.invalid-parameter' }, PermanentError, '41:isv.invalid-parameter'],
    [{ code: 22, msg: 'Invalid method' }, PermanentError, '22'],
  ])('given error_response %j then it is %p with code %s', (body, cls, code) => {
    const err = answer(topError(body));
    expect(err).toBeInstanceOf(cls);
    expect(err).toMatchObject({ code, operation: 'orders', requestId: 'r1', message: (body as { sub_msg?: string }).sub_msg ?? body.msg });
  });

  it('given code 7 with the ban length then the wait is carried', () => {
    expect((answer(topError({ code: 7, msg: 'App Call Limited', sub_msg: 'This ban will last for 3 more seconds' })) as RateLimitedError).retryAfterMs).toBe(3000);
  });

  it('given code 7 with a ban of hours then the app’s quota is out until the ban ends', () => {
    const before = Date.now();
    const err = answer(topError({ code: 7, msg: 'App Call Limited', sub_code: 'accesscontrol.limited-by-api-access-count', sub_msg: 'This ban will last for 3600 more seconds' })) as QuotaExhaustedError;
    expect(err).toBeInstanceOf(QuotaExhaustedError);
    expect(err).toMatchObject({ code: '7:accesscontrol.limited-by-api-access-count', scope: 'key', utcOffsetMinutes: 480 });
    expect(err.resetAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
  });

  it('given a user, session or partner quota used up with a stated ban then it waits for that window, on the seller or on the app', () => {
    const before = Date.now();
    const session = answer(topError({ code: 5, msg: 'Session Call Limited', sub_msg: 'This ban will last for 7200 more seconds' })) as QuotaExhaustedError;
    expect(session.resetAt.getTime()).toBeGreaterThanOrEqual(before + 7_200_000);
    expect(session.resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 7_200_000);
    // A seller's (session's) quota is this channel's own; a partner's is the app's, shared.
    expect(session).toMatchObject({ kind: 'QUOTA_EXHAUSTED', scope: 'account', utcOffsetMinutes: 480 });
    expect(answer(topError({ code: 6, msg: 'Partner Call Limited', sub_msg: 'This ban will last for 60 more seconds' }))).toMatchObject({ scope: 'key' });
  });

  it('given a quota used up with no stated window then it waits until the next midnight in GMT+8', () => {
    const err = answer(topError({ code: 4, msg: 'User Call Limited' })) as QuotaExhaustedError;
    expect(err.resetAt).toEqual(nextTopMidnight(new Date()));
    // 2026-12-03 23:59 in Hangzhou is 15:59 UTC; the day turns at 16:00 UTC.
    expect(nextTopMidnight(new Date('2026-12-03T15:59:00Z')).toISOString()).toBe('2026-12-03T16:00:00.000Z');
    expect(nextTopMidnight(new Date('2026-12-03T16:00:00Z')).toISOString()).toBe('2026-12-04T16:00:00.000Z');
  });

  it('given transport failures then they are retryable, and other HTTP refusals permanent', () => {
    expect(answer('<html>502 Bad Gateway</html>', 502)).toBeInstanceOf(RetryableError);
    expect(answer('<html>oops</html>', 200)).toMatchObject({ kind: 'RETRYABLE', code: 'BAD_RESPONSE' });
    expect(answer('', 404)).toBeInstanceOf(PermanentError);
  });
});
