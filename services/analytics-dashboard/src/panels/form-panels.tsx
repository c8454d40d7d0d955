import { useEffect, useState } from 'react';
import type { FormSubmission, FormsBottlenecks, FormsSummary, FormsTopPerformers, MetricEnvelope, SubmissionsPage } from '../api/contract';
import { useApiResource } from '../api/use-api-resource';
import { useMetric } from '../api/use-metric';
import { hasScope } from '../auth/token-store';
import { csvFileName } from '@picasso/shared/csv';
import { DownloadServerCsvButton } from '../components/DownloadCsv';
import { DataTable, dataTableCsv, type Column } from '../components/Figures';
import { useHeadlineFigures, type FigureSpec } from '../components/HeadlineFigures';
import type { Formatters } from '../view/formatting';
import { ErrorMessage, Freshness, Panel, Skeleton } from '../components/Panel';
import { useDashboard } from '../dashboard-context';
import { rangeKey, rangeQuery, type DateRange } from '../view/view-state';

const SUMMARY_FIGURES: FigureSpec<FormsSummary>[] = [
  { key: 'forms_started', label: 'Forms started', unit: 'count' },
  { key: 'forms_completed', label: 'Forms completed', unit: 'count' },
  { key: 'forms_abandoned', label: 'Forms abandoned', unit: 'count' },
  { key: 'completion_rate', label: 'Completion rate', unit: 'rate' },
  { key: 'avg_completion_seconds', label: 'Average time to complete', unit: 'duration' },
];

/** Started / completed / abandoned forms from `forms_summary`. */
export function FormsSummaryPanel({ range }: { range: DateRange }) {
  const resource = useMetric('forms_summary', range);
  const figures = useHeadlineFigures('forms_summary', range, SUMMARY_FIGURES);
  return (
    <Panel<FormsSummary> id="forms-summary" title="Forms at a glance" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.forms_started === 0 && d.forms_completed === 0 && d.forms_abandoned === 0} emptyMessage="No forms were started in this range yet." csv={figures.csv}>
      {figures.cards}
    </Panel>
  );
}

type BottleneckField = FormsBottlenecks['fields'][number];

function bottleneckColumns(format: Formatters): Column<BottleneckField>[] {
  return [
    { header: 'Field', cell: (f) => f.field, testId: (_f, i) => `bottleneck-${i}-field`, csv: (f) => f.field },
    { header: 'Form', cell: (f) => f.form_id, csv: (f) => f.form_id },
    { header: 'Abandons', numeric: true, cell: (f) => format.count(f.abandons), testId: (_f, i) => `bottleneck-${i}-abandons`, csv: (f) => f.abandons },
    { header: 'Share of abandons', csvHeader: 'Share of abandons (%)', numeric: true, cell: (f) => format.percent(f.share_percentage), testId: (_f, i) => `bottleneck-${i}-share`, csv: (f) => f.share_percentage },
  ];
}

type FormPerformance = FormsTopPerformers['forms'][number];

function topFormColumns(format: Formatters): Column<FormPerformance>[] {
  return [
    { header: 'Form', cell: (f) => f.form_label || f.form_id, testId: (_f, i) => `top-form-${i}-label`, csv: (f) => f.form_label || f.form_id },
    { header: 'Started', numeric: true, cell: (f) => format.count(f.started), testId: (_f, i) => `top-form-${i}-started`, csv: (f) => f.started },
    { header: 'Completed', numeric: true, cell: (f) => format.count(f.completed), testId: (_f, i) => `top-form-${i}-completed`, csv: (f) => f.completed },
    { header: 'Completion rate', csvHeader: 'Completion rate (%)', numeric: true, cell: (f) => format.percent(f.completion_rate), testId: (_f, i) => `top-form-${i}-rate`, csv: (f) => f.completion_rate },
    { header: 'Average time', csvHeader: 'Average time (seconds)', numeric: true, cell: (f) => format.duration(f.avg_completion_seconds), csv: (f) => f.avg_completion_seconds },
  ];
}

/** Fields where visitors gave up, from `forms_bottlenecks`. */
export function BottlenecksPanel({ range }: { range: DateRange }) {
  const resource = useMetric('forms_bottlenecks', range);
  const { format } = useDashboard();
  return (
    <Panel<FormsBottlenecks> id="forms-bottlenecks" title="Where forms are abandoned" resource={resource} skeleton="table" isEmpty={(d) => d.fields.length === 0} emptyMessage="No abandoned forms in this range." csv={(d) => dataTableCsv(bottleneckColumns(format), d.fields)}>
      {(d) => (
        <DataTable
          caption="Fields where forms were abandoned, most abandons first"
          captionHidden
          testId="table-bottlenecks"
          rows={d.fields}
          rowKey={(f) => `${f.form_id}/${f.field}`}
          columns={bottleneckColumns(format)}
        />
      )}
    </Panel>
  );
}

/** Forms ranked by completions, from `forms_top_performers`. */
export function TopPerformersPanel({ range }: { range: DateRange }) {
  const resource = useMetric('forms_top_performers', range);
  const { format } = useDashboard();
  return (
    <Panel<FormsTopPerformers> id="forms-top-performers" title="Top performing forms" resource={resource} skeleton="table" isEmpty={(d) => d.forms.length === 0} emptyMessage="No forms were started in this range yet." csv={(d) => dataTableCsv(topFormColumns(format), d.forms)}>
      {(d) => (
        <DataTable
          caption="Forms ranked by completions, then completion rate"
          captionHidden
          testId="table-top-performers"
          rows={d.forms}
          rowKey={(f) => f.form_id}
          columns={topFormColumns(format)}
        />
      )}
    </Panel>
  );
}

export const PII_SCOPE = 'pii:read';
const PAGE_SIZE = 25;

function formDataEntries(formData: Record<string, unknown>): [string, string][] {
  return Object.entries(formData).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
}

/**
 * The tenant's time zone for submission times. Heatmap and trend responses carry it; on the Forms
 * page neither is loaded, so ask for the smallest one (today's trend, a cache hit) once.
 */
function useTenantTimeZone(): { timeZone: string | undefined; settled: boolean } {
  const { api, tenantTimeZone, reportTenantTimeZone } = useDashboard();
  const lookup = useApiResource(`timezone|${tenantTimeZone ?? ''}`, tenantTimeZone ? null : (signal) => api.getMetric('conversations_trend', { range: '1d' }, signal));
  useEffect(() => {
    if (lookup.state.status === 'ready') reportTenantTimeZone(lookup.state.value.data.timezone);
  }, [lookup.state, reportTenantTimeZone]);
  return { timeZone: tenantTimeZone, settled: Boolean(tenantTimeZone) || lookup.state.status === 'error' };
}

function SubmissionRows({ submissions, timeZone }: { submissions: FormSubmission[]; timeZone: string | undefined }) {
  const { format } = useDashboard();
  return (
    <DataTable
      caption="Form submissions, newest first"
      captionHidden
      testId="table-submissions"
      rows={submissions}
      rowKey={(s) => s.submission_id}
      columns={[
        { header: `Submitted (${timeZone ?? 'your time zone'})`, cell: (s) => <time dateTime={s.submitted_at}>{format.instant(s.submitted_at, timeZone)}</time> },
        { header: 'Form', cell: (s) => s.form_title || s.form_id },
        {
          header: 'Submitted values',
          cell: (s) => (
            <dl className="form-data" data-testid="submission-form-data">
              {formDataEntries(s.form_data).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          ),
        },
      ]}
    />
  );
}

/** Reads the submission pages one after another (`next_token`); remounted when the range changes. */
function SubmissionsTable({ range }: { range: DateRange }) {
  const { api } = useDashboard();
  const [cursor, setCursor] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<FormSubmission[]>([]);
  const resource = useApiResource<MetricEnvelope<SubmissionsPage>>(`submissions|${rangeKey(range)}|${cursor ?? ''}`, (signal) => api.getSubmissions({ ...rangeQuery(range), limit: String(PAGE_SIZE), ...(cursor ? { next_token: cursor } : {}) }, signal));
  const { state } = resource;
  const zone = useTenantTimeZone();
  const rows = state.status === 'ready' ? [...earlier, ...state.value.data.submissions] : earlier;
  const nextToken = state.status === 'ready' ? state.value.data.next_token : null;

  return (
    <>
      {state.status === 'ready' && (
        <div className="panel-actions">
          <Freshness envelope={state.value} />
          {rows.length > 0 && (
            <DownloadServerCsvButton
              title="Form submissions"
              fileName={csvFileName({ tenant: state.value.tenant_id, name: 'form-submissions', startDate: state.value.period.start_date, endDate: state.value.period.end_date })}
              load={() => api.getSubmissionsCsv(rangeQuery(range))}
            />
          )}
        </div>
      )}
      {rows.length > 0 && zone.settled && <SubmissionRows submissions={rows} timeZone={zone.timeZone} />}
      {state.status === 'ready' && rows.length === 0 && <p className="empty">No form submissions in this range.</p>}
      {(state.status === 'loading' || (rows.length > 0 && !zone.settled)) && <Skeleton shape="table" />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={resource.retry} />}
      {state.status === 'ready' && nextToken && (
        <button
          type="button"
          onClick={() => {
            setEarlier(rows);
            setCursor(nextToken);
          }}
        >
          Show more submissions
        </button>
      )}
    </>
  );
}

/**
 * Form submissions with their submitted values (PII). Without the `pii:read` scope the panel says
 * so and never calls `/forms/submissions`, and offers no download. With it, "Download CSV" asks the
 * API for the whole range as one file (`format=csv`), which the API audits: the submissions CSV is
 * never built in the browser from the pages on screen.
 */
export function SubmissionsPanel({ range }: { range: DateRange }) {
  const { claims } = useDashboard();
  const allowed = hasScope(claims, PII_SCOPE);
  return (
    <section className="panel wide" aria-labelledby="submissions-heading" data-testid="panel-forms-submissions" data-state={allowed ? 'pii' : 'no-pii'}>
      <header className="panel-header">
        <h2 id="submissions-heading">Form submissions</h2>
      </header>
      {allowed ? (
        <SubmissionsTable key={rangeKey(range)} range={range} />
      ) : (
        <p className="note" data-testid="submissions-no-pii">
          Submitted form values contain personal data and are only shown to accounts with the <code>{PII_SCOPE}</code> permission. Your sign-in does not include it; ask an administrator if you need to see submissions.
        </p>
      )}
    </section>
  );
}
