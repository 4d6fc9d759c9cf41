import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { execute, selectRows } from '../common/sql';
import { MovementType } from './inventory.types';
import { applyMovement, changeReserved, lockLevel } from './stock-ledger';
import { checkUnits } from '../common/limits';

/**
 * Shipping reserved stock: the units leave the warehouse (a SHIPMENT movement lowers on hand)
 * and stop being reserved (the reservation line shrinks and the level's reserved follows), in
 * the caller's transaction. Book and ledger stay equal: on hand is the sum of movements and
 * reserved the sum of ACTIVE reservation lines.
 */

/**
 * Ships `quantity` units of a variant from a warehouse out of a reservation. `bundleVariantId`
 * names the bundle when the units are components of a bundle sold as one line (the reservation
 * line carries it); omitted, only lines reserved for the variant itself are used. Returns
 * NOT_RESERVED_HERE (nothing changed) when the reservation is not ACTIVE or holds fewer units
 * there. A reservation left with no lines becomes CONSUMED.
 *
 * Locks the reservation row, then the level: the order releaseReservation uses.
 */
export async function shipReserved(
  ctx: Context,
  reservationId: string,
  variantId: string,
  warehouseId: string,
  quantity: number,
  reference: string,
  bundleVariantId: string | null = null,
): Promise<UserError | null> {
  const bad: UserError[] = [];
  checkUnits(quantity, 'quantity', bad);
  if (bad.length) return bad[0];
  const [res] = await selectRows<{ status: string }>(ctx.em, 'select status from reservation where id = ? for update', [reservationId]);
  if (res?.status !== 'ACTIVE') return userError('NOT_RESERVED_HERE', `No active reservation holds stock for ${reference}`, 'quantity');
  const level = await lockLevel(ctx.em, variantId, warehouseId);
  const lines = await selectRows<{ id: string; quantity: number }>(
    ctx.em,
    `select id, quantity from reservation_line
      where reservation_id = ? and variant_id = ? and warehouse_id = ? and bundle_variant_id is not distinct from ?::uuid
      order by quantity, id for update`,
    [reservationId, variantId, warehouseId, bundleVariantId],
  );
  const held = lines.reduce((n, l) => n + l.quantity, 0);
  if (held < quantity) {
    return userError('NOT_RESERVED_HERE', `${quantity} wanted, ${held} reserved for ${reference} in this warehouse`, 'quantity');
  }
  let left = quantity;
  for (const l of lines) {
    if (left === 0) break;
    const n = Math.min(left, l.quantity);
    if (n === l.quantity) await execute(ctx.em, 'delete from reservation_line where id = ?', [l.id]);
    else await execute(ctx.em, 'update reservation_line set quantity = quantity - ? where id = ?', [n, l.id]);
    left -= n;
  }
  // Reserved first, then on hand: reserved <= on_hand holds after each statement.
  await changeReserved(ctx.em, level.id, -quantity);
  await applyMovement(ctx, level, { type: MovementType.SHIPMENT, quantity: -quantity, reason: 'shipped', referenceType: 'ORDER', referenceId: reference });
  await execute(
    ctx.em,
    `update reservation set status = 'CONSUMED', closed_at = now()
      where id = ? and not exists (select 1 from reservation_line where reservation_id = ?)`,
    [reservationId, reservationId],
  );
  return null;
}
