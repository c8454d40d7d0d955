/** Chart colours with at least 4.5:1 contrast against white (labels are drawn on them). */
export const CHART_COLORS = ['#1f4e9e', '#0b6e4f', '#8a3ffc', '#b03a2e', '#6b5300'];

/** Heatmap ramp: from near-white to the primary blue. */
export const HEATMAP_RAMP = ['#eef3fb', '#9ab8e6', '#4a7fcf', '#1f4e9e', '#0d2b5e'];
