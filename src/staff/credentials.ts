import type { Context } from '../context';
import { hashPassword } from './auth.service';
import { STAFF_COLUMNS } from './staff.queries';
import { StaffRow } from './staff.types';
import { execute, selectRows } from '../common/sql';

/**
 * Stores a new password for a staff member, whichever way it was chosen (changeMyPassword, an
 * owner's updateStaff, resetPassword): raises the token generation, so every token signed
 * before stops working, and spends any reset code still open. Returns the row and the new
 * generation, to sign the caller a token that outlives the change.
 */
export async function storePassword(ctx: Context, staffId: string, password: string): Promise<{ row: StaffRow; generation: number }> {
  const hash = await hashPassword(password);
  const [row] = await selectRows<StaffRow & { token_generation: number }>(
    ctx.em,
    `update staff as s set password_hash = ?, token_generation = s.token_generation + 1, updated_at = now()
      where s.id = ? returning ${STAFF_COLUMNS}, s.token_generation`,
    [hash, staffId],
  );
  await spendResetCodes(ctx, staffId);
  return { row, generation: row.token_generation };
}

/** Makes every open reset code of a staff member unusable (a newer one, a password change, deactivation). */
export async function spendResetCodes(ctx: Context, staffId: string): Promise<void> {
  await execute(ctx.em, 'update password_reset set spent_at = now() where staff_id = ? and spent_at is null', [staffId]);
}
