import { Permission } from './permissions';

/** Who is calling: a signed-in staff member or an integrator's API key. */
export interface Actor {
  type: 'STAFF' | 'API_KEY';
  /** Staff id or API key id. */
  id: string;
  /** Email of the staff member or name of the key, for the audit log. */
  label: string;
  /** Department of the staff member (API keys have none). */
  departmentKey: string | null;
  /** Every permission held, on at least some channels. */
  permissions: ReadonlySet<string>;
  /**
   * Channels a permission is limited to, when every assignment granting it is channel-scoped.
   * A permission absent from this map holds on every channel.
   */
  channelScopes: ReadonlyMap<string, ReadonlySet<string>>;
}

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  return !!actor && actor.permissions.has(permission);
}

/** Whether the actor holds a permission on one channel (channel-scoped role assignments). */
export function canOnChannel(actor: Actor | null | undefined, permission: Permission, channelId: string): boolean {
  if (!can(actor, permission)) return false;
  const scope = actor!.channelScopes.get(permission);
  return !scope || scope.has(channelId);
}

/**
 * Folds role assignments into an actor's permissions. An assignment with no channels grants
 * its permissions everywhere, which wins over any channel-scoped grant of the same permission.
 */
export function foldAssignments(assignments: { permissions: string[]; channelIds: string[] }[]): {
  permissions: Set<string>;
  channelScopes: Map<string, Set<string>>;
} {
  const permissions = new Set<string>();
  const global = new Set<string>();
  const scoped = new Map<string, Set<string>>();
  for (const a of assignments) {
    for (const p of a.permissions) {
      permissions.add(p);
      if (a.channelIds.length === 0) global.add(p);
      else {
        const set = scoped.get(p) ?? new Set<string>();
        a.channelIds.forEach((c) => set.add(c));
        scoped.set(p, set);
      }
    }
  }
  for (const p of global) scoped.delete(p);
  return { permissions, channelScopes: scoped };
}
