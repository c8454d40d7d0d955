import { addDays, isAfterHours, localMidnightUtcMs, localTime } from './calendar';
import { computeAllMetrics, computeMetric, metricWindow, normaliseQuestion, rollupDaysFor, type MetricTenant } from './compute';
import { buildDayRollups, type RollupQueryRow } from './rollups';
import { METRIC_TYPES } from './types';
import { rollupRow } from '../testing/factories';

const chicago: MetricTenant = {
  timezone: 'America/Chicago',
  business_hours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
  forms: [{ form_id: 'volunteer_interest', title: 'Volunteer Interest Form', fields: [] }],
};

const epoch = (iso: string) => Date.parse(iso) / 1000;

function sessionRow(iso: string, session: string, over: Partial<RollupQueryRow> = {}): RollupQueryRow {
  const ts = epoch(iso);
  return rollupRow({ grain: 'session', hour_start: Math.floor(ts / 3600) * 3600, session_id: session, ...over });
}

function dimensionRow(iso: string, over: Partial<RollupQueryRow>): RollupQueryRow {
  return { ...sessionRow(iso, ''), grain: 'dimension', session_id: null, ...over };
}

function rollupsOf(rows: RollupQueryRow[]) {
  const days = [...new Set(rows.map((r) => new Date(r.hour_start * 1000).toISOString().slice(0, 10)))].sort();
  return days.flatMap((d) => buildDayRollups('T1', [d], rows, new Date('2026-01-01T00:00:00Z')));
}

describe('calendar', () => {
  it('finds local midnight on both sides of a DST change in America/Chicago', () => {
    // 2025-03-09 is 23 hours long in Chicago; 2025-11-02 is 25 hours long.
    expect(new Date(localMidnightUtcMs('2025-03-09', 'America/Chicago')).toISOString()).toBe('2025-03-09T06:00:00.000Z');
    expect(new Date(localMidnightUtcMs('2025-03-10', 'America/Chicago')).toISOString()).toBe('2025-03-10T05:00:00.000Z');
    expect(new Date(localMidnightUtcMs('2025-11-02', 'America/Chicago')).toISOString()).toBe('2025-11-02T05:00:00.000Z');
    expect(new Date(localMidnightUtcMs('2025-11-03', 'America/Chicago')).toISOString()).toBe('2025-11-03T06:00:00.000Z');
  });

  it('reads local date, hour and ISO weekday of an instant', () => {
    expect(localTime(Date.parse('2025-12-21T04:30:00Z'), 'America/Chicago')).toEqual({ date: '2025-12-20', hour: 22, minute: 30, isoWeekday: 6 });
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('makes a 1d window of the local day and a 7d window of seven local days', () => {
    const now = new Date('2025-12-21T04:30:00Z'); // Saturday 22:30 in Chicago
    expect(metricWindow('1d', 'America/Chicago', now)).toMatchObject({ range_start: '2025-12-20', range_end: '2025-12-20', granularity: 'hour' });
    const week = metricWindow('7d', 'America/Chicago', now);
    expect(week).toMatchObject({ range_start: '2025-12-14', range_end: '2025-12-20', granularity: 'day' });
    expect(rollupDaysFor(week, 'conversations_summary')).toEqual(['2025-12-13', '2025-12-14', '2025-12-15', '2025-12-16', '2025-12-17', '2025-12-18', '2025-12-19', '2025-12-20', '2025-12-21']);
    // Without a metric: every metric's days, conversation outcomes' 48 h follow-up included.
    expect(rollupDaysFor(week).slice(-3)).toEqual(['2025-12-21', '2025-12-22', '2025-12-23']);
  });

  it('refuses an unknown range, an unknown time zone and reversed dates', () => {
    expect(() => metricWindow('2d' as never, 'UTC', new Date())).toThrow(/unknown range/);
    expect(() => metricWindow('1d', 'Mars/Olympus', new Date())).toThrow(/unknown time zone/);
    expect(() => metricWindow({ start_date: '2025-02-02', end_date: '2025-02-01' }, 'UTC', new Date())).toThrow(/after end_date/);
  });
});

describe('question normalisation and business hours', () => {
  it('trims, lower-cases, collapses spaces and drops trailing punctuation', () => {
    expect(normaliseQuestion('  What   are your HOURS?! ')).toBe('what are your hours');
    expect(normaliseQuestion('???')).toBeNull();
  });

  it('never shows a redaction marker cut in half in a normalised question', () => {
    expect(normaliseQuestion('Can I pay with my card [CARD]?')).toBe('can i pay with my card [CARD]');
    expect(normaliseQuestion('card [CARD]')).toBe('card [CARD]');
    expect(normaliseQuestion('Call me at [PHONE]!! ')).toBe('call me at [PHONE]');
    expect(normaliseQuestion('[EMAIL]')).toBe('[EMAIL]');
  });

  it('treats weekends and times outside start/end as after hours', () => {
    const hours = chicago.business_hours;
    expect(isAfterHours({ isoWeekday: 1, hour: 9, minute: 0 }, hours)).toBe(false);
    expect(isAfterHours({ isoWeekday: 1, hour: 17, minute: 0 }, hours)).toBe(true);
    expect(isAfterHours({ isoWeekday: 6, hour: 12, minute: 0 }, hours)).toBe(true);
  });
});

describe('computeMetric', () => {
  it('counts a session active across hours and days once, placed at its first message', () => {
    // Prepare: one session opens the widget at 23:50 local Friday and writes at 23:55, then again after midnight.
    const rows = [
      sessionRow('2025-12-20T05:50:00Z', 's1', { widget_opens: 1, events: 2, messages_sent: 1, first_message_at: epoch('2025-12-20T05:55:00Z') }),
      sessionRow('2025-12-20T06:10:00Z', 's1', { messages_sent: 1, messages_received: 1, first_message_at: epoch('2025-12-20T06:10:00Z'), response_ms_sum: 2000, response_count: 1 }),
      sessionRow('2025-12-20T15:00:00Z', 's2', { widget_opens: 1, messages_sent: 1, first_message_at: epoch('2025-12-20T15:00:00Z'), forms_started: 1, forms_completed: 1 }),
    ];
    const now = new Date('2025-12-20T20:00:00Z');

    // Act
    const day = computeMetric('analytics_summary', '1d', rollupsOf(rows), chicago, now);
    const week = computeMetric('analytics_summary', '7d', rollupsOf(rows), chicago, now);
    const summary = computeMetric('conversations_summary', '7d', rollupsOf(rows), chicago, now);

    // Assess: Saturday 2025-12-20 local holds s1's second hour and s2; s1's conversation began on Friday.
    expect(day.data).toEqual({ sessions: 2, widget_opens: 1, conversations: 1, messages: 3, forms_completed: 0, conversion_rate: 100 });
    expect(week.data).toMatchObject({ sessions: 2, widget_opens: 2, conversations: 2, messages: 4 });
    expect(summary.data).toEqual({
      total_conversations: 2,
      total_messages: 4,
      avg_response_time_seconds: 2,
      avg_first_token_seconds: null,
      after_hours_count: 2, // Friday 23:55 and Saturday 09:00
      after_hours_percentage: 100,
    });
  });

  it('lists every local hour of a 25-hour DST day once and places conversations by local hour', () => {
    // Prepare: 2025-11-02 in Chicago; 01:30 CDT (06:30Z) and 01:30 CST (07:30Z) share the label 01:00.
    const rows = [
      sessionRow('2025-11-02T06:30:00Z', 'a', { messages_sent: 1, first_message_at: epoch('2025-11-02T06:30:00Z') }),
      sessionRow('2025-11-02T07:30:00Z', 'b', { messages_sent: 1, first_message_at: epoch('2025-11-02T07:30:00Z') }),
    ];

    // Act
    const trend = computeMetric('conversations_trend', '1d', rollupsOf(rows), chicago, new Date('2025-11-02T20:00:00Z'));
    const heatmap = computeMetric('conversations_heatmap', '1d', rollupsOf(rows), chicago, new Date('2025-11-02T20:00:00Z'));

    // Assess
    expect(trend.data.points).toHaveLength(24);
    expect(trend.data.points[1]).toEqual({ period: '2025-11-02T01:00', conversations: 2, messages: 2 });
    expect(heatmap.data.cells).toEqual([{ day_of_week: 7, hour: 1, conversations: 2 }]);
  });

  it('derives forms, bottlenecks and top questions from dimension rows', () => {
    const at = '2025-12-20T15:00:00Z';
    const rows = [
      dimensionRow(at, { event_type: 'FORM_STARTED', form_id: 'volunteer_interest', events: 4 }),
      dimensionRow(at, { event_type: 'FORM_COMPLETED', form_id: 'volunteer_interest', events: 2, duration_sum: 200, duration_count: 2 }),
      dimensionRow(at, { event_type: 'FORM_ABANDONED', form_id: 'volunteer_interest', field: 'phone', events: 1 }),
      dimensionRow(at, { event_type: 'FORM_ABANDONED', form_id: 'volunteer_interest', field: 'email', events: 1 }),
      dimensionRow(at, { event_type: 'FORM_STARTED', form_id: 'contact_form', form_label: 'Contact', events: 1 }),
      dimensionRow(at, { event_type: 'MESSAGE_SENT', question: 'Hours?', events: 2 }),
      dimensionRow(at, { event_type: 'MESSAGE_SENT', question: ' hours ', events: 1 }),
      dimensionRow(at, { event_type: 'MESSAGE_SENT', question: 'Donate', events: 1 }),
    ];
    const all = computeAllMetrics(rollupsOf(rows), chicago, new Date('2025-12-20T20:00:00Z'));
    const get = (metric: string) => all.find((m) => m.metric === metric && m.range === '30d')!.data;

    expect(all).toHaveLength(METRIC_TYPES.length * 4);
    expect(get('forms_summary')).toEqual({ forms_started: 5, forms_completed: 2, forms_abandoned: 2, completion_rate: 40, avg_completion_seconds: 100 });
    expect(get('forms_bottlenecks')).toEqual({
      fields: [
        { form_id: 'volunteer_interest', field: 'email', abandons: 1, share_percentage: 50 },
        { form_id: 'volunteer_interest', field: 'phone', abandons: 1, share_percentage: 50 },
      ],
    });
    expect(get('forms_top_performers')).toEqual({
      forms: [
        { form_id: 'volunteer_interest', form_label: 'Volunteer Interest Form', started: 4, completed: 2, completion_rate: 50, avg_completion_seconds: 100 },
        { form_id: 'contact_form', form_label: 'Contact', started: 1, completed: 0, completion_rate: 0, avg_completion_seconds: null },
      ],
    });
    expect(get('top_questions')).toEqual({ questions: [{ question: 'hours', count: 3 }, { question: 'donate', count: 1 }] });
  });
});
