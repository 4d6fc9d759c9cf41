import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from '../api/hooks';
import { useSession } from '../api/session';
import { MapOrderLineSkuDocument, OrderDetailDocument, type OrderDetailQuery } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { Badge, DateText, Empty, ErrorNote, Loading, MoneyText, Section, TableWrap, UserErrors } from '../ui/ui';
import { ReleaseButtons } from './hold-actions';
import { statusTone } from './orders-page';

type Order = NonNullable<OrderDetailQuery['order']>;

function MapSku({ lineId, onDone }: { lineId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [sku, setSku] = useState('');
  const [map, state] = useMutation(MapOrderLineSkuDocument);
  const [userErrors, setUserErrors] = useState<{ code: string; message: string }[]>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await map({ orderLineId: lineId, sku: sku.trim() }).catch(() => undefined);
    if (!r) return;
    setUserErrors(r.mapOrderLineSku.userErrors);
    if (!r.mapOrderLineSku.userErrors.length) onDone();
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        <span className="sr-only">{t('order.mapSkuLabel')}</span>
        <input required value={sku} onChange={(e) => setSku(e.target.value)} placeholder={t('order.mapSkuLabel')} size={16} />
      </label>
      <button type="submit" disabled={state.running}>
        {t('order.mapSku')}
      </button>
      <ErrorNote error={state.error} />
      <UserErrors errors={userErrors} />
    </form>
  );
}

const TOTALS: (keyof Omit<Order['totals'], '__typename'>)[] = ['subtotal', 'shipping', 'discount', 'tax', 'adjustment', 'total', 'refunded'];

function Totals({ order }: { order: Order }) {
  const { t } = useI18n();
  return (
    <TableWrap label={t('order.totals')}>
      <thead>
        <tr>
          <th />
          <th className="num">{t('order.inOrderCurrency', { currency: order.currency })}</th>
          <th className="num">{t('order.inBaseCurrency', { currency: order.baseCurrency ?? '—' })}</th>
        </tr>
      </thead>
      <tbody>
        {TOTALS.map((k) => (
          <tr key={k} className={k === 'total' ? 'strong' : undefined}>
            <th scope="row">{t(`order.total.${k}` as MessageKey)}</th>
            <td className="num">
              <MoneyText money={order.totals[k]} />
            </td>
            <td className="num">{order.baseTotals ? <MoneyText money={order.baseTotals[k]} /> : <span className="muted">{t('order.noRate')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </TableWrap>
  );
}

/** One order: lines, money in order and base currency, holds, shipments, returns and cases. */
export function OrderPage() {
  const orderId = decodeURIComponent(useParams().orderId!);
  const { t, label, dateTime } = useI18n();
  const { canOn } = useSession();
  const { data, error, loading, refetch } = useQuery(OrderDetailDocument, { id: orderId });
  const order = data?.order;
  if (loading && !data) return <Loading />;
  if (!order)
    return (
      <>
        <ErrorNote error={error} />
        {!error && <p className="error">{t('error.notFound')}</p>}
        <Link to="/orders">{t('orders.back')}</Link>
      </>
    );
  const mayWrite = canOn('orders.write', order.channelKey);
  const a = order.shippingAddress;
  return (
    <>
      <p>
        <Link to="/orders">← {t('orders.back')}</Link>
      </p>
      <h1>
        {t('order.title', { number: order.number })} <Badge tone={statusTone(order.status)}>{label('orderStatus', order.status)}</Badge>
      </h1>
      {loading && <Loading />}
      <ErrorNote error={error} />
      <p className="muted">
        {order.channelKey ?? t('orders.manual')}
        {order.externalId && ` · ${t('order.externalId', { id: order.externalId })}`}
        {order.marketplaceStatus && ` · ${order.marketplaceStatus}`} · {t('order.placedAt', { at: dateTime(order.placedAt) })} · {label('fulfilledBy', order.fulfilledBy)}
      </p>
      {order.onHold && (
        <section className="alert alert-warn" aria-labelledby="holds">
          <h2 id="holds">{t('order.onHold')}</h2>
          <p>
            {order.holdReasons.map((r) => (
              <Badge key={r} tone="warn">
                {label('hold', r)}
              </Badge>
            ))}
          </p>
          {mayWrite && <ReleaseButtons orderId={order.id} number={order.number} reasons={order.holdReasons} onDone={refetch} onOrderPage />}
        </section>
      )}
      <Section title={t('order.lines')} id="lines">
        <TableWrap label={t('order.lines')}>
          <thead>
            <tr>
              <th>SKU</th>
              <th>{t('order.item')}</th>
              <th className="num">{t('order.quantity')}</th>
              <th className="num">{t('order.shipped')}</th>
              <th className="num">{t('order.unitPrice')}</th>
              <th className="num">{t('order.discount')}</th>
              <th className="num">{t('order.paid')}</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.sku}
                  {!l.mapped && (
                    <>
                      {' '}
                      <Badge tone="bad">{t('order.unmapped')}</Badge>
                      {mayWrite && <MapSku lineId={l.id} onDone={refetch} />}
                    </>
                  )}
                </td>
                <td>
                  {l.title}
                  {l.optionText && <div className="muted small">{l.optionText}</div>}
                </td>
                <td className="num">{l.quantity}</td>
                <td className="num">{l.quantityShipped}</td>
                <td className="num">
                  <MoneyText money={l.unitPrice} />
                </td>
                <td className="num">
                  <MoneyText money={l.discount} />
                </td>
                <td className="num">
                  <MoneyText money={l.paid} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      </Section>
      <div className="grid-2">
        <Section title={t('order.totals')} id="totals">
          <Totals order={order} />
          {order.baseRate && <p className="muted small">{t('order.rate', { rate: order.baseRate, base: order.baseCurrency ?? '', currency: order.currency })}</p>}
        </Section>
        <Section title={t('order.buyer')} id="buyer">
          <dl className="kvs">
            <div className="kv">
              <dt>{t('order.buyerName')}</dt>
              <dd>{[order.buyer.name, order.buyer.nickname].filter(Boolean).join(' · ') || '—'}</dd>
            </div>
            <div className="kv">
              <dt>{t('order.address')}</dt>
              <dd>{[a.name, a.phone, a.country, a.province, a.city, a.district, a.address1, a.address2, a.postalCode].filter(Boolean).join(', ') || '—'}</dd>
            </div>
            {order.buyerMessage && (
              <div className="kv">
                <dt>{t('order.buyerMessage')}</dt>
                <dd>{order.buyerMessage}</dd>
              </div>
            )}
          </dl>
        </Section>
      </div>
      <Section title={t('order.shipments')} id="shipments">
        {order.shipments.length === 0 ? (
          <Empty>{t('order.noShipments')}</Empty>
        ) : (
          <TableWrap label={t('order.shipments')}>
            <thead>
              <tr>
                <th>{t('order.shipmentNumber')}</th>
                <th>{t('order.carrier')}</th>
                <th>{t('order.tracking')}</th>
                <th>{t('order.warehouse')}</th>
                <th>{t('order.shippedAt')}</th>
                <th>{t('order.items')}</th>
              </tr>
            </thead>
            <tbody>
              {order.shipments.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.number} <Badge tone="ok">{label('shipmentStatus', s.status)}</Badge>
                  </td>
                  <td>
                    {s.carrier}
                    {s.service && ` · ${s.service}`}
                  </td>
                  <td>{s.trackingUrl ? <a href={s.trackingUrl} target="_blank" rel="noreferrer">{s.trackingNumber}</a> : s.trackingNumber}</td>
                  <td>{s.warehouseCode}</td>
                  <td>
                    <DateText value={s.shippedAt} />
                  </td>
                  <td>{s.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
        )}
      </Section>
      <div className="grid-2">
        <Section title={t('order.returns')} id="returns">
          {order.returns.length === 0 ? (
            <Empty>{t('order.noReturns')}</Empty>
          ) : (
            <ul className="plain">
              {order.returns.map((r) => (
                <li key={r.id}>
                  <strong>{r.number}</strong> {label('returnType', r.type)} <Badge tone="info">{label('returnStatus', r.status)}</Badge> <MoneyText money={r.refundedAmount} />
                  <div className="muted small">
                    {r.reason} · {r.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', ')}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t('order.cases')} id="cases">
          {order.channelReturns.length === 0 ? (
            <Empty>{t('order.noCases')}</Empty>
          ) : (
            <ul className="plain">
              {order.channelReturns.map((c) => (
                <li key={c.id}>
                  <strong>{c.externalId}</strong> {label('returnType', c.type)} <Badge tone={c.linked ? 'ok' : 'warn'}>{c.linked ? t('order.caseLinked') : t('order.caseOpen')}</Badge>{' '}
                  <MoneyText money={c.amount} />
                  <div className="muted small">
                    {c.marketplaceStatus} {c.reason && `· ${c.reason}`} · <DateText value={c.modifiedAt} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section title={t('order.history')} id="history">
        <ol className="plain">
          {order.history.map((h, i) => (
            <li key={i}>
              <DateText value={h.at} /> {h.from ? `${label('orderStatus', h.from)} → ` : ''}
              {label('orderStatus', h.to)} <span className="muted">
                {h.by} · {h.source}
                {h.note && ` · ${h.note}`}
              </span>
            </li>
          ))}
          {order.notes.map((n) => (
            <li key={n.id}>
              <DateText value={n.createdAt} /> <strong>{n.author}</strong>: {n.text}
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}
