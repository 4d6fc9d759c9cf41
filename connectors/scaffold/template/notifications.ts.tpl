import crypto from 'node:crypto';
import { idString, parseJsonExact } from '../sdk/exact-json';
import type { ConnectorNotifications, NotificationRef } from '../sdk/types';

/**
 * __Name__'s push messages: a JSON body `{"shopId", "events": [{"type": "order.updated",
 * "orderId"}, {"type": "return.updated", "returnId"}]}`, signed with HMAC-SHA256 over the raw
 * body under the shop's notification secret, in `X-__Name__-Signature: sha256=<hex>`. The
 * engine receives them at `POST /notifications/<channel key>` and pulls what they name; this
 * file only checks and reads (shared with the simulator, which signs the same way).
 */

export const SIGNATURE_HEADER = 'x-__NAME__-signature';

/** The signature of a body under a secret, as the header carries it. */
export function signNotification(secret: string, body: Buffer | string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether `given` is the body's signature under `secret`, compared in constant time. */
export function verifyNotification(secret: string, body: Buffer, given: string | undefined): boolean {
  const expected = Buffer.from(signNotification(secret, body));
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** The shop a message is for and what it names; events of other types are left out. */
export function readNotification(body: Buffer): { shopId: string | null; refs: NotificationRef[] } {
  const parsed = parseJsonExact<Record<string, unknown>>(body.toString('utf8'));
  const events = Array.isArray(parsed?.events) ? (parsed.events as Record<string, unknown>[]) : [];
  const refs = events.flatMap((e): NotificationRef[] => {
    const orderId = idString(e?.orderId);
    const returnId = idString(e?.returnId);
    if (e?.type === 'order.updated' && orderId) return [{ type: 'ORDER', externalId: orderId }];
    if (e?.type === 'return.updated' && returnId) return [{ type: 'RETURN', externalId: returnId }];
    return [];
  });
  return { shopId: idString(parsed?.shopId), refs };
}

/** The module's `notifications`: checked with the channel's notification secret, for its own shop only. */
export const __NAME__Notifications: ConnectorNotifications = {
  receive(message, { credentials }) {
    const secret = credentials.notificationSecret;
    if (!secret) return { accepted: false, reason: 'the channel has no notification secret' };
    if (!verifyNotification(secret, message.body, message.headers[SIGNATURE_HEADER])) return { accepted: false, reason: 'bad signature' };
    const { shopId, refs } = readNotification(message.body);
    if (shopId !== credentials.shopId) return { accepted: false, reason: 'a message for another shop' };
    return { accepted: true, refs };
  },
};
