import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Allow } from './access';
import { P } from './permissions';
import { AuditLogFilter } from './staff.inputs';
import { listAuditLog } from './audit.service';
import { AuditEntry, AuditEntryConnection } from './staff.types';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: 'The audit log, newest first: one entry per mutation, refused attempts included.' })
  @Allow('Query.auditLog', P.AuditRead)
  async auditLog(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Conditions the entries must meet.' }) filter?: AuditLogFilter,
  ): Promise<object> {
    return toConnection(await listAuditLog(ctx, args, filter));
  }
}
