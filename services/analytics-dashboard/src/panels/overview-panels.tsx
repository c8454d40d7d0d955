import { useMemo } from 'react';
import { useChanges } from '../components/Change';
import type { AnalyticsFunnel, AnalyticsSummary, FunnelStage } from '../api/contract';
import { useMetric } from '../api/use-metric';
import { Chart } from '../charts/Chart';
import { DataTable, Figures } from '../components/Figures';
import { Panel } from '../components/Panel';
import { useDashboard } from '../dashboard-context';
import type { DateRange } from '../view/view-state';
import { CHART_COLORS } from '../charts/palette';

/** Headline figures from `analytics_summary`. */
export function HeadlineFiguresPanel({ range }: { range: DateRange }) {
  const resource = useMetric('analytics_summary', range);
  const change = useChanges('analytics_summary', range);
  const { format } = useDashboard();
  return (
    <Panel<AnalyticsSummary> id="analytics-summary" title="Headline figures" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.sessions === 0} emptyMessage="No widget activity in this range yet. Figures appear once visitors open the chat widget.">
      {(d) => (
        <Figures
          items={[
            { testId: 'figure-analytics_summary-sessions', label: 'Sessions', value: format.count(d.sessions), change: change(d, 'sessions', 'count') },
            { testId: 'figure-analytics_summary-widget_opens', label: 'Widget opens', value: format.count(d.widget_opens), change: change(d, 'widget_opens', 'count') },
            { testId: 'figure-analytics_summary-conversations', label: 'Conversations', value: format.count(d.conversations), change: change(d, 'conversations', 'count') },
            { testId: 'figure-analytics_summary-messages', label: 'Messages', value: format.count(d.messages), change: change(d, 'messages', 'count') },
            { testId: 'figure-analytics_summary-forms_completed', label: 'Forms completed', value: format.count(d.forms_completed), change: change(d, 'forms_completed', 'count') },
            { testId: 'figure-analytics_summary-conversion_rate', label: 'Conversion rate', value: format.percent(d.conversion_rate), hint: 'sessions that completed a form, of sessions that opened the widget', change: change(d, 'conversion_rate', 'rate') },
          ]}
        />
      )}
    </Panel>
  );
}

export const FUNNEL_STAGE_LABELS: Record<FunnelStage, string> = {
  widget_opened: 'Opened the widget',
  first_message: 'Sent a first message',
  form_started: 'Started a form',
  form_completed: 'Completed a form',
};

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
          data: data.stages.map((s) => ({ name: FUNNEL_STAGE_LABELS[s.stage] ?? s.stage, value: s.sessions })),
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
        columns={[
          { header: 'Stage', cell: (s) => FUNNEL_STAGE_LABELS[s.stage] ?? s.stage },
          { header: 'Sessions', numeric: true, cell: (s) => format.count(s.sessions), testId: (s) => `funnel-${s.stage}-sessions` },
          { header: 'Of previous stage', numeric: true, cell: (s) => format.percent(s.percentage_of_previous), testId: (s) => `funnel-${s.stage}-previous` },
          { header: 'Of widget opens', numeric: true, cell: (s) => format.percent(s.percentage_of_top), testId: (s) => `funnel-${s.stage}-top` },
        ]}
      />
    </>
  );
}

/** The conversion funnel from `analytics_funnel`: chart plus the same figures as a table. */
export function FunnelPanel({ range }: { range: DateRange }) {
  const resource = useMetric('analytics_funnel', range);
  return (
    <Panel<AnalyticsFunnel> id="analytics-funnel" title="Conversion funnel" resource={resource} className="wide" isEmpty={(d) => d.stages.every((s) => s.sessions === 0)} emptyMessage="No sessions in this range yet, so there is no funnel to show.">
      {(d) => <FunnelBody data={d} />}
    </Panel>
  );
}
