import type { Context } from '../context';
import { P } from './permissions';
import { apiKeyByDbId } from './api-key.service';
import { auditEntryByDbId } from './audit.service';
import { roleByKey } from './role.service';
import { staffByDbId } from './staff.queries';

/**
 * How `node(id:)` fetches staff-module objects from the database id inside a global id (a uuid,
 * a role key, or an audit entry's number), with the permissions the typed queries need.
 */
export const STAFF_NODE_FETCHERS: Record<string, { permission: string[]; fetch(ctx: Context, id: string): Promise<object | null> }> = {
  Staff: { permission: [P.StaffRead, P.StaffManage], fetch: staffByDbId },
  Role: { permission: [P.StaffRead, P.StaffManage, P.RolesManage], fetch: roleByKey },
  ApiKey: { permission: [P.ApiKeysManage], fetch: apiKeyByDbId },
  AuditEntry: { permission: [P.AuditRead], fetch: auditEntryByDbId },
};
