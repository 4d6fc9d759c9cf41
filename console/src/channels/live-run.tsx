import { useEffect, useState } from 'react';
import { request } from '../api/client';
import { useSubscription } from '../api/hooks';
import { useSession } from '../api/session';
import { SyncRunErrorsDocument, SyncRunLiveDocument, type SyncRunFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, ErrorNote, ProgressBar, runTone } from '../ui/ui';

/**
 * A run followed live over the syncRunUpdated subscription: its jobs as a progress bar and its
 * counts as they change. The run is read once as well, so an update sent before the
 * subscription was in place is not missed.
 */
export function LiveRun({ initial, onFinished }: { initial: SyncRunFieldsFragment; onFinished: (run: SyncRunFieldsFragment) => void }) {
  const { t, label, number } = useI18n();
  const { token } = useSession();
  const [run, setRun] = useState(initial);
  const finished = !!run.finishedAt;
  const newer = (next: SyncRunFieldsFragment) => setRun((cur) => (cur.finishedAt && !next.finishedAt ? cur : next));
  const { error } = useSubscription(SyncRunLiveDocument, finished ? null : { runId: initial.id }, (d) => newer(d.syncRunUpdated));
  useEffect(() => {
    request(SyncRunErrorsDocument, { runId: initial.id }, token).then((r) => r.syncRun && newer(r.syncRun), () => undefined);
  }, [initial.id, token]);
  useEffect(() => {
    if (finished) onFinished(run);
  }, [finished]); // eslint-disable-line react-hooks/exhaustive-deps

  const c = run.counts;
  return (
    <div className="live-run" aria-live="polite" data-run-status={run.status}>
      <p>
        <Badge tone={runTone(run.status)}>{label('runStatus', run.status)}</Badge> {run.scopes.map((s) => label('scope', s)).join(', ')}
        {run.statusMessage && <span className="muted"> · {run.statusMessage}</span>}
      </p>
      <ProgressBar
        done={run.jobs.done + run.jobs.failed}
        total={Math.max(run.jobs.total, 1)}
        label={finished ? t('sync.finished', { done: run.jobs.done, total: run.jobs.total }) : t('sync.progress', { done: run.jobs.done + run.jobs.failed, total: run.jobs.total })}
      />
      <dl className="counts-inline">
        {(['fetched', 'created', 'updated', 'skipped', 'failed'] as const).map((k) => (
          <div key={k} className={k === 'failed' && c.failed > 0 ? 'count-bad' : undefined}>
            <dt>{t(`sync.count.${k}`)}</dt>
            <dd data-count={k}>{number(c[k])}</dd>
          </div>
        ))}
      </dl>
      <ErrorNote error={error} />
    </div>
  );
}
