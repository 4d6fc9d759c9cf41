import { TopFault } from './top-envelope';
import { parseFields, project } from './top-fields';
import type { TopMethods } from './top-method';
import { required } from './top-params';

/**
 * Who the session belongs to, and the session refresh. Both are [U] in taobao.md §8: the
 * shapes follow the shared decision the connector implements (`token_result` is a JSON
 * *string* holding access_token, refresh_token, expire_time and the rest of an OAuth answer).
 */

export const REFRESH_METHOD = 'taobao.top.auth.token.refresh';

export const sellerMethods: TopMethods = {
  'taobao.user.seller.get': {
    needsSession: true,
    run({ params, state }) {
      const spec = parseFields(params);
      const { userId, nick, type } = state.seller;
      return { user: project({ user_id: userId, nick, type, has_shop: true, has_more_pic: true, item_img_num: 5, item_img_size: 3072 }, spec) };
    },
  },

  [REFRESH_METHOD]: {
    // Authenticated by the refresh token: the expired session is what is being replaced.
    needsSession: false,
    run({ params, state, now }) {
      const token = required(params, 'refresh_token');
      const old = state.sessionByRefreshToken(token);
      // [U]: a refused refresh token answers 27 like a refused session, so callers treat both alike.
      if (!old || old.refreshUsed || old.refreshExpiresAt <= now.getTime() || old.appKey !== state.appKey) {
        throw new TopFault(27, 'Invalid session', 'invalid-refresh-token', 'refresh_token 非法、已使用或已过期，请重新授权');
      }
      // A refresh token is spent once; the answer carries the next one [U].
      old.refreshUsed = true;
      const next = state.issueSession();
      const seconds = (ms: number) => Math.max(0, Math.floor((ms - now.getTime()) / 1000));
      const tokenResult = {
        w1_expires_in: seconds(next.expiresAt),
        refresh_token_valid_time: next.refreshExpiresAt,
        taobao_user_nick: encodeURIComponent(state.seller.nick),
        re_expires_in: seconds(next.refreshExpiresAt),
        expire_time: next.expiresAt,
        token_type: 'Bearer',
        access_token: next.accessToken,
        taobao_open_uid: `AAE${state.seller.userId.toString(36)}`,
        w1_valid: next.expiresAt,
        refresh_token: next.refreshToken,
        w2_expires_in: 1800,
        w2_valid: now.getTime() + 1800_000,
        r1_expires_in: seconds(next.expiresAt),
        r1_valid: next.expiresAt,
        r2_expires_in: 259200,
        r2_valid: now.getTime() + 259200_000,
        taobao_user_id: state.seller.userId.toString(),
        expires_in: seconds(next.expiresAt),
      };
      return { token_result: JSON.stringify(tokenResult) };
    },
  },
};
