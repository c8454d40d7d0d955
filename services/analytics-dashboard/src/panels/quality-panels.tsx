import { useMemo, type ReactNode } from 'react';
import type { KnowledgeBaseSummary, ResponseLatency, UnansweredQuestions } from '../api/contract';
import { useMetric } from '../api/use-metric';
import { Chart } from '../charts/Chart';
import { CHART_COLORS } from '../charts/palette';
import { DataTable, dataTableCsv, TextAlternative, type Column } from '../components/Figures';
import { useHeadlineFigures, type FigureSpec } from '../components/HeadlineFigures';
import type { Formatters } from '../view/formatting';
import { questionColumns } from './conversation-panels';
import { Panel } from '../components/Panel';
import { useDashboard } from '../dashboard-context';
import type { DateRange } from '../view/view-state';

const KNOWLEDGE_BASE_FIGURES: FigureSpec<KnowledgeBaseSummary>[] = [
  { key: 'answer_rate', label: 'Answered from the Knowledge Base', unit: 'rate', hint: 'replies that used the Knowledge Base, of all replies' },
  { key: 'knowledge_base_replies', label: 'Knowledge-base replies', unit: 'count' },
  { key: 'replies', label: 'Replies', unit: 'count' },
];

/** The knowledge-base answer rate card from `knowledge_base_summary` (docs/metrics.md). */
export function KnowledgeBasePanel({ range }: { range: DateRange }) {
  const resource = useMetric('knowledge_base_summary', range);
  const figures = useHeadlineFigures('knowledge_base_summary', range, KNOWLEDGE_BASE_FIGURES);
  return (
    <Panel<KnowledgeBaseSummary> id="knowledge-base" title="Knowledge-base answer rate" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.replies === 0} emptyMessage="No replies in this range yet." csv={figures.csv}>
      {figures.cards}
    </Panel>
  );
}

/** The questions the Knowledge Base did not answer, from `unanswered_questions`. */
export function UnansweredQuestionsPanel({ range }: { range: DateRange }) {
  const resource = useMetric('unanswered_questions', range);
  const { format } = useDashboard();
  return (
    <Panel<UnansweredQuestions>
      id="unanswered-questions"
      title="Questions the Knowledge Base did not answer"
      resource={resource}
      skeleton="table"
      className="wide"
      isEmpty={(d) => d.questions.length === 0}
      emptyMessage="Every question in this range was answered from the Knowledge Base."
      csv={(d) => dataTableCsv(questionColumns('unanswered-question', format), d.questions)}
    >
      {(d) => (
        <>
          <p className="panel-note">Add these to your documents. Greetings and thanks are left out.</p>
          <DataTable
            caption="Questions whose reply did not use the Knowledge Base, most asked first"
            captionHidden
            testId="table-unanswered-questions"
            rows={d.questions}
            rowKey={(q) => q.question}
            columns={questionColumns('unanswered-question', format)}
          />
        </>
      )}
    </Panel>
  );
}

const LATENCIES = [
  { key: 'first_token', label: 'Time to first word' },
  { key: 'total_time', label: 'Total response time' },
] as const;
type Latency = (typeof LATENCIES)[number];

/** The percentiles' table alternative. */
function latencyColumns(data: ResponseLatency, format: Formatters): Column<Latency>[] {
  return [
    { header: 'Measure', cell: (l) => l.label },
    { header: 'Median (p50)', numeric: true, cell: (l) => format.duration(data[l.key].p50_seconds), testId: (l) => `latency-${l.key}-p50` },
    { header: '95th percentile (p95)', numeric: true, cell: (l) => format.duration(data[l.key].p95_seconds), testId: (l) => `latency-${l.key}-p95` },
  ];
}

/**
 * The latency figures: the first-word cards (with their change against the previous period) and,
 * in the CSV only, the total-time percentiles (seconds, unrounded), the count the shares are of
 * and the sketch's stated error.
 */
const LATENCY_FIGURES: FigureSpec<ResponseLatency>[] = [
  { key: 'first_token', id: 'first_token-p50', label: 'Median time to first word', unit: 'duration', value: (d) => d.first_token.p50_seconds },
  { key: 'first_token', id: 'first_token-p95', label: '95th percentile, first word', unit: 'duration', value: (d) => d.first_token.p95_seconds },
  { key: 'first_token_under_1s_percentage', id: 'under_1s', label: 'First word under 1 s', unit: 'rate' },
  { key: 'first_token_over_10s_percentage', id: 'over_10s', label: 'First word over 10 s', unit: 'rate' },
  { key: 'total_time', id: 'total_time-p50', label: 'Median total response time', unit: 'duration', value: (d) => d.total_time.p50_seconds, csvOnly: true },
  { key: 'total_time', id: 'total_time-p95', label: '95th percentile, total response time', unit: 'duration', value: (d) => d.total_time.p95_seconds, csvOnly: true },
  { key: 'replies_timed', label: 'Timed replies', unit: 'count', csvOnly: true },
  { key: 'relative_error', label: 'Stated relative error of the percentiles', unit: 'rate', value: (d) => d.relative_error * 100, csvOnly: true },
];

function LatencyBody({ data, cards }: { data: ResponseLatency; cards: ReactNode }) {
  const { format } = useDashboard();
  const option = useMemo(
    () => ({
      color: CHART_COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#1d2433' } },
      grid: { left: 56, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: LATENCIES.map((l) => l.label) },
      yAxis: { type: 'value', name: 'seconds' },
      series: [
        { type: 'bar', name: 'Median (p50)', data: LATENCIES.map((l) => data[l.key].p50_seconds) },
        { type: 'bar', name: '95th percentile (p95)', data: LATENCIES.map((l) => data[l.key].p95_seconds) },
      ],
    }),
    [data],
  );
  const errorPercent = format.percent(data.relative_error * 100);
  return (
    <>
      {cards}
      <p className="panel-note">
        Percentiles of <span data-testid="latency-replies">{format.count(data.replies_timed)}</span> timed replies, accurate to within{' '}
        <span data-testid="latency-error">{errorPercent}</span>.
      </p>
      <Chart option={option} label={`Median and 95th percentile of time to first word and total response time, in seconds, of ${format.count(data.replies_timed)} replies.`} testId="chart-latency" />
      <TextAlternative>
        <DataTable
          caption="Response time percentiles"
          testId="table-latency"
          rows={[...LATENCIES]}
          rowKey={(l) => l.key}
          columns={latencyColumns(data, format)}
        />
      </TextAlternative>
    </>
  );
}

/** Latency percentiles and first-word shares from `response_latency`. */
export function LatencyPanel({ range }: { range: DateRange }) {
  const resource = useMetric('response_latency', range);
  const figures = useHeadlineFigures('response_latency', range, LATENCY_FIGURES);
  return (
    <Panel<ResponseLatency> id="response-latency" title="Response times" resource={resource} className="wide" isEmpty={(d) => d.replies_timed === 0} emptyMessage="No timed replies in this range yet." csv={figures.csv}>
      {(d) => <LatencyBody data={d} cards={figures.cards(d)} />}
    </Panel>
  );
}
