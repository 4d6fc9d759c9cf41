import type { Context } from '../context';
import { execute } from '../common/sql';
import type { HoldReason } from './order-status';

/**
 * The one writer of holds (order_hold): staff holding and releasing orders, the intake's
 * unmapped SKUs and stock shortfalls, and the sync mirroring marketplace flags all come here.
 * A hold is a flag beside the status: at most one active per order and reason.
 */

/** A hold to set (`held`) or release on an order. */
export interface OrderHoldChange {
  orderId: string;
  reason: HoldReason;
  held: boolean;
  /** Why, when setting; an active hold keeps the note it was set with. */
  note?: string;
}

/** Sets and releases holds in at most two statements for the whole batch; setting an active hold or releasing a released one changes nothing. */
export async function setOrderHolds(ctx: Context, changes: OrderHoldChange[]): Promise<void> {
  const released = changes.filter((c) => !c.held).map((c) => ({ o: c.orderId, r: c.reason }));
  const set = changes.filter((c) => c.held).map((c) => ({ o: c.orderId, r: c.reason, n: c.note ?? '' }));
  if (released.length) {
    await execute(
      ctx.em,
      `update order_hold h set released_at = now() from jsonb_to_recordset(?::jsonb) as x(o uuid, r text)
        where h.order_id = x.o and h.reason = x.r and h.released_at is null`,
      [JSON.stringify(released)],
    );
  }
  if (set.length) {
    await execute(
      ctx.em,
      `insert into order_hold (id, order_id, reason, note)
       select gen_random_uuid(), x.o, x.r, x.n from jsonb_to_recordset(?::jsonb) as x(o uuid, r text, n text) on conflict do nothing`,
      [JSON.stringify(set)],
    );
  }
}
