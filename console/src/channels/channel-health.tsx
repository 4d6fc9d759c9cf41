import type { ChannelHealthFieldsFragment, SyncRunFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, DateText, runTone } from '../ui/ui';
import { isPull, isPush } from './run-kinds';

/** A channel's status, token warnings and refused operations: what needs a person now. */
export function ChannelAlerts({ channel }: { channel: ChannelHealthFieldsFragment }) {
  const { t, label, dateTime } = useI18n();
  return (
    <>
      {channel.warnings.map((w) => (
        <p key={w.code} className="alert alert-warn" role="status">
          <strong>{label('channelWarning', w.code)}</strong> {w.message} <span className="muted">({dateTime(w.at)})</span>
        </p>
      ))}
      {channel.operationErrors.map((o) => (
        <p key={o.operation} className="alert alert-bad">
          <strong>{t('channels.operationRefused', { operation: o.operation })}</strong> <code>{o.code}</code> {o.message}{' '}
          <span className="muted">{t('channels.since', { at: dateTime(o.since) })}</span>
        </p>
      ))}
      {channel.lastError && channel.status !== 'ACTIVE' && (
        <p className="alert alert-bad">
          <strong>{t('channels.lastError')}</strong> {channel.lastError}
        </p>
      )}
    </>
  );
}

export function channelTone(status: string): 'ok' | 'warn' | 'bad' {
  return status === 'ACTIVE' ? 'ok' : status === 'PAUSED' ? 'warn' : 'bad';
}

/** The newest pull and push, and a run waiting for the marketplace's quota. */
export function LastRuns({ runs }: { runs: SyncRunFieldsFragment[] }) {
  const { t, label } = useI18n();
  const pull = runs.find(isPull);
  const push = runs.find(isPush);
  const waiting = runs.find((r) => r.waitingUntil && !r.finishedAt);
  const line = (title: string, run: SyncRunFieldsFragment | undefined) => (
    <div className="kv">
      <dt>{title}</dt>
      <dd>
        {run ? (
          <>
            <Badge tone={runTone(run.status)}>{label('runStatus', run.status)}</Badge> <DateText value={run.finishedAt ?? run.startedAt ?? run.createdAt} />{' '}
            <span className="muted">{run.scopes.map((s) => label('scope', s)).join(', ')}</span>
          </>
        ) : (
          <span className="muted">{t('channels.never')}</span>
        )}
      </dd>
    </div>
  );
  return (
    <dl className="kvs">
      {line(t('channels.lastPull'), pull)}
      {line(t('channels.lastPush'), push)}
      {waiting && (
        <div className="kv">
          <dt>{t('channels.quota')}</dt>
          <dd>
            <Badge tone="warn">{t('channels.quotaWaiting')}</Badge> {waiting.statusMessage ?? <DateText value={waiting.waitingUntil} />}
          </dd>
        </div>
      )}
    </dl>
  );
}
