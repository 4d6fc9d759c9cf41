import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts (issue 11): the token generation that revokes earlier tokens on a password change
 * or deactivation, sign-in throttling shared by every API process, single-use password reset
 * codes (stored hashed), and the outbox of messages to staff that a mail relay delivers.
 */
export class Migration20261203000000Accounts extends Migration {
  override async up(): Promise<void> {
    // Tokens carry the generation they were signed under; a password change or a
    // deactivation bumps it, and older tokens stop working. Tokens without one count as 0.
    this.addSql(`alter table staff add column token_generation int not null default 0
      constraint staff_token_generation_nonnegative check (token_generation >= 0)`);

    // One row per sign-in subject: an account (by a hash of the email as typed, so unknown
    // emails are throttled alike and a huge "email" costs one fixed-size key) or a client
    // address. Rows whose window and lock are over are deleted.
    this.addSql(`create table login_throttle (
      scope text not null constraint login_throttle_scope_valid check (scope in ('ACCOUNT','ADDRESS')),
      subject text not null constraint login_throttle_subject_length check (length(subject) between 1 and 100),
      attempts int not null default 0 constraint login_throttle_attempts_nonnegative check (attempts >= 0),
      window_started_at timestamptz not null default now(),
      locked_until timestamptz null,
      updated_at timestamptz not null default now(),
      constraint login_throttle_pkey primary key (scope, subject)
    )`);
    this.addSql(`create index login_throttle_updated_idx on login_throttle (updated_at)`);

    // Codes are random (100 bits) and kept only as a SHA-256 hash.
    this.addSql(`create table password_reset (
      id uuid primary key,
      staff_id uuid not null references staff (id) on delete cascade,
      code_hash text not null constraint password_reset_code_hash_unique unique,
      requested_by_type text not null,
      requested_by_id text null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      -- when the code stopped being usable: used, replaced by a newer one, or voided by a
      -- password change or deactivation
      spent_at timestamptz null,
      constraint password_reset_expiry_after_creation check (expires_at > created_at)
    )`);
    this.addSql(`create index password_reset_staff_idx on password_reset (staff_id) where spent_at is null`);

    // What a mail relay sends to staff; it sets sent_at once delivered.
    this.addSql(`create table staff_message (
      id bigserial primary key,
      staff_id uuid not null references staff (id) on delete cascade,
      to_email text not null,
      kind text not null constraint staff_message_kind_valid check (kind in ('PASSWORD_RESET')),
      subject text not null,
      body text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz null
    )`);
    this.addSql(`create index staff_message_unsent_idx on staff_message (id) where sent_at is null`);
  }
}
