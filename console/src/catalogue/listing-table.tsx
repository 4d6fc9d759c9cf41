import type { ListingRowFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, MoneyText, TableWrap } from '../ui/ui';

export function listingTone(status: string): 'ok' | 'warn' | 'bad' | 'info' | 'plain' {
  return status === 'ACTIVE' ? 'ok' : status === 'ERROR' ? 'bad' : status === 'DELISTED' ? 'plain' : status === 'DRAFT' ? 'warn' : 'info';
}

/** Listings with what the marketplace said is missing or wrong (issues, last refusal). */
export function ListingTable({ listings, missingTranslation }: { listings: ListingRowFieldsFragment[]; missingTranslation?: boolean }) {
  const { t, label, locale } = useI18n();
  return (
    <TableWrap label={t('catalogue.listings')}>
      <thead>
        <tr>
          <th>SKU</th>
          <th>{t('catalogue.channel')}</th>
          <th>{t('catalogue.status')}</th>
          <th className="num">{t('catalogue.price')}</th>
          <th>{t('catalogue.missing')}</th>
        </tr>
      </thead>
      <tbody>
        {listings.map((l) => (
          <tr key={l.id}>
            <td>
              {l.sku}
              <div className="muted small">{l.title}</div>
            </td>
            <td>
              {l.channel.name}
              {l.locale && <span className="muted small"> · {l.locale}</span>}
            </td>
            <td>
              <Badge tone={listingTone(l.status)}>{label('listingStatus', l.status)}</Badge>
            </td>
            <td className="num">
              <MoneyText money={l.price} />
            </td>
            <td>
              <ul className="plain">
                {missingTranslation && <li>{t('catalogue.needsTranslation', { locale: l.locale ?? '' })}</li>}
                {l.issues.map((i, k) => (
                  <li key={k}>
                    <Badge tone={i.severity === 'ERROR' ? 'bad' : 'warn'}>{i.code}</Badge> {i.message}
                    {i.attributeNames.length > 0 && <span className="muted"> ({t('catalogue.attributes')}: {i.attributeNames.join(', ')})</span>}
                  </li>
                ))}
                {l.lastError && (
                  <li>
                    <Badge tone="bad">{l.lastError.code}</Badge> {l.lastError.message}
                    <div className="muted small">{locale === 'zh-CN' ? l.lastError.explanation.zh : l.lastError.explanation.en}</div>
                  </li>
                )}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </TableWrap>
  );
}
