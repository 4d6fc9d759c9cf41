import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { selectRows } from '../common/sql';
import { HoldReason } from './order-status';
import { lockOrderFor, setHold } from './order-lifecycle.service';
import { P } from '../staff/permissions';
import { NoteRow, OrderNote, OrderNoteKind } from './returns.types';

/** Notes, complaints and disputes of customer service on an order (客服). */

export interface OrderNotePayloadShape {
  note: OrderNote | null;
  userErrors: UserError[];
}

/** addOrderNote: records a note; a DISPUTE note also holds the order with DISPUTE. */
export async function addOrderNote(ctx: Context, input: { orderId: string; text: string; kind?: OrderNoteKind | null }): Promise<OrderNotePayloadShape> {
  const orderId = uuidOf('Order', input.orderId);
  const order = orderId ? await lockOrderFor(ctx, orderId, P.OrdersWrite, P.OrdersReturns) : undefined;
  if (!order) return { note: null, userErrors: [userError('NOT_FOUND', 'No order has this id', 'orderId')] };
  const text = input.text.trim();
  if (!text || text.length > 4000) return { note: null, userErrors: [userError('INVALID_VALUE', 'A note is 1-4000 characters', 'text')] };
  const kind = input.kind ?? OrderNoteKind.NOTE;
  const [row] = await selectRows<NoteRow>(
    ctx.em,
    `insert into order_note (id, order_id, kind, text, author_label) values (gen_random_uuid(), ?, ?, ?, ?)
     returning id, order_id, kind, text, author_label, created_at`,
    [order.id, kind, text, ctx.actor?.label ?? 'system'],
  );
  if (kind === OrderNoteKind.DISPUTE) await setHold(ctx, order.id, HoldReason.DISPUTE, text.slice(0, 500));
  return { note: OrderNote.fromRow(row), userErrors: [] };
}
