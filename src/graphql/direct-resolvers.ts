import { GraphQLFieldResolver, GraphQLScalarType, GraphQLSchema, isObjectType } from 'graphql';
import { AuthChecker, AuthCheckerFn, AuthenticationError, AuthorizationError, getMetadataStorage } from 'type-graphql';

/**
 * Field resolvers called directly instead of through type-graphql's generic pipeline.
 *
 * type-graphql calls every `@FieldResolver` method through the same machinery: an async
 * middleware chain (the `@Authorized` check is one: three promises per call), its arguments
 * sorted anew and each validated asynchronously (one more promise and a Promise.all even for a
 * string), and the resolver instance looked up in a list on every call. A page of 50 products
 * with their variants and stock calls `title` and `variants` 50 times and `stock` 200 times:
 * that machinery cost more CPU than the work of those fields (README, "Measured performance").
 *
 * For a field resolver that needs nothing of it beyond the auth check (no middleware; parameters
 * of kinds root, context, info and single arguments), this installs a resolver doing the same
 * in order: the same auth checker with the same roles first, then the method of one instance of
 * the resolver class (the default container also makes exactly one) with the same parameters.
 * Refusals and errors thrown by the method come back as rejected promises, as from
 * type-graphql's chain (which of several errors reaches the response first depends on it). A
 * call where type-graphql would do more than pass values through (an argument that is an object
 * or a list, which it converts and validates; a root not yet an instance of its class; an auth
 * checker answering with a promise) goes to type-graphql's own resolver, so the answers, errors
 * and permissions are the same; test/hot-reads.test.ts compares the two.
 */

type Resolver = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;

interface Param {
  kind: string;
  index: number;
  name?: string;
  propertyName?: string;
  getType?: () => unknown;
  validateFn?: unknown;
}

/** What buildSchema was given; the direct path exists only for what it understands. */
export interface DirectResolverOptions {
  authChecker?: AuthChecker<any, any>;
  authMode?: 'error' | 'null';
  globalMiddlewares?: unknown[];
  validateFn?: unknown;
  container?: unknown;
}

// type-graphql's convertToType hands these over as they are.
const AS_IS = new Set<unknown>([String, Boolean, Number, Date, Array, Promise]);

/** Whether type-graphql would pass this root value to the method unchanged. */
function rootAsIs(getType: (() => unknown) | undefined, value: unknown): boolean {
  if (!getType || value == null) return true;
  const target = getType();
  if (target instanceof GraphQLScalarType) return true;
  if (AS_IS.has((value as object).constructor)) return true;
  return typeof target === 'function' && value instanceof target;
}

function direct(
  original: Resolver,
  instance: Record<string, (...values: unknown[]) => unknown>,
  methodName: string,
  params: Param[],
  roles: unknown[] | undefined,
  checker: AuthCheckerFn<any, any> | undefined,
  mode: 'error' | 'null',
): Resolver {
  const method = instance[methodName];
  return (root, args, context, info) => {
    if (roles && checker) {
      let granted: boolean | Promise<boolean>;
      // A refusal is a rejected promise, as type-graphql's asynchronous check makes it: when
      // several fields are refused and the nulls meet above them, the error reported is the
      // first to arrive there, and a refusal thrown at once would arrive in another order.
      try {
        granted = checker({ root, args, context, info }, roles as string[]);
      } catch (err) {
        return Promise.reject(err);
      }
      if (granted !== true) {
        if (granted && typeof (granted as unknown as PromiseLike<boolean>).then === 'function') return original(root, args, context, info);
        if (mode === 'null') return null;
        return Promise.reject(roles.length === 0 ? new AuthenticationError() : new AuthorizationError());
      }
    }
    const values = new Array<unknown>(params.length);
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      switch (p.kind) {
        case 'root': {
          const value = p.propertyName ? (root as Record<string, unknown>)[p.propertyName] : root;
          if (!rootAsIs(p.getType, value)) return original(root, args, context, info);
          values[i] = value;
          break;
        }
        case 'context':
          values[i] = p.propertyName ? (context as Record<string, unknown>)[p.propertyName] : context;
          break;
        case 'info':
          values[i] = info;
          break;
        default: {
          // 'arg': a scalar or enum value, which type-graphql neither converts nor validates.
          const value = args[p.name!];
          if (value !== null && typeof value === 'object') return original(root, args, context, info);
          values[i] = value;
        }
      }
    }
    try {
      return method.apply(instance, values);
    } catch (err) {
      // As from type-graphql's pipeline, where the method runs inside a promise chain.
      return Promise.reject(err);
    }
  };
}

/**
 * Installs the direct resolvers on `schema` (built by type-graphql from `resolverClasses` with
 * `options`) and returns the fields it installed them on, as `Type.field`. Installs none when
 * the options carry what the direct path does not reproduce (global middlewares, a validation
 * function, an IoC container, an auth checker class).
 */
export function installDirectResolvers(schema: GraphQLSchema, resolverClasses: readonly Function[], options: DirectResolverOptions): string[] {
  if (options.globalMiddlewares?.length || options.validateFn || options.container) return [];
  // A checker with a prototype is a class (or taken for one) that type-graphql instantiates through its container.
  const checker = options.authChecker as AuthCheckerFn<any, any> | undefined;
  if (checker && checker.prototype !== undefined) return [];
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, (...values: unknown[]) => unknown>>();
  const installed: string[] = [];
  for (const meta of storage.fieldResolvers) {
    if (meta.kind !== 'external' || !resolverClasses.includes(meta.target) || meta.middlewares?.length) continue;
    const params = [...((meta.params ?? []) as Param[])].sort((a, b) => a.index - b.index);
    if (!params.every((p) => p.kind === 'root' || p.kind === 'context' || p.kind === 'info' || (p.kind === 'arg' && !p.validateFn))) continue;
    const objectClass = meta.getObjectType?.();
    const objectType = storage.objectTypes.find((o) => o.target === objectClass);
    const type = objectType && schema.getType(objectType.name);
    const field = isObjectType(type) ? type.getFields()[meta.schemaName] : undefined;
    if (!field?.resolve) continue;
    let instance = instances.get(meta.target);
    if (!instance) instances.set(meta.target, (instance = new (meta.target as new () => Record<string, (...values: unknown[]) => unknown>)()));
    field.resolve = direct(field.resolve as Resolver, instance, meta.methodName, params, meta.roles, checker, options.authMode ?? 'error');
    installed.push(`${objectType!.name}.${meta.schemaName}`);
  }
  return installed;
}
