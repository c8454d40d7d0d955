import { useMemo } from 'react';
import type { AnalyticsFunnel, AnalyticsSummary, FunnelStage } from '../api/contract';
import { useMetric } from '../api/use-metric';
import { Chart } from '../charts/Chart';
import { DataTable, dataTableCsv, type Column } from '../components/Figures';
import { useHeadlineFigures, type FigureSpec } from '../components/HeadlineFigures';
import { Panel } from '../components/Panel';
import { useDashboard } from '../dashboard-context';
import type { Formatters } from '../view/formatting';
import type { DateRange } from '../view/view-state';
import { CHART_COLORS } from '../charts/palette';

const SUMMARY_FIGURES: FigureSpec<AnalyticsSummary>[] = [
  { key: 'sessions', label: 'Sessions', unit: 'count' },
  { key: 'widget_opens', label: 'Widget opens', unit: 'count' },
  { key: 'conversations', label: 'Conversations', unit: 'count' },
  { key: 'messages', label: 'Messages', unit: 'count' },
  { key: 'forms_completed', label: 'Forms completed', unit: 'count' },
  { key: 'conversion_rate', label: 'Conversion rate', unit: 'rate', hint: 'sessions that completed a form, of sessions that opened the widget' },
];

/** Headline figures from `analytics_summary`. */
export function HeadlineFiguresPanel({ range }: { range: DateRange }) {
  const resource = useMetric('analytics_summary', range);
  const figures = useHeadlineFigures('analytics_summary', range, SUMMARY_FIGURES);
  return (
    <Panel<AnalyticsSummary> id="analytics-summary" title="Headline figures" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.sessions === 0} emptyMessage="No widget activity in this range yet. Figures appear once visitors open the chat widget." csv={figures.csv}>
      {figures.cards}
    </Panel>
  );
}

export const FUNNEL_STAGE_LABELS: Record<FunnelStage, string> = {
  widget_opened: 'Opened the widget',
  first_message: 'Sent a first message',
  form_started: 'Started a form',
  form_completed: 'Completed a form',
};

type Stage = AnalyticsFunnel['stages'][number];
const stageLabel = (s: Stage) => FUNNEL_STAGE_LABELS[s.stage] ?? s.stage;

function funnelColumns(format: Formatters): Column<Stage>[] {
  return [
    { header: 'Stage', cell: stageLabel, csv: stageLabel },
    { header: 'Sessions', numeric: true, cell: (s) => format.count(s.sessions), testId: (s) => `funnel-${s.stage}-sessions`, csv: (s) => s.sessions },
    { header: 'Of previous stage', csvHeader: 'Of previous stage (%)', numeric: true, cell: (s) => format.percent(s.percentage_of_previous), testId: (s) => `funnel-${s.stage}-previous`, csv: (s) => s.percentage_of_previous },
    { header: 'Of widget opens', csvHeader: 'Of widget opens (%)', numeric: true, cell: (s) => format.percent(s.percentage_of_top), testId: (s) => `funnel-${s.stage}-top`, csv: (s) => s.percentage_of_top },
  ];
}

function FunnelBody({ data }: { data: AnalyticsFunnel }) {
  const { format } = useDashboard();
  const option = useMemo(
    () => ({
      color: CHART_COLORS,
      tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${format.count(p.value)}` },
      // Stage names go in the legend; segments carry only the count so narrow ones still fit.
      legend: { top: 0, textStyle: { color: '#1d2433' } },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          top: 56,
          bottom: 8,
          left: '5%',
          width: '90%',
          minSize: '12%',
          label: { show: true, position: 'inside', color: '#fff', fontWeight: 'bold', formatter: (p: { value: number }) => format.count(p.value) },
          data: data.stages.map((s) => ({ name: stageLabel(s), value: s.sessions })),
        },
      ],
    }),
    [data, format],
  );
  return (
    <>
      <Chart option={option} label={`Conversion funnel: ${data.stages.map((s) => `${FUNNEL_STAGE_LABELS[s.stage] ?? s.stage} ${format.count(s.sessions)} sessions`).join(', ')}`} testId="chart-funnel" />
      <DataTable
        caption="Sessions reaching each stage"
        captionHidden
        testId="table-funnel"
        rows={data.stages}
        rowKey={(s) => s.stage}
        columns={funnelColumns(format)}
      />
    </>
  );
}

/** The conversion funnel from `analytics_funnel`: chart plus the same figures as a table. */
export function FunnelPanel({ range }: { range: DateRange }) {
  const resource = useMetric('analytics_funnel', range);
  const { format } = useDashboard();
  return (
    <Panel<AnalyticsFunnel> id="analytics-funnel" title="Conversion funnel" resource={resource} className="wide" isEmpty={(d) => d.stages.every((s) => s.sessions === 0)} emptyMessage="No sessions in this range yet, so there is no funnel to show." csv={(d) => dataTableCsv(funnelColumns(format), d.stages)}>
      {(d) => <FunnelBody data={d} />}
    </Panel>
  );
}
