import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ComponentType } from 'react';
import { ApiError } from '../src/api/api-client';
import type { MetricType } from '../src/api/contract';
import { ConversationsSummaryPanel, HeatmapPanel, TopQuestionsPanel, TrendPanel } from '../src/panels/conversation-panels';
import { BottlenecksPanel, FormsSummaryPanel, TopPerformersPanel } from '../src/panels/form-panels';
import { FunnelPanel, HeadlineFiguresPanel } from '../src/panels/overview-panels';
import { FeedbackCommentsPanel, FeedbackPanel, OutcomesPanel, TokensByModelPanel, TokensPanel } from '../src/panels/outcome-panels';
import { KnowledgeBasePanel, LatencyPanel, UnansweredQuestionsPanel } from '../src/panels/quality-panels';
import type { DateRange } from '../src/view/view-state';
import { createFakeApi, pending, type Answer } from './support/fake-api';
import { DATA, EMPTY, envelope, FEEDBACK, TOKENS } from './support/fixtures';
import { renderWithServices, savedText } from './support/render-panel';
import { describeChange } from '../src/view/change';
import { createFormatters } from '../src/view/formatting';
import { periodInProgress } from '../src/view/in-progress';

const RANGE: DateRange = { kind: 'preset', range: '7d' };
const text = (testId: string) => screen.getByTestId(testId).textContent;

// Mon 09:00 12, Mon 10:00 30, Fri 22:00 4; every other cell 0.
const hourCells = (counts: Record<number, number>) => Array.from({ length: 24 }, (_, h) => counts[h] ?? 0).join(',');
const HEATMAP_CSV = [
  `Day (America/Chicago),${Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).join(',')}`,
  `Mon,${hourCells({ 9: 12, 10: 30 })}`,
  ...['Tue', 'Wed', 'Thu'].map((d) => `${d},${hourCells({})}`),
  `Fri,${hourCells({ 22: 4 })}`,
  ...['Sat', 'Sun'].map((d) => `${d},${hourCells({})}`),
];

interface PanelCase {
  name: string;
  Panel: ComponentType<{ range: DateRange }>;
  metric: MetricType;
  testId: string;
  emptyText: RegExp;
  assessData(): void;
  /** The panel's "Download CSV" file (after the byte order mark): one string per record. */
  csv: string[];
}

const PANELS: PanelCase[] = [
  {
    name: 'headline figures',
    Panel: HeadlineFiguresPanel,
    metric: 'analytics_summary',
    csv: ['Figure,Unit,Value', 'Sessions,count,2500', 'Widget opens,count,2100', 'Conversations,count,1234', 'Messages,count,5678', 'Forms completed,count,150', 'Conversion rate,%,7.1'],
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
    csv: ['Stage,Sessions,Of previous stage (%),Of widget opens (%)', 'Opened the widget,2100,,100', 'Sent a first message,1234,58.8,58.8', 'Started a form,200,16.2,9.5', 'Completed a form,150,75,7.1'],
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
    csv: ['Figure,Unit,Value', 'Conversations,count,1234', 'Messages,count,5678', 'Average response time,seconds,1.25', 'Average time to first word,seconds,0.4', 'After-hours conversations,count,391', 'After-hours share,%,31.7'],
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
    csv: HEATMAP_CSV,
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
    csv: ['Day (America/Chicago),Conversations,Messages,In progress', '2026-11-23,10,40,', '2026-11-24,0,0,', '2026-11-25,7,21,'],
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
    csv: ['Question,Times asked', 'how can i volunteer,42', 'what are your hours,17'],
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
    csv: ['Figure,Unit,Value', 'Forms started,count,200', 'Forms completed,count,150', 'Forms abandoned,count,50', 'Completion rate,%,75', 'Average time to complete,seconds,95.5'],
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
    csv: ['Field,Form,Abandons,Share of abandons (%)', 'phone,volunteer_apply,30,60', 'availability,volunteer_apply,20,40'],
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
    csv: ['Form,Started,Completed,Completion rate (%),Average time (seconds)', 'Volunteer application,120,100,83.3,80'],
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
    csv: ['Figure,Unit,Value', 'Answered from the Knowledge Base,%,80', 'Knowledge-base replies,count,2240', 'Replies,count,2800'],
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
    csv: ['Question,Times asked', 'do you need drivers,12', 'can i donate stock or crypto,5'],
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
    csv: ['Figure,Unit,Value', 'Median time to first word,seconds,0.802', '"95th percentile, first word",seconds,1.655', 'First word under 1 s,%,64.2', 'First word over 10 s,%,0.3', 'Median total response time,seconds,2.1', '"95th percentile, total response time",seconds,75.4', 'Timed replies,count,2800', 'Stated relative error of the percentiles,%,1'],
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
  {
    name: 'conversation outcomes',
    Panel: OutcomesPanel,
    metric: 'conversation_outcomes',
    testId: 'panel-conversation-outcomes',
    emptyText: /no conversations in this range/i,
    assessData: () => {
      expect(text('figure-conversation_outcomes-resolution_rate')).toBe('62%');
      expect(text('figure-conversation_outcomes-confirmed_resolution_rate')).toBe('15%');
      expect(text('figure-conversation_outcomes-abandonment_rate')).toBe('8%');
      expect(text('figure-conversation_outcomes-decided')).toBe('100');
      expect(text('figure-conversation_outcomes-pending')).toBe('20');
      expect(text('outcomes-note')).toBe('Rates are shares of the 100 decided conversations, of 120 in this range. A conversation is decided 24 hours after its last message; 20 are still pending and are counted once decided.');
      // The chart's table alternative: every decided conversation in exactly one outcome.
      expect(['confirmed', 'assumed', 'abandoned', 'unresolved'].map((k) => text(`outcome-${k}-conversations`))).toEqual(['15', '47', '8', '30']);
      expect(text('outcome-unresolved-share')).toBe('30%');
    },
    csv: [
      'Figure,Unit,Value',
      'Resolution rate,%,62',
      'Confirmed resolution rate,%,15',
      'Abandonment rate,%,8',
      'Decided conversations,count,100',
      'Pending conversations,count,20',
      'Conversations,count,120',
      'Resolved,count,62',
      'Confirmed resolved,count,15',
      'Abandoned,count,8',
    ],
  },
  {
    name: 'answer feedback',
    Panel: FeedbackPanel,
    metric: 'answer_feedback',
    testId: 'panel-answer-feedback',
    emptyText: /no replies in this range yet, so there is no feedback/i,
    assessData: () => {
      expect(text('figure-answer_feedback-helpful_rate')).toBe('80%');
      expect(text('figure-answer_feedback-feedback_coverage')).toBe('12.5%');
      expect(text('figure-answer_feedback-helpful')).toBe('40');
      expect(text('figure-answer_feedback-not_helpful')).toBe('10');
      expect(text('feedback-note')).toBe('50 of 400 replies were rated (a reply’s latest rating counts).');
    },
    csv: ['Figure,Unit,Value', 'Helpful rate,%,80', 'Feedback coverage,%,12.5', 'Helpful (thumbs up),count,40', 'Not helpful (thumbs down),count,10', 'Rated replies,count,50', 'Replies,count,400'],
  },
  {
    name: 'feedback comments',
    Panel: FeedbackCommentsPanel,
    metric: 'answer_feedback',
    testId: 'panel-feedback-comments',
    emptyText: /no visitor left a comment/i,
    assessData: () => {
      expect(text('feedback-comment-0-text')).toBe('very helpful, thanks');
      expect(text('feedback-comment-0-rating')).toBe('Helpful');
      expect(text('feedback-comment-1-rating')).toBe('Not helpful');
      expect(text('feedback-comment-1-count')).toBe('1');
    },
    // A visitor's comment that a spreadsheet would run is written as text.
    csv: ['Comment,Rating,Times', '"very helpful, thanks",Helpful,3', "'=cmd|calc,Not helpful,1"],
  },
  {
    name: 'tokens and cost',
    Panel: TokensPanel,
    metric: 'token_usage',
    testId: 'panel-token-usage',
    emptyText: /no replies in this range yet/i,
    assessData: () => {
      expect(text('figure-token_usage-input_tokens')).toBe('450,000');
      expect(text('figure-token_usage-output_tokens')).toBe('90,000');
      expect(text('figure-token_usage-cost')).toBe('$0.21');
      expect(text('figure-token_usage-cost_per_conversation')).toBe('$0.002333');
      expect(text('tokens-prices-as-of')).toBe('2026-12-02');
      expect(text('tokens-unknown')).toContain('100 of 400 replies came from an older widget version without token counts: their tokens and cost are unknown');
      expect(text('tokens-unpriced')).toContain('20 replies used a model without a price');
    },
    csv: [
      'Figure,Unit,Value',
      'Input tokens,count,450000',
      'Output tokens,count,90000',
      'Cost,USD,0.21',
      'Cost per conversation,USD,0.002333',
      'Replies,count,400',
      'Replies with token counts,count,300',
      'Replies with unknown tokens,count,100',
      'Replies of unpriced models,count,20',
      'Conversations with token counts,count,90',
    ],
  },
  {
    name: 'tokens and cost by model',
    Panel: TokensByModelPanel,
    metric: 'token_usage',
    testId: 'panel-token-models',
    emptyText: /no reply in this range carries token counts/i,
    assessData: () => {
      expect(text('token-model-0-id')).toBe('anthropic.claude-3-haiku-20240307-v1:0');
      expect(text('token-model-0-input')).toBe('420,000');
      expect(text('token-model-0-cost')).toBe('$0.21');
      expect(text('token-model-1-cost')).toBe('unpriced');
    },
    csv: ['Model,Replies,Input tokens,Output tokens,"Cost (USD, prices as of 2026-12-02)",Priced', 'anthropic.claude-3-haiku-20240307-v1:0,280,420000,84000,0.21,yes', 'acme.custom-model,20,30000,6000,,no (not in the price table)'],
  },
];

function renderPanel(c: PanelCase, answer: Answer) {
  const api = createFakeApi({ [c.metric]: answer });
  const { saved } = renderWithServices(<c.Panel range={RANGE} />, api);
  return Object.assign(api, { saved });
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

  it('downloads the figures it shows as CSV: UTF-8 with BOM, CRLF, named <tenant>-<panel>-<start>_<end>.csv', async () => {
    // Prepare
    const { saved } = renderPanel(c, async () => envelope(c.metric, DATA[c.metric]));
    const panel = await waitFor(() => {
      const p = screen.getByTestId(c.testId);
      expect(p.getAttribute('data-state')).toBe('data');
      return p;
    });

    // Act
    fireEvent.click(within(panel).getByRole('button', { name: /^Download CSV: / }));

    // Assess
    expect(saved.map((f) => f.name)).toEqual([`FOS402334-${c.testId.replace(/^panel-/, '')}-2026-11-19_2026-11-25.csv`]);
    const content = await savedText(saved[0]!);
    expect(content.startsWith('\uFEFF')).toBe(true);
    expect(content.slice(1)).toBe(c.csv.map((line) => `${line}\r\n`).join(''));
  });

  it('offers no download while loading or empty', async () => {
    renderPanel(c, async () => envelope(c.metric, EMPTY[c.metric]));

    await screen.findByText(c.emptyText);
    expect(within(screen.getByTestId(c.testId)).queryByTestId('download-csv')).toBeNull();
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

  it('puts the previous period’s figures beside this period’s in the headline CSV', async () => {
    const api = createFakeApi({ analytics_summary: async () => envelope('analytics_summary', DATA.analytics_summary), period_comparison: async () => envelope('period_comparison', COMPARISON) });
    const { saved } = renderWithServices(<HeadlineFiguresPanel range={RANGE} />, api);
    await waitFor(() => expect(screen.queryByTestId('change-analytics_summary-sessions')).not.toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV: Headline figures' }));

    const lines = (await savedText(saved[0]!)).slice(1).split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['Figure,Unit,Value,Previous period', 'Sessions,count,2500,2000', 'Widget opens,count,2100,2100']);
    expect(lines).toContain('Messages,count,5678,0');
    expect(lines).toContain('Conversion rate,%,7.1,8.1');
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

describe('The answer-quality panels on outcomes, feedback and tokens', () => {
  it('say tokens and cost are unknown, never 0, when no reply carries token counts', async () => {
    // Prepare: every reply from an older widget (MESSAGE_RECEIVED 1.0.0).
    const tokens = { ...TOKENS, replies_with_tokens: 0, replies_without_tokens: 400, input_tokens: 0, output_tokens: 0, cost: null, unpriced_replies: 0, conversations_with_tokens: 0, cost_per_conversation: null, models: [] };
    const api = createFakeApi({ token_usage: async () => envelope('token_usage', tokens) });
    const { saved } = renderWithServices(<TokensPanel range={RANGE} />, api);
    await waitFor(() => expect(screen.getByTestId('panel-token-usage').getAttribute('data-state')).toBe('data'));

    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV: Tokens and cost' }));

    // Assess: shown as unknown; in the CSV an empty cell, not 0.
    expect(['input_tokens', 'output_tokens', 'cost', 'cost_per_conversation'].map((k) => text(`figure-token_usage-${k}`))).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(text('tokens-unknown')).toContain('400 of 400 replies');
    const lines = (await savedText(saved[0]!)).slice(1).split('\r\n');
    expect(lines.slice(1, 5)).toEqual(['Input tokens,count,', 'Output tokens,count,', 'Cost,USD,', 'Cost per conversation,USD,']);
  });

  it('explain that every conversation is still pending instead of showing rates of nothing', async () => {
    const outcomes = { conversations: 7, pending: 7, decided: 0, resolved: 0, resolution_rate: null, confirmed_resolved: 0, confirmed_resolution_rate: null, abandoned: 0, abandonment_rate: null };
    renderWithServices(<OutcomesPanel range={RANGE} />, createFakeApi({ conversation_outcomes: async () => envelope('conversation_outcomes', outcomes) }));
    await waitFor(() => expect(screen.getByTestId('panel-conversation-outcomes').getAttribute('data-state')).toBe('data'));

    expect(text('figure-conversation_outcomes-resolution_rate')).toBe('n/a');
    expect(text('outcomes-note')).toContain('7 are still pending');
    expect(screen.queryByTestId('table-outcomes')).toBeNull();
  });

  it('say when no reply was rated yet', async () => {
    const feedback = { ...FEEDBACK, rated: 0, helpful: 0, not_helpful: 0, helpful_rate: null, feedback_coverage: 0, comments: [] };
    renderWithServices(<FeedbackPanel range={RANGE} />, createFakeApi({ answer_feedback: async () => envelope('answer_feedback', feedback) }));
    await waitFor(() => expect(screen.getByTestId('panel-answer-feedback').getAttribute('data-state')).toBe('data'));

    expect(text('figure-answer_feedback-helpful_rate')).toBe('n/a');
    expect(text('feedback-note')).toBe('No visitor has rated a reply in this range yet.');
  });

  it.each([
    ['conversation_outcomes', OutcomesPanel, 'resolution_rate', '+12 pts'], // 62% against 50%
    ['answer_feedback', FeedbackPanel, 'helpful_rate', '+5 pts'], // 80% against 75%
    ['token_usage', TokensPanel, 'cost', '−30%'], // $0.21 against $0.30
    ['response_latency', LatencyPanel, 'first_token-p50', '−20%'], // 0.802 s against 1.003 s
  ] as const)('show the change of %s against the previous period', async (metric, Panel, key, change) => {
    const api = createFakeApi({ [metric]: async () => envelope(metric, DATA[metric]), period_comparison: async () => envelope('period_comparison', DATA.period_comparison) });
    renderWithServices(<Panel range={RANGE} />, api);

    await waitFor(() => expect(screen.queryByTestId(`change-${metric}-${key}`)).not.toBeNull());
    expect(text(`change-${metric}-${key}`)).toBe(change);
  });
});

describe('A panel’s CSV defuses what a spreadsheet would run', () => {
  it('writes a visitor’s question that looks like a formula as text, with a leading quote', async () => {
    // Prepare: questions are visitor text; a spreadsheet would run the first two.
    const questions = [
      { question: '=HYPERLINK("http://evil.example","click")', count: 3 },
      { question: '@SUM(1+1)', count: 2 },
      { question: 'what are your hours, please', count: 1 },
    ];
    const api = createFakeApi({ top_questions: async () => envelope('top_questions', { questions }) });
    const { saved } = renderWithServices(<TopQuestionsPanel range={RANGE} />, api);
    await waitFor(() => expect(screen.getByTestId('panel-top-questions').getAttribute('data-state')).toBe('data'));

    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV: Top questions' }));

    // Assess
    expect((await savedText(saved[0]!)).slice(1)).toBe(['Question,Times asked', `"'=HYPERLINK(""http://evil.example"",""click"")",3`, "'@SUM(1+1),2", '"what are your hours, please",1', ''].join('\r\n'));
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
