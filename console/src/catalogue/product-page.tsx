import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useSession } from '../api/session';
import { ProductDetailDocument, VariantListingsDocument, type ListingRowFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Loading, MoneyText, Section, TableWrap } from '../ui/ui';
import { ListingTable } from './listing-table';
import { ledgerLink } from '../stock/stock-page';

/**
 * The product's listings on every channel. The API lists listings by SKU, so the variants are
 * asked for side by side and shown as one table.
 */
function ProductListings({ skus }: { skus: string[] }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [state, setState] = useState<{ listings?: ListingRowFieldsFragment[]; error?: Error }>({});
  const key = skus.join('\n');
  useEffect(() => {
    let live = true;
    setState({});
    Promise.all(key.split('\n').map((sku) => request(VariantListingsDocument, { sku }, token))).then(
      (pages) => live && setState({ listings: pages.flatMap((p) => p.listings.nodes) }),
      (error: Error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [key, token]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.listings) return <Loading />;
  if (!state.listings.length) return <Empty>{t('catalogue.notListed')}</Empty>;
  return <ListingTable listings={state.listings} />;
}

/** A product: texts per language, images, variants with stock, and their listings per channel. */
export function ProductPage() {
  const id = decodeURIComponent(useParams().productId!);
  const { t, label } = useI18n();
  const { can } = useSession();
  const { data, error, loading } = useQuery(ProductDetailDocument, { id });
  const p = data?.product;
  if (loading && !data) return <Loading />;
  if (!p)
    return (
      <>
        <ErrorNote error={error} />
        {!error && <p className="error">{t('error.notFound')}</p>}
        <Link to="/catalogue">{t('catalogue.back')}</Link>
      </>
    );
  return (
    <>
      <p>
        <Link to="/catalogue">← {t('catalogue.back')}</Link>
      </p>
      <h1>
        {p.title} <Badge tone={p.status === 'ACTIVE' ? 'ok' : 'plain'}>{label('productStatus', p.status)}</Badge>
      </h1>
      {p.titleEn !== p.title && <p className="muted">{p.titleEn}</p>}
      <div className="grid-2">
        <Section title={t('catalogue.texts')} id="texts">
          {p.translations.length === 0 ? (
            <Empty>{t('catalogue.noTranslations')}</Empty>
          ) : (
            <dl className="kvs">
              {p.translations.map((tr) => (
                <div className="kv" key={tr.locale}>
                  <dt>{tr.locale}</dt>
                  <dd>
                    {tr.title}
                    {!tr.description.trim() && (
                      <>
                        {' '}
                        <Badge tone="warn">{t('catalogue.noDescription')}</Badge>
                      </>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </Section>
        <Section title={t('catalogue.images')} id="images">
          {p.images.length === 0 ? (
            <p className="alert alert-warn">{t('catalogue.noImages')}</p>
          ) : (
            <ul className="thumbs">
              {p.images.map((img) => (
                <li key={img.id}>
                  <img src={img.url} alt={img.alt || p.title} loading="lazy" width={96} height={96} />
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section title={t('catalogue.variants')} id="variants">
        <TableWrap label={t('catalogue.variants')}>
          <thead>
            <tr>
              <th>SKU</th>
              <th>{t('catalogue.options')}</th>
              <th className="num">{t('catalogue.price')}</th>
              <th className="num">{t('stock.onHand')}</th>
              <th className="num">{t('stock.available')}</th>
            </tr>
          </thead>
          <tbody>
            {p.variants.map((v) => (
              <tr key={v.id}>
                <td>{can('inventory.read') ? <Link to={ledgerLink(v.sku)}>{v.sku}</Link> : v.sku}</td>
                <td>{v.optionValues.join(' / ')}</td>
                <td className="num">
                  <MoneyText money={v.price} />
                </td>
                <td className="num">{v.stock.onHand}</td>
                <td className="num">{v.stock.available}</td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      </Section>
      {can('channels.read') && (
        <Section title={t('catalogue.listings')} id="listings">
          <ProductListings skus={p.variants.map((v) => v.sku)} />
        </Section>
      )}
    </>
  );
}
