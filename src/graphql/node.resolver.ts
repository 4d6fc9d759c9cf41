import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Node } from '../common/relay';
import { fromGlobalId } from '../common/ids';
import { forbidden } from '../common/errors';
import { SIGNED_IN, Allow } from '../staff/access';
import { CATALOG_NODE_FETCHERS } from '../catalog/node-fetchers';
import { STAFF_NODE_FETCHERS } from '../staff/node-fetchers';
import { INVENTORY_NODE_FETCHERS } from '../inventory/node-fetchers';
import { ORDER_NODE_FETCHERS } from '../orders/node-fetchers';
import { SYNC_NODE_FETCHERS } from '../sync/node-fetchers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every type `node(id:)` can fetch, by global-id type name. */
const FETCHERS: Record<string, { permission: string[]; fetch(ctx: Context, id: string): Promise<object | null> }> = {
  ...CATALOG_NODE_FETCHERS,
  ...STAFF_NODE_FETCHERS,
  ...INVENTORY_NODE_FETCHERS,
  ...ORDER_NODE_FETCHERS,
  ...SYNC_NODE_FETCHERS,
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id, with the same permission check as its typed query; null when there is none.' })
  @Allow('Query.node', SIGNED_IN)
  async node(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id.' }) id: string): Promise<object | null> {
    const parsed = fromGlobalId(id);
    const fetcher = parsed && FETCHERS[parsed.type];
    if (!parsed || !fetcher) return null;
    if (!fetcher.permission.some((p) => ctx.actor!.permissions.has(p))) {
      throw forbidden(`This needs the permission ${fetcher.permission.join(' or ')}`);
    }
    // Most ids are uuids; a malformed one would make PostgreSQL raise, so it is simply not found.
    if (parsed.type !== 'Role' && parsed.type !== 'AuditEntry' && !UUID.test(parsed.id)) return null;
    return fetcher.fetch(ctx, parsed.id);
  }
}
