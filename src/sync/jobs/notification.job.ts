import { isMarketplaceError, isOperationWide } from '../../../connectors/sdk/errors';
import type { PulledOrder } from '../../../connectors/sdk/types';
import { addRunCounts, addRunJob, NewSyncError, recordSyncErrors } from '../sync-run.service';
import { enqueue, Q } from '../queue';
import type { ChannelJob, ChannelJobData, JobSpec } from './channel-job';
import { jobKey } from './job-data';
import { importOrders } from './orders.job';

/**
 * What a marketplace's push message asked for (notifications.service.ts): the orders it named are
 * fetched one by one (`getOrder`) and imported through the same intake as pulls, in one
 * transaction; an order the marketplace no longer has (a refusal for good) is recorded against
 * the run and the others still import. Returns it named are pulled by the returns job, in the
 * same run. The saved pull cursors are left alone: the next scheduled pull still walks its window.
 */

export interface NotificationJobData extends ChannelJobData {
  /** The marketplace's ids of the orders to fetch now. */
  orders: string[];
  /** Whether returns or refunds changed: pull them now. */
  returns?: boolean;
}

async function run(j: ChannelJob<NotificationJobData>): Promise<void> {
  const { data } = j.job;
  const pulled: PulledOrder[] = [];
  const errors: NewSyncError[] = [];
  for (const externalId of [...new Set(data.orders)]) {
    try {
      pulled.push(await j.conn.connector.getOrder(externalId));
    } catch (e) {
      // Retryable and account-wide failures end the job as the frame says; one order's refusal is its own.
      if (!isMarketplaceError(e) || e.kind !== 'PERMANENT' || isOperationWide(e)) throw e;
      errors.push({ runId: data.runId, channelId: j.channel.id, scope: 'ORDERS', kind: 'PERMANENT', code: e.code, message: e.message, externalId, jobId: j.job.id, queue: Q.notifications });
    }
  }
  await j.tx(async (ctx) => {
    const counts = pulled.length ? await importOrders(ctx, j.channel, pulled, data.runId, j.job.id) : null;
    j.env.log.info({ channel: j.channel.key, runId: data.runId, named: data.orders.length, ...counts, refused: errors.length }, 'orders a push message named are pulled');
    if (errors.length) {
      await recordSyncErrors(ctx.em, errors);
      await addRunCounts(ctx.em, data.runId, { failed: errors.length });
    }
    if (data.returns && j.channel.enabled_ops.includes('returns.pull')) {
      const pull = { channelId: j.channel.id, runId: data.runId };
      if (await enqueue(ctx.em, Q.returns, pull, { singletonKey: `${jobKey(Q.returns, pull)}:notified` })) await addRunJob(ctx.em, data.runId);
    }
  });
}

export const notificationJob: JobSpec<NotificationJobData> = {
  queue: Q.notifications,
  scope: 'ORDERS',
  capability: 'orders.get',
  run,
};
