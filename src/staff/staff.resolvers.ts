import { registerAccessResolvers } from './unit-of-work';
import { ApiKeyResolver } from './api-key.resolver';
import { AuditResolver } from './audit.resolver';
import { RoleResolver } from './role.resolver';
import { SessionResolver } from './session.resolver';
import { StaffResolver } from './staff.resolver';

/** Every resolver class of the staff module, for the schema. */
export const STAFF_RESOLVERS = [SessionResolver, StaffResolver, RoleResolver, ApiKeyResolver, AuditResolver] as const;

// Accounts, roles, keys and passwords decide access: after one of these mutations commits, this
// process reloads its callers (unit-of-work.ts).
registerAccessResolvers(STAFF_RESOLVERS);
