import crypto, { randomUUID } from 'node:crypto';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { loadStaffActor, signStaffToken } from './auth.service';
import { spendResetCodes, storePassword } from './credentials';
import { forgetSignInFailures } from './login-throttle';
import { PasswordChangePayload, PasswordResetRequestPayload } from './staff.payloads';
import { staffScope } from './staff.guards';
import { manageable } from './staff.service';
import { execute, selectRows, toDate } from '../common/sql';
import { checkPassword } from './staff.validation';
import { Staff } from './staff.types';

/** How long a reset code works: long enough for a mail to arrive and be read the same day. */
export const RESET_CODE_HOURS = 24;

// No 0/O or 1/I, so a code read from a mail is typed right the first time.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A reset code: 20 characters of 32 (100 random bits) in groups of four, e.g. "K7QD-…". */
function newResetCode(): string {
  const bytes = crypto.randomBytes(20);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return [0, 4, 8, 12, 16].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * Codes carry 100 random bits, so a fast hash stores them safely (as with API keys). Case,
 * spaces and dashes do not matter when typed.
 */
function hashResetCode(code: string): string {
  return crypto.createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}

/**
 * Starts a password reset for a staff member the caller may manage: a single-use code that
 * expires after RESET_CODE_HOURS, stored hashed, and written to the person's staff_message
 * outbox for the mail relay, never returned to the caller. A new code spends any earlier one.
 * Outside production the code is also logged, so the demo works without a mail relay.
 */
export async function requestPasswordReset(ctx: Context, staffGlobalId: string): Promise<PasswordResetRequestPayload> {
  const scope = staffScope(ctx);
  const errors: UserError[] = [];
  const target = await manageable(ctx, scope, staffGlobalId, 'staffId', errors);
  if (target && !target.row.active) errors.push(userError('ACCOUNT_INACTIVE', 'This account is deactivated; reactivate it first', 'staffId'));
  if (!target || errors.length) return { staff: null, expiresAt: null, userErrors: errors };

  await spendResetCodes(ctx, target.row.id);
  const code = newResetCode();
  const [reset] = await selectRows<{ expires_at: string | Date }>(
    ctx.em,
    `insert into password_reset (id, staff_id, code_hash, requested_by_type, requested_by_id, expires_at)
     values (?, ?, ?, ?, ?, now() + make_interval(hours => ?)) returning expires_at`,
    [randomUUID(), target.row.id, hashResetCode(code), ctx.actor?.type ?? 'ANONYMOUS', ctx.actor?.id ?? null, RESET_CODE_HOURS],
  );
  await execute(
    ctx.em,
    `insert into staff_message (staff_id, to_email, kind, subject, body) values (?, ?, 'PASSWORD_RESET', ?, ?)`,
    [
      target.row.id,
      target.row.email,
      'Your password reset code',
      `Hello ${target.row.name},\n\nA password reset was started for your account. Your reset code: ${code}\n\n` +
        `Enter it with your email and a new password (resetPassword) within ${RESET_CODE_HOURS} hours; it works once. ` +
        'If you did not expect this, tell your manager.\n',
    ],
  );
  if (!ctx.config.production) {
    ctx.log.info({ to: target.row.email, resetCode: code }, 'password reset code (written to staff_message for the mail relay; logged only outside production)');
  }
  return { staff: Staff.fromRow(target.row), expiresAt: toDate(reset.expires_at), userErrors: [] };
}

/**
 * Completes a reset with the code the person received: sets the new password (the usual
 * rules), spends the code, ends every earlier token and the account's sign-in lock, and signs
 * the person in. Throttled like login (throttleSignIn runs before it). A wrong, used or expired
 * code, or an email it was not sent to, get the same answer.
 */
export async function resetPassword(ctx: Context, email: string, code: string, newPassword: string): Promise<PasswordChangePayload> {
  const refused = (userErrors: UserError[]): PasswordChangePayload => ({ token: null, expiresAt: null, staff: null, userErrors });
  const [reset] = await selectRows<{ id: string; staff_id: string; email: string }>(
    ctx.em,
    `select pr.id, s.id as staff_id, s.email from password_reset pr join staff s on s.id = pr.staff_id
      where pr.code_hash = ? and s.email = ? and pr.spent_at is null and pr.expires_at > now() and s.active
      for update of pr`,
    [hashResetCode(code), email.trim().toLowerCase()],
  );
  if (!reset) return refused([userError('INVALID_RESET_CODE', 'The email or reset code is not correct, or the code has expired or been used', 'resetCode')]);
  const errors: UserError[] = [];
  checkPassword(newPassword, 'newPassword', errors, reset.email);
  if (errors.length) return refused(errors);

  const { row, generation } = await storePassword(ctx, reset.staff_id, newPassword);
  await forgetSignInFailures(ctx, email);
  // The audit entry of this mutation names the person, not "anonymous".
  ctx.actor = (await loadStaffActor(ctx.em, row.id)) ?? null;
  const { token, expiresAt } = signStaffToken(ctx.jwtSecret, row.id, ctx.config.jwtTtlSeconds, generation);
  return { token, expiresAt, staff: Staff.fromRow(row), userErrors: [] };
}
