import { ChannelWarning, ChannelWarningCode } from './channel.types';

/**
 * What a channel warns staff of about its authorisation: a refresh token close to its own expiry
 * (eBay's last about 18 months and are not renewed by using them) or past it. Read from what the
 * channel row knows (`refresh_token_expires_at`: from the credentials staff gave, or from the
 * marketplace's answer when it rotated the token), so showing it costs no call.
 */

/** How long before a refresh token expires the channel starts warning. */
export const REFRESH_TOKEN_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export function authWarnings(channel: { refreshTokenExpiresAt: Date | null }, now: Date = new Date()): ChannelWarning[] {
  const at = channel.refreshTokenExpiresAt;
  if (!at) return [];
  const left = at.getTime() - now.getTime();
  const day = at.toISOString().slice(0, 10);
  if (left <= 0) {
    return [
      Object.assign(new ChannelWarning(), {
        code: ChannelWarningCode.REFRESH_TOKEN_EXPIRED,
        message: `The refresh token expired on ${day}: authorise the app again and give the new credentials (updateChannel) to resume syncing.`,
        at,
      }),
    ];
  }
  if (left > REFRESH_TOKEN_WARNING_DAYS * DAY_MS) return [];
  const days = Math.max(1, Math.ceil(left / DAY_MS));
  return [
    Object.assign(new ChannelWarning(), {
      code: ChannelWarningCode.REFRESH_TOKEN_EXPIRING,
      message: `The refresh token expires on ${day} (in ${days} day${days === 1 ? '' : 's'}): authorise the app again and give the new credentials (updateChannel) before then, or the channel stops syncing.`,
      at,
    }),
  ];
}
