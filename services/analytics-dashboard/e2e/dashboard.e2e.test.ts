/**
 * The dashboard in a real browser against the real dashboard API: every figure shown must equal
 * what the API returns for the same token and range; ranges switch and survive a reload; a token
 * without `pii:read` never sees (or requests) submissions; no console error anywhere.
 * Screenshots: services/analytics-dashboard/.screenshots/*.png (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { downloadBy, openBrowser, waitForPanels, type BrowserSession, type DownloadedFile } from './support/browser';
import { describeChange } from '../src/view/change';
import { createFormatters } from '../src/view/formatting';
import { apiGet, e2eEnvironment, parseShown, periodText, type E2eEnvironment } from './support/dashboard-api';

const SCREENSHOTS = join(fileURLToPath(new URL('..', import.meta.url)), '.screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

type Query = Record<string, string>;
const env: E2eEnvironment = e2eEnvironment();

const shown = async (page: Page, testId: string) => parseShown(await page.getByTestId(testId).textContent());
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();
const panelState = (page: Page, id: string) => page.getByTestId(`panel-${id}`).getAttribute('data-state');

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Overview: headline figures and the funnel equal the API's for `query`. */
async function expectOverviewMatchesApi(page: Page, query: Query, token: string) {
  const { data: summary, period } = await apiGet(env, '/analytics/summary', query, token);
  // The panel names the tenant-local days its figures cover (ICU versions differ on thin spaces).
  const spaces = (value: string | null) => (value ?? '').replace(/\s/g, ' ');
  expect(spaces(await page.getByTestId('panel-analytics-summary').getByTestId('period').textContent())).toBe(spaces(periodText(period)));
  expect(await panelState(page, 'analytics-summary')).toBe(summary.sessions === 0 ? 'empty' : 'data');
  if (summary.sessions > 0) {
    for (const key of ['sessions', 'widget_opens', 'conversations', 'messages', 'forms_completed', 'conversion_rate']) {
      expect({ key, value: await shown(page, `figure-analytics_summary-${key}`) }).toEqual({ key, value: summary[key] });
    }
  }
  const funnel = (await apiGet(env, '/analytics/funnel', query, token)).data;
  const funnelEmpty = funnel.stages.every((s: { sessions: number }) => s.sessions === 0);
  expect(await panelState(page, 'analytics-funnel')).toBe(funnelEmpty ? 'empty' : 'data');
  if (!funnelEmpty) {
    for (const stage of funnel.stages) {
      expect({ stage: stage.stage, sessions: await shown(page, `funnel-${stage.stage}-sessions`), top: await shown(page, `funnel-${stage.stage}-top`), previous: await shown(page, `funnel-${stage.stage}-previous`) }).toEqual({
        stage: stage.stage,
        sessions: stage.sessions,
        top: stage.percentage_of_top,
        previous: stage.percentage_of_previous,
      });
    }
  }
  return summary;
}

/** Conversations: cards, every heatmap cell, every trend point and the top questions equal the API's. */
async function expectConversationsMatchApi(page: Page, query: Query, token: string) {
  const summary = (await apiGet(env, '/conversations/summary', query, token)).data;
  expect(await panelState(page, 'conversations-summary')).toBe(summary.total_conversations === 0 && summary.total_messages === 0 ? 'empty' : 'data');
  if (summary.total_conversations > 0 || summary.total_messages > 0) {
    for (const key of ['total_conversations', 'total_messages', 'after_hours_count', 'after_hours_percentage']) {
      expect({ key, value: await shown(page, `figure-conversations_summary-${key}`) }).toEqual({ key, value: summary[key] });
    }
  }

  const heatmap = (await apiGet(env, '/conversations/heatmap', query, token)).data;
  const cells = new Map<string, number>();
  for (const c of heatmap.cells) cells.set(`${c.day_of_week}-${c.hour}`, (cells.get(`${c.day_of_week}-${c.hour}`) ?? 0) + c.conversations);
  const heatmapTotal = [...cells.values()].reduce((a, b) => a + b, 0);
  expect(await panelState(page, 'conversations-heatmap')).toBe(heatmapTotal === 0 ? 'empty' : 'data');
  if (heatmapTotal > 0) {
    expect(await shown(page, 'heatmap-total')).toBe(heatmapTotal);
    expect(await text(page, 'timezone')).toBe(heatmap.timezone);
    for (let day = 1; day <= 7; day++) for (let hour = 0; hour < 24; hour++) expect({ day, hour, value: await shown(page, `heatmap-cell-${day}-${hour}`) }).toEqual({ day, hour, value: cells.get(`${day}-${hour}`) ?? 0 });
  }

  const trend = (await apiGet(env, '/conversations/trend', query, token)).data;
  const trendEmpty = trend.points.every((p: { conversations: number; messages: number }) => p.conversations === 0 && p.messages === 0);
  expect(await panelState(page, 'conversations-trend')).toBe(trendEmpty ? 'empty' : 'data');
  if (!trendEmpty) {
    for (const point of trend.points) {
      expect({ period: point.period, conversations: await shown(page, `trend-${point.period}-conversations`), messages: await shown(page, `trend-${point.period}-messages`) }).toEqual({ period: point.period, conversations: point.conversations, messages: point.messages });
    }
  }

  const questions = (await apiGet(env, '/conversations/top-questions', query, token)).data.questions;
  expect(await panelState(page, 'top-questions')).toBe(questions.length === 0 ? 'empty' : 'data');
  for (const [i, q] of questions.entries()) {
    expect({ i, question: await text(page, `top-question-${i}-text`), count: await shown(page, `top-question-${i}-count`) }).toEqual({ i, question: q.question, count: q.count });
  }
  return summary;
}

/** Forms: summary, top performers and bottlenecks equal the API's. */
async function expectFormsMatchApi(page: Page, query: Query, token: string) {
  const summary = (await apiGet(env, '/forms/summary', query, token)).data;
  const summaryEmpty = summary.forms_started === 0 && summary.forms_completed === 0 && summary.forms_abandoned === 0;
  expect(await panelState(page, 'forms-summary')).toBe(summaryEmpty ? 'empty' : 'data');
  if (!summaryEmpty) {
    for (const key of ['forms_started', 'forms_completed', 'forms_abandoned', 'completion_rate']) {
      expect({ key, value: await shown(page, `figure-forms_summary-${key}`) }).toEqual({ key, value: summary[key] });
    }
  }
  const forms = (await apiGet(env, '/forms/top-performers', query, token)).data.forms;
  expect(await panelState(page, 'forms-top-performers')).toBe(forms.length === 0 ? 'empty' : 'data');
  for (const [i, f] of forms.entries()) {
    expect({ i, label: await text(page, `top-form-${i}-label`), started: await shown(page, `top-form-${i}-started`), completed: await shown(page, `top-form-${i}-completed`), rate: await shown(page, `top-form-${i}-rate`) }).toEqual({
      i,
      label: f.form_label || f.form_id,
      started: f.started,
      completed: f.completed,
      rate: f.completion_rate,
    });
  }
  const fields = (await apiGet(env, '/forms/bottlenecks', query, token)).data.fields;
  expect(await panelState(page, 'forms-bottlenecks')).toBe(fields.length === 0 ? 'empty' : 'data');
  for (const [i, f] of fields.entries()) {
    expect({ i, field: await text(page, `bottleneck-${i}-field`), abandons: await shown(page, `bottleneck-${i}-abandons`), share: await shown(page, `bottleneck-${i}-share`) }).toEqual({ i, field: f.field, abandons: f.abandons, share: f.share_percentage });
  }
  return summary;
}

/** Answer quality: the knowledge-base card, every unanswered question and the latency figures equal the API's. */
async function expectQualityMatchesApi(page: Page, query: Query, token: string) {
  // Durations are shown rounded ("0.8 s"): compare with the dashboard's own en-US formatting of the API's value.
  const format = createFormatters('en-US');
  const kb = (await apiGet(env, '/quality/knowledge-base', query, token)).data;
  expect(await panelState(page, 'knowledge-base')).toBe(kb.replies === 0 ? 'empty' : 'data');
  if (kb.replies > 0) {
    for (const key of ['answer_rate', 'knowledge_base_replies', 'replies']) {
      expect({ key, value: await shown(page, `figure-knowledge_base_summary-${key}`) }).toEqual({ key, value: kb[key] });
    }
  }
  const questions = (await apiGet(env, '/quality/unanswered-questions', query, token)).data.questions;
  expect(await panelState(page, 'unanswered-questions')).toBe(questions.length === 0 ? 'empty' : 'data');
  for (const [i, q] of questions.entries()) {
    expect({ i, question: await text(page, `unanswered-question-${i}-text`), count: await shown(page, `unanswered-question-${i}-count`) }).toEqual({ i, question: q.question, count: q.count });
  }
  const latency = (await apiGet(env, '/quality/latency', query, token)).data;
  expect(await panelState(page, 'response-latency')).toBe(latency.replies_timed === 0 ? 'empty' : 'data');
  if (latency.replies_timed > 0) {
    expect(await shown(page, 'figure-response_latency-under_1s')).toBe(latency.first_token_under_1s_percentage);
    expect(await shown(page, 'figure-response_latency-over_10s')).toBe(latency.first_token_over_10s_percentage);
    expect(await shown(page, 'latency-replies')).toBe(latency.replies_timed);
    for (const measure of ['first_token', 'total_time']) {
      for (const p of ['p50', 'p95']) {
        expect({ measure, p, shown: await text(page, `latency-${measure}-${p}`) }).toEqual({ measure, p, shown: format.duration(latency[measure][`${p}_seconds`]) });
      }
    }
  }
  return { kb, questions, latency, ...(await expectOutcomesFeedbackTokensMatchApi(page, query, token)) };
}

/** Answer quality, the outcome, feedback and token panels: every figure, comment and model row equals the API's. */
async function expectOutcomesFeedbackTokensMatchApi(page: Page, query: Query, token: string) {
  const format = createFormatters('en-US');
  const outcomes = (await apiGet(env, '/quality/outcomes', query, token)).data;
  expect(await panelState(page, 'conversation-outcomes')).toBe(outcomes.conversations === 0 ? 'empty' : 'data');
  if (outcomes.conversations > 0) {
    for (const key of ['resolution_rate', 'confirmed_resolution_rate', 'abandonment_rate', 'decided', 'pending']) {
      expect({ key, value: await shown(page, `figure-conversation_outcomes-${key}`) }).toEqual({ key, value: outcomes[key] });
    }
    expect({ conversations: await shown(page, 'outcomes-conversations'), pending: await shown(page, 'outcomes-pending') }).toEqual({ conversations: outcomes.conversations, pending: outcomes.pending });
  }

  const feedback = (await apiGet(env, '/quality/feedback', query, token)).data;
  expect(await panelState(page, 'answer-feedback')).toBe(feedback.replies === 0 ? 'empty' : 'data');
  if (feedback.replies > 0) {
    for (const key of ['helpful_rate', 'feedback_coverage', 'helpful', 'not_helpful']) {
      expect({ key, value: await shown(page, `figure-answer_feedback-${key}`) }).toEqual({ key, value: feedback[key] });
    }
  }
  expect(await panelState(page, 'feedback-comments')).toBe(feedback.comments.length === 0 ? 'empty' : 'data');
  for (const [i, c] of feedback.comments.entries()) {
    expect({ i, comment: await text(page, `feedback-comment-${i}-text`), rating: await text(page, `feedback-comment-${i}-rating`), count: await shown(page, `feedback-comment-${i}-count`) }).toEqual({ i, comment: c.comment, rating: c.rating === 'up' ? 'Helpful' : 'Not helpful', count: c.count });
  }

  const tokens = (await apiGet(env, '/quality/tokens', query, token)).data;
  expect(await panelState(page, 'token-usage')).toBe(tokens.replies === 0 ? 'empty' : 'data');
  if (tokens.replies > 0) {
    // Replies without token counts make the token figures unknown, never 0.
    const known = tokens.replies_with_tokens > 0;
    expect(await text(page, 'figure-token_usage-input_tokens')).toBe(known ? format.count(tokens.input_tokens) : 'unknown');
    expect(await text(page, 'figure-token_usage-output_tokens')).toBe(known ? format.count(tokens.output_tokens) : 'unknown');
    expect(await text(page, 'figure-token_usage-cost')).toBe(tokens.cost === null ? 'unknown' : format.money(tokens.cost));
    expect(await text(page, 'figure-token_usage-cost_per_conversation')).toBe(tokens.cost_per_conversation === null ? 'unknown' : format.money(tokens.cost_per_conversation));
    expect(await text(page, 'tokens-prices-as-of')).toBe(tokens.prices_as_of);
    expect(await page.getByTestId('tokens-unknown').count()).toBe(tokens.replies_without_tokens > 0 ? 1 : 0);
  }
  expect(await panelState(page, 'token-models')).toBe(tokens.models.length === 0 ? 'empty' : 'data');
  for (const [i, m] of tokens.models.entries()) {
    expect({ i, model: await text(page, `token-model-${i}-id`), replies: await shown(page, `token-model-${i}-replies`), cost: await text(page, `token-model-${i}-cost`) }).toEqual({ i, model: m.model_id, replies: m.replies, cost: m.cost === null ? 'unpriced' : format.money(m.cost) });
  }
  return { outcomes, feedback, tokens };
}

/** Overview: every headline figure's change equals the one computed from the API's figures and previous period. */
async function expectComparisonMatchesApi(page: Page, query: Query, token: string) {
  const format = createFormatters('en-US');
  const { data: comparison } = await apiGet(env, '/analytics/previous-period', query, token);
  const summary = (await apiGet(env, '/analytics/summary', query, token)).data;
  const kinds: Record<string, 'count' | 'rate'> = { sessions: 'count', widget_opens: 'count', conversations: 'count', messages: 'count', forms_completed: 'count', conversion_rate: 'rate' };
  if (summary.sessions > 0) {
    for (const [key, kind] of Object.entries(kinds)) {
      await page.getByTestId(`change-analytics_summary-${key}`).waitFor();
      expect({ key, shown: await text(page, `change-analytics_summary-${key}`) }).toEqual({ key, shown: describeChange(summary[key], comparison.previous.analytics_summary[key], kind, format).text });
    }
  }
  return comparison;
}

const BOM = '\uFEFF';

/** A downloaded CSV's records (CRLF-separated; the files the test reads have no line breaks inside a field). */
function csvRecords(file: DownloadedFile): string[] {
  expect(file.text.startsWith(BOM)).toBe(true);
  expect(file.text.endsWith('\r\n')).toBe(true);
  return file.text.slice(1, -2).split('\r\n');
}

/** Clicks a panel's "Download CSV" and returns the file. */
function downloadPanelCsv(page: Page, panelId: string): Promise<DownloadedFile> {
  return downloadBy(page, () => page.getByTestId(`panel-${panelId}`).getByTestId('download-csv').click());
}

async function chooseRange(page: Page, range: string, pageName: string) {
  await page.getByTestId(`range-${range}`).click();
  await page.waitForURL((url) => url.search === `?page=${pageName}&range=${range}`);
  await waitForPanels(page);
}

async function goToPage(page: Page, pageName: string) {
  await page.getByTestId(`nav-${pageName}`).click();
  await page.waitForURL((url) => url.searchParams.get('page') === pageName);
  await waitForPanels(page);
}

describe('The dashboard for a token with the PII scope', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => browser?.close());
  afterEach(() => {
    // Any console error (a failed request included) fails the step it happened in.
    expect(browser.errors).toEqual([]);
    browser.errors.length = 0;
  });

  it('takes the one-time #token hand-off, removes it from the URL, and shows the overview the API computed', async () => {
    const { page } = browser;

    await page.goto(`${env.dashboardUrl}/?page=overview&range=7d#token=${env.tokenPii}`);
    await waitForPanels(page);

    expect(page.url()).toBe(`${env.dashboardUrl}/?page=overview&range=7d`);
    expect(await page.evaluate(() => sessionStorage.getItem('picasso.dashboard.token'))).toBe(env.tokenPii);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await expectOverviewMatchesApi(page, { range: '7d' }, env.tokenPii);
    await expectComparisonMatchesApi(page, { range: '7d' }, env.tokenPii);
    await expect(page.getByTestId('chart-funnel').count()).resolves.toBe(1);
    await screenshot(page, 'overview');
  });

  it('downloads the headline figures and the funnel as CSV files holding the API’s figures', async () => {
    const { page } = browser;
    const { data: summary, period, tenant_id: tenant } = await apiGet(env, '/analytics/summary', { range: '7d' }, env.tokenPii);
    const { data: comparison } = await apiGet(env, '/analytics/previous-period', { range: '7d' }, env.tokenPii);

    // Act
    const figures = await downloadPanelCsv(page, 'analytics-summary');
    const funnel = await downloadPanelCsv(page, 'analytics-funnel');

    // Assess: named for the tenant, panel and days; this period's figures beside the previous period's.
    expect(figures.name).toBe(`${tenant}-analytics-summary-${period.start_date}_${period.end_date}.csv`);
    const records = csvRecords(figures);
    expect(records[0]).toBe('Figure,Unit,Value,Previous period');
    const labels: Record<string, string> = { sessions: 'Sessions', widget_opens: 'Widget opens', conversations: 'Conversations', messages: 'Messages', forms_completed: 'Forms completed', conversion_rate: 'Conversion rate' };
    const cell = (v: number | null) => (v === null ? '' : String(v));
    expect(records.slice(1)).toEqual(Object.entries(labels).map(([key, label]) => `${label},${key === 'conversion_rate' ? '%' : 'count'},${cell(summary[key])},${cell(comparison.previous.analytics_summary[key])}`));
    const stages = (await apiGet(env, '/analytics/funnel', { range: '7d' }, env.tokenPii)).data.stages;
    expect(csvRecords(funnel).slice(1).map((r) => r.split(',').slice(1).join(','))).toEqual(stages.map((s: { sessions: number; percentage_of_previous: number | null; percentage_of_top: number | null }) => [s.sessions, s.percentage_of_previous, s.percentage_of_top].map(cell).join(',')));
  });

  it('switches ranges (30d, 1d, 90d) and shows each range’s figures', async () => {
    const { page } = browser;
    for (const range of ['30d', '1d', '90d']) {
      await chooseRange(page, range, 'overview');
      await expectOverviewMatchesApi(page, { range }, env.tokenPii);
    }
  });

  it('shows the conversations page for 7 days and for today (hourly trend)', async () => {
    const { page } = browser;
    await goToPage(page, 'conversations');
    await chooseRange(page, '7d', 'conversations');
    const summary = await expectConversationsMatchApi(page, { range: '7d' }, env.tokenPii);
    expect(summary.total_conversations).toBeGreaterThan(0); // the generator filled the last week
    // The previous seven days beside the trend (table alternative), and today marked as partial.
    const previousTrend = (await apiGet(env, '/analytics/previous-period', { range: '7d' }, env.tokenPii)).data.previous_trend;
    const trend = (await apiGet(env, '/conversations/trend', { range: '7d' }, env.tokenPii)).data;
    await page.getByTestId(`trend-${trend.points[0].period}-previous`).waitFor({ state: 'attached' });
    for (const [i, point] of trend.points.entries()) {
      expect({ period: point.period, previous: await shown(page, `trend-${point.period}-previous`) }).toEqual({ period: point.period, previous: previousTrend[i]?.conversations ?? null });
    }
    const today = trend.points[trend.points.length - 1].period;
    expect(await page.getByTestId(`trend-${today}-in-progress`).count()).toBe(1);
    expect(await text(page, 'trend-in-progress')).toContain('still in progress');
    await screenshot(page, 'conversations');

    // The trend's CSV: every point the API gave, the previous period beside it, today marked partial.
    const trendCsv = csvRecords(await downloadPanelCsv(page, 'conversations-trend'));
    expect(trendCsv[0]).toBe(`Day (${trend.timezone}),Conversations,Messages,"Conversations, previous period",In progress`);
    expect(trendCsv.slice(1)).toEqual(trend.points.map((p: { period: string; conversations: number; messages: number }, i: number) => `${p.period},${p.conversations},${p.messages},${previousTrend[i]?.conversations ?? ''},${p.period === today ? 'yes (partial)' : ''}`));

    await chooseRange(page, '1d', 'conversations');
    await expectConversationsMatchApi(page, { range: '1d' }, env.tokenPii);
  });

  it('shows the forms page with the submissions and their values', async () => {
    const { page } = browser;
    await goToPage(page, 'forms');
    await chooseRange(page, '30d', 'forms');
    await expectFormsMatchApi(page, { range: '30d' }, env.tokenPii);

    const submissions = (await apiGet(env, '/forms/submissions', { range: '30d', limit: '25' }, env.tokenPii)).data.submissions;
    if (submissions.length === 0) {
      await expect(page.getByText('No form submissions in this range.').count()).resolves.toBe(1);
    } else {
      await expect(page.getByTestId('table-submissions').locator('tbody tr').count()).resolves.toBe(submissions.length);
      const tableText = await page.getByTestId('table-submissions').textContent();
      for (const value of Object.values(submissions[0].form_data)) expect(tableText).toContain(typeof value === 'string' ? value : JSON.stringify(value));
    }
    await screenshot(page, 'forms-pii');
  });

  it('downloads every submission of the range as the API’s CSV file (pii:read)', async () => {
    // Prepare: every submission of the range, read page by page from the API.
    const { page } = browser;
    const all: { submission_id: string; form_data: Record<string, unknown> }[] = [];
    let first: { tenant_id: string; period: { start_date: string; end_date: string } } | undefined;
    let next: string | null = null;
    do {
      const body = await apiGet(env, '/forms/submissions', { range: '30d', limit: '100', ...(next ? { next_token: next } : {}) }, env.tokenPii);
      first ??= body;
      all.push(...body.data.submissions);
      next = body.data.next_token;
    } while (next);
    expect(all.length).toBeGreaterThan(0); // the generator submitted forms in the last 30 days

    // Act
    const file = await downloadPanelCsv(page, 'forms-submissions');

    // Assess: named for the tenant and days; every submission once, newest first, with its values.
    expect(file.name).toBe(`${first!.tenant_id}-form-submissions-${first!.period.start_date}_${first!.period.end_date}.csv`);
    const records = csvRecords(file);
    expect(records[0]!.startsWith('Submission ID,Form ID,Form,Submitted at (UTC),Submitted at (')).toBe(true);
    expect(records.slice(1).map((r) => r.split(',')[0])).toEqual(all.map((s) => s.submission_id));
    for (const value of Object.values(all[0]!.form_data)) expect(records[1]).toContain(String(value));
  });

  it('keeps the view on reload (the URL carries page and range, the tab keeps the token)', async () => {
    const { page } = browser;
    await page.reload();
    await waitForPanels(page);

    expect(new URL(page.url()).search).toBe('?page=forms&range=30d');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Forms');
    await expectFormsMatchApi(page, { range: '30d' }, env.tokenPii);
  });

  it('shows the answer-quality page: outcomes, feedback, knowledge-base rate, unanswered questions, latency percentiles, tokens and cost', async () => {
    const { page } = browser;
    await goToPage(page, 'quality');
    await chooseRange(page, '30d', 'quality');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Answer quality');
    const { kb, questions, latency, outcomes, feedback, tokens } = await expectQualityMatchesApi(page, { range: '30d' }, env.tokenPii);
    // The generator filled the last 30 days: replies with and without the Knowledge Base, all timed.
    expect(kb.replies).toBeGreaterThan(0);
    expect(questions.length).toBeGreaterThan(0);
    expect(latency.replies_timed).toBeGreaterThan(0);
    // Conversations 24 h past their last message are decided; every reply is in feedback and tokens.
    expect(outcomes.decided).toBeGreaterThan(0);
    expect(feedback.replies).toBe(kb.replies);
    expect(tokens.replies).toBe(kb.replies);

    // The outcome rates carry their change against the previous 30 days.
    const { data: comparison } = await apiGet(env, '/analytics/previous-period', { range: '30d' }, env.tokenPii);
    for (const key of ['resolution_rate', 'confirmed_resolution_rate', 'abandonment_rate']) {
      await page.getByTestId(`change-conversation_outcomes-${key}`).waitFor();
      expect({ key, shown: await text(page, `change-conversation_outcomes-${key}`) }).toEqual({ key, shown: describeChange(outcomes[key], comparison.previous.conversation_outcomes[key], 'rate', createFormatters('en-US')).text });
    }

    // The first-word share under 1 s too (response_latency is compared since the new metrics landed).
    await page.getByTestId('change-response_latency-under_1s').waitFor();
    expect(await text(page, 'change-response_latency-under_1s')).toBe(describeChange(latency.first_token_under_1s_percentage, comparison.previous.response_latency.first_token_under_1s_percentage, 'rate', createFormatters('en-US')).text);

    // The outcomes CSV holds the API's figures beside the previous period's.
    const outcomesCsv = csvRecords(await downloadPanelCsv(page, 'conversation-outcomes'));
    const cell = (v: number | null) => (v === null ? '' : String(v));
    expect(outcomesCsv[0]).toBe('Figure,Unit,Value,Previous period');
    expect(outcomesCsv[1]).toBe(`Resolution rate,%,${cell(outcomes.resolution_rate)},${cell(comparison.previous.conversation_outcomes.resolution_rate)}`);
    expect(outcomesCsv).toContain(`Pending conversations,count,${outcomes.pending},${comparison.previous.conversation_outcomes.pending}`);
    // The tokens CSV: an unknown figure is an empty cell, never 0.
    const tokensCsv = csvRecords(await downloadPanelCsv(page, 'token-usage'));
    expect(tokensCsv[1]).toBe(`Input tokens,count,${tokens.replies_with_tokens > 0 ? tokens.input_tokens : ''},${comparison.previous.token_usage.replies_with_tokens > 0 ? comparison.previous.token_usage.input_tokens : ''}`);
    await expect(page.getByTestId('chart-latency').count()).resolves.toBe(1);
    // The chart's table alternative opens by keyboard-friendly disclosure.
    await page.getByTestId('panel-response-latency').getByText('Show the figures as a table').click();
    await expect(page.getByTestId('table-latency').isVisible()).resolves.toBe(true);
    await screenshot(page, 'quality');

    await page.getByTestId('panel-conversation-outcomes').getByText('Show the figures as a table').click();
    await screenshot(page, 'quality-outcomes-table');

    await chooseRange(page, '1d', 'quality');
    await expectQualityMatchesApi(page, { range: '1d' }, env.tokenPii);
    await screenshot(page, 'quality-today');
  });

  it('applies a custom date range and shows the API’s figures for it', async () => {
    const { page } = browser;
    await goToPage(page, 'overview');
    const { period } = await apiGet(env, '/analytics/summary', { range: '30d' }, env.tokenPii);
    const end = new Date(Date.parse(`${period.end_date}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const start = period.start_date;

    await page.getByTestId('range-start').fill(start);
    await page.getByTestId('range-end').fill(end);
    await page.getByTestId('range-apply').click();
    await page.waitForURL((url) => url.search === `?page=overview&start=${start}&end=${end}`);
    await waitForPanels(page);

    await expectOverviewMatchesApi(page, { start_date: start, end_date: end }, env.tokenPii);
  });

  it('signs out: the token is gone from the tab and the sign-in screen is back', async () => {
    const { page } = browser;
    await page.getByTestId('sign-out').click();

    await expect(page.getByTestId('token-input').count()).resolves.toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('picasso.dashboard.token'))).toBeNull();
  });
});

describe('The dashboard for a token without the PII scope', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => browser?.close());
  afterEach(() => {
    expect(browser.errors).toEqual([]);
    browser.errors.length = 0;
  });

  it('signs in on the token screen and never requests or shows form submissions', async () => {
    // Prepare: the values a PII reader would see, to prove none of them reach this browser.
    const piiValues = (await apiGet(env, '/forms/submissions', { range: '30d', limit: '25' }, env.tokenPii)).data.submissions.flatMap((s: { form_data: Record<string, unknown> }) => Object.values(s.form_data).map(String)) as string[];
    const { page } = browser;
    await page.goto(`${env.dashboardUrl}/?page=forms&range=30d`);
    await screenshot(page, 'sign-in');

    // Act
    await page.getByTestId('token-input').fill(env.token);
    await page.getByTestId('sign-in').click();
    await waitForPanels(page);

    // Assess
    expect(page.url()).not.toContain(env.token);
    await expectFormsMatchApi(page, { range: '30d' }, env.token);
    expect(await page.getByTestId('submissions-no-pii').textContent()).toContain('pii:read');
    expect(await page.getByTestId('panel-forms-submissions').getByTestId('download-csv').count()).toBe(0);
    expect(await page.getByTestId('panel-forms-summary').getByTestId('download-csv').count()).toBe(1);
    expect(browser.requests.filter((url) => url.includes('/forms/submissions'))).toEqual([]);
    const html = await page.content();
    for (const value of piiValues.filter((v) => v.length >= 4)) expect(html).not.toContain(value);
    await screenshot(page, 'forms-no-pii');
  });

  it('is usable at phone width: the overview fits the screen without sideways scrolling', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await goToPage(page, 'overview');
    await expectOverviewMatchesApi(page, { range: '30d' }, env.token);

    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'overview-phone');
  });
});

describe('The dashboard when things go wrong, and by keyboard', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => browser?.close());
  afterEach(() => {
    browser.errors.length = 0;
  });

  it('can be driven by keyboard: skip link first, then pages and ranges by Tab and Enter', async () => {
    const { page } = browser;
    await page.goto(`${env.dashboardUrl}/?page=overview&range=7d#token=${env.token}`);
    await waitForPanels(page);

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab'); // the Overview link
    await page.keyboard.press('Tab'); // the Conversations link
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-conversations');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.search === '?page=conversations&range=7d');
    await waitForPanels(page);
    // Focus moves to the new page's heading, so a screen reader announces where we are.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    await page.getByTestId('range-30d').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.search === '?page=conversations&range=30d');
    await waitForPanels(page);
    await expectConversationsMatchApi(page, { range: '30d' }, env.token);
    expect(browser.errors).toEqual([]);
  });

  it('says the API could not be reached when requests fail, and Retry recovers', async () => {
    // Prepare: the headline figures request fails at the network level.
    const { page } = browser;
    await page.route('**/analytics/summary?**', (route) => route.abort('connectionrefused'));
    await page.goto(`${env.dashboardUrl}/?page=overview&range=7d`);
    await waitForPanels(page);
    const panel = page.getByTestId('panel-analytics-summary');
    expect(await panel.getAttribute('data-state')).toBe('error');
    expect(await panel.getByRole('alert').textContent()).toContain('Could not reach the analytics API');
    expect(await page.getByTestId('panel-analytics-funnel').getAttribute('data-state')).not.toBe('error');

    // Act: the network is back; the user presses Retry.
    await page.unroute('**/analytics/summary?**');
    await panel.getByRole('button', { name: 'Retry' }).click();
    await waitForPanels(page);

    // Assess: only the failed request logged an error, and the figures are the API's.
    expect(browser.errors.every((e) => e.includes('net::ERR_CONNECTION_REFUSED'))).toBe(true);
    await expectOverviewMatchesApi(page, { range: '7d' }, env.token);
  });

  it('asks to sign in again when the API rejects the token (401), and goes back to the sign-in screen', async () => {
    // Prepare: a token whose signature the API cannot verify.
    const { page } = browser;
    const [header, payload] = env.token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    await page.goto('about:blank'); // a real load, not a same-document hash change
    await page.goto(`${env.dashboardUrl}/?page=overview&range=7d#token=${forged}`);
    await waitForPanels(page);

    // Assess the message, then act on it.
    const alert = page.getByTestId('panel-analytics-summary').getByRole('alert');
    expect(await alert.textContent()).toContain('Sign in again');
    await alert.getByRole('button', { name: 'Sign in again' }).click();

    await expect(page.getByTestId('token-input').count()).resolves.toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('picasso.dashboard.token'))).toBeNull();
    expect(browser.errors.length).toBeGreaterThan(0);
    expect(browser.errors.every((e) => e.includes('status of 401'))).toBe(true);
    await screenshot(page, 'signed-out-after-401');
  });
});
