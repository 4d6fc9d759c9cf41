import type { ListingOutcome } from '../../../connectors/sdk/types';
import { execute, selectRows } from '../../common/sql';
import { enqueue, Q } from '../queue';
import { applyOutcomes, MAX_SUBMISSION_AGE_MS, pollDelaySeconds, SubmissionRow } from '../listing-submission.service';
import { addRunJob } from '../sync-run.service';
import type { ChannelJob, JobSpec } from './channel-job';
import type { PollJobData } from './job-data';
import { inTransaction, JobEnv } from './job-env';

/**
 * Polls a submission the marketplace is processing (listing-submission.service.ts). Each job asks once:
 * not done yet, and the next poll is a new job after a backoff (the marketplace's hint, else
 * doubling from 2 s up to 5 minutes), the run waiting for it; done, and each SKU is written as
 * the marketplace decided. A submission still undecided a day after it was sent is given up:
 * its listings go to ERROR (SUBMISSION_EXPIRED) so nothing stays PENDING for ever. A failed poll
 * (the marketplace's fault, a throttle) is retried by the queue like any job; a poll chain that
 * broke (a paused channel, a job dead after its retries) is picked up by the worker's tick.
 */

const COLUMNS = 's.id, s.channel_id, s.run_id, s.action, s.handle, s.items, s.status, s.polls, s.submitted_at';

async function run(j: ChannelJob<PollJobData>): Promise<void> {
  const { submissionId } = j.job.data;
  const [sub] = await j.tx((ctx) => selectRows<SubmissionRow>(ctx.em, `select ${COLUMNS} from listing_submission s where s.id = ? and s.channel_id = ?`, [submissionId, j.channel.id]));
  // Decided already, or this job is a stale copy of a poll another job made.
  if (!sub || sub.status !== 'PENDING' || (j.job.data.poll ?? sub.polls) !== sub.polls) return;
  const at = { channelId: j.channel.id, runId: j.job.data.runId, jobId: j.job.id, submissionId: sub.id };

  const expire = async (code: string, message: string) => {
    const outcomes: ListingOutcome[] = sub.items.map((i) => ({ sku: i.sku, ok: false, error: { kind: 'PERMANENT', code, message } }));
    await j.tx(async (ctx) => {
      await applyOutcomes(ctx, at, sub.items, outcomes);
      await execute(ctx.em, `update listing_submission set status = 'EXPIRED', finished_at = now(), last_poll_error = ? where id = ?`, [message, sub.id]);
    });
  };

  const poll = j.conn.connector.pollSubmission?.bind(j.conn.connector);
  if (!poll) return expire('NO_POLL', `The ${j.conn.module.label} connector answered with a submission but cannot poll one (pollSubmission)`);
  if (Date.now() - Date.parse(sub.submitted_at) > MAX_SUBMISSION_AGE_MS) {
    return expire('SUBMISSION_EXPIRED', `The marketplace had not processed submission ${JSON.stringify(sub.handle)} a day after it was sent: publish the listing again`);
  }
  const status = await poll({ pending: true, handle: sub.handle, skus: sub.items.map((i) => i.sku) });
  if (!status.done) {
    const delay = pollDelaySeconds(sub.polls + 1, status.pollAfterMs);
    await j.tx(async (ctx) => {
      await execute(
        ctx.em,
        `update listing_submission set polls = polls + 1, next_poll_at = now() + make_interval(secs => ?), last_poll_error = null where id = ?`,
        [delay, sub.id],
      );
      await addRunJob(ctx.em, j.job.data.runId);
      const next: PollJobData = { channelId: j.channel.id, runId: j.job.data.runId ?? null, submissionId: sub.id, poll: sub.polls + 1 };
      await enqueue(ctx.em, Q.poll, next, { startAfterSeconds: delay });
    });
    return;
  }
  await j.tx(async (ctx) => {
    await applyOutcomes(ctx, at, sub.items, status.results);
    await execute(ctx.em, `update listing_submission set status = 'DONE', polls = polls + 1, finished_at = now() where id = ?`, [sub.id]);
  });
}

export const pollJob: JobSpec<PollJobData> = {
  queue: Q.poll,
  scope: 'LISTINGS',
  lock: (d) => `poll:${d.submissionId}`,
  run,
};

/** How late a submission's poll may be before the tick takes its chain for broken. */
const STALLED_MINUTES = 15;

/**
 * Submissions of active channels whose poll is long overdue (their chain broke: the channel was
 * paused when a poll was due, or a poll died after its retries) get a poll again; the one that
 * was waiting, if any, finds the count moved on and ends. Run on the worker's tick.
 */
export async function resumeStalledPolls(env: JobEnv): Promise<void> {
  await inTransaction(env, 'sync-poll-sweep', async (ctx) => {
    const stalled = await selectRows<{ id: string; channel_id: string; polls: number }>(
      ctx.em,
      `update listing_submission s set next_poll_at = now() + make_interval(mins => ?)
         from channel c where c.id = s.channel_id and c.status = 'ACTIVE' and s.status = 'PENDING' and s.next_poll_at < now() - make_interval(mins => ?)
       returning s.id, s.channel_id, s.polls`,
      [STALLED_MINUTES, STALLED_MINUTES],
    );
    for (const s of stalled) {
      const data: PollJobData = { channelId: s.channel_id, runId: null, submissionId: s.id, poll: s.polls };
      await enqueue(ctx.em, Q.poll, data);
    }
  });
}
