import { useMemo } from 'react';
import type { ConversationsHeatmap, ConversationsSummary, ConversationsTrend, PeriodComparison, TopQuestions } from '../api/contract';
import { usePreviousPeriod } from '../api/use-previous-period';
import { periodInProgress } from '../view/in-progress';
import { useMetric } from '../api/use-metric';
import { Chart } from '../charts/Chart';
import { CHART_COLORS, HEATMAP_RAMP } from '../charts/palette';
import { DataTable, dataTableCsv, TextAlternative, type Column } from '../components/Figures';
import { useHeadlineFigures, type FigureSpec } from '../components/HeadlineFigures';
import { Panel } from '../components/Panel';
import { useDashboard } from '../dashboard-context';
import type { Formatters } from '../view/formatting';
import type { DateRange } from '../view/view-state';

const SUMMARY_FIGURES: FigureSpec<ConversationsSummary>[] = [
  { key: 'total_conversations', label: 'Conversations', unit: 'count' },
  { key: 'total_messages', label: 'Messages', unit: 'count' },
  { key: 'avg_response_time_seconds', label: 'Average response time', unit: 'duration' },
  { key: 'avg_first_token_seconds', label: 'Average time to first word', unit: 'duration' },
  { key: 'after_hours_count', label: 'After-hours conversations', unit: 'count' },
  { key: 'after_hours_percentage', label: 'After-hours share', unit: 'rate', hint: 'first message outside business hours' },
];

/** Summary cards from `conversations_summary`. */
export function ConversationsSummaryPanel({ range }: { range: DateRange }) {
  const resource = useMetric('conversations_summary', range);
  const figures = useHeadlineFigures('conversations_summary', range, SUMMARY_FIGURES);
  return (
    <Panel<ConversationsSummary> id="conversations-summary" title="Conversations at a glance" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.total_conversations === 0 && d.total_messages === 0} emptyMessage="No conversations in this range yet." csv={figures.csv}>
      {figures.cards}
    </Panel>
  );
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** Conversations per `day:hour` (the API's cells are sparse; a repeated cell adds up). */
function heatmapCounts(data: ConversationsHeatmap): Map<string, number> {
  const grid = new Map<string, number>();
  for (const cell of data.cells) grid.set(`${cell.day_of_week}:${cell.hour}`, (grid.get(`${cell.day_of_week}:${cell.hour}`) ?? 0) + cell.conversations);
  return grid;
}

/** Weekdays (rows) × hours (columns), as the table alternative and the CSV show them. */
function heatmapColumns(data: ConversationsHeatmap, counts: Map<string, number>, format: Formatters): Column<number>[] {
  return [
    { header: 'Day', csvHeader: `Day (${data.timezone})`, cell: (d) => format.weekday(d), csv: (d) => format.weekday(d) },
    ...HOURS.map((h) => ({ header: String(h).padStart(2, '0'), numeric: true, cell: (d: number) => format.count(counts.get(`${d}:${h}`) ?? 0), testId: (d: number) => `heatmap-cell-${d}-${h}`, csv: (d: number) => counts.get(`${d}:${h}`) ?? 0 })),
  ];
}

function HeatmapBody({ data }: { data: ConversationsHeatmap }) {
  const { format } = useDashboard();
  const counts = useMemo(() => heatmapCounts(data), [data]);
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
          columns={heatmapColumns(data, counts, format)}
        />
      </TextAlternative>
    </>
  );
}

/** Day × hour heatmap from `conversations_heatmap`, in the tenant's time zone. */
export function HeatmapPanel({ range }: { range: DateRange }) {
  const resource = useMetric('conversations_heatmap', range);
  const { format } = useDashboard();
  return (
    <Panel<ConversationsHeatmap>
      id="conversations-heatmap"
      title="When conversations start"
      resource={resource}
      className="wide"
      isEmpty={(d) => d.cells.every((c) => c.conversations === 0)}
      emptyMessage="No conversations in this range yet, so there is nothing to map."
      csv={(d) => dataTableCsv(heatmapColumns(d, heatmapCounts(d), format), WEEKDAYS)}
    >
      {(d) => <HeatmapBody data={d} />}
    </Panel>
  );
}

function periodLabel(data: ConversationsTrend, period: string, format: Formatters): string {
  return data.granularity === 'hour' ? format.hour(period) : format.day(period);
}

type TrendPoint = ConversationsTrend['points'][number];

/**
 * The trend's table alternative and CSV: one row per period (local, the zone in the header), the
 * previous period's conversations aligned by position, and the period still in progress marked.
 */
function trendColumns(data: ConversationsTrend, previous: PeriodComparison | undefined, format: Formatters): Column<TrendPoint>[] {
  const inProgress = periodInProgress(data.granularity, data.timezone);
  const previousPoints = previous?.previous_trend;
  const unit = data.granularity === 'hour' ? 'Hour' : 'Day';
  return [
    {
      header: unit,
      csvHeader: `${unit} (${data.timezone})`,
      cell: (p) => (
        <>
          <time dateTime={p.period}>{periodLabel(data, p.period, format)}</time>
          {p.period === inProgress && <span data-testid={`trend-${p.period}-in-progress`}> (so far)</span>}
        </>
      ),
      csv: (p) => p.period,
    },
    { header: 'Conversations', numeric: true, cell: (p) => format.count(p.conversations), testId: (p) => `trend-${p.period}-conversations`, csv: (p) => p.conversations },
    { header: 'Messages', numeric: true, cell: (p) => format.count(p.messages), testId: (p) => `trend-${p.period}-messages`, csv: (p) => p.messages },
    ...(previousPoints
      ? [{ header: 'Conversations, previous period', numeric: true, cell: (_p: TrendPoint, i: number) => (previousPoints[i] ? format.count(previousPoints[i].conversations) : 'n/a'), testId: (p: TrendPoint) => `trend-${p.period}-previous`, csv: (_p: TrendPoint, i: number) => previousPoints[i]?.conversations ?? null }]
      : []),
    // The table marks it "(so far)" beside the period; the CSV keeps the period a plain date.
    { header: 'In progress', csvOnly: true, cell: () => null, csv: (p) => (p.period === inProgress ? 'yes (partial)' : '') },
  ];
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
        <DataTable caption={`Conversations and messages per ${data.granularity} (${data.timezone})`} testId="table-trend" rows={data.points} rowKey={(p) => p.period} columns={trendColumns(data, previous, format)} />
      </TextAlternative>
    </>
  );
}

/** Conversations and messages over time from `conversations_trend`, with the previous period faintly. */
export function TrendPanel({ range }: { range: DateRange }) {
  const resource = useMetric('conversations_trend', range);
  const previous = usePreviousPeriod(range);
  const { format } = useDashboard();
  return (
    <Panel<ConversationsTrend> id="conversations-trend" title="Trend" resource={resource} className="wide" isEmpty={(d) => d.points.every((p) => p.conversations === 0 && p.messages === 0)} emptyMessage="No conversations in this range yet." csv={(d) => dataTableCsv(trendColumns(d, previous, format), d.points)}>
      {(d) => <TrendBody data={d} previous={previous} />}
    </Panel>
  );
}

type RankedQuestion = TopQuestions['questions'][number];

/** A ranked question list (top questions, unanswered questions): text and count, with test ids under `prefix`. */
export function questionColumns(prefix: string, format: Formatters): Column<RankedQuestion>[] {
  return [
    { header: 'Question', cell: (q) => q.question, testId: (_q, i) => `${prefix}-${i}-text`, csv: (q) => q.question },
    { header: 'Times asked', numeric: true, cell: (q) => format.count(q.count), testId: (_q, i) => `${prefix}-${i}-count`, csv: (q) => q.count },
  ];
}

/** The most frequent questions from `top_questions`. */
export function TopQuestionsPanel({ range }: { range: DateRange }) {
  const resource = useMetric('top_questions', range);
  const { format } = useDashboard();
  return (
    <Panel<TopQuestions> id="top-questions" title="Top questions" resource={resource} skeleton="table" className="wide" isEmpty={(d) => d.questions.length === 0} emptyMessage="No questions asked in this range yet." csv={(d) => dataTableCsv(questionColumns('top-question', format), d.questions)}>
      {(d) => (
        <DataTable
          caption="Most frequent questions, most asked first"
          captionHidden
          testId="table-top-questions"
          rows={d.questions}
          rowKey={(q) => q.question}
          columns={questionColumns('top-question', format)}
        />
      )}
    </Panel>
  );
}
