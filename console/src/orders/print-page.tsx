import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useSession } from '../api/session';
import { PickListHtmlDocument, PrintWarehousesDocument, WaybillHtmlDocument } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { ErrorNote, Loading, Section } from '../ui/ui';

/**
 * Pick lists (配货单) and waybills (打单) of a warehouse as the API renders them
 * (pickListExport / waybillExport in HTML), shown in a sandboxed frame and printed from it.
 */
export function PrintPage() {
  const { t } = useI18n();
  const { token } = useSession();
  const warehouses = useQuery(PrintWarehousesDocument, {});
  const [warehouse, setWarehouse] = useState('');
  const [kind, setKind] = useState<'pick' | 'waybill'>('pick');
  const [html, setHtml] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const frame = useRef<HTMLIFrameElement>(null);
  const own = warehouses.data?.warehouses.filter((w) => w.active && w.kind !== 'MARKETPLACE_FULFILMENT') ?? [];
  const chosen = warehouse || own[0]?.code || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = kind === 'pick' ? (await request(PickListHtmlDocument, { warehouseCode: chosen }, token)).pickListExport : (await request(WaybillHtmlDocument, { warehouseCode: chosen }, token)).waybillExport;
      setHtml(r);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link to="/orders">← {t('orders.back')}</Link>
      </p>
      <h1>{t('print.title')}</h1>
      <Section title={t('print.choose')} id="print-choose">
        {warehouses.loading && <Loading />}
        <ErrorNote error={warehouses.error} />
        <form className="filters" onSubmit={submit}>
          <label>
            {t('print.warehouse')}
            <select value={chosen} onChange={(e) => setWarehouse(e.target.value)} required>
              {own.map((w) => (
                <option key={w.code} value={w.code}>
                  {w.code} · {w.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="inline">
            <legend>{t('print.what')}</legend>
            <label className="check">
              <input type="radio" name="kind" checked={kind === 'pick'} onChange={() => setKind('pick')} /> {t('print.pickList')}
            </label>
            <label className="check">
              <input type="radio" name="kind" checked={kind === 'waybill'} onChange={() => setKind('waybill')} /> {t('print.waybills')}
            </label>
          </fieldset>
          <button type="submit" disabled={busy || !chosen}>
            {t('print.show')}
          </button>
        </form>
        {busy && <Loading label={t('print.rendering')} />}
        <ErrorNote error={error} />
      </Section>
      {html !== undefined && (
        <Section
          title={kind === 'pick' ? t('print.pickList') : t('print.waybills')}
          id="print-preview"
          actions={
            <button type="button" onClick={() => frame.current?.contentWindow?.print()}>
              {t('print.print')}
            </button>
          }
        >
          {/* The page is the API's; it runs no script here (sandbox without allow-scripts). */}
          <iframe ref={frame} className="print-frame" title={t('print.preview')} sandbox="allow-same-origin allow-modals" srcDoc={html} />
        </Section>
      )}
    </>
  );
}
