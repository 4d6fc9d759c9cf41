import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

/**
 * Channel credentials at rest: AES-256-GCM under SECRETS_KEY. A stored value is
 * `v1:` + base64(iv(12) ‖ tag(16) ‖ ciphertext); the version prefix lets the scheme change
 * without guessing. The plaintext is the credentials JSON; it is never logged or returned.
 */

const VERSION = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const devKeys = new Map<string, Buffer>();

/**
 * The key: SECRETS_KEY, or in development and tests one generated once and kept in DATA_DIR
 * (as the development JWT secret is), so credentials survive restarts of the same data folder.
 */
export function resolveSecretsKey(config: Config): Buffer {
  if (config.secretsKey) return config.secretsKey;
  if (config.production) throw new Error('SECRETS_KEY is required in production');
  const cached = devKeys.get(config.dataDir);
  if (cached) return cached;
  const file = path.join(config.dataDir, 'secrets-key');
  let key: Buffer;
  if (fs.existsSync(file)) key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  else {
    fs.mkdirSync(config.dataDir, { recursive: true });
    key = crypto.randomBytes(32);
    try {
      fs.writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    }
  }
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
  devKeys.set(config.dataDir, key);
  return key;
}

export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Raised when stored credentials cannot be read: wrong SECRETS_KEY, or a tampered value. */
export class SecretDecryptError extends Error {}

export function decryptSecret(key: Buffer, stored: string): string {
  if (!stored.startsWith(VERSION)) throw new SecretDecryptError('unknown credentials format');
  const raw = Buffer.from(stored.slice(VERSION.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptError('credentials value is truncated');
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptError('credentials cannot be decrypted with this SECRETS_KEY');
  }
}

export function encryptCredentials(config: Config, credentials: Record<string, string>): string {
  return encryptSecret(resolveSecretsKey(config), JSON.stringify(credentials));
}

export function decryptCredentials(config: Config, stored: string): Record<string, string> {
  return JSON.parse(decryptSecret(resolveSecretsKey(config), stored)) as Record<string, string>;
}
