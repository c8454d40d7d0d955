/**
 * Apache ECharts, modular: only the charts and components the dashboard draws, on the canvas
 * renderer. Why ECharts: it is maintained by the Apache Software Foundation, has a native
 * day × hour heatmap, funnel and line charts, built-in ARIA descriptions, and tree-shakes to the
 * parts used (see https://echarts.apache.org/handbook/en/basics/import).
 */
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartEngine } from './chart-engine';

echarts.use([BarChart, FunnelChart, HeatmapChart, LineChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export const echartsEngine: ChartEngine = {
  init(element) {
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    return {
      setOption: (option) => chart.setOption(option as echarts.EChartsCoreOption, { notMerge: true }),
      resize: () => chart.resize(),
      dispose: () => chart.dispose(),
    };
  },
};
