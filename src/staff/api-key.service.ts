import { randomUUID } from 'node:crypto';
import type { Context } from '../context';
import { forbidden, UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { newApiKey } from './auth.service';
import { CreateApiKeyInput } from './staff.inputs';
import { ApiKeyPayload, CreateApiKeyPayload } from './staff.payloads';
import { checkHeldPermissions } from './staff.guards';
import { API_KEY_COLUMNS, findApiKeyRow, staffByDbId } from './staff.queries';
import { pgArray, selectRows } from '../common/sql';
import { checkChannelIds, checkName, checkPermissions } from './staff.validation';
import { ApiKey, ApiKeyRow, Staff } from './staff.types';

/** Every API key, newest first, revoked ones included. */
export async function listApiKeys(ctx: Context): Promise<ApiKey[]> {
  const rows = await selectRows<ApiKeyRow>(ctx.em, `select ${API_KEY_COLUMNS} from api_key k order by k.created_at desc, k.id desc`);
  return rows.map(ApiKey.fromRow);
}

/** An API key by database id; null when there is none. */
export async function apiKeyByDbId(ctx: Context, id: string): Promise<ApiKey | null> {
  const row = await findApiKeyRow(ctx, id);
  return row ? ApiKey.fromRow(row) : null;
}

export function apiKeyCreator(ctx: Context, key: ApiKey): Promise<Staff | null> {
  return staffByDbId(ctx, key.createdByDbId);
}

/** Creates an API key; the secret is in the payload once and never stored. */
export async function createApiKey(ctx: Context, input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
  // A key is owned by the person who made it; a key making keys would have no one to answer for it.
  if (ctx.actor?.type !== 'STAFF') throw forbidden('Only a signed-in staff member can create API keys');
  const errors: UserError[] = [];
  const name = checkName(input.name, 'name', errors);
  const permissions = checkPermissions(input.permissions, 'permissions', errors);
  if (permissions.length === 0) errors.push(userError('PERMISSIONS_REQUIRED', 'Give the key at least one permission', 'permissions'));
  const channelIds = checkChannelIds(input.channelIds, 'channelIds', errors);
  checkHeldPermissions(ctx, input.permissions, { channelIds }, 'permissions', errors);
  if (errors.length) return { apiKey: null, key: null, userErrors: errors };
  const { key, hash, prefix } = newApiKey();
  const [row] = await selectRows<ApiKeyRow>(
    ctx.em,
    `insert into api_key as k (id, name, prefix, key_hash, permissions, channel_ids, created_by_id)
     values (?, ?, ?, ?, ?::text[], ?::text[], ?) returning ${API_KEY_COLUMNS}`,
    [randomUUID(), name, prefix, hash, pgArray(permissions), pgArray(channelIds), ctx.actor.id],
  );
  return { apiKey: ApiKey.fromRow(row), key, userErrors: [] };
}

/** Revokes an API key at once; revoking a revoked key changes nothing. */
export async function revokeApiKey(ctx: Context, globalId: string): Promise<ApiKeyPayload> {
  const id = uuidOf('ApiKey', globalId);
  const [row] = id
    ? await selectRows<ApiKeyRow>(ctx.em, `update api_key as k set revoked_at = coalesce(k.revoked_at, now()) where k.id = ? returning ${API_KEY_COLUMNS}`, [id])
    : [];
  if (!row) return { apiKey: null, userErrors: [userError('NOT_FOUND', 'No API key has this id', 'id')] };
  return { apiKey: ApiKey.fromRow(row), userErrors: [] };
}
