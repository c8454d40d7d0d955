import { useId, type ReactNode } from 'react';
import type { ApiError } from '../api/api-client';
import type { DataSource, MetricEnvelope } from '../api/contract';
import type { Resource } from '../api/use-api-resource';
import { useDashboard } from '../dashboard-context';
import type { CsvTable } from '../export/panel-csv';
import { DownloadCsvButton } from './DownloadCsv';

const SOURCE_LABELS: Record<DataSource, string> = {
  cache: 'pre-computed cache',
  rollups: 'hourly rollups',
  athena: 'live query (Athena)',
  submissions: 'submissions table (live)',
};

interface PanelProps<T> {
  /** Stable id for tests and in-page links (`panel-<id>`). */
  id: string;
  title: string;
  resource: Resource<MetricEnvelope<T>>;
  /** True when the figures are all zero / the list is empty: show `emptyMessage` instead. */
  isEmpty(data: T): boolean;
  emptyMessage: string;
  /** Skeleton shape while loading. */
  skeleton?: 'figures' | 'chart' | 'table';
  className?: string;
  /**
   * The figures as a table for "Download CSV" (shown with the data, not when empty): the same
   * data the panel renders (`export/panel-csv.ts`).
   */
  csv?(data: T): CsvTable;
  children(data: T, envelope: MetricEnvelope<T>): ReactNode;
}

/**
 * A titled region that shows one API resource in its four states: loading (skeleton), error
 * (message + retry / sign in again), empty, and data (with its freshness and source).
 */
export function Panel<T>({ id, title, resource, isEmpty, emptyMessage, skeleton = 'chart', className, csv, children }: PanelProps<T>) {
  const headingId = useId();
  const { state } = resource;
  const hasData = state.status === 'ready' && !isEmpty(state.value.data);
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId} aria-busy={state.status === 'loading'} data-testid={`panel-${id}`} data-state={state.status === 'ready' ? (isEmpty(state.value.data) ? 'empty' : 'data') : state.status}>
      <header className="panel-header">
        <h2 id={headingId}>{title}</h2>
        {state.status === 'ready' && <Freshness envelope={state.value} />}
        {hasData && csv && <DownloadCsvButton title={title} panelId={id} envelope={state.value} table={() => csv(state.value.data)} />}
      </header>
      {state.status === 'loading' && <Skeleton shape={skeleton} />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={resource.retry} />}
      {state.status === 'ready' && (isEmpty(state.value.data) ? <p className="empty">{emptyMessage}</p> : children(state.value.data, state.value))}
    </section>
  );
}

/** "Nov 19 – 25, 2026 · Updated 5 minutes ago · from pre-computed cache", exact time on hover. */
export function Freshness({ envelope }: { envelope: Pick<MetricEnvelope<unknown>, 'updated_at' | 'age_seconds' | 'source' | 'period'> }) {
  const { format, tenantTimeZone } = useDashboard();
  return (
    <p className="freshness" data-testid="freshness">
      {envelope.period && (
        <>
          <span data-testid="period">{format.dayRange(envelope.period.start_date, envelope.period.end_date)}</span> ·{' '}
        </>
      )}
      Updated{' '}
      <time dateTime={envelope.updated_at} title={format.instant(envelope.updated_at, tenantTimeZone)}>
        {format.age(envelope.age_seconds)}
      </time>{' '}
      · from <span data-testid="source">{SOURCE_LABELS[envelope.source] ?? envelope.source}</span>
    </p>
  );
}

export function Skeleton({ shape }: { shape: 'figures' | 'chart' | 'table' }) {
  return (
    <div className={`skeleton skeleton-${shape}`} role="status" data-testid="skeleton">
      <span className="visually-hidden">Loading…</span>
      {shape === 'figures' && [0, 1, 2, 3].map((i) => <div key={i} className="skeleton-block" />)}
      {shape === 'chart' && <div className="skeleton-block tall" />}
      {shape === 'table' && [0, 1, 2, 3, 4].map((i) => <div key={i} className="skeleton-line" />)}
    </div>
  );
}

/** The user-facing explanation of an API failure and what to do about it. */
export function describeError(error: ApiError): { text: string; canRetry: boolean; signIn: boolean } {
  switch (error.kind) {
    case 'unauthorized':
      return { text: 'Your session has expired or your token was not accepted. Sign in again to continue.', canRetry: false, signIn: true };
    case 'forbidden':
      return { text: `You do not have access to this data (${error.message}).`, canRetry: false, signIn: false };
    case 'bad_request':
      return { text: `The analytics API could not answer this request: ${error.message}`, canRetry: false, signIn: false };
    case 'not_found':
      return { text: `The analytics API does not offer this view (${error.message}).`, canRetry: true, signIn: false };
    case 'server':
      return { text: `The analytics service had a problem (${error.status ?? 'server error'}). Try again in a moment.`, canRetry: true, signIn: false };
    case 'network':
      return { text: 'Could not reach the analytics API. Check your connection and try again.', canRetry: true, signIn: false };
    case 'invalid_response':
      return { text: 'The analytics API sent a response the dashboard cannot read.', canRetry: true, signIn: false };
  }
}

export function ErrorMessage({ error, retry }: { error: ApiError; retry(): void }) {
  const { signOut } = useDashboard();
  const { text, canRetry, signIn } = describeError(error);
  return (
    <div className="error" role="alert" data-testid="error" data-error-kind={error.kind}>
      <p>{text}</p>
      {error.requestId && <p className="request-id">Reference for support: {error.requestId}</p>}
      {canRetry && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
      {signIn && (
        <button type="button" onClick={() => signOut('Your session ended. Sign in again to continue.')}>
          Sign in again
        </button>
      )}
    </div>
  );
}
