import { useId, useState, type FormEvent } from 'react';
import { isIsoDate, PRESET_RANGES, type DateRange, type PresetRange } from '../view/view-state';

const PRESET_LABELS: Record<PresetRange, string> = { '1d': 'Today', '7d': '7 days', '30d': '30 days', '90d': '90 days' };
const MAX_CUSTOM_DAYS = 366;

/** Checks a custom range the way the API will, so the user hears about mistakes before a request. */
export function validateCustomRange(start: string, end: string): string | null {
  if (!isIsoDate(start) || !isIsoDate(end)) return 'Enter both a start and an end date.';
  if (start > end) return 'The start date must be on or before the end date.';
  const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_CUSTOM_DAYS) return `Choose at most ${MAX_CUSTOM_DAYS} days.`;
  return null;
}

/** Preset ranges as toggle buttons, plus a custom start/end form. */
export function RangePicker({ value, onChange }: { value: DateRange; onChange(range: DateRange): void }) {
  const ids = { start: useId(), end: useId(), error: useId() };
  const [start, setStart] = useState(value.kind === 'custom' ? value.start : '');
  const [end, setEnd] = useState(value.kind === 'custom' ? value.end : '');
  const [error, setError] = useState<string | null>(null);

  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    const problem = validateCustomRange(start, end);
    setError(problem);
    if (!problem) onChange({ kind: 'custom', start, end });
  };

  return (
    <div className="range-picker" role="group" aria-label="Date range">
      <div className="presets">
        {PRESET_RANGES.map((range) => (
          <button key={range} type="button" aria-pressed={value.kind === 'preset' && value.range === range} onClick={() => onChange({ kind: 'preset', range })} data-testid={`range-${range}`}>
            {PRESET_LABELS[range]}
          </button>
        ))}
      </div>
      <form className="custom-range" onSubmit={applyCustom} noValidate aria-label="Custom date range">
        <label htmlFor={ids.start}>From</label>
        <input id={ids.start} type="date" value={start} onChange={(e) => setStart(e.target.value)} aria-describedby={error ? ids.error : undefined} aria-invalid={Boolean(error)} data-testid="range-start" />
        <label htmlFor={ids.end}>to</label>
        <input id={ids.end} type="date" value={end} onChange={(e) => setEnd(e.target.value)} aria-describedby={error ? ids.error : undefined} aria-invalid={Boolean(error)} data-testid="range-end" />
        <button type="submit" data-testid="range-apply">
          Apply dates
        </button>
        <p id={ids.error} className="field-error" role="status" aria-live="polite">
          {error}
        </p>
      </form>
    </div>
  );
}
