import { UserError, userError } from '../common/errors';
import { isPermission } from './permissions';
import { passwordProblem } from './password-rules';

const MAX_NAME = 200;
const MAX_CHANNELS = 100;

// Deliberately loose: one @, something on both sides, a dot in the domain. Deliverability is
// the mail server's business.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The email as stored (trimmed, lower-case), or undefined after adding INVALID_EMAIL. */
export function checkEmail(raw: string, field: string, errors: UserError[]): string | undefined {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) {
    errors.push(userError('INVALID_EMAIL', 'Enter an email address such as name@example.com', field));
    return undefined;
  }
  return email;
}

/** The trimmed name, or undefined after adding INVALID_NAME. */
export function checkName(raw: string, field: string, errors: UserError[]): string | undefined {
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_NAME) {
    errors.push(userError('INVALID_NAME', `The name must be 1 to ${MAX_NAME} characters`, field));
    return undefined;
  }
  return name;
}

/**
 * Adds the password's problem, if any (PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG,
 * PASSWORD_TOO_SIMPLE, PASSWORD_TOO_COMMON, PASSWORD_CONTAINS_EMAIL): see password-rules.ts.
 * `email` is the account's, when known.
 */
export function checkPassword(password: string, field: string, errors: UserError[], email?: string | null): void {
  const problem = passwordProblem(password, email);
  if (problem) errors.push(userError(problem.code, problem.message, field));
}

/** Channel ids trimmed and without repeats; empty means every channel. */
export function checkChannelIds(raw: string[] | undefined | null, field: string, errors: UserError[]): string[] {
  const ids = [...new Set((raw ?? []).map((c) => c.trim()))];
  if (ids.some((c) => c.length === 0 || c.length > 100)) {
    errors.push(userError('INVALID_CHANNEL_ID', 'Channel ids must be 1 to 100 characters', field));
  }
  if (ids.length > MAX_CHANNELS) {
    errors.push(userError('TOO_MANY_CHANNELS', `At most ${MAX_CHANNELS} channels`, field));
  }
  return ids;
}

/** Permission keys without repeats; each unknown one adds UNKNOWN_PERMISSION at its index. */
export function checkPermissions(raw: string[], field: string, errors: UserError[]): string[] {
  raw.forEach((p, i) => {
    if (!isPermission(p)) errors.push(userError('UNKNOWN_PERMISSION', `There is no permission "${p}"`, [field, i]));
  });
  return [...new Set(raw)];
}
