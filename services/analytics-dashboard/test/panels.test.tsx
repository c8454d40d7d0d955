import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ComponentType } from 'react';
import { ApiError } from '../src/api/api-client';
import type { MetricType } from '../src/api/contract';
import { ConversationsSummaryPanel, HeatmapPanel, TopQuestionsPanel, TrendPanel } from '../src/panels/conversation-panels';
import { BottlenecksPanel, FormsSummaryPanel, TopPerformersPanel } from '../src/panels/form-panels';
import { FunnelPanel, HeadlineFiguresPanel } from '../src/panels/overview-panels';
import { KnowledgeBasePanel, LatencyPanel, UnansweredQuestionsPanel } from '../src/panels/quality-panels';
import type { DateRange } from '../src/view/view-state';
import { createFakeApi, pending, type Answer } from './support/fake-api';
import { DATA, EMPTY, envelope } from './support/fixtures';
import { renderWithServices } from './support/render-panel';
import { describeChange } from '../src/view/change';
import { createFormatters } from '../src/view/formatting';
import { periodInProgress } from '../src/view/in-progress';

const RANGE: DateRange = { kind: 'preset', range: '7d' };
const text = (testId: string) => screen.getByTestId(testId).textContent;

interface PanelCase {
  name: string;
  Panel: ComponentType<{ range: DateRange }>;
  metric: MetricType;
  testId: string;
  emptyText: RegExp;
  assessData(): void;
}

const PANELS: PanelCase[] = [
  {
    name: 'headline figures',
    Panel: HeadlineFiguresPanel,
    metric: 'analytics_summary',
    testId: 'panel-analytics-summary',
    emptyText: /no widget activity/i,
    assessData: () => {
      expect(text('figure-analytics_summary-sessions')).toBe('2,500');
      expect(text('figure-analytics_summary-widget_opens')).toBe('2,100');
      expect(text('figure-analytics_summary-conversion_rate')).toBe('7.1%');
    },
  },
  {
    name: 'conversion funnel',
    Panel: FunnelPanel,
    metric: 'analytics_funnel',
    testId: 'panel-analytics-funnel',
    emptyText: /no sessions in this range/i,
    assessData: () => {
      expect(text('funnel-widget_opened-sessions')).toBe('2,100');
      expect(text('funnel-form_completed-sessions')).toBe('150');
      expect(text('funnel-widget_opened-previous')).toBe('n/a');
      expect(text('funnel-first_message-top')).toBe('58.8%');
    },
  },
  {
    name: 'conversations summary',
    Panel: ConversationsSummaryPanel,
    metric: 'conversations_summary',
    testId: 'panel-conversations-summary',
    emptyText: /no conversations in this range/i,
    assessData: () => {
      expect(text('figure-conversations_summary-total_conversations')).toBe('1,234');
      expect(text('figure-conversations_summary-total_messages')).toBe('5,678');
      expect(text('figure-conversations_summary-avg_response_time_seconds')).toBe('1.3 s');
      expect(text('figure-conversations_summary-after_hours_percentage')).toBe('31.7%');
    },
  },
  {
    name: 'day × hour heatmap',
    Panel: HeatmapPanel,
    metric: 'conversations_heatmap',
    testId: 'panel-conversations-heatmap',
    emptyText: /nothing to map/i,
    assessData: () => {
      expect(text('heatmap-total')).toBe('46');
      expect(text('heatmap-busiest')).toBe('Mon 10:00 AM');
      expect(text('timezone')).toBe('America/Chicago');
      expect(text('heatmap-cell-1-10')).toBe('30');
      expect(text('heatmap-cell-7-3')).toBe('0');
    },
  },
  {
    name: 'trend',
    Panel: TrendPanel,
    metric: 'conversations_trend',
    testId: 'panel-conversations-trend',
    emptyText: /no conversations in this range/i,
    assessData: () => {
      expect(text('trend-total-conversations')).toBe('17');
      expect(text('trend-total-messages')).toBe('61');
      expect(text('trend-2026-11-24-conversations')).toBe('0');
      expect(within(screen.getByTestId('table-trend')).getByText('Wed, Nov 25')).toBeTruthy();
    },
  },
  {
    name: 'top questions',
    Panel: TopQuestionsPanel,
    metric: 'top_questions',
    testId: 'panel-top-questions',
    emptyText: /no questions asked/i,
    assessData: () => {
      expect(text('top-question-0-text')).toBe('how can i volunteer');
      expect(text('top-question-0-count')).toBe('42');
      expect(text('top-question-1-count')).toBe('17');
    },
  },
  {
    name: 'forms summary',
    Panel: FormsSummaryPanel,
    metric: 'forms_summary',
    testId: 'panel-forms-summary',
    emptyText: /no forms were started/i,
    assessData: () => {
      expect(text('figure-forms_summary-forms_started')).toBe('200');
      expect(text('figure-forms_summary-completion_rate')).toBe('75%');
      expect(text('figure-forms_summary-avg_completion_seconds')).toBe('1 min 36 s');
    },
  },
  {
    name: 'bottleneck fields',
    Panel: BottlenecksPanel,
    metric: 'forms_bottlenecks',
    testId: 'panel-forms-bottlenecks',
    emptyText: /no abandoned forms/i,
    assessData: () => {
      expect(text('bottleneck-0-field')).toBe('phone');
      expect(text('bottleneck-0-abandons')).toBe('30');
      expect(text('bottleneck-1-share')).toBe('40%');
    },
  },
  {
    name: 'top performing forms',
    Panel: TopPerformersPanel,
    metric: 'forms_top_performers',
    testId: 'panel-forms-top-performers',
    emptyText: /no forms were started/i,
    assessData: () => {
      expect(text('top-form-0-label')).toBe('Volunteer application');
      expect(text('top-form-0-completed')).toBe('100');
      expect(text('top-form-0-rate')).toBe('83.3%');
    },
  },
  {
    name: 'knowledge-base answer rate',
    Panel: KnowledgeBasePanel,
    metric: 'knowledge_base_summary',
    testId: 'panel-knowledge-base',
    emptyText: /no replies in this range/i,
    assessData: () => {
      expect(text('figure-knowledge_base_summary-answer_rate')).toBe('80%');
      expect(text('figure-knowledge_base_summary-knowledge_base_replies')).toBe('2,240');
      expect(text('figure-knowledge_base_summary-replies')).toBe('2,800');
    },
  },
  {
    name: 'unanswered questions',
    Panel: UnansweredQuestionsPanel,
    metric: 'unanswered_questions',
    testId: 'panel-unanswered-questions',
    emptyText: /every question in this range was answered/i,
    assessData: () => {
      expect(text('unanswered-question-0-text')).toBe('do you need drivers');
      expect(text('unanswered-question-0-count')).toBe('12');
      expect(text('unanswered-question-1-text')).toBe('can i donate stock or crypto');
    },
  },
  {
    name: 'response latency',
    Panel: LatencyPanel,
    metric: 'response_latency',
    testId: 'panel-response-latency',
    emptyText: /no timed replies/i,
    assessData: () => {
      expect(text('figure-response_latency-first_token-p50')).toBe('0.8 s');
      expect(text('figure-response_latency-first_token-p95')).toBe('1.7 s');
      expect(text('figure-response_latency-under_1s')).toBe('64.2%');
      expect(text('figure-response_latency-over_10s')).toBe('0.3%');
      expect(text('latency-error')).toBe('1%');
      // The chart's table alternative holds both latencies.
      expect(text('latency-total_time-p50')).toBe('2.1 s');
      expect(text('latency-total_time-p95')).toBe('1 min 15 s');
    },
  },
];

function renderPanel(c: PanelCase, answer: Answer) {
  const api = createFakeApi({ [c.metric]: answer });
  renderWithServices(<c.Panel range={RANGE} />, api);
  return api;
}

describe.each(PANELS)('The $name panel', (c) => {
  it('shows a loading skeleton while the API has not answered', () => {
    // Prepare / Act
    renderPanel(c, pending);

    // Assess
    const panel = screen.getByTestId(c.testId);
    expect(panel.getAttribute('data-state')).toBe('loading');
    expect(panel.getAttribute('aria-busy')).toBe('true');
    expect(within(panel).getByRole('status').textContent).toContain('Loading');
  });

  it('shows an empty state, not zeros, for a tenant with no data', async () => {
    renderPanel(c, async () => envelope(c.metric, EMPTY[c.metric]));

    expect(await screen.findByText(c.emptyText)).toBeTruthy();
    expect(screen.getByTestId(c.testId).getAttribute('data-state')).toBe('empty');
  });

  it('shows a server error with a Retry button that fetches again', async () => {
    // Prepare: the first call fails with a 503, the retry succeeds.
    let calls = 0;
    const api = renderPanel(c, async () => {
      calls += 1;
      if (calls === 1) throw new ApiError('server', 'Service Unavailable', 503, { requestId: 'req-123' });
      return envelope(c.metric, DATA[c.metric]);
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The analytics service had a problem (503)');
    expect(alert.textContent).toContain('req-123');

    // Act
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));

    // Assess
    await waitFor(() => expect(screen.getByTestId(c.testId).getAttribute('data-state')).toBe('data'));
    expect(api.requests.filter((r) => r.route === c.metric)).toHaveLength(2);
    c.assessData();
  });

  it('shows the figures with their freshness and source', async () => {
    renderPanel(c, async () => envelope(c.metric, DATA[c.metric], { source: 'rollups', age_seconds: 300 }));

    await waitFor(() => expect(screen.getByTestId(c.testId).getAttribute('data-state')).toBe('data'));
    c.assessData();
    const freshness = within(screen.getByTestId(c.testId)).getByTestId('freshness');
    expect(freshness.textContent).toBe('Nov 19\u2009–\u200925, 2026 · Updated 5 minutes ago · from hourly rollups');
    expect(freshness.querySelector('time')?.getAttribute('dateTime')).toBe('2026-11-25T13:00:00Z');
  });

  it('asks the API for the range it is given', async () => {
    const api = createFakeApi({ [c.metric]: async () => envelope(c.metric, DATA[c.metric]) });
    renderWithServices(<c.Panel range={{ kind: 'custom', start: '2026-10-01', end: '2026-10-31' }} />, api);

    await waitFor(() => expect(screen.getByTestId(c.testId).getAttribute('data-state')).toBe('data'));
    expect(api.requests.filter((r) => r.route === c.metric)).toEqual([{ route: c.metric, query: { start_date: '2026-10-01', end_date: '2026-10-31' } }]);
  });
});

describe('A panel explains each kind of failure', () => {
  const summary = PANELS[0]!;

  it('asks the user to sign in again on 401 and signs out when they click', async () => {
    // Prepare
    const signOuts: (string | undefined)[] = [];
    const signOut = (reason?: string) => void signOuts.push(reason);
    const api = createFakeApi({ analytics_summary: async () => Promise.reject(new ApiError('unauthorized', 'token expired', 401)) });
    renderWithServices(<summary.Panel range={RANGE} />, api, { signOut });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign in again');
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();

    // Act
    await act(async () => fireEvent.click(within(alert).getByRole('button', { name: 'Sign in again' })));

    // Assess
    expect(signOuts).toEqual(['Your session ended. Sign in again to continue.']);
  });

  it('says access is denied on 403 without offering a pointless retry', async () => {
    const api = createFakeApi({ analytics_summary: async () => Promise.reject(new ApiError('forbidden', 'tenant_id does not match the token', 403)) });
    renderWithServices(<summary.Panel range={RANGE} />, api);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('You do not have access to this data (tenant_id does not match the token).');
  });

  it('names the bad parameter on 400', async () => {
    const api = createFakeApi({ analytics_summary: async () => Promise.reject(new ApiError('bad_request', 'end_date must not be in the future', 400)) });
    renderWithServices(<summary.Panel range={RANGE} />, api);

    expect((await screen.findByRole('alert')).textContent).toContain('end_date must not be in the future');
  });

  it('says the API could not be reached on a network failure, with Retry', async () => {
    const api = createFakeApi({ analytics_summary: async () => Promise.reject(new ApiError('network', 'Failed to fetch')) });
    renderWithServices(<summary.Panel range={RANGE} />, api);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not reach the analytics API');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

describe('Period over period', () => {
  const COMPARISON = {
    previous_period: { start_date: '2026-11-12', end_date: '2026-11-18' },
    previous: {
      ...DATA.period_comparison.previous,
      analytics_summary: { ...DATA.analytics_summary, sessions: 2000, conversations: 1234, messages: 0, conversion_rate: 8.1 },
      conversations_summary: DATA.conversations_summary,
      forms_summary: DATA.forms_summary,
      knowledge_base_summary: DATA.knowledge_base_summary,
    },
    previous_trend: [
      { period: '2026-11-16', conversations: 4, messages: 9 },
      { period: '2026-11-17', conversations: 5, messages: 11 },
      { period: '2026-11-18', conversations: 6, messages: 13 },
    ],
  };

  it('shows each headline figure’s change against the previous period of the same length', async () => {
    const api = createFakeApi({ analytics_summary: async () => envelope('analytics_summary', DATA.analytics_summary), period_comparison: async () => envelope('period_comparison', COMPARISON) });
    renderWithServices(<HeadlineFiguresPanel range={RANGE} />, api);

    await waitFor(() => expect(screen.queryByTestId('change-analytics_summary-sessions')).not.toBeNull());
    expect(text('change-analytics_summary-sessions')).toBe('+25%'); // 2,500 against 2,000
    expect(text('change-analytics_summary-conversations')).toBe('no change');
    expect(text('change-analytics_summary-messages')).toBe('new'); // 0 before
    expect(text('change-analytics_summary-conversion_rate')).toBe('−1 pts'); // 7.1% against 8.1%
    expect(api.requests.map((r) => r.route).sort()).toEqual(['analytics_summary', 'period_comparison']);
  });

  it('shows the figures without changes when the previous period cannot be had', async () => {
    const api = createFakeApi({ analytics_summary: async () => envelope('analytics_summary', DATA.analytics_summary), period_comparison: async () => Promise.reject(new ApiError('server', 'boom', 500)) });
    renderWithServices(<HeadlineFiguresPanel range={RANGE} />, api);

    await waitFor(() => expect(screen.getByTestId('panel-analytics-summary').getAttribute('data-state')).toBe('data'));
    expect(text('figure-analytics_summary-sessions')).toBe('2,500');
    expect(screen.queryByTestId('change-analytics_summary-sessions')).toBeNull();
  });

  it('draws the previous period beside the trend and marks the day still in progress', async () => {
    // Prepare: a trend ending today in the tenant's zone.
    const today = periodInProgress('day', 'America/Chicago');
    const trend = { ...DATA.conversations_trend, points: [...DATA.conversations_trend.points.slice(0, 2), { period: today, conversations: 7, messages: 21 }] };
    const api = createFakeApi({ conversations_trend: async () => envelope('conversations_trend', trend), period_comparison: async () => envelope('period_comparison', COMPARISON) });
    renderWithServices(<TrendPanel range={RANGE} />, api);

    // Assess: the previous period in the table alternative, aligned by position; today marked partial.
    await waitFor(() => expect(screen.queryByTestId('trend-2026-11-23-previous')).not.toBeNull());
    expect(text('trend-2026-11-23-previous')).toBe('4');
    expect(text(`trend-${today}-previous`)).toBe('6');
    expect(text(`trend-${today}-in-progress`)).toBe(' (so far)');
    expect(text('trend-in-progress')).toContain('is still in progress');
    expect(screen.queryByTestId('trend-2026-11-23-in-progress')).toBeNull();
  });
});

describe('describeChange', () => {
  const format = createFormatters('en-US');
  it('compares counts and durations relatively and rates in percentage points', () => {
    expect(describeChange(150, 100, 'count', format)).toEqual({ text: '+50%', direction: 'up' });
    expect(describeChange(1.5, 2, 'duration', format)).toEqual({ text: '−25%', direction: 'down' });
    expect(describeChange(40.5, 38, 'rate', format)).toEqual({ text: '+2.5 pts', direction: 'up' });
    expect(describeChange(3, 0, 'count', format)).toEqual({ text: 'new', direction: 'up' });
    expect(describeChange(null, 2, 'duration', format)).toEqual({ text: 'n/a', direction: 'unknown' });
    expect(describeChange(5, 5, 'count', format)).toEqual({ text: 'no change', direction: 'flat' });
  });
});
