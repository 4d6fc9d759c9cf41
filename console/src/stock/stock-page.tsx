import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '../api/hooks';
import { FulfilmentInboundDocument, StockChecksDocument, StockLevelsDocument, StockWarehousesDocument } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Loading, Pager, Section, TableWrap, usePager } from '../ui/ui';

export const ledgerLink = (sku: string) => `/stock/ledger?sku=${encodeURIComponent(sku)}`;

function Levels({ warehouses }: { warehouses: { code: string; name: string }[] }) {
  const { t } = useI18n();
  const [warehouse, setWarehouse] = useState('');
  const [sku, setSku] = useState('');
  const [lowOnly, setLowOnly] = useState(false);
  const [filter, setFilter] = useState<{ warehouseCode: string | null; sku: string | null; lowStockOnly: boolean | null }>({ warehouseCode: null, sku: null, lowStockOnly: null });
  const pager = usePager();
  const { data, error, loading } = useQuery(StockLevelsDocument, { filter, after: pager.after });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pager.reset();
    setFilter({ warehouseCode: warehouse || null, sku: sku.trim() || null, lowStockOnly: lowOnly || null });
  };
  return (
    <Section title={t('stock.levels')} id="levels">
      <form className="filters" onSubmit={submit}>
        <label>
          {t('stock.warehouse')}
          <select value={warehouse} onChange={(e) => setWarehouse(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {warehouses.map((w) => (
              <option key={w.code} value={w.code}>
                {w.code} · {w.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          SKU
          <input value={sku} onChange={(e) => setSku(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={lowOnly} onChange={(e) => setLowOnly(e.target.checked)} /> {t('stock.lowOnly')}
        </label>
        <button type="submit">{t('common.search')}</button>
      </form>
      {loading && <Loading />}
      <ErrorNote error={error} />
      {data && data.stockLevels.totalCount === 0 && <Empty>{t('stock.noLevels')}</Empty>}
      {data && data.stockLevels.nodes.length > 0 && (
        <TableWrap label={t('stock.levels')}>
          <thead>
            <tr>
              <th>SKU</th>
              <th>{t('stock.warehouse')}</th>
              <th className="num">{t('stock.onHand')}</th>
              <th className="num">{t('stock.reserved')}</th>
              <th className="num">{t('stock.available')}</th>
              <th className="num">{t('stock.incoming')}</th>
              <th className="num">{t('stock.safety')}</th>
              <th className="num">{t('stock.damaged')}</th>
            </tr>
          </thead>
          <tbody>
            {data.stockLevels.nodes.map((l) => (
              <tr key={l.id} className={l.safetyStock > 0 && l.available + l.incoming <= l.safetyStock ? 'row-warn' : undefined}>
                <td>
                  <Link to={ledgerLink(l.sku)}>{l.sku}</Link>
                </td>
                <td>{l.warehouseCode}</td>
                <td className="num">{l.onHand}</td>
                <td className="num">{l.reserved}</td>
                <td className="num strong">{l.available}</td>
                <td className="num">{l.incoming}</td>
                <td className="num">{l.safetyStock}</td>
                <td className="num">{l.damaged}</td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      )}
      {data && <Pager pager={pager} hasNext={data.stockLevels.pageInfo.hasNextPage} endCursor={data.stockLevels.pageInfo.endCursor} total={data.stockLevels.totalCount} loading={loading} />}
    </Section>
  );
}

function Checks() {
  const { t, decimal } = useI18n();
  const { data, error, loading } = useQuery(StockChecksDocument, {});
  return (
    <>
      <Section title={t('stock.discrepancies')} id="discrepancies">
        {loading && <Loading />}
        <ErrorNote error={error} />
        {data &&
          (data.stockDiscrepancies.length === 0 ? (
            <p className="alert alert-ok" role="status">
              {t('stock.booksAgree')}
            </p>
          ) : (
            <TableWrap label={t('stock.discrepancies')}>
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>{t('stock.warehouse')}</th>
                  <th className="num">{t('stock.onHand')}</th>
                  <th className="num">{t('stock.ledgerOnHand')}</th>
                  <th className="num">{t('stock.reserved')}</th>
                  <th className="num">{t('stock.reservationsReserved')}</th>
                </tr>
              </thead>
              <tbody>
                {data.stockDiscrepancies.map((d) => (
                  <tr key={`${d.sku}@${d.warehouseCode}`} className="row-bad">
                    <td>
                      <Link to={ledgerLink(d.sku)}>{d.sku}</Link>
                    </td>
                    <td>{d.warehouseCode}</td>
                    <td className="num">{d.onHand}</td>
                    <td className="num">{d.ledgerOnHand}</td>
                    <td className="num">{d.reserved}</td>
                    <td className="num">{d.reservationsReserved}</td>
                  </tr>
                ))}
              </tbody>
            </TableWrap>
          ))}
      </Section>
      <div className="grid-2">
        <Section title={t('stock.lowStock')} id="low-stock">
          {data && data.lowStock.length === 0 && <Empty>{t('stock.noLowStock')}</Empty>}
          {data && data.lowStock.length > 0 && (
            <TableWrap label={t('stock.lowStock')}>
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>{t('stock.warehouse')}</th>
                  <th className="num">{t('stock.available')}</th>
                  <th className="num">{t('stock.incoming')}</th>
                  <th className="num">{t('stock.safety')}</th>
                </tr>
              </thead>
              <tbody>
                {data.lowStock.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <Link to={ledgerLink(l.sku)}>{l.sku}</Link>
                    </td>
                    <td>{l.warehouseCode}</td>
                    <td className="num">{l.available}</td>
                    <td className="num">{l.incoming}</td>
                    <td className="num">{l.safetyStock}</td>
                  </tr>
                ))}
              </tbody>
            </TableWrap>
          )}
        </Section>
        <Section title={t('stock.replenishment')} id="replenishment">
          {data && data.replenishmentSuggestions.length === 0 && <Empty>{t('stock.noReplenishment')}</Empty>}
          {data && data.replenishmentSuggestions.length > 0 && (
            <TableWrap label={t('stock.replenishment')}>
              <thead>
                <tr>
                  <th>SKU</th>
                  <th className="num">{t('stock.suggested')}</th>
                  <th className="num">{t('stock.perDay')}</th>
                  <th className="num">{t('stock.available')}</th>
                  <th>{t('stock.supplier')}</th>
                </tr>
              </thead>
              <tbody>
                {data.replenishmentSuggestions.map((s) => (
                  <tr key={s.sku}>
                    <td>
                      <Link to={ledgerLink(s.sku)}>{s.sku}</Link>
                    </td>
                    <td className="num strong">{s.suggestedQuantity}</td>
                    <td className="num">{decimal(s.averageDailyShipped)}</td>
                    <td className="num">{s.available}</td>
                    <td>
                      {s.supplierName ?? '—'}
                      {s.usesDefaults && <span className="muted small"> {t('stock.defaults', { lead: s.leadTimeDays, review: s.reviewPeriodDays })}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableWrap>
          )}
        </Section>
      </div>
    </>
  );
}

/** What to send to a marketplace's fulfilment centre (Amazon FBA), and from where. */
function Inbound({ channelKey, warehouse }: { channelKey: string; warehouse: string }) {
  const { t, decimal } = useI18n();
  const { data, error, loading } = useQuery(FulfilmentInboundDocument, { channelKey });
  return (
    <Section title={t('stock.inbound', { warehouse, channel: channelKey })} id={`inbound-${channelKey}`}>
      {loading && <Loading />}
      <ErrorNote error={error} />
      {data && data.fulfilmentInboundSuggestions.length === 0 && <Empty>{t('stock.noInbound')}</Empty>}
      {data && data.fulfilmentInboundSuggestions.length > 0 && (
        <TableWrap label={t('stock.inbound', { warehouse, channel: channelKey })}>
          <thead>
            <tr>
              <th>SKU</th>
              <th className="num">{t('stock.suggested')}</th>
              <th className="num">{t('stock.sendable')}</th>
              <th>{t('stock.sendFrom')}</th>
              <th className="num">{t('stock.available')}</th>
              <th className="num">{t('stock.inboundNow')}</th>
              <th className="num">{t('stock.perDay')}</th>
              <th className="num">{t('stock.daysOfCover')}</th>
            </tr>
          </thead>
          <tbody>
            {data.fulfilmentInboundSuggestions.map((s) => (
              <tr key={s.sku}>
                <td>
                  <Link to={ledgerLink(s.sku)}>{s.sku}</Link>
                </td>
                <td className="num strong">{s.suggestedQuantity}</td>
                <td className="num">{s.sendableQuantity}</td>
                <td>
                  {s.sourceWarehouseCode ?? '—'} <span className="muted">({s.sourceAvailable})</span>
                </td>
                <td className="num">{s.available}</td>
                <td className="num">{s.inbound}</td>
                <td className="num">{decimal(s.averageDailySold)}</td>
                <td className="num">{s.daysOfCover ? decimal(s.daysOfCover) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      )}
    </Section>
  );
}

/** Stock: levels by warehouse, the books' checks, low stock, replenishment and FBA inbound. */
export function StockPage() {
  const { t, label } = useI18n();
  const { data, error, loading } = useQuery(StockWarehousesDocument, {});
  const warehouses = data?.warehouses ?? [];
  const fba = warehouses.filter((w) => w.kind === 'MARKETPLACE_FULFILMENT' && w.channelKey);
  return (
    <>
      <div className="page-head">
        <h1>{t('stock.title')}</h1>
        <Link className="button secondary" to="/stock/ledger">
          {t('stock.ledger')}
        </Link>
      </div>
      {loading && <Loading />}
      <ErrorNote error={error} />
      <ul className="chips" aria-label={t('stock.warehouses')}>
        {warehouses.map((w) => (
          <li key={w.code}>
            <strong>{w.code}</strong> {w.name} <Badge tone={w.active ? 'info' : 'plain'}>{label('warehouseKind', w.kind)}</Badge>
          </li>
        ))}
      </ul>
      <Levels warehouses={warehouses} />
      <Checks />
      {fba.map((w) => (
        <Inbound key={w.code} channelKey={w.channelKey!} warehouse={w.code} />
      ))}
    </>
  );
}
