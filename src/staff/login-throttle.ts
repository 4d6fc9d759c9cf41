import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { execute, selectRows } from '../common/sql';
import { toGlobalId } from '../common/ids';
import { writeAudit } from './unit-of-work';

/**
 * Sign-in throttling (login and resetPassword), per account and per client address, kept in
 * PostgreSQL (`login_throttle`) so every API process sees the same counts and locks.
 *
 * Nothing sleeps: a throttled attempt is refused at once with TOO_MANY_ATTEMPTS and the time
 * to try again, so a flood of guesses holds no connection and no argon2 work. Each attempt is
 * counted before its password is checked, in a short transaction of its own that commits at
 * once (see BeforeTransaction in unit-of-work.ts): fifty guesses sent together find the count
 * the first ones left, and only the first few get as far as a password check. A successful
 * sign-in forgets the account's count and takes its own attempt back from the address's.
 */
export interface ThrottlePolicy {
  /** Attempts within a window that start no lock. */
  freeAttempts: number;
  /** The lock the first attempt past the free ones starts; each further attempt doubles it. */
  firstLockSeconds: number;
  /** From this many attempts on, every attempt starts the long lock. */
  hardLockAfter: number;
  hardLockSeconds: number;
  /** A count older than this starts again from zero. */
  windowSeconds: number;
}

/**
 * An account: four attempts free, then 4, 8, 16, 32 and 64 seconds, then 15 minutes from the
 * tenth. Someone who mistypes five times waits a few seconds; a guesser gets ten tries in about
 * two minutes and then one every quarter of an hour, under a hundred a day, while a lock never
 * lasts long enough for the attacker to keep the owner out cheaply. Counted for emails without
 * an account too, so the answers reveal nothing. A success or a password reset forgets it.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = { freeAttempts: 4, firstLockSeconds: 4, hardLockAfter: 10, hardLockSeconds: 15 * 60, windowSeconds: 24 * 3600 };

/**
 * A client address: an office behind one NAT address signs in many people, so it gets 29
 * attempts an hour before locks (4 s doubling, 15 minutes from the 40th). It is not reset by
 * a success, or one account of the attacker's own would wipe the count between guesses at
 * others; the hourly window forgets it.
 */
export const ADDRESS_POLICY: ThrottlePolicy = { freeAttempts: 29, firstLockSeconds: 4, hardLockAfter: 40, hardLockSeconds: 15 * 60, windowSeconds: 3600 };

/** Rows are deleted once this old, when their lock is over too (longer than any window). */
const KEEP_SECONDS = 24 * 3600;

type Scope = 'ACCOUNT' | 'ADDRESS';
const POLICIES: Record<Scope, ThrottlePolicy> = { ACCOUNT: ACCOUNT_POLICY, ADDRESS: ADDRESS_POLICY };

/** What the table holds for one subject; times in milliseconds since the epoch. */
export interface ThrottleState {
  attempts: number;
  windowStartedAt: number;
  lockedUntil: number | null;
}

/** The lock (in seconds; 0 for none) that the `attempts`-th attempt of a window starts. */
export function lockSeconds(attempts: number, policy: ThrottlePolicy): number {
  if (attempts <= policy.freeAttempts) return 0;
  if (attempts >= policy.hardLockAfter) return policy.hardLockSeconds;
  return Math.min(policy.firstLockSeconds * 2 ** (attempts - policy.freeAttempts - 1), policy.hardLockSeconds);
}

/** Judges one attempt at `now`: refused while locked, otherwise counted (the attempt itself goes ahead). */
export function judgeAttempt(
  state: ThrottleState,
  policy: ThrottlePolicy,
  now: number,
): { refusedUntil: number } | { next: ThrottleState; lockStarted: boolean } {
  if (state.lockedUntil !== null && state.lockedUntil > now) return { refusedUntil: state.lockedUntil };
  const windowOver = state.windowStartedAt + policy.windowSeconds * 1000 <= now;
  const attempts = (windowOver ? 0 : state.attempts) + 1;
  const lock = lockSeconds(attempts, policy);
  return {
    next: { attempts, windowStartedAt: windowOver ? now : state.windowStartedAt, lockedUntil: lock ? now + lock * 1000 : null },
    lockStarted: lock > 0,
  };
}

/** The key of an account: a hash of the email as typed (trimmed, lower-case), whatever its length. */
function accountSubject(email: string): string {
  return crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

function subjectsOf(ctx: Context, email: string): { scope: Scope; subject: string }[] {
  const subjects: { scope: Scope; subject: string }[] = [{ scope: 'ACCOUNT', subject: accountSubject(email) }];
  if (ctx.clientAddress) subjects.push({ scope: 'ADDRESS', subject: ctx.clientAddress.slice(0, 100) });
  return subjects;
}

function tooManyAttempts(until: number, now: number): UserError {
  const seconds = Math.max(1, Math.ceil((until - now) / 1000));
  const wait = seconds < 120 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  return userError('TOO_MANY_ATTEMPTS', `Too many sign-in attempts: try again in ${wait} (after ${new Date(until).toISOString()})`);
}

const n = (v: unknown) => Number(v);

/**
 * Counts a sign-in attempt for the email of the arguments (login and resetPassword) and the
 * caller's address, or refuses it with TOO_MANY_ATTEMPTS while either is locked. Runs before
 * the mutation's transaction (BeforeTransaction), so the count stays whatever the outcome; an
 * audit entry (signInLocked) marks each lock it starts.
 */
export async function throttleSignIn(ctx: Context, args: Record<string, unknown>): Promise<UserError[] | undefined> {
  const email = typeof args.email === 'string' ? args.email : '';
  const subjects = subjectsOf(ctx, email);
  const pairs = subjects.map(() => '(?, ?)').join(', ');
  const params = subjects.flatMap((s) => [s.scope, s.subject]);
  return ctx.em.transactional(async (tx) => {
    const em = tx as EntityManager;
    // The no-op update locks an existing row (so no cleanup deletes it under us); xmax = 0
    // tells a new row. Rows are locked in one order, ACCOUNT before ADDRESS, as everywhere
    // else, so two attempts never wait on each other in a cycle.
    const upserted = await selectRows<{ inserted: boolean }>(
      em,
      `insert into login_throttle as t (scope, subject) values ${pairs}
       on conflict (scope, subject) do update set attempts = t.attempts returning (xmax = 0) as inserted`,
      params,
    );
    const rows = await selectRows<{ scope: Scope; subject: string; attempts: number; window_ms: number; locked_ms: number | null; now_ms: number }>(
      em,
      `select scope, subject, attempts,
              extract(epoch from window_started_at)::float8 * 1000 as window_ms,
              extract(epoch from locked_until)::float8 * 1000 as locked_ms,
              extract(epoch from now())::float8 * 1000 as now_ms
         from login_throttle where (scope, subject) in (${pairs}) order by scope, subject for update`,
      params,
    );
    const now = n(rows[0].now_ms);
    const verdicts = rows.map((r) => ({
      row: r,
      verdict: judgeAttempt({ attempts: r.attempts, windowStartedAt: n(r.window_ms), lockedUntil: r.locked_ms === null ? null : n(r.locked_ms) }, POLICIES[r.scope], now),
    }));
    const refusedUntil = Math.max(...verdicts.map(({ verdict }) => ('refusedUntil' in verdict ? verdict.refusedUntil : 0)));
    if (refusedUntil > 0) return [tooManyAttempts(refusedUntil, now)];

    for (const { row, verdict } of verdicts) {
      if (!('next' in verdict)) continue;
      const { attempts, windowStartedAt, lockedUntil } = verdict.next;
      await execute(
        em,
        `update login_throttle set attempts = ?, window_started_at = to_timestamp(?::float8 / 1000),
                locked_until = to_timestamp(?::float8 / 1000), updated_at = now()
          where scope = ? and subject = ?`,
        [attempts, windowStartedAt, lockedUntil, row.scope, row.subject],
      );
      if (verdict.lockStarted) await auditLock(em, ctx, row.scope, email, attempts, lockedUntil!);
    }
    // Each new row clears away a few expired ones, so the table stays as large as the
    // subjects of the last day, however many emails and addresses have been tried.
    if (upserted.some((r) => r.inserted)) {
      await execute(
        em,
        `delete from login_throttle where ctid = any(array(
           select ctid from login_throttle
            where updated_at < now() - make_interval(secs => ?) and (locked_until is null or locked_until < now())
            order by updated_at limit 20 for update skip locked))`,
        [KEEP_SECONDS],
      );
    }
    return undefined;
  });
}

/** The audit entry of a lock that starts: which account (or address), after how many attempts, until when. */
async function auditLock(em: EntityManager, ctx: Context, scope: Scope, email: string, attempts: number, lockedUntil: number): Promise<void> {
  const typed = email.trim().toLowerCase().slice(0, 254);
  let target: { type: string | null; id: string | null } = { type: null, id: null };
  if (scope === 'ACCOUNT') {
    const [staff] = await selectRows<{ id: string }>(em, 'select id from staff where email = ?', [typed]);
    // Other entries name their target by global id (what the API shows).
    if (staff) target = { type: 'Staff', id: toGlobalId('Staff', staff.id) };
  }
  await writeAudit(em, ctx, 'signInLocked', 'LOCKED', target, {
    scope,
    attempts,
    lockedUntil: new Date(lockedUntil).toISOString(),
    ...(scope === 'ACCOUNT' ? { email: typed } : { address: ctx.clientAddress }),
  });
}

/**
 * After a successful sign-in (or password reset), inside its transaction: the account starts
 * afresh, and the address gets back the attempt counted for this success.
 */
export async function forgetSignInFailures(ctx: Context, email: string): Promise<void> {
  const [account, address] = subjectsOf(ctx, email);
  await execute(ctx.em, `delete from login_throttle where scope = 'ACCOUNT' and subject = ?`, [account.subject]);
  if (address) {
    await execute(ctx.em, `update login_throttle set attempts = greatest(attempts - 1, 0), updated_at = now() where scope = 'ADDRESS' and subject = ?`, [address.subject]);
  }
}
