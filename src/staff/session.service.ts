import type { Context } from '../context';
import { forbidden, UserError, userError } from '../common/errors';
import { burnPasswordCheck, loadStaffActor, signStaffToken, verifyPassword } from './auth.service';
import { storePassword } from './credentials';
import { forgetSignInFailures } from './login-throttle';
import { LoginPayload, PasswordChangePayload } from './staff.payloads';
import { STAFF_COLUMNS } from './staff.queries';
import { checkPassword } from './staff.validation';
import { Staff, StaffRow } from './staff.types';
import { selectRows } from '../common/sql';

// One message for an unknown email and a wrong password, so the answer does not reveal
// which emails have accounts.
const INVALID_CREDENTIALS = 'The email or password is not correct';

const loginRefused = (userErrors: UserError[]): LoginPayload => ({ token: null, expiresAt: null, staff: null, userErrors });

/**
 * Signs a staff member in with email and password and hands back a bearer token. Attempts are
 * counted and locked out beforehand (throttleSignIn, run by the unit of work before this).
 */
export async function login(ctx: Context, email: string, password: string): Promise<LoginPayload> {
  const [row] = await selectRows<StaffRow & { password_hash: string; token_generation: number }>(
    ctx.em,
    `select ${STAFF_COLUMNS}, s.password_hash, s.token_generation from staff s where s.email = ?`,
    [email.trim().toLowerCase()],
  );
  if (!row) {
    await burnPasswordCheck(password);
    return loginRefused([userError('INVALID_CREDENTIALS', INVALID_CREDENTIALS)]);
  }
  if (!(await verifyPassword(row.password_hash, password))) {
    return loginRefused([userError('INVALID_CREDENTIALS', INVALID_CREDENTIALS)]);
  }
  // Told only after the password proved right, so it reveals nothing to a guesser.
  if (!row.active) return loginRefused([userError('ACCOUNT_INACTIVE', 'This account has been deactivated; ask a manager')]);

  const [updated] = await selectRows<StaffRow>(ctx.em, `update staff as s set last_login_at = now() where s.id = ? returning ${STAFF_COLUMNS}`, [row.id]);
  await forgetSignInFailures(ctx, email);
  // The audit entry of this mutation names the person who signed in, not "anonymous".
  ctx.actor = (await loadStaffActor(ctx.em, row.id)) ?? null;
  const { token, expiresAt } = signStaffToken(ctx.jwtSecret, row.id, ctx.config.jwtTtlSeconds, row.token_generation);
  return { token, expiresAt, staff: Staff.fromRow(updated), userErrors: [] };
}

/**
 * Changes the signed-in staff member's own password after checking the current one. Every
 * token issued before stops working, the caller's own included; the payload carries a new one.
 */
export async function changeMyPassword(ctx: Context, currentPassword: string, newPassword: string): Promise<PasswordChangePayload> {
  if (ctx.actor?.type !== 'STAFF') throw forbidden('Only a signed-in staff member has a password to change');
  const [row] = await selectRows<{ email: string; password_hash: string }>(ctx.em, 'select email, password_hash from staff where id = ?', [ctx.actor.id]);
  const errors: UserError[] = [];
  if (!row || !(await verifyPassword(row.password_hash, currentPassword))) {
    errors.push(userError('INVALID_CREDENTIALS', 'The current password is not correct', 'currentPassword'));
  }
  checkPassword(newPassword, 'newPassword', errors, row?.email);
  if (errors.length) return { token: null, expiresAt: null, staff: null, userErrors: errors };
  const { row: updated, generation } = await storePassword(ctx, ctx.actor.id, newPassword);
  const { token, expiresAt } = signStaffToken(ctx.jwtSecret, updated.id, ctx.config.jwtTtlSeconds, generation);
  return { token, expiresAt, staff: Staff.fromRow(updated), userErrors: [] };
}
