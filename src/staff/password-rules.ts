import fs from 'node:fs';
import path from 'node:path';

/** Shortest password a person may choose. */
export const MIN_PASSWORD = 8;
/** Shortest ADMIN_PASSWORD production accepts for the first owner, who can do everything. */
export const MIN_ADMIN_PASSWORD = 12;
// argon2 hashes whatever it is given; a cap keeps a megabyte "password" from costing CPU.
export const MAX_PASSWORD = 256;

/**
 * Passwords printed in our own documentation (README, demo logins, docker example): anyone
 * can read them, so no account may choose them. The demo seed and the development owner
 * write their hashes directly and keep working outside production.
 */
const DOCUMENTED = ['owner-pass-123', 'demo-pass-123', 'change-me-now'];

let common: ReadonlySet<string> | undefined;
/** The list in common-passwords.txt (copied beside the compiled file by the build). */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const text = fs.readFileSync(path.join(__dirname, 'common-passwords.txt'), 'utf8');
    const list = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    common = new Set([...list, ...DOCUMENTED]);
  }
  return common;
}

/** What is wrong with a password, as a userError code and a message; undefined when it will do. */
export interface PasswordProblem {
  code: 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_SIMPLE' | 'PASSWORD_TOO_COMMON' | 'PASSWORD_CONTAINS_EMAIL';
  message: string;
}

// A common word with digits or symbols stuck on the end ("Sunshine2024!") is as guessable as
// the word: attackers' lists try exactly those variations first.
const TRAILING_DIGITS_AND_SYMBOLS = /[\d\W_]+$/u;

/**
 * Judges a password for the account with `email` (omit it when unknown). Refuses, in this
 * order: too short or long, whitespace only or one character (or a group of up to three)
 * repeated, one of the most common passwords (case-insensitive, also with trailing digits and
 * symbols removed) or a documented one, and the email or its local part inside it.
 */
export function passwordProblem(password: string, email?: string | null, minLength = MIN_PASSWORD): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < minLength) return { code: 'PASSWORD_TOO_SHORT', message: `The password must be at least ${minLength} characters` };
  if (length > MAX_PASSWORD) return { code: 'PASSWORD_TOO_LONG', message: `The password must be at most ${MAX_PASSWORD} characters` };
  if (password.trim() === '' || /^(.{1,3})\1+$/su.test(password)) {
    return { code: 'PASSWORD_TOO_SIMPLE', message: 'The password must not be only spaces or one character (or a short group) repeated' };
  }
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const stem = lower.replace(TRAILING_DIGITS_AND_SYMBOLS, '');
  if (list.has(lower) || list.has(stem)) {
    return { code: 'PASSWORD_TOO_COMMON', message: 'This password is among the most common ones (or published in our documentation): choose another' };
  }
  const address = email?.trim().toLowerCase();
  if (address) {
    const local = address.split('@')[0];
    // A local part of one or two letters would rule out half the dictionary for nothing.
    if (lower.includes(address) || (local.length >= 3 && lower.includes(local))) {
      return { code: 'PASSWORD_CONTAINS_EMAIL', message: 'The password must not contain your email or the part before the @' };
    }
  }
  return undefined;
}
