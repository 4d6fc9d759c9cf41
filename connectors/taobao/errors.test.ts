import { AuthFailedError, PermanentError, RateLimitedError, RetryableError } from '../sdk/errors';
import { classifyTopResponse } from './errors';

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
    [{ code: 5, msg: 'Session Call Limited' }, RateLimitedError, '5'],
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

  it('given transport failures then they are retryable, and other HTTP refusals permanent', () => {
    expect(answer('<html>502 Bad Gateway</html>', 502)).toBeInstanceOf(RetryableError);
    expect(answer('<html>oops</html>', 200)).toMatchObject({ kind: 'RETRYABLE', code: 'BAD_RESPONSE' });
    expect(answer('', 404)).toBeInstanceOf(PermanentError);
  });
});
