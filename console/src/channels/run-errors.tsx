import { useState } from 'react';
import { useMutation, useQuery } from '../api/hooks';
import { RetrySyncRunDocument, SyncRunErrorsDocument } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, DateText, Empty, ErrorNote, Loading, Section, UserErrors } from '../ui/ui';

/** A run's errors as the marketplace gave them (code, message, raw body), with a retry. */
export function RunErrors({ runId, canRetry, onRetried }: { runId: string; canRetry: boolean; onRetried: () => void }) {
  const { t, locale, label } = useI18n();
  const { data, error, loading, refetch } = useQuery(SyncRunErrorsDocument, { runId });
  const [retry, retrying] = useMutation(RetrySyncRunDocument);
  const [outcome, setOutcome] = useState<{ retried: number; userErrors: { code: string; message: string }[] }>();
  const run = data?.syncRun;
  const open = run?.errors.filter((e) => !e.resolvedAt) ?? [];

  const doRetry = async () => {
    const r = await retry({ runId }).catch(() => undefined);
    if (!r) return;
    setOutcome(r.retrySyncErrors);
    refetch();
    onRetried();
  };

  return (
    <Section
      title={t('sync.errorsTitle')}
      id="run-errors"
      actions={
        canRetry && open.length > 0 ? (
          <button type="button" onClick={doRetry} disabled={retrying.running}>
            {retrying.running ? t('sync.retrying') : t('sync.retry')}
          </button>
        ) : undefined
      }
    >
      {loading && !data && <Loading />}
      <ErrorNote error={error ?? retrying.error} />
      {outcome && (
        <p role="status" className="alert alert-ok">
          {t('sync.retried', { n: outcome.retried })}
        </p>
      )}
      <UserErrors errors={outcome?.userErrors} />
      {run && run.errors.length === 0 && <Empty>{t('sync.noErrors')}</Empty>}
      <ul className="sync-errors">
        {run?.errors.map((e) => (
          <li key={e.id} className={e.resolvedAt ? 'resolved' : undefined}>
            <p>
              <Badge tone={e.resolvedAt ? 'plain' : 'bad'}>{label('errorKind', e.kind)}</Badge> <code>{e.code}</code> <strong>{e.message}</strong>
            </p>
            <p>
              {locale === 'zh-CN' ? e.explanation.zh : e.explanation.en} <span className="muted">({e.reason})</span>
            </p>
            <p className="muted">
              {t('sync.errorScope', { scope: label('scope', e.scope) })}
              {e.externalId && ` · ${t('sync.externalId', { id: e.externalId })}`} · <DateText value={e.createdAt} />
              {e.resolvedAt && (
                <>
                  {' '}
                  · {t('sync.resolved')} <DateText value={e.resolvedAt} />
                </>
              )}
            </p>
            {e.raw != null && (
              <details>
                <summary>{t('sync.rawBody')}</summary>
                <pre>{JSON.stringify(e.raw, null, 2)}</pre>
              </details>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}
