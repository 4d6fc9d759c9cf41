import { Link } from 'react-router-dom';
import { useQuery } from '../api/hooks';
import { ChannelsOverviewDocument, ChannelSummaryDocument, type ChannelHealthFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Loading } from '../ui/ui';
import { ChannelAlerts, channelTone, LastRuns } from './channel-health';

const STATES = ['active', 'pending', 'publishing', 'draft', 'error', 'delisted'] as const;

function ChannelCard({ channel }: { channel: ChannelHealthFieldsFragment }) {
  const { t, label, number } = useI18n();
  const summary = useQuery(ChannelSummaryDocument, { channelId: channel.id });
  return (
    <article className="card" aria-labelledby={`ch-${channel.key}`}>
      <header className="card-head">
        <h2 id={`ch-${channel.key}`}>
          <Link to={`/channels/${encodeURIComponent(channel.id)}`}>{channel.name}</Link>
        </h2>
        <Badge tone={channelTone(channel.status)}>{label('channelStatus', channel.status)}</Badge>
      </header>
      <p className="muted">
        {label('kind', channel.kind)} · {channel.key} · {channel.marketplaces.length ? channel.marketplaces.map((m) => `${m.label} (${m.currency})`).join(', ') : channel.currency}
      </p>
      <ChannelAlerts channel={channel} />
      {summary.loading && !summary.data && <Loading />}
      <ErrorNote error={summary.error} />
      {summary.data && (
        <>
          <LastRuns runs={summary.data.syncRuns.nodes} />
          <ul className="counts" aria-label={t('channels.listingsByState')}>
            {STATES.map((s) => (
              <li key={s} className={s === 'error' && summary.data![s].totalCount > 0 ? 'count-bad' : undefined}>
                <span className="count-n">{number(summary.data![s].totalCount)}</span> <span className="count-label">{t(`listingState.${s}`)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

/** Channels: every channel's health at a glance. */
export function ChannelsPage() {
  const { t } = useI18n();
  const { data, error, loading } = useQuery(ChannelsOverviewDocument, {});
  return (
    <>
      <h1>{t('channels.title')}</h1>
      {loading && !data && <Loading />}
      <ErrorNote error={error} />
      {data && data.channels.length === 0 && <Empty>{t('channels.none')}</Empty>}
      <div className="cards">
        {data?.channels.map((c) => (
          <ChannelCard key={c.id} channel={c} />
        ))}
      </div>
    </>
  );
}
