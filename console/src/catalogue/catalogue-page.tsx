import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '../api/hooks';
import { useSession } from '../api/session';
import { CatalogueChannelsDocument, CatalogueListingsDocument, CatalogueProductsDocument, type ListingStatus } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Loading, Pager, Section, TableWrap, usePager } from '../ui/ui';
import { ListingTable } from './listing-table';

/** The language of a locale: "en-US" → "en". */
export const languageOf = (locale: string) => locale.replace('_', '-').split('-')[0].toLowerCase();

/** Chinese is the catalogue's own language (the product's title); the rest come from translations. */
const CATALOGUE_LANGUAGE = 'zh';

function Products({ languages }: { languages: string[] }) {
  const { t, label } = useI18n();
  const [text, setText] = useState('');
  const [search, setSearch] = useState<string | null>(null);
  const pager = usePager();
  const { data, error, loading } = useQuery(CatalogueProductsDocument, { search, after: pager.after });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pager.reset();
    setSearch(text.trim() || null);
  };
  return (
    <Section title={t('catalogue.products')} id="products">
      <form className="filters" onSubmit={submit} role="search">
        <label>
          {t('catalogue.search')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('catalogue.searchHint')} />
        </label>
        <button type="submit">{t('common.search')}</button>
      </form>
      {loading && <Loading />}
      <ErrorNote error={error} />
      {data && data.products.totalCount === 0 && <Empty>{t('catalogue.noProducts')}</Empty>}
      {data && data.products.nodes.length > 0 && (
        <TableWrap label={t('catalogue.products')}>
          <thead>
            <tr>
              <th>{t('catalogue.product')}</th>
              <th>{t('catalogue.status')}</th>
              <th className="num">{t('catalogue.variants')}</th>
              <th>{t('catalogue.images')}</th>
              {languages.map((l) => (
                <th key={l}>{t('catalogue.textIn', { language: l })}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.products.nodes.map((p) => {
              const has = (lang: string) => p.translations.some((tr) => languageOf(tr.locale) === lang && tr.title.trim() && tr.description.trim());
              return (
                <tr key={p.id}>
                  <td>
                    <Link to={`/catalogue/products/${encodeURIComponent(p.id)}`}>{p.title}</Link>
                  </td>
                  <td>
                    <Badge tone={p.status === 'ACTIVE' ? 'ok' : 'plain'}>{label('productStatus', p.status)}</Badge>
                  </td>
                  <td className="num">{p.variants.length}</td>
                  <td>{p.images.length ? p.images.length : <Badge tone="bad">{t('catalogue.noImages')}</Badge>}</td>
                  {languages.map((l) => (
                    <td key={l}>{has(l) ? <span aria-label={t('catalogue.present')}>✓</span> : <Badge tone="warn">{t('catalogue.missingText')}</Badge>}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </TableWrap>
      )}
      {data && <Pager pager={pager} hasNext={data.products.pageInfo.hasNextPage} endCursor={data.products.pageInfo.endCursor} total={data.products.totalCount} loading={loading} />}
    </Section>
  );
}

type Tab = 'translation' | 'refused' | 'draft';

function ListingsNeedingWork({ channels }: { channels: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('translation');
  const [channelId, setChannelId] = useState('');
  const pager = usePager();
  const status: Record<Tab, ListingStatus | null> = { translation: null, refused: 'ERROR', draft: 'DRAFT' };
  const filter = { channelId: channelId || null, missingTranslation: tab === 'translation' ? true : null, status: status[tab] };
  const { data, error, loading } = useQuery(CatalogueListingsDocument, { filter, after: pager.after });
  const tabs: [Tab, string][] = [
    ['translation', t('catalogue.tabTranslation')],
    ['refused', t('catalogue.tabRefused')],
    ['draft', t('catalogue.tabDraft')],
  ];
  return (
    <Section
      title={t('catalogue.needingWork')}
      id="needing-work"
      actions={
        <label className="inline">
          {t('catalogue.channel')}{' '}
          <select
            value={channelId}
            onChange={(e) => {
              setChannelId(e.target.value);
              pager.reset();
            }}
          >
            <option value="">{t('common.all')}</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <div className="tabs" role="group" aria-label={t('catalogue.needingWork')}>
        {tabs.map(([k, text]) => (
          <button
            key={k}
            type="button"
            className={tab === k ? 'tab active' : 'tab'}
            aria-pressed={tab === k}
            onClick={() => {
              setTab(k);
              pager.reset();
            }}
          >
            {text}
          </button>
        ))}
      </div>
      {loading && <Loading />}
      <ErrorNote error={error} />
      {data && data.listings.totalCount === 0 && <Empty>{t('catalogue.nothingMissing')}</Empty>}
      {data && data.listings.nodes.length > 0 && <ListingTable listings={data.listings.nodes} missingTranslation={tab === 'translation'} />}
      {data && <Pager pager={pager} hasNext={data.listings.pageInfo.hasNextPage} endCursor={data.listings.pageInfo.endCursor} total={data.listings.totalCount} loading={loading} />}
    </Section>
  );
}

/** Catalogue: products and what each marketplace still lacks (translations, images, attributes). */
export function CataloguePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const channelsRead = can('channels.read');
  const channels = useQuery(CatalogueChannelsDocument, {}, { skip: !channelsRead });
  // The languages the channels sell in besides the catalogue's own; English when no channel is readable.
  const languages = useMemo(() => {
    const found = new Set<string>();
    for (const c of channels.data?.channels ?? []) for (const m of c.marketplaces) if (m.locale) found.add(languageOf(m.locale));
    found.delete(CATALOGUE_LANGUAGE);
    return found.size ? [...found].sort() : ['en'];
  }, [channels.data]);
  return (
    <>
      <h1>{t('catalogue.title')}</h1>
      <ErrorNote error={channels.error} />
      <Products languages={languages} />
      {channelsRead && <ListingsNeedingWork channels={channels.data?.channels ?? []} />}
    </>
  );
}
