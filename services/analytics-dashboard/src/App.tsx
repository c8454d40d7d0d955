import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { createDashboardApi, type DashboardApi } from './api/api-client';
import { clearToken, decodeClaims, isExpired, readToken, saveToken } from './auth/token-store';
import { loadEcharts, type ChartEngineLoader } from './charts/chart-engine';
import { RangePicker } from './components/RangePicker';
import { SignIn } from './components/SignIn';
import { DashboardContext, type DashboardServices } from './dashboard-context';
import { saveFileInBrowser, type SaveFile } from './export/save-file';
import { PAGE_TITLES, PagePanels } from './pages/pages';
import { createFormatters } from './view/formatting';
import { PAGES, parseViewState, serializeViewState, type ViewState } from './view/view-state';

export interface AppProps {
  apiBaseUrl: string;
  /** Builds the API port for a token (tests hand in an in-memory one). */
  createApi?: (token: string) => DashboardApi;
  loadChartEngine?: ChartEngineLoader | null;
  locale?: string;
  storage?: Storage;
  /** Where downloads go (tests record them). */
  saveFile?: SaveFile;
}

/** Signed out: the token screen. Signed in: the dashboard for the view in the URL. */
export function App({ apiBaseUrl, createApi, loadChartEngine = loadEcharts, locale = navigator.language, storage = sessionStorage, saveFile = saveFileInBrowser }: AppProps) {
  const [token, setToken] = useState<string | null>(() => {
    const stored = readToken(storage);
    return stored && !isExpired(decodeClaims(stored)) ? stored : null;
  });
  const [signInMessage, setSignInMessage] = useState<string | undefined>();

  const signOut = useCallback(
    (reason?: string) => {
      clearToken(storage);
      setToken(null);
      setSignInMessage(reason);
    },
    [storage],
  );

  if (!token) {
    return (
      <SignIn
        message={signInMessage}
        onSignIn={(value) => {
          saveToken(value, storage);
          setToken(value);
        }}
      />
    );
  }
  return <Dashboard key={token} token={token} apiBaseUrl={apiBaseUrl} createApi={createApi} loadChartEngine={loadChartEngine} locale={locale} signOut={signOut} saveFile={saveFile} />;
}

function useViewState(): [ViewState, (next: ViewState) => void] {
  const [view, setView] = useState(() => parseViewState(window.location.search));
  useEffect(() => {
    const onPopState = () => setView(parseViewState(window.location.search));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const navigate = useCallback((next: ViewState) => {
    window.history.pushState(null, '', `${window.location.pathname}${serializeViewState(next)}`);
    setView(next);
  }, []);
  return [view, navigate];
}

interface DashboardProps {
  token: string;
  apiBaseUrl: string;
  createApi?: (token: string) => DashboardApi;
  loadChartEngine: ChartEngineLoader | null;
  locale: string;
  signOut(reason?: string): void;
  saveFile: SaveFile;
}

function Dashboard({ token, apiBaseUrl, createApi, loadChartEngine, locale, signOut, saveFile }: DashboardProps) {
  const [view, navigate] = useViewState();
  const [tenantTimeZone, setTenantTimeZone] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  const pageChanged = useRef(false);

  const api = useMemo(() => (createApi ? createApi(token) : createDashboardApi({ baseUrl: apiBaseUrl, token })), [createApi, token, apiBaseUrl]);
  const format = useMemo(() => createFormatters(locale), [locale]);
  const claims = useMemo(() => decodeClaims(token), [token]);
  const services = useMemo<DashboardServices>(
    () => ({ api, format, claims, signOut, loadChartEngine, tenantTimeZone, reportTenantTimeZone: setTenantTimeZone, saveFile }),
    [api, format, claims, signOut, loadChartEngine, tenantTimeZone, saveFile],
  );

  useEffect(() => {
    document.title = `${PAGE_TITLES[view.page]} · Picasso Analytics`;
    // Move focus to the new page's heading so screen reader and keyboard users land on it.
    if (pageChanged.current) heading.current?.focus();
  }, [view.page]);

  const goTo = (event: MouseEvent<HTMLAnchorElement>, next: ViewState) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return; // new tab/window: let the browser do it
    event.preventDefault();
    pageChanged.current = true;
    navigate(next);
  };

  const tenant = services.claims?.tenant_id ?? services.claims?.tenant_hash ?? 'unknown tenant';
  return (
    <DashboardContext.Provider value={services}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <p className="brand">Picasso Analytics</p>
        <nav aria-label="Dashboard pages">
          <ul>
            {PAGES.map((page) => {
              const target = { ...view, page };
              return (
                <li key={page}>
                  <a href={serializeViewState(target)} aria-current={view.page === page ? 'page' : undefined} onClick={(e) => goTo(e, target)} data-testid={`nav-${page}`}>
                    {PAGE_TITLES[page]}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="account">
          <span className="tenant" data-testid="tenant">
            {tenant}
          </span>
          <button type="button" onClick={() => signOut('You have signed out.')} data-testid="sign-out">
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="page-header">
          <h1 ref={heading} tabIndex={-1}>
            {PAGE_TITLES[view.page]}
          </h1>
          <RangePicker value={view.range} onChange={(range) => navigate({ ...view, range })} />
        </div>
        <div className="panels">
          <PagePanels page={view.page} range={view.range} />
        </div>
      </main>
      <footer className="footer">
        <p>
          Numbers in your locale ({locale}); times in the tenant&apos;s time zone{tenantTimeZone ? ` (${tenantTimeZone})` : ''}.
        </p>
      </footer>
    </DashboardContext.Provider>
  );
}
