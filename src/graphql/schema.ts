import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { buildSchema, NonEmptyArray } from 'type-graphql';
import { authChecker } from '../staff/auth-checker';
import { OPERATION_ACCESS } from '../staff/access';
import { STAFF_RESOLVERS } from '../staff/staff.resolvers';
import { CATALOG_RESOLVERS } from '../catalog/catalog.resolvers';
import { INVENTORY_RESOLVERS } from '../inventory/inventory.resolvers';
import { ORDER_RESOLVERS } from '../orders/orders.resolvers';
import { SYNC_RESOLVERS } from '../sync/sync.resolvers';
import { FINANCE_RESOLVERS } from '../finance/finance.resolvers';
import { NodeResolver } from './node.resolver';
import { subscriptionAccess } from './guards';
import { installDirectResolvers } from './direct-resolvers';

/** Every resolver class of the product; each feature exports its own list. */
const RESOLVERS = [NodeResolver, ...STAFF_RESOLVERS, ...CATALOG_RESOLVERS, ...INVENTORY_RESOLVERS, ...ORDER_RESOLVERS, ...SYNC_RESOLVERS, ...FINANCE_RESOLVERS] as unknown as NonEmptyArray<Function>;

let built: GraphQLSchema | undefined;

/** Builds the GraphQL schema once, and refuses any operation that declares no permission. */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= await assembleSchema(true);
  return built;
}

/**
 * The same schema with every field resolver left in type-graphql's own pipeline: the reference
 * the direct resolvers are compared with (test/hot-reads.test.ts). Built anew on each call.
 */
export function buildSchemaWithoutDirectResolvers(): Promise<GraphQLSchema> {
  return assembleSchema(false);
}

async function assembleSchema(direct: boolean): Promise<GraphQLSchema> {
  const options = {
    resolvers: RESOLVERS,
    authChecker,
    authMode: 'error' as const,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    // Our one subscription brings its own source (PostgreSQL NOTIFY, see sync-run-subscription.resolver.ts);
    // type-graphql insists on a pub/sub all the same, and this one is never used.
    pubSub: {
      publish: () => {
        throw new Error('publish through PostgreSQL NOTIFY, not the GraphQL pub/sub');
      },
      subscribe: () => {
        throw new Error('subscriptions declare their own source');
      },
    },
  };
  const schema = await buildSchema(options);
  // The hot field resolvers (a page's 50 titles, 200 stocks…) without type-graphql's per-call machinery.
  if (direct) installDirectResolvers(schema, RESOLVERS, options);
  schema.getQueryType()!.description = 'Everything that can be read. Each field states the permission it needs (see docs/permissions.md).';
  schema.getMutationType()!.description = 'Everything that can be changed. Each mutation returns its object and `userErrors`; each states the permission it needs.';
  const subscription = schema.getSubscriptionType();
  if (subscription) subscription.description = 'Changes as they are committed, over graphql-ws at /graphql (send the token as `authorization` in the connection_init payload).';
  const undeclared = undeclaredOperations(schema);
  if (undeclared.length) throw new Error(`Operations without a declared permission (use @Allow): ${undeclared.join(', ')}`);
  return schema;
}

/** Root fields with no `@Allow` declaration (subscriptions: nor in SUBSCRIPTION_ACCESS): default deny means none may exist. */
export function undeclaredOperations(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const name of Object.keys(root.getFields())) {
      if (!OPERATION_ACCESS.has(`${root.name}.${name}`)) out.push(`${root.name}.${name}`);
    }
  }
  for (const name of Object.keys(schema.getSubscriptionType()?.getFields() ?? {})) {
    if (!subscriptionAccess(name)) out.push(`Subscription.${name}`);
  }
  return out;
}
