import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/zh-CN';

/** Small shared pieces: progress, errors, money, tables. */

/** An operation under way: an indeterminate bar with its text for screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="progressbar" aria-busy="true" aria-label={label ?? t('common.loading')}>
      <div className="loading-bar" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** A determinate bar: done of total. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={label}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span className="progress-text">{label}</span>
    </div>
  );
}

export function ErrorNote({ error }: { error: Error | undefined | null }) {
  const { t } = useI18n();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  const known: Partial<Record<string, MessageKey>> = { FORBIDDEN: 'error.forbidden', NOT_FOUND: 'error.notFound', UNAUTHENTICATED: 'error.unauthenticated' };
  const key = code ? known[code] : undefined;
  return (
    <div className="error" role="alert">
      <strong>{key ? t(key) : t('error.generic')}</strong> <span>{error.message}</span>
      {code && <code className="muted"> {code}</code>}
      {requestId && <span className="muted"> · {t('error.requestId', { id: requestId })}</span>}
    </div>
  );
}

export function UserErrors({ errors }: { errors: { code: string; message: string }[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <ul className="error" role="alert">
      {errors.map((e, i) => (
        <li key={i}>
          <code>{e.code}</code> {e.message}
        </li>
      ))}
    </ul>
  );
}

export function MoneyText({ money }: { money: { amount: string; currency: string } | null | undefined }) {
  const { decimal } = useI18n();
  if (!money) return <span className="muted">—</span>;
  return (
    <span className="money">
      {decimal(money.amount)} <span className="currency">{money.currency}</span>
    </span>
  );
}

export function DateText({ value }: { value: string | null | undefined }) {
  const { dateTime } = useI18n();
  return value ? <time dateTime={value}>{dateTime(value)}</time> : <span className="muted">—</span>;
}

/** A status in a coloured pill: `tone` from the value's meaning. */
export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'info' | 'plain'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** Wide tables scroll sideways on a tablet instead of squeezing their columns. */
export function TableWrap({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>{children}</table>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Section({ title, children, actions, id }: { title: string; children: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <div className="panel-head">
        <h2 id={id}>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function runTone(status: string): 'ok' | 'warn' | 'bad' | 'info' {
  return status === 'SUCCEEDED' ? 'ok' : status === 'FAILED' ? 'bad' : status === 'PARTIAL' ? 'warn' : 'info';
}

/** Keyset paging over a connection: the cursors walked so far, to go back. */
export function usePager(): { after: string | null; next(cursor: string | null | undefined): void; prev(): void; reset(): void; page: number } {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  return {
    after: stack[stack.length - 1],
    page: stack.length,
    next: (cursor) => cursor && setStack((s) => [...s, cursor]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

export function Pager({ pager, hasNext, endCursor, total, loading }: { pager: ReturnType<typeof usePager>; hasNext: boolean; endCursor: string | null | undefined; total?: number; loading: boolean }) {
  const { t, number } = useI18n();
  return (
    <div className="pager">
      {total !== undefined && <span className="muted">{t('common.total', { n: number(total) })}</span>}
      <button type="button" className="secondary" onClick={pager.prev} disabled={pager.page <= 1 || loading}>
        {t('common.prevPage')}
      </button>
      <span className="muted">{t('common.page', { n: pager.page })}</span>
      <button type="button" className="secondary" onClick={() => pager.next(endCursor)} disabled={!hasNext || loading}>
        {t('common.nextPage')}
      </button>
    </div>
  );
}
