import { forbidden } from '../common/errors';
import { pgArray } from '../common/sql';
import { Actor, can } from './actor';
import { Permission } from './permissions';

/**
 * Channel scope: how far an actor's permissions reach across channels. A role assignment may be
 * limited to channels (by key, e.g. taobao-main); a permission held through an unlimited
 * assignment reaches every channel and also what belongs to no channel (manual and offline
 * orders). Everything that concerns a channel asks these functions, so the rule lives here once.
 */

/**
 * Channel keys the actor holds any of `permissions` on: null when one of them holds on every
 * channel (and on channel-less things); an empty set when the actor holds none of them.
 */
export function channelReach(actor: Actor | null | undefined, permissions: readonly Permission[]): ReadonlySet<string> | null {
  const keys = new Set<string>();
  for (const p of permissions) {
    if (!can(actor, p)) continue;
    const scope = actor!.channelScopes.get(p);
    if (!scope) return null;
    for (const k of scope) keys.add(k);
  }
  return keys;
}

/**
 * Whether the actor holds one of `permissions` on a thing of channel `channelKey`. A thing of no
 * channel (null) needs one of them held on every channel: a channel-limited person does not
 * reach manual orders.
 */
export function reachesChannel(actor: Actor | null | undefined, channelKey: string | null | undefined, permissions: readonly Permission[]): boolean {
  const reach = channelReach(actor, permissions);
  return reach === null || (channelKey != null && reach.has(channelKey));
}

/**
 * A SQL condition keeping rows whose channel key column (`column`, e.g. o.channel_id) the actor
 * reaches with one of `permissions`: `true` when they reach every channel; otherwise rows of
 * their channels only (a null channel never matches).
 */
export function channelKeySql(actor: Actor | null | undefined, permissions: readonly Permission[], column: string): { sql: string; params: unknown[] } {
  const reach = channelReach(actor, permissions);
  if (reach === null) return { sql: 'true', params: [] };
  if (reach.size === 0) return { sql: 'false', params: [] };
  return { sql: `coalesce(${column} = any(?::text[]), false)`, params: [pgArray([...reach])] };
}

/**
 * Refuses (FORBIDDEN) unless the actor holds one of `permissions` on channel `channelKey`. The
 * message does not name the channel: the caller may not know it.
 */
export function requireReach(actor: Actor | null | undefined, channelKey: string | null | undefined, permissions: readonly Permission[]): void {
  if (reachesChannel(actor, channelKey, permissions)) return;
  throw forbidden(`You may not do this on that channel: it needs ${permissions.join(' or ')} on it`);
}
