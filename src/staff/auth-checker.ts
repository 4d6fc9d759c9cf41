import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context';
import { forbidden, unauthenticated } from '../common/errors';
import { PUBLIC, SIGNED_IN } from './access';

/**
 * The one place permissions are checked for operations declared with `@Allow`: any one of
 * the listed permissions lets the caller in. Not signed in gives UNAUTHENTICATED, signed in
 * without the permission gives FORBIDDEN.
 */
export const authChecker: AuthChecker<Context, string> = ({ context }, rules) => {
  if (rules.includes(PUBLIC)) return true;
  const actor = context.actor;
  if (!actor) throw unauthenticated(context.authError);
  if (rules.includes(SIGNED_IN)) return true;
  if (rules.some((r) => actor.permissions.has(r))) return true;
  throw forbidden(`This needs the permission ${rules.join(' or ')}`);
};
