import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '../api/hooks';
import { useSession } from '../api/session';
import { HeldOrdersDocument, OrderSearchDocument, type HoldReason, type OrderRowFieldsFragment, type OrderStatus } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, DateText, Empty, ErrorNote, Loading, MoneyText, Pager, Section, TableWrap, usePager } from '../ui/ui';
import { ReleaseButtons } from './hold-actions';

const HOLD_REASONS: HoldReason[] = ['UNMAPPED_SKU', 'INSUFFICIENT_STOCK', 'ADDRESS_INCOMPLETE', 'CANCEL_REQUESTED', 'DISPUTE', 'DO_NOT_SHIP', 'FROZEN', 'MANUAL'];
const STATUSES: OrderStatus[] = ['PENDING_PAYMENT', 'PAID', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'REFUNDED'];

export function statusTone(status: string): 'ok' | 'warn' | 'bad' | 'info' | 'plain' {
  return status === 'CANCELLED' || status === 'REFUNDED' ? 'plain' : status === 'PAID' ? 'info' : status === 'PENDING_PAYMENT' ? 'warn' : 'ok';
}

function OrderRows({ orders, withActions, onChanged }: { orders: OrderRowFieldsFragment[]; withActions: boolean; onChanged: () => void }) {
  const { t, label } = useI18n();
  return (
    <TableWrap label={t('orders.list')}>
      <thead>
        <tr>
          <th>{t('orders.number')}</th>
          <th>{t('orders.channel')}</th>
          <th>{t('orders.placed')}</th>
          <th>{t('orders.status')}</th>
          <th>{t('orders.total')}</th>
          <th>{t('orders.baseTotal')}</th>
          <th>{t('orders.holds')}</th>
          {withActions && <th>{t('orders.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => (
          <tr key={o.id} data-order={o.number}>
            <td>
              <Link to={`/orders/${encodeURIComponent(o.id)}`}>{o.number}</Link>
              {o.externalId && <div className="muted small">{o.externalId}</div>}
            </td>
            <td>{o.channelKey ?? t('orders.manual')}</td>
            <td>
              <DateText value={o.placedAt} />
            </td>
            <td>
              <Badge tone={statusTone(o.status)}>{label('orderStatus', o.status)}</Badge>
            </td>
            <td className="num">
              <MoneyText money={o.totals.total} />
            </td>
            <td className="num">
              <MoneyText money={o.baseTotals?.total} />
            </td>
            <td>
              {o.holdReasons.map((r) => (
                <Badge key={r} tone="warn">
                  {label('hold', r)}
                </Badge>
              ))}
            </td>
            {withActions && (
              <td>
                <ReleaseButtons orderId={o.id} number={o.number} reasons={o.holdReasons} onDone={onChanged} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </TableWrap>
  );
}

function HeldQueue() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const [reason, setReason] = useState<HoldReason | ''>('');
  const pager = usePager();
  const { data, error, loading, refetch } = useQuery(HeldOrdersDocument, { holdReason: reason || null, after: pager.after });
  return (
    <Section
      title={t('orders.held')}
      id="held"
      actions={
        <label className="inline">
          {t('orders.holdReason')}{' '}
          <select
            value={reason}
            onChange={(e) => {
              setReason(e.target.value as HoldReason | '');
              pager.reset();
            }}
          >
            <option value="">{t('common.all')}</option>
            {HOLD_REASONS.map((r) => (
              <option key={r} value={r}>
                {label('hold', r)}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {loading && <Loading />}
      <ErrorNote error={error} />
      {data && data.orders.totalCount === 0 && <Empty>{t('orders.noneHeld')}</Empty>}
      {data && data.orders.nodes.length > 0 && <OrderRows orders={data.orders.nodes} withActions={can('orders.write')} onChanged={refetch} />}
      {data && <Pager pager={pager} hasNext={data.orders.pageInfo.hasNextPage} endCursor={data.orders.pageInfo.endCursor} total={data.orders.totalCount} loading={loading} />}
    </Section>
  );
}

function Search() {
  const { t, label } = useI18n();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [filter, setFilter] = useState<{ search: string | null; status: OrderStatus[] | null }>({ search: null, status: null });
  const pager = usePager();
  const { data, error, loading, refetch } = useQuery(OrderSearchDocument, { filter, after: pager.after });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pager.reset();
    setFilter({ search: text.trim() || null, status: status ? [status] : null });
  };
  return (
    <Section title={t('orders.all')} id="all-orders">
      <form className="filters" onSubmit={submit} role="search">
        <label>
          {t('orders.search')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('orders.searchHint')} />
        </label>
        <label>
          {t('orders.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | '')}>
            <option value="">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label('orderStatus', s)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('common.search')}</button>
      </form>
      {loading && <Loading />}
      <ErrorNote error={error} />
      {data && data.orders.totalCount === 0 && <Empty>{t('orders.noneFound')}</Empty>}
      {data && data.orders.nodes.length > 0 && <OrderRows orders={data.orders.nodes} withActions={false} onChanged={refetch} />}
      {data && <Pager pager={pager} hasNext={data.orders.pageInfo.hasNextPage} endCursor={data.orders.pageInfo.endCursor} total={data.orders.totalCount} loading={loading} />}
    </Section>
  );
}

/** Orders: the queue of held orders with the actions that release them, and every order. */
export function OrdersPage() {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <>
      <div className="page-head">
        <h1>{t('orders.title')}</h1>
        {can('orders.fulfil') && (
          <Link className="button secondary" to="/orders/print">
            {t('print.title')}
          </Link>
        )}
      </div>
      <HeldQueue />
      <Search />
    </>
  );
}
