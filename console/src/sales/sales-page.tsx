import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useSession } from '../api/session';
import { SalesByChannelDocument, SalesByDayDocument, type SalesRowFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Empty, ErrorNote, Loading, MoneyText, Section, TableWrap } from '../ui/ui';
import { addDecimals } from './decimal';

/** Days are cut in Asia/Shanghai, as orderStats groups them. */
const SHANGHAI = '+08:00';
const COLOURS = ['#1f6feb', '#d97706', '#059669', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#db2777'];
const MANUAL = '∅';

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

interface Period {
  from: string;
  to: string;
  channel: string;
}

interface DayPoint {
  day: string;
  [series: string]: number | string;
}

/** Per channel: rows of every currency summed, revenue in the base currency. */
function byKey(rows: SalesRowFieldsFragment[]) {
  const out = new Map<string, { orders: number; units: number; base: string[]; baseCurrency: string | null; withoutRate: number; hidden: boolean }>();
  for (const r of rows) {
    const k = r.key ?? MANUAL;
    const cur = out.get(k) ?? { orders: 0, units: 0, base: [], baseCurrency: null, withoutRate: 0, hidden: false };
    cur.orders += r.orders;
    cur.units += r.units;
    cur.withoutRate += r.ordersWithoutBaseRate;
    if (r.baseRevenue) {
      cur.base.push(r.baseRevenue.amount);
      cur.baseCurrency = r.baseRevenue.currency;
    } else cur.hidden = true;
    out.set(k, cur);
  }
  return out;
}

/** Sales: orders and revenue per channel per day, in the base currency, for a chosen period. */
export function SalesPage() {
  const { t, number, decimal, locale } = useI18n();
  const { token } = useSession();
  const today = shanghaiToday();
  const [form, setForm] = useState<Period>({ from: addDays(today, -29), to: today, channel: '' });
  const [period, setPeriod] = useState<Period>(form);
  const range = { from: `${period.from}T00:00:00${SHANGHAI}`, to: `${addDays(period.to, 1)}T00:00:00${SHANGHAI}` };
  const channels = useQuery(SalesByChannelDocument, range);
  const totals = useMemo(() => byKey(channels.data?.orderStats ?? []), [channels.data]);
  const keys = useMemo(() => [...totals.keys()].filter((k) => k !== MANUAL).sort(), [totals]);
  const shown = period.channel ? [period.channel] : keys;

  // One DAY series per channel shown: the chart stacks them.
  const [series, setSeries] = useState<{ key: string; rows: SalesRowFieldsFragment[] }[]>();
  const [seriesError, setSeriesError] = useState<Error>();
  const shownKey = shown.join('\n');
  useEffect(() => {
    if (!channels.data) return;
    let live = true;
    setSeries(undefined);
    setSeriesError(undefined);
    const wanted = shownKey ? shownKey.split('\n') : [];
    Promise.all(wanted.map((key) => request(SalesByDayDocument, { ...range, channelKey: key }, token).then((r) => ({ key, rows: r.orderStats })))).then(
      (s) => live && setSeries(s),
      (e: Error) => live && setSeriesError(e),
    );
    return () => {
      live = false;
    };
  }, [channels.data, shownKey, token]); // eslint-disable-line react-hooks/exhaustive-deps

  const days = daysBetween(period.from, period.to);
  const revenueHidden = [...totals.values()].some((v) => v.hidden);
  const baseCurrency = [...totals.values()].find((v) => v.baseCurrency)?.baseCurrency ?? '';
  const points = useMemo(() => {
    const ordersPoints: DayPoint[] = days.map((day) => ({ day: day.slice(5) }));
    const revenuePoints: DayPoint[] = days.map((day) => ({ day: day.slice(5) }));
    for (const s of series ?? []) {
      const perDay = byKey(s.rows);
      days.forEach((day, i) => {
        const v = perDay.get(day);
        ordersPoints[i][s.key] = v?.orders ?? 0;
        revenuePoints[i][s.key] = v ? Number(addDecimals(v.base.length ? v.base : ['0'])) : 0;
      });
    }
    return { orders: ordersPoints, revenue: revenuePoints };
  }, [series, period.from, period.to]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.from > form.to) return;
    setPeriod(form);
  };
  const fmt = (v: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(v);

  return (
    <>
      <h1>{t('sales.title')}</h1>
      <form className="filters" onSubmit={submit} aria-label={t('sales.period')}>
        <label>
          {t('sales.from')}
          <input type="date" value={form.from} max={form.to} onChange={(e) => setForm({ ...form, from: e.target.value })} required />
        </label>
        <label>
          {t('sales.to')}
          <input type="date" value={form.to} min={form.from} onChange={(e) => setForm({ ...form, to: e.target.value })} required />
        </label>
        <label>
          {t('sales.channel')}
          <select value={form.channel} onChange={(e) => setForm({ ...form, channel: e.target.value })}>
            <option value="">{t('sales.allChannels')}</option>
            {keys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('sales.show')}</button>
      </form>
      <p className="muted small">{t('sales.note', { base: baseCurrency || '—' })}</p>
      {(channels.loading || (!series && !seriesError)) && <Loading label={t('sales.loading')} />}
      <ErrorNote error={channels.error ?? seriesError} />
      {channels.data && totals.size === 0 && <Empty>{t('sales.none')}</Empty>}
      {series && series.length > 0 && (
        <div className="grid-2">
          <Section title={t('sales.ordersPerDay')} id="orders-chart">
            <figure className="chart" aria-label={t('sales.ordersPerDay')}>
              <ResponsiveContainer width="100%" height={280}>
                <BarChart data={points.orders}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="day" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  {series.map((s, i) => (
                    <Bar key={s.key} dataKey={s.key} stackId="o" fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </figure>
          </Section>
          <Section title={t('sales.revenuePerDay', { base: baseCurrency })} id="revenue-chart">
            {revenueHidden ? (
              <p className="alert alert-warn">{t('sales.revenueHidden')}</p>
            ) : (
              <figure className="chart" aria-label={t('sales.revenuePerDay', { base: baseCurrency })}>
                <ResponsiveContainer width="100%" height={280}>
                  <BarChart data={points.revenue}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="day" />
                    <YAxis tickFormatter={fmt} width={70} />
                    <Tooltip formatter={(v: number) => fmt(v)} />
                    <Legend />
                    {series.map((s, i) => (
                      <Bar key={s.key} dataKey={s.key} stackId="r" fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
                    ))}
                  </BarChart>
                </ResponsiveContainer>
              </figure>
            )}
          </Section>
        </div>
      )}
      {totals.size > 0 && (
        <Section title={t('sales.perChannel')} id="per-channel">
          <TableWrap label={t('sales.perChannel')}>
            <thead>
              <tr>
                <th>{t('sales.channel')}</th>
                <th className="num">{t('sales.orders')}</th>
                <th className="num">{t('sales.units')}</th>
                <th className="num">{t('sales.revenue', { base: baseCurrency })}</th>
                <th className="num">{t('sales.withoutRate')}</th>
              </tr>
            </thead>
            <tbody>
              {[...totals.entries()].map(([k, v]) => (
                <tr key={k} data-channel={k}>
                  <td>{k === MANUAL ? t('orders.manual') : k}</td>
                  <td className="num">{number(v.orders)}</td>
                  <td className="num">{number(v.units)}</td>
                  <td className="num">{v.hidden ? '—' : <MoneyText money={{ amount: addDecimals(v.base.length ? v.base : ['0']), currency: v.baseCurrency ?? baseCurrency }} />}</td>
                  <td className="num">{v.withoutRate ? decimal(String(v.withoutRate)) : '0'}</td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
        </Section>
      )}
    </>
  );
}
