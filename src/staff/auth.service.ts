import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Config } from '../config';
import { Actor, foldAssignments } from './actor';

/** argon2id at OWASP's minimum: 19 MiB memory, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verifying against a throwaway hash when the email is unknown keeps the response time the
// same, so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

/** The JWT secret: JWT_SECRET, or in development one generated once and kept in DATA_DIR. */
export function resolveJwtSecret(config: Config): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.production) throw new Error('JWT_SECRET is required in production');
  const file = path.join(config.dataDir, 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

/**
 * Signs a staff token. `generation` is the staff member's token generation at signing: a
 * password change or a deactivation raises it, and tokens of an earlier generation stop
 * working (see loadStaffActor).
 */
export function signStaffToken(secret: string, staffId: string, ttlSeconds: number, generation = 0): { token: string; expiresAt: Date } {
  const token = jwt.sign({ typ: 'staff', gen: generation }, secret, { algorithm: 'HS256', subject: staffId, expiresIn: ttlSeconds });
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
}

// jsonwebtoken turns a string secret into a key object on every call; do it once per secret.
const secretKeys = new Map<string, crypto.KeyObject>();
function secretKey(secret: string): crypto.KeyObject {
  let key = secretKeys.get(secret);
  if (!key) secretKeys.set(secret, (key = crypto.createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

/**
 * Verifies a staff token: HS256 only, signature and expiry checked. Returns the key
 * loadStaffActor takes: "<staff id>/<token generation>" (tokens signed before generations
 * existed count as generation 0).
 */
export function verifyStaffToken(secret: string, token: string): string {
  const payload = jwt.verify(token, secretKey(secret), { algorithms: ['HS256'] });
  if (typeof payload !== 'object' || typeof payload.sub !== 'string' || payload.typ !== 'staff') {
    throw new Error('not a staff token');
  }
  const gen = payload.gen ?? 0;
  if (!Number.isSafeInteger(gen) || gen < 0) throw new Error('not a staff token');
  return `${payload.sub}/${gen}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** API keys look like `mck_<43 url-safe characters>`; the prefix tells them from JWTs. */
export const API_KEY_PREFIX = 'mck_';

export function newApiKey(): { key: string; hash: string; prefix: string } {
  const key = API_KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 12) };
}

/** API keys carry 256 random bits, so a fast hash is enough to store them safely. */
export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

/**
 * Loads a staff member's permissions in one statement; undefined when missing, inactive, or
 * (given "<id>/<generation>" from verifyStaffToken) when the token's generation is no longer
 * the account's: its password changed or it was deactivated after the token was signed.
 * Comparing generations rather than the token's `iat` with a timestamp needs no clock: a token
 * signed in the same second as a change, before it, is refused, and the one the change hands
 * back is not.
 */
export async function loadStaffActor(em: EntityManager, staffKey: string): Promise<Actor | undefined> {
  const [staffId, generation] = staffKey.split('/');
  if (!UUID.test(staffId)) return undefined;
  // On a connection of its own, not in the caller's transaction: the permissions are those committed.
  const rows: { id: string; email: string; department_key: string; permissions: string[] | null; channel_ids: string[] | null }[] =
    await em.getConnection().execute(
      `select s.id, s.email, s.department_key, r.permissions, ra.channel_ids
         from staff s
         left join role_assignment ra on ra.staff_id = s.id
         left join role r on r.key = ra.role_key
        where s.id = ? and s.active${generation === undefined ? '' : ' and s.token_generation = ?'}`,
      generation === undefined ? [staffId] : [staffId, Number(generation)],
    );
  if (rows.length === 0) return undefined;
  const folded = foldAssignments(
    rows.filter((r) => r.permissions).map((r) => ({ permissions: r.permissions!, channelIds: r.channel_ids ?? [] })),
  );
  return {
    type: 'STAFF',
    id: rows[0].id,
    label: rows[0].email,
    departmentKey: rows[0].department_key,
    ...folded,
  };
}

/** Finds the live API key for a presented key; undefined when unknown or revoked. */
export async function loadApiKeyActor(em: EntityManager, key: string): Promise<Actor | undefined> {
  const rows: { id: string; name: string; permissions: string[]; channel_ids: string[] }[] = await em
    .getConnection()
    .execute(
      // last_used_at is refreshed at most once a minute, so busy integrations do not write per call.
      `with k as (select id, name, permissions, channel_ids, last_used_at from api_key where key_hash = ? and revoked_at is null),
            touched as (update api_key set last_used_at = now()
                         where id in (select id from k where last_used_at is null or last_used_at < now() - interval '1 minute'))
       select id, name, permissions, channel_ids from k`,
      [hashApiKey(key)],
    );
  if (rows.length === 0) return undefined;
  const r = rows[0];
  return {
    type: 'API_KEY',
    id: r.id,
    label: `api-key:${r.name}`,
    departmentKey: null,
    ...foldAssignments([{ permissions: r.permissions, channelIds: r.channel_ids }]),
  };
}

/**
 * Signed-in callers' loaded permissions, reused for a few seconds: loading them is most of the
 * fixed cost of a request. Any mutation committed through this process empties it, so changes
 * to staff and roles made here apply at once; other processes see them within the TTL.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor | undefined; until: number }>();

  constructor(private readonly ttlMs: number) {}

  async get(key: string, load: () => Promise<Actor | undefined>): Promise<Actor | undefined> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.actor;
    const actor = await load();
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { actor, until: now + this.ttlMs });
    return actor;
  }

  clear(): void {
    this.entries.clear();
  }
}
