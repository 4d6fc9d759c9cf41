import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from '../api/hooks';
import { SkuLedgerDocument } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, DateText, Empty, ErrorNote, Loading, Pager, Section, TableWrap, usePager } from '../ui/ui';

/** The movement ledger of one SKU (stockMovements), newest first, beside its levels. */
export function LedgerPage() {
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const sku = params.get('sku') ?? '';
  const [text, setText] = useState(sku);
  const pager = usePager();
  const { data, error, loading } = useQuery(SkuLedgerDocument, { sku, after: pager.after }, { skip: !sku });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pager.reset();
    setParams(text.trim() ? { sku: text.trim() } : {});
  };
  return (
    <>
      <p>
        <Link to="/stock">← {t('stock.back')}</Link>
      </p>
      <h1>{sku ? t('ledger.titleFor', { sku }) : t('ledger.title')}</h1>
      <form className="filters" onSubmit={submit} role="search">
        <label>
          SKU
          <input value={text} onChange={(e) => setText(e.target.value)} required />
        </label>
        <button type="submit">{t('ledger.show')}</button>
      </form>
      {loading && <Loading />}
      <ErrorNote error={error} />
      {sku && data && (
        <>
          <Section title={t('ledger.levels')} id="ledger-levels">
            {data.stockLevels.nodes.length === 0 ? (
              <Empty>{t('stock.noLevels')}</Empty>
            ) : (
              <ul className="chips">
                {data.stockLevels.nodes.map((l) => (
                  <li key={l.id} data-warehouse={l.warehouseCode}>
                    <strong>{l.warehouseCode}</strong> {t('stock.onHand')} {l.onHand} · {t('stock.reserved')} {l.reserved} · {t('stock.available')} <strong>{l.available}</strong>
                    {l.incoming > 0 && ` · ${t('stock.incoming')} ${l.incoming}`}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title={t('ledger.movements')} id="movements">
            {data.stockMovements.totalCount === 0 ? (
              <Empty>{t('ledger.none')}</Empty>
            ) : (
              <TableWrap label={t('ledger.movements')}>
                <thead>
                  <tr>
                    <th>{t('ledger.when')}</th>
                    <th>{t('ledger.type')}</th>
                    <th>{t('stock.warehouse')}</th>
                    <th className="num">{t('ledger.quantity')}</th>
                    <th className="num">{t('ledger.onHandAfter')}</th>
                    <th className="num">{t('ledger.reservedAfter')}</th>
                    <th>{t('ledger.reason')}</th>
                    <th>{t('ledger.reference')}</th>
                    <th>{t('ledger.who')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.stockMovements.nodes.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <DateText value={m.createdAt} />
                      </td>
                      <td>
                        <Badge tone={m.quantity < 0 ? 'warn' : 'info'}>{label('movement', m.type)}</Badge>
                      </td>
                      <td>{m.warehouseCode}</td>
                      <td className="num strong">{m.quantity > 0 ? `+${m.quantity}` : m.quantity}</td>
                      <td className="num">{m.onHandAfter}</td>
                      <td className="num">{m.reservedAfter}</td>
                      <td>{m.reason}</td>
                      <td>{m.referenceType ? `${m.referenceType} ${m.referenceId ?? ''}` : '—'}</td>
                      <td>{m.actor}</td>
                    </tr>
                  ))}
                </tbody>
              </TableWrap>
            )}
            <Pager pager={pager} hasNext={data.stockMovements.pageInfo.hasNextPage} endCursor={data.stockMovements.pageInfo.endCursor} total={data.stockMovements.totalCount} loading={loading} />
          </Section>
        </>
      )}
    </>
  );
}
