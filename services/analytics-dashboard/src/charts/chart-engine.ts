/**
 * The narrow port the panels chart through. The real engine (`echarts-engine.ts`) is loaded with
 * a dynamic import so ECharts stays out of the initial bundle.
 */
export interface ChartHandle {
  setOption(option: unknown): void;
  resize(): void;
  dispose(): void;
}

export interface ChartEngine {
  init(element: HTMLElement): ChartHandle;
}

export type ChartEngineLoader = () => Promise<ChartEngine>;

/** Loads ECharts (modular build: heatmap, line, bar and funnel charts on the canvas renderer). */
export const loadEcharts: ChartEngineLoader = async () => (await import('./echarts-engine')).echartsEngine;
