import { useEffect, useMemo, useRef, useState } from 'react';
import { useDashboard } from '../dashboard-context';
import type { ChartHandle } from './chart-engine';

interface ChartProps {
  /** The ECharts option to draw. */
  option: unknown;
  /** What the chart shows, for screen readers; the panel also renders the data as a table. */
  label: string;
  height?: number;
  testId?: string;
}

/**
 * A chart drawn by the lazily loaded engine. It is an image to assistive technology (`role="img"`
 * with a label); every panel renders the same figures as a table next to it.
 */
export function Chart({ option: chartOption, label, height = 280, testId }: ChartProps) {
  const { loadChartEngine } = useDashboard();
  // ECharts writes its own aria-label on the element; give it ours instead of its long auto-description.
  const option = useMemo(() => ({ ...(chartOption as object), aria: { enabled: true, label: { description: label } } }), [chartOption, label]);
  const element = useRef<HTMLDivElement>(null);
  const handle = useRef<ChartHandle | null>(null);
  const [failed, setFailed] = useState(false);
  const latestOption = useRef(option);
  latestOption.current = option;

  useEffect(() => {
    if (!loadChartEngine || !element.current) return;
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    loadChartEngine()
      .then((engine) => {
        if (cancelled || !element.current) return;
        handle.current = engine.init(element.current);
        handle.current.setOption(latestOption.current);
        observer = new ResizeObserver(() => handle.current?.resize());
        observer.observe(element.current);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      observer?.disconnect();
      handle.current?.dispose();
      handle.current = null;
    };
    // The engine is created once per mount; option changes are applied by the effect below.
  }, [loadChartEngine]);

  useEffect(() => {
    handle.current?.setOption(option);
  }, [option]);

  if (!loadChartEngine) return null;
  if (failed) return <p className="note">The chart could not be drawn; the figures are in the table below.</p>;
  return <div ref={element} className="chart" role="img" aria-label={label} style={{ height }} data-testid={testId} />;
}
