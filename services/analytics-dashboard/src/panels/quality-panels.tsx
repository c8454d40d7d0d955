import { useMemo } from 'react';
import { useChanges } from '../components/Change';
import type { KnowledgeBaseSummary, ResponseLatency, UnansweredQuestions } from '../api/contract';
import { useMetric } from '../api/use-metric';
import { Chart } from '../charts/Chart';
import { CHART_COLORS } from '../charts/palette';
import { DataTable, Figures, TextAlternative } from '../components/Figures';
import { Panel } from '../components/Panel';
import { useDashboard } from '../dashboard-context';
import type { DateRange } from '../view/view-state';

/** The knowledge-base answer rate card from `knowledge_base_summary` (docs/metrics.md). */
export function KnowledgeBasePanel({ range }: { range: DateRange }) {
  const resource = useMetric('knowledge_base_summary', range);
  const change = useChanges('knowledge_base_summary', range);
  const { format } = useDashboard();
  return (
    <Panel<KnowledgeBaseSummary> id="knowledge-base" title="Knowledge-base answer rate" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.replies === 0} emptyMessage="No replies in this range yet.">
      {(d) => (
        <Figures
          items={[
            { testId: 'figure-knowledge_base_summary-answer_rate', label: 'Answered from the Knowledge Base', value: format.percent(d.answer_rate), hint: 'replies that used the Knowledge Base, of all replies', change: change(d, 'answer_rate', 'rate') },
            { testId: 'figure-knowledge_base_summary-knowledge_base_replies', label: 'Knowledge-base replies', value: format.count(d.knowledge_base_replies), change: change(d, 'knowledge_base_replies', 'count') },
            { testId: 'figure-knowledge_base_summary-replies', label: 'Replies', value: format.count(d.replies), change: change(d, 'replies', 'count') },
          ]}
        />
      )}
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
            columns={[
              { header: 'Question', cell: (q) => q.question, testId: (_q, i) => `unanswered-question-${i}-text` },
              { header: 'Times asked', numeric: true, cell: (q) => format.count(q.count), testId: (_q, i) => `unanswered-question-${i}-count` },
            ]}
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

function LatencyBody({ data }: { data: ResponseLatency }) {
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
      <Figures
        items={[
          { testId: 'figure-response_latency-first_token-p50', label: 'Median time to first word', value: format.duration(data.first_token.p50_seconds) },
          { testId: 'figure-response_latency-first_token-p95', label: '95th percentile, first word', value: format.duration(data.first_token.p95_seconds) },
          { testId: 'figure-response_latency-under_1s', label: 'First word under 1 s', value: format.percent(data.first_token_under_1s_percentage) },
          { testId: 'figure-response_latency-over_10s', label: 'First word over 10 s', value: format.percent(data.first_token_over_10s_percentage) },
        ]}
      />
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
          columns={[
            { header: 'Measure', cell: (l) => l.label },
            { header: 'Median (p50)', numeric: true, cell: (l) => format.duration(data[l.key].p50_seconds), testId: (l) => `latency-${l.key}-p50` },
            { header: '95th percentile (p95)', numeric: true, cell: (l) => format.duration(data[l.key].p95_seconds), testId: (l) => `latency-${l.key}-p95` },
          ]}
        />
      </TextAlternative>
    </>
  );
}

/** Latency percentiles and first-word shares from `response_latency`. */
export function LatencyPanel({ range }: { range: DateRange }) {
  const resource = useMetric('response_latency', range);
  return (
    <Panel<ResponseLatency> id="response-latency" title="Response times" resource={resource} className="wide" isEmpty={(d) => d.replies_timed === 0} emptyMessage="No timed replies in this range yet.">
      {(d) => <LatencyBody data={d} />}
    </Panel>
  );
}
