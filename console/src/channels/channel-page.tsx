import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from '../api/hooks';
import { useSession } from '../api/session';
import { ChannelDetailDocument, StartSyncDocument, type SyncRunFieldsFragment, type SyncScope } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, DateText, Empty, ErrorNote, Loading, Section, TableWrap, UserErrors, runTone } from '../ui/ui';
import { ChannelAlerts, channelTone, LastRuns } from './channel-health';
import { LiveRun } from './live-run';
import { RunErrors } from './run-errors';
import { SCOPES } from './run-kinds';

function StartSync({ channelId, onStarted }: { channelId: string; onStarted: (run: SyncRunFieldsFragment) => void }) {
  const { t, label } = useI18n();
  const [scopes, setScopes] = useState<SyncScope[]>(['ORDERS']);
  const [start, state] = useMutation(StartSyncDocument);
  const [userErrors, setUserErrors] = useState<{ code: string; message: string }[]>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await start({ channelId, scopes }).catch(() => undefined);
    if (!r) return;
    setUserErrors(r.syncChannel.userErrors);
    if (r.syncChannel.syncRun) onStarted(r.syncChannel.syncRun);
  };
  const toggle = (s: SyncScope) => setScopes((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  return (
    <form onSubmit={submit} aria-label={t('sync.start')}>
      <fieldset>
        <legend>{t('sync.scopes')}</legend>
        <div className="checks">
          {SCOPES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" name="scope" value={s} checked={scopes.includes(s)} onChange={() => toggle(s)} /> {label('scope', s)}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={state.running || scopes.length === 0}>
        {state.running ? t('sync.starting') : t('sync.start')}
      </button>
      <ErrorNote error={state.error} />
      <UserErrors errors={userErrors} />
    </form>
  );
}

/** One channel: health, a sync started and watched live, its runs and their errors, drift. */
export function ChannelPage() {
  const channelId = decodeURIComponent(useParams().channelId!);
  const { t, label } = useI18n();
  const { canOn } = useSession();
  const { data, error, loading, refetch } = useQuery(ChannelDetailDocument, { channelId });
  const [live, setLive] = useState<SyncRunFieldsFragment[]>([]);
  const [selected, setSelected] = useState<string>();
  const channel = data?.channel;
  const mayRun = !!channel && canOn('channels.sync', channel.key);

  if (loading && !data) return <Loading />;
  if (error || !channel)
    return (
      <>
        <ErrorNote error={error} />
        {!error && <p className="error">{t('error.notFound')}</p>}
        <Link to="/channels">{t('channels.back')}</Link>
      </>
    );
  return (
    <>
      <p>
        <Link to="/channels">← {t('channels.back')}</Link>
      </p>
      <h1>
        {channel.name} <Badge tone={channelTone(channel.status)}>{label('channelStatus', channel.status)}</Badge>
      </h1>
      <p className="muted">
        {label('kind', channel.kind)} · {channel.key} · {t('channels.warehouses')}: {channel.warehouseCodes.join(', ') || '—'}
      </p>
      <ChannelAlerts channel={channel} />
      <div className="grid-2">
        <Section title={t('channels.health')} id="health">
          <LastRuns runs={data.syncRuns.nodes} />
        </Section>
        {mayRun && (
          <Section title={t('sync.title')} id="sync">
            <StartSync channelId={channel.id} onStarted={(run) => setLive((cur) => [run, ...cur])} />
            {live.map((run) => (
              <LiveRun key={run.id} initial={run} onFinished={() => refetch()} />
            ))}
          </Section>
        )}
      </div>
      <Section title={t('channels.runs')} id="runs">
        {data.syncRuns.nodes.length === 0 ? (
          <Empty>{t('channels.noRuns')}</Empty>
        ) : (
          <TableWrap label={t('channels.runs')}>
            <thead>
              <tr>
                <th>{t('channels.runStarted')}</th>
                <th>{t('channels.runTrigger')}</th>
                <th>{t('sync.scopes')}</th>
                <th>{t('channels.runStatus')}</th>
                <th>{t('sync.count.fetched')}</th>
                <th>{t('sync.count.created')}</th>
                <th>{t('sync.count.updated')}</th>
                <th>{t('sync.count.failed')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.syncRuns.nodes.map((r) => (
                <tr key={r.id} className={selected === r.id ? "selected" : undefined}>
                  <td>
                    <DateText value={r.startedAt ?? r.createdAt} />
                  </td>
                  <td>{label('trigger', r.trigger)}{r.repeats > 1 ? ` ×${r.repeats}` : ''}</td>
                  <td>{r.scopes.map((s) => label('scope', s)).join(', ')}</td>
                  <td>
                    <Badge tone={runTone(r.status)}>{label('runStatus', r.status)}</Badge>
                    {r.waitingUntil && !r.finishedAt && <span className="muted"> {t('channels.quotaWaiting')}</span>}
                  </td>
                  <td className="num">{r.counts.fetched}</td>
                  <td className="num">{r.counts.created}</td>
                  <td className="num">{r.counts.updated}</td>
                  <td className={`num${r.counts.failed ? ' count-bad' : ''}`}>{r.counts.failed}</td>
                  <td>
                    {(r.counts.failed > 0 || r.jobs.failed > 0 || r.status === 'FAILED' || r.status === 'PARTIAL') && (
                      <button type="button" className="secondary" onClick={() => setSelected(r.id)} aria-pressed={selected === r.id}>
                        {t('channels.showErrors')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
        )}
      </Section>
      {selected && <RunErrors key={selected} runId={selected} canRetry={mayRun} onRetried={refetch} />}
      <Section title={t('channels.drift')} id="drift">
        {data.listingDrift.length === 0 ? (
          <Empty>{t('channels.noDrift')}</Empty>
        ) : (
          <TableWrap label={t('channels.drift')}>
            <thead>
              <tr>
                <th>SKU</th>
                <th>{t('channels.driftField')}</th>
                <th>{t('channels.driftExpected')}</th>
                <th>{t('channels.driftActual')}</th>
                <th>{t('channels.driftFound')}</th>
              </tr>
            </thead>
            <tbody>
              {data.listingDrift.map((d) => (
                <tr key={d.id}>
                  <td>{d.listing.sku}</td>
                  <td>{label('drift', d.field)}</td>
                  <td>{d.expected ?? '—'}</td>
                  <td>{d.actual ?? '—'}</td>
                  <td>
                    <DateText value={d.foundAt} />
                    {d.fixedAt && <span className="muted"> ✓</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
        )}
      </Section>
    </>
  );
}
