import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { selectRows } from '../common/sql';
import { AdjustStockInput, MarkDamagedInput, ReceiveStockInput, SetStockInput } from './inventory.inputs';
import { MovementType, StockLevel, StockLevelRow } from './inventory.types';
import { resolveTarget } from './inventory.lookup';
import { applyMovement, LockedLevel, lockLevel } from './stock-ledger';
import { StockLevelPayload } from './inventory.payloads';

/** Reads a level as the API shows it. */
export async function stockLevelNode(ctx: Context, levelId: string): Promise<StockLevel> {
  const [row] = await selectRows<StockLevelRow>(
    ctx.em,
    `select sl.*, v.sku, w.code as warehouse_code from stock_level sl
       join variant v on v.id = sl.variant_id join warehouse w on w.id = sl.warehouse_id where sl.id = ?`,
    [levelId],
  );
  return StockLevel.fromRow(row);
}

/**
 * Moves onHand of one level to `target`, refusing a stale expectation, a negative result, or a
 * result below what is reserved. Zero change writes nothing.
 */
async function changeOnHand(
  ctx: Context,
  sku: string,
  warehouseCode: string,
  target: (level: LockedLevel) => number,
  reason: string,
  expectedOnHand: number | null | undefined,
  resultField: string,
): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  if (!reason.trim()) errors.push(userError('REQUIRED', 'Give a reason; it is kept in the stock ledger', 'reason'));
  const found = await resolveTarget(ctx, sku, warehouseCode, errors);
  if (!found || errors.length) return { stockLevel: null, userErrors: errors };
  const level = await lockLevel(ctx.em, found.variant.id, found.warehouse.id);
  if (expectedOnHand != null && level.on_hand !== expectedOnHand) {
    return {
      stockLevel: null,
      userErrors: [userError('STALE_QUANTITY', `onHand is ${level.on_hand}, not the expected ${expectedOnHand}; reload and try again`, 'expectedOnHand')],
    };
  }
  const next = target(level);
  if (next < 0) return { stockLevel: null, userErrors: [userError('NEGATIVE_STOCK', `onHand would be ${next}; it cannot go below 0`, resultField)] };
  if (next < level.reserved) {
    return {
      stockLevel: null,
      userErrors: [userError('INSUFFICIENT_STOCK', `onHand would be ${next}, below the ${level.reserved} units reserved for orders`, resultField)],
    };
  }
  await applyMovement(ctx, level, { type: MovementType.ADJUSTMENT, quantity: next - level.on_hand, reason: reason.trim() });
  return { stockLevel: await stockLevelNode(ctx, level.id), userErrors: [] };
}

/** adjustStock: adds or removes units (ADJUSTMENT movement), compare-and-swap on expectedOnHand. */
export function adjustStock(ctx: Context, input: AdjustStockInput): Promise<StockLevelPayload> {
  return changeOnHand(ctx, input.sku, input.warehouseCode, (l) => l.on_hand + input.delta, input.reason, input.expectedOnHand, 'delta');
}

/** setStock: sets onHand to a counted value (ADJUSTMENT movement of the difference). */
export function setStock(ctx: Context, input: SetStockInput): Promise<StockLevelPayload> {
  return changeOnHand(ctx, input.sku, input.warehouseCode, () => input.onHand, input.reason, input.expectedOnHand, 'onHand');
}

/** receiveStock: goods in (RECEIPT movement), with what they arrived against. */
export async function receiveStock(ctx: Context, input: ReceiveStockInput): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  if (input.quantity < 1) errors.push(userError('INVALID_QUANTITY', 'Receive 1 unit or more', 'quantity'));
  const found = await resolveTarget(ctx, input.sku, input.warehouseCode, errors);
  if (!found || errors.length) return { stockLevel: null, userErrors: errors };
  const level = await lockLevel(ctx.em, found.variant.id, found.warehouse.id);
  await applyMovement(ctx, level, {
    type: MovementType.RECEIPT,
    quantity: input.quantity,
    reason: input.reason?.trim() || 'received',
    referenceType: input.reference ? 'RECEIPT' : null,
    referenceId: input.reference?.trim() || null,
  });
  return { stockLevel: await stockLevelNode(ctx, level.id), userErrors: [] };
}

/** markDamaged: moves sellable units to damaged (DAMAGE movement); reserved units stay sellable. */
export async function markDamaged(ctx: Context, input: MarkDamagedInput): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  if (input.quantity < 1) errors.push(userError('INVALID_QUANTITY', 'Mark 1 unit or more', 'quantity'));
  if (!input.reason.trim()) errors.push(userError('REQUIRED', 'Say what happened; it is kept in the stock ledger', 'reason'));
  const found = await resolveTarget(ctx, input.sku, input.warehouseCode, errors);
  if (!found || errors.length) return { stockLevel: null, userErrors: errors };
  const level = await lockLevel(ctx.em, found.variant.id, found.warehouse.id);
  if (level.on_hand - level.reserved < input.quantity) {
    return {
      stockLevel: null,
      userErrors: [userError('INSUFFICIENT_STOCK', `Only ${level.on_hand - level.reserved} units are on hand and not reserved`, 'quantity')],
    };
  }
  await applyMovement(ctx, level, { type: MovementType.DAMAGE, quantity: -input.quantity, damagedDelta: input.quantity, reason: input.reason.trim() });
  return { stockLevel: await stockLevelNode(ctx, level.id), userErrors: [] };
}
