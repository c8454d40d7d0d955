import { useMemo } from 'react';
import { useChanges } from '../components/Change';
import type { ConversationsHeatmap, ConversationsSummary, ConversationsTrend, PeriodComparison, TopQuestions } from '../api/contract';
import { usePreviousPeriod } from '../api/use-previous-period';
import { periodInProgress } from '../view/in-progress';
import { useMetric } from '../api/use-metric';
import { Chart } from '../charts/Chart';
import { CHART_COLORS, HEATMAP_RAMP } from '../charts/palette';
import { DataTable, Figures, TextAlternative } from '../components/Figures';
import { Panel } from '../components/Panel';
import { useDashboard } from '../dashboard-context';
import type { Formatters } from '../view/formatting';
import type { DateRange } from '../view/view-state';

/** Summary cards from `conversations_summary`. */
export function ConversationsSummaryPanel({ range }: { range: DateRange }) {
  const resource = useMetric('conversations_summary', range);
  const change = useChanges('conversations_summary', range);
  const { format } = useDashboard();
  return (
    <Panel<ConversationsSummary> id="conversations-summary" title="Conversations at a glance" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.total_conversations === 0 && d.total_messages === 0} emptyMessage="No conversations in this range yet.">
      {(d) => (
        <Figures
          items={[
            { testId: 'figure-conversations_summary-total_conversations', label: 'Conversations', value: format.count(d.total_conversations), change: change(d, 'total_conversations', 'count') },
            { testId: 'figure-conversations_summary-total_messages', label: 'Messages', value: format.count(d.total_messages), change: change(d, 'total_messages', 'count') },
            { testId: 'figure-conversations_summary-avg_response_time_seconds', label: 'Average response time', value: format.duration(d.avg_response_time_seconds), change: change(d, 'avg_response_time_seconds', 'duration') },
            { testId: 'figure-conversations_summary-avg_first_token_seconds', label: 'Average time to first word', value: format.duration(d.avg_first_token_seconds), change: change(d, 'avg_first_token_seconds', 'duration') },
            { testId: 'figure-conversations_summary-after_hours_count', label: 'After-hours conversations', value: format.count(d.after_hours_count), change: change(d, 'after_hours_count', 'count') },
            { testId: 'figure-conversations_summary-after_hours_percentage', label: 'After-hours share', value: format.percent(d.after_hours_percentage), hint: 'first message outside business hours', change: change(d, 'after_hours_percentage', 'rate') },
          ]}
        />
      )}
    </Panel>
  );
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function HeatmapBody({ data }: { data: ConversationsHeatmap }) {
  const { format } = useDashboard();
  const counts = useMemo(() => {
    const grid = new Map<string, number>();
    for (const cell of data.cells) grid.set(`${cell.day_of_week}:${cell.hour}`, (grid.get(`${cell.day_of_week}:${cell.hour}`) ?? 0) + cell.conversations);
    return grid;
  }, [data]);
  const total = data.cells.reduce((sum, c) => sum + c.conversations, 0);
  const busiest = data.cells.reduce<ConversationsHeatmap['cells'][number] | undefined>((best, c) => (!best || c.conversations > best.conversations ? c : best), undefined);
  const max = Math.max(1, ...data.cells.map((c) => c.conversations));
  const option = useMemo(
    () => ({
      tooltip: { position: 'top', formatter: (p: { value: [number, number, number] }) => `${format.weekday(WEEKDAYS[p.value[1]] ?? 1)} ${format.hourOfDay(p.value[0])}: ${format.count(p.value[2])}` },
      grid: { left: 48, right: 12, top: 8, bottom: 72 },
      xAxis: { type: 'category', data: HOURS.map((h) => String(h).padStart(2, '0')), splitArea: { show: true }, name: 'Hour', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: WEEKDAYS.map((d) => format.weekday(d)), inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max, calculable: false, text: ['More', 'Fewer'], orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: HEATMAP_RAMP }, textStyle: { color: '#1d2433' } },
      series: [{ type: 'heatmap', name: 'Conversations', data: WEEKDAYS.flatMap((d, y) => HOURS.map((h) => [h, y, counts.get(`${d}:${h}`) ?? 0])) }],
    }),
    [counts, max, format],
  );
  return (
    <>
      <p className="panel-note">
        <span data-testid="heatmap-total">{format.count(total)}</span> conversations
        {busiest && (
          <>
            ; busiest hour <strong data-testid="heatmap-busiest">{`${format.weekday(busiest.day_of_week)} ${format.hourOfDay(busiest.hour)}`}</strong>
          </>
        )}
        . Times in <span data-testid="timezone">{data.timezone}</span>.
      </p>
      <Chart option={option} label={`Conversations by weekday and hour in ${data.timezone}; ${format.count(total)} in total.`} height={300} testId="chart-heatmap" />
      <TextAlternative>
        <DataTable
          caption={`Conversations by weekday (rows) and hour (columns), ${data.timezone}`}
          testId="table-heatmap"
          rows={WEEKDAYS}
          rowKey={(d) => String(d)}
          columns={[
            { header: 'Day', cell: (d) => format.weekday(d) },
            ...HOURS.map((h) => ({ header: String(h).padStart(2, '0'), numeric: true, cell: (d: number) => format.count(counts.get(`${d}:${h}`) ?? 0), testId: (d: number) => `heatmap-cell-${d}-${h}` })),
          ]}
        />
      </TextAlternative>
    </>
  );
}

/** Day × hour heatmap from `conversations_heatmap`, in the tenant's time zone. */
export function HeatmapPanel({ range }: { range: DateRange }) {
  const resource = useMetric('conversations_heatmap', range);
  return (
    <Panel<ConversationsHeatmap> id="conversations-heatmap" title="When conversations start" resource={resource} className="wide" isEmpty={(d) => d.cells.every((c) => c.conversations === 0)} emptyMessage="No conversations in this range yet, so there is nothing to map.">
      {(d) => <HeatmapBody data={d} />}
    </Panel>
  );
}

function periodLabel(data: ConversationsTrend, period: string, format: Formatters): string {
  return data.granularity === 'hour' ? format.hour(period) : format.day(period);
}

function TrendBody({ data, previous }: { data: ConversationsTrend; previous?: PeriodComparison }) {
  const { format } = useDashboard();
  const label = (period: string) => periodLabel(data, period, format);
  // The previous period, aligned by position (day 1 with day 1), drawn faintly behind this one.
  const previousPoints = previous?.previous_trend;
  const inProgress = periodInProgress(data.granularity, data.timezone);
  const hasInProgress = data.points.some((p) => p.period === inProgress);
  const option = useMemo(
    () => ({
      color: CHART_COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#1d2433' } },
      grid: { left: 48, right: 16, top: 36, bottom: 40 },
      xAxis: { type: 'category', data: data.points.map((p) => periodLabel(data, p.period, format) + (p.period === inProgress ? ' (so far)' : '')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'line',
          name: 'Conversations',
          data: data.points.map((p) => p.conversations),
          smooth: false,
          // The period still in progress is partial: marked, so it does not read as a drop.
          markArea: hasInProgress ? { itemStyle: { color: 'rgba(29, 36, 51, 0.06)' }, data: [[{ xAxis: data.points.length - 1 }, { xAxis: data.points.length - 1 }]] } : undefined,
        },
        { type: 'line', name: 'Messages', data: data.points.map((p) => p.messages), smooth: false, lineStyle: { type: 'dashed' } },
        ...(previousPoints
          ? [{ type: 'line', name: 'Conversations, previous period', data: data.points.map((_, i) => previousPoints[i]?.conversations ?? null), smooth: false, symbol: 'none', color: '#9aa3b5', lineStyle: { width: 1, opacity: 0.6 } }]
          : []),
      ],
    }),
    [data, format, previousPoints, inProgress, hasInProgress],
  );
  const totals = data.points.reduce((t, p) => ({ conversations: t.conversations + p.conversations, messages: t.messages + p.messages }), { conversations: 0, messages: 0 });
  return (
    <>
      <p className="panel-note">
        <span data-testid="trend-total-conversations">{format.count(totals.conversations)}</span> conversations and <span data-testid="trend-total-messages">{format.count(totals.messages)}</span> messages, per {data.granularity} in {data.timezone}.
        {previous && (
          <>
            {' '}
            The faint line is the previous period ({format.dayRange(previous.previous_period.start_date, previous.previous_period.end_date)}).
          </>
        )}
        {hasInProgress && (
          <span data-testid="trend-in-progress">
            {' '}
            {data.granularity === 'hour' ? 'This hour' : 'Today'} ({label(inProgress)}) is still in progress: its figures are partial.
          </span>
        )}
      </p>
      <Chart option={option} label={`Conversations and messages per ${data.granularity}, ${data.timezone}${previous ? ', with the previous period' : ''}.`} testId="chart-trend" />
      <TextAlternative>
        <DataTable
          caption={`Conversations and messages per ${data.granularity} (${data.timezone})`}
          testId="table-trend"
          rows={data.points}
          rowKey={(p) => p.period}
          columns={[
            {
              header: data.granularity === 'hour' ? 'Hour' : 'Day',
              cell: (p) => (
                <>
                  <time dateTime={p.period}>{label(p.period)}</time>
                  {p.period === inProgress && <span data-testid={`trend-${p.period}-in-progress`}> (so far)</span>}
                </>
              ),
            },
            { header: 'Conversations', numeric: true, cell: (p) => format.count(p.conversations), testId: (p) => `trend-${p.period}-conversations` },
            { header: 'Messages', numeric: true, cell: (p) => format.count(p.messages), testId: (p) => `trend-${p.period}-messages` },
            ...(previousPoints
              ? [{ header: 'Conversations, previous period', numeric: true, cell: (_p: ConversationsTrend['points'][number], i: number) => (previousPoints[i] ? format.count(previousPoints[i].conversations) : 'n/a'), testId: (p: ConversationsTrend['points'][number]) => `trend-${p.period}-previous` }]
              : []),
          ]}
        />
      </TextAlternative>
    </>
  );
}

/** Conversations and messages over time from `conversations_trend`, with the previous period faintly. */
export function TrendPanel({ range }: { range: DateRange }) {
  const resource = useMetric('conversations_trend', range);
  const previous = usePreviousPeriod(range);
  return (
    <Panel<ConversationsTrend> id="conversations-trend" title="Trend" resource={resource} className="wide" isEmpty={(d) => d.points.every((p) => p.conversations === 0 && p.messages === 0)} emptyMessage="No conversations in this range yet.">
      {(d) => <TrendBody data={d} previous={previous} />}
    </Panel>
  );
}

/** The most frequent questions from `top_questions`. */
export function TopQuestionsPanel({ range }: { range: DateRange }) {
  const resource = useMetric('top_questions', range);
  const { format } = useDashboard();
  return (
    <Panel<TopQuestions> id="top-questions" title="Top questions" resource={resource} skeleton="table" className="wide" isEmpty={(d) => d.questions.length === 0} emptyMessage="No questions asked in this range yet.">
      {(d) => (
        <DataTable
          caption="Most frequent questions, most asked first"
          captionHidden
          testId="table-top-questions"
          rows={d.questions}
          rowKey={(q) => q.question}
          columns={[
            { header: 'Question', cell: (q) => q.question, testId: (_q, i) => `top-question-${i}-text` },
            { header: 'Times asked', numeric: true, cell: (q) => format.count(q.count), testId: (_q, i) => `top-question-${i}-count` },
          ]}
        />
      )}
    </Panel>
  );
}
