import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { SessionProvider, useSession } from './api/session';
import { I18nProvider, LOCALES, useI18n } from './i18n/i18n';
import type { MessageKey } from './i18n/zh-CN';
import { Loading } from './ui/ui';
import { SignIn } from './signin/sign-in';
import { ChannelsPage } from './channels/channels-page';
import { ChannelPage } from './channels/channel-page';
import { OrdersPage } from './orders/orders-page';
import { OrderPage } from './orders/order-page';
import { PrintPage } from './orders/print-page';
import { StockPage } from './stock/stock-page';
import { LedgerPage } from './stock/ledger-page';
import { CataloguePage } from './catalogue/catalogue-page';
import { ProductPage } from './catalogue/product-page';

// The charts library is the largest dependency: it loads with the sales screen only.
const SalesPage = lazy(() => import('./sales/sales-page').then((m) => ({ default: m.SalesPage })));

/** The screens, each behind the permission its main query needs (docs/permissions.md). */
export const SCREENS: { path: string; label: MessageKey; allowed: (can: (p: string) => boolean) => boolean }[] = [
  { path: '/channels', label: 'nav.channels', allowed: (can) => can('channels.read') },
  { path: '/orders', label: 'nav.orders', allowed: (can) => can('orders.read') },
  { path: '/stock', label: 'nav.stock', allowed: (can) => can('inventory.read') },
  { path: '/catalogue', label: 'nav.catalogue', allowed: (can) => can('catalog.read') },
  { path: '/sales', label: 'nav.sales', allowed: (can) => can('reports.read') || can('orders.read') },
];

function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const other = LOCALES.find((l) => l !== locale)!;
  return (
    <button type="button" className="link-button" onClick={() => setLocale(other)} lang={other} aria-label={t('app.switchLanguage')}>
      {other === 'en-US' ? 'English' : '中文'}
    </button>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { me, can, signOut } = useSession();
  const { t, locale } = useI18n();
  const screens = SCREENS.filter((s) => s.allowed(can));
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        <nav aria-label={t('app.navigation')}>
          <ul>
            {screens.map((s) => (
              <li key={s.path}>
                <NavLink to={s.path}>{t(s.label)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {me && (
            <span className="muted" title={me.email}>
              {me.name} · {locale === 'zh-CN' ? me.department.nameZh : me.department.name}
            </span>
          )}
          <LanguageSwitch />
          <button type="button" className="link-button" onClick={signOut}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** A screen the person may open, or a note that they may not. */
function Guard({ allowed, children }: { allowed: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return allowed ? <>{children}</> : <p className="error" role="alert">{t('error.noAccess')}</p>;
}

function Routed() {
  const { token, me, loading, can } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (!token) return location.pathname === '/signin' ? <SignIn /> : <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  if (loading || !me) return <Loading label={t('app.loadingSession')} />;
  const home = SCREENS.find((s) => s.allowed(can))?.path;
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/signin" element={<Navigate to={home ?? '/'} replace />} />
          <Route path="/" element={home ? <Navigate to={home} replace /> : <p>{t('app.nothingToShow')}</p>} />
          <Route path="/channels" element={<Guard allowed={can('channels.read')}><ChannelsPage /></Guard>} />
          <Route path="/channels/:channelId" element={<Guard allowed={can('channels.read')}><ChannelPage /></Guard>} />
          <Route path="/orders" element={<Guard allowed={can('orders.read')}><OrdersPage /></Guard>} />
          <Route path="/orders/print" element={<Guard allowed={can('orders.fulfil')}><PrintPage /></Guard>} />
          <Route path="/orders/:orderId" element={<Guard allowed={can('orders.read')}><OrderPage /></Guard>} />
          <Route path="/stock" element={<Guard allowed={can('inventory.read')}><StockPage /></Guard>} />
          <Route path="/stock/ledger" element={<Guard allowed={can('inventory.read')}><LedgerPage /></Guard>} />
          <Route path="/catalogue" element={<Guard allowed={can('catalog.read')}><CataloguePage /></Guard>} />
          <Route path="/catalogue/products/:productId" element={<Guard allowed={can('catalog.read')}><ProductPage /></Guard>} />
          <Route path="/sales" element={<Guard allowed={can('reports.read') || can('orders.read')}><SalesPage /></Guard>} />
          <Route path="*" element={<p>{t('error.pageNotFound')}</p>} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter basename="/console">
          <Routed />
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}
