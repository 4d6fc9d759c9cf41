import { Authorized, UseMiddleware } from 'type-graphql';
import { unitOfWork } from './unit-of-work';
import { Permission } from './permissions';

/**
 * Every query and mutation declares who may call it with exactly one of these decorators;
 * the auth checker denies anything without a declaration, and a test walks the schema to
 * make sure none is missing. The registry below feeds the generated permissions page.
 */

/** Anyone, signed in or not (login). */
export const PUBLIC = 'public';
/** Any signed-in staff member or API key, whatever its permissions (me). */
export const SIGNED_IN = 'signed-in';

export type AccessRule = Permission | typeof PUBLIC | typeof SIGNED_IN;

/** operation name ("Query.products", "Mutation.createProduct") -> permissions, any of which suffices. */
export const OPERATION_ACCESS = new Map<string, AccessRule[]>();

/**
 * Declares what an operation or field needs: any one of the given permissions. Put it on the
 * resolver method; `name` is the operation's field name (e.g. "Mutation.createProduct").
 */
export function Allow(name: string, ...rules: AccessRule[]): MethodDecorator & PropertyDecorator {
  if (rules.length === 0) throw new Error(`Allow(${name}) needs at least one rule`);
  if (OPERATION_ACCESS.has(name)) throw new Error(`Access for ${name} declared twice`);
  OPERATION_ACCESS.set(name, rules);
  const authorized = Authorized(...rules) as MethodDecorator;
  if (!name.startsWith('Mutation.')) return authorized as MethodDecorator & PropertyDecorator;
  // A mutation also runs as one unit of work: one transaction that carries its audit entry.
  const uow = UseMiddleware(unitOfWork) as MethodDecorator;
  return ((target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    authorized(target, key, descriptor);
    uow(target, key, descriptor);
  }) as MethodDecorator & PropertyDecorator;
}

