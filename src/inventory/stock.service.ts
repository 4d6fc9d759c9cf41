import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { selectRows } from '../common/sql';
import { AdjustStockInput, MarkDamagedInput, ReceiveStockInput, SetStockInput } from './inventory.inputs';
import { MovementType, StockLevel, StockLevelRow } from './inventory.types';
import { refuseMarketplaceCounted, resolveTarget } from './inventory-refs.queries';
import { applyMovement, LockedLevel, lockLevel } from './stock-ledger';
import { StockLevelPayload } from './inventory.payloads';
import { changeLevelInOneStatement, LevelChange } from './level-change.statement';
import { checkUnits, MAX_LEVEL_UNITS, MAX_UNITS } from '../common/limits';

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
  change: Pick<LevelChange, 'delta' | 'target'>,
): Promise<StockLevelPayload> {
  if (reason.trim()) {
    const done = await changeLevelInOneStatement(ctx, {
      ...change, sku, warehouseCode, expectedOnHand: expectedOnHand ?? null, damagedDelta: 0,
      type: MovementType.ADJUSTMENT, reason: reason.trim(), referenceType: null, referenceId: null,
    });
    if (done) return { stockLevel: done, userErrors: [] };
  }
  const errors: UserError[] = [];
  if (!reason.trim()) errors.push(userError('REQUIRED', 'Give a reason; it is kept in the stock ledger', 'reason'));
  const found = await resolveTarget(ctx, sku, warehouseCode, errors);
  refuseMarketplaceCounted(found?.warehouse, 'warehouseCode', errors);
  if (!found || errors.length) return { stockLevel: null, userErrors: errors };
  const level = await lockLevel(ctx.em, found.variant.id, found.warehouse.id);
  if (expectedOnHand != null && level.on_hand !== expectedOnHand) {
    return {
      stockLevel: null,
      userErrors: [userError('STALE_QUANTITY', `onHand is ${level.on_hand}, not the expected ${expectedOnHand}; reload and try again`, 'expectedOnHand')],
    };
  }
  const next = target(level);
  if (next > MAX_LEVEL_UNITS) {
    return { stockLevel: null, userErrors: [userError('INVALID_QUANTITY', `onHand would be ${next}; a level holds at most ${MAX_LEVEL_UNITS.toLocaleString('en-US')} units`, resultField)] };
  }
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
export async function adjustStock(ctx: Context, input: AdjustStockInput): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  // 0 stays allowed: a no-op writes nothing.
  checkUnits(input.delta, 'delta', errors, { min: -MAX_UNITS, max: MAX_UNITS, what: 'A change' });
  if (errors.length) return { stockLevel: null, userErrors: errors };
  return changeOnHand(ctx, input.sku, input.warehouseCode, (l) => l.on_hand + input.delta, input.reason, input.expectedOnHand, 'delta', {
    delta: input.delta,
    target: null,
  });
}

/** setStock: sets onHand to a counted value (ADJUSTMENT movement of the difference). */
export async function setStock(ctx: Context, input: SetStockInput): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  checkUnits(input.onHand, 'onHand', errors, { min: 0, max: MAX_LEVEL_UNITS, what: 'onHand' });
  if (errors.length) return { stockLevel: null, userErrors: errors };
  return changeOnHand(ctx, input.sku, input.warehouseCode, () => input.onHand, input.reason, input.expectedOnHand, 'onHand', {
    delta: null,
    target: input.onHand,
  });
}

/** receiveStock: goods in (RECEIPT movement), with what they arrived against. */
export async function receiveStock(ctx: Context, input: ReceiveStockInput): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  checkUnits(input.quantity, 'quantity', errors, { what: 'A receipt' });
  const movement = {
    type: MovementType.RECEIPT,
    reason: input.reason?.trim() || 'received',
    referenceType: input.reference ? 'RECEIPT' : null,
    referenceId: input.reference?.trim() || null,
  };
  if (!errors.length) {
    const done = await changeLevelInOneStatement(ctx, {
      ...movement, sku: input.sku, warehouseCode: input.warehouseCode, delta: input.quantity, target: null, expectedOnHand: null, damagedDelta: 0,
    });
    if (done) return { stockLevel: done, userErrors: [] };
  }
  const found = await resolveTarget(ctx, input.sku, input.warehouseCode, errors);
  refuseMarketplaceCounted(found?.warehouse, 'warehouseCode', errors);
  if (!found || errors.length) return { stockLevel: null, userErrors: errors };
  const level = await lockLevel(ctx.em, found.variant.id, found.warehouse.id);
  if (level.on_hand + input.quantity > MAX_LEVEL_UNITS) {
    return { stockLevel: null, userErrors: [userError('INVALID_QUANTITY', `onHand would be ${level.on_hand + input.quantity}; a level holds at most ${MAX_LEVEL_UNITS.toLocaleString('en-US')} units`, 'quantity')] };
  }
  await applyMovement(ctx, level, { ...movement, quantity: input.quantity });
  return { stockLevel: await stockLevelNode(ctx, level.id), userErrors: [] };
}

/** markDamaged: moves sellable units to damaged (DAMAGE movement); reserved units stay sellable. */
export async function markDamaged(ctx: Context, input: MarkDamagedInput): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  checkUnits(input.quantity, 'quantity', errors, { what: 'The damaged quantity' });
  if (!input.reason.trim()) errors.push(userError('REQUIRED', 'Say what happened; it is kept in the stock ledger', 'reason'));
  if (!errors.length) {
    const done = await changeLevelInOneStatement(ctx, {
      sku: input.sku, warehouseCode: input.warehouseCode, delta: -input.quantity, target: null, expectedOnHand: null, damagedDelta: input.quantity,
      type: MovementType.DAMAGE, reason: input.reason.trim(), referenceType: null, referenceId: null,
    });
    if (done) return { stockLevel: done, userErrors: [] };
  }
  const found = await resolveTarget(ctx, input.sku, input.warehouseCode, errors);
  refuseMarketplaceCounted(found?.warehouse, 'warehouseCode', errors);
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
