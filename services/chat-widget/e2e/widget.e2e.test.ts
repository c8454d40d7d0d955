/**
 * The chat widget on a demo tenant's page in a real browser, against the real master function and
 * streaming handler bundles (Bedrock and the Knowledge Base emulated): open, ask (an emoji, an
 * e-mail address), watch tokens stream, fill a form, abandon another at a known field, survive a
 * dropped connection, a revoked session and a reload; keyboard, live region, contrast, phone width;
 * style isolation both ways; then the lake holds exactly what the visitor did and none of what
 * they typed that is personal, and the tenant's dashboard shows exactly those figures. Screenshots go next to the dashboard's:
 * services/analytics-dashboard/.screenshots/widget-*.png (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { lakeRows, openBrowser, storedConversation, widget, type WidgetBrowser } from './support/widget-page';

const SCREENSHOTS = join(fileURLToPath(new URL('../../analytics-dashboard/.screenshots', import.meta.url)));
mkdirSync(SCREENSHOTS, { recursive: true });

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run services/chat-widget/e2e/run-against-local-system.ts`);
  return value;
};
const DEMO = need('WIDGET_DEMO_URL');
const TENANT = need('WIDGET_TENANT_HASH');
const TENANT_ID = need('WIDGET_TENANT_ID');
const MASTER = need('MASTER_URL');
const LAKE = need('LAKE_OBJECTS_DIR');
const PAGE = `${DEMO}/${TENANT}/`;

// What the visitor types that is personal: none of it may reach the lake.
const QUESTION_EMAIL = 'zebulon.quixote@example.org';
const FEEDBACK_EMAIL = 'zq.feedback@example.org';
const PII = [QUESTION_EMAIL, 'Zebulon', 'Quixote', 'zq.contact@example.org', 'Marisol', 'Featherstone', FEEDBACK_EMAIL];

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `widget-${name}.png`) });

/** Sends a question and watches the answer: the texts seen while it streamed, the final one. */
async function askAndWatch(page: Page, question: string): Promise<{ seen: string[]; final: string; status: string | null; screenshotTaken: boolean }> {
  const w = widget(page);
  const before = await w.assistant.count();
  await w.input.fill(question);
  await w.input.press('Enter');
  const answer = w.assistant.nth(before);
  await answer.waitFor();
  const seen: string[] = [];
  let screenshotTaken = false;
  for (;;) {
    const [status, text] = await Promise.all([answer.getAttribute('data-status'), answer.locator('p').textContent()]);
    if (status !== 'streaming') break;
    const current = (text ?? '').replace(/^…$/, '');
    if (current && current !== seen.at(-1)) seen.push(current);
    if (seen.length === 2 && !screenshotTaken) {
      await shot(page, 'streaming');
      screenshotTaken = true;
    }
    await page.waitForTimeout(25);
  }
  return { seen, final: (await answer.locator('p').textContent()) ?? '', status: await answer.getAttribute('data-status'), screenshotTaken };
}

async function answerForm(page: Page, ...answers: string[]) {
  const w = widget(page);
  for (const a of answers) {
    const prompts = await w.assistant.count();
    await w.input.fill(a);
    await w.input.press('Enter');
    await page.waitForFunction(
      ([n]) => {
        const root = document.getElementById('picasso-chat-widget')!.shadowRoot!;
        return root.querySelectorAll('[data-testid="entry-assistant"]').length > n! || root.querySelector('.problem') !== null;
      },
      [prompts],
    );
  }
}

describe('the chat widget on a tenant page', () => {
  let browser: WidgetBrowser;
  const sessions = new Set<string>();
  /** The reply ids of the two answers the visitor rated, in order. */
  const rated: string[] = [];
  afterAll(() => browser?.close());

  it('loads only the loader before the visitor opens the chat, then the panel chunk on open', async () => {
    browser = await openBrowser();
    const { page } = browser;
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(PAGE);
    const w = widget(page);
    await w.launcher.waitFor();
    expect(scripts).toEqual(['/widget/widget.js']);
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('false');
    await shot(page, 'closed');

    await w.launcher.click();
    await w.panel.waitFor();
    expect(scripts).toHaveLength(2);
    expect(scripts[1]).toMatch(/^\/widget\/assets\/panel-[\w-]+\.js$/);
    await expect(w.host.getByRole('heading', { name: 'Foster Village Austin' }).waitFor()).resolves.toBeUndefined();
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('true');
    // A session is started on open and kept for the tab.
    await page.waitForFunction((key) => JSON.parse(sessionStorage.getItem(key) ?? 'null')?.session?.session_id, `picasso-chat:${TENANT}`);
    sessions.add((await storedConversation(page, TENANT)).session!.session_id);
  });

  it('streams an answer to a question with an emoji token by token, with its sources, and announces it once finished', async () => {
    const { page } = browser;
    const w = widget(page);
    const result = await askAndWatch(page, 'How do I start volunteering? 🙋‍♀️');
    expect(result.status).toBe('done');
    // Tokens arrive over time: at least two different partial texts before `done`, each a prefix of the next.
    expect(result.seen.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < result.seen.length; i++) expect(result.seen[i]!.startsWith(result.seen[i - 1]!)).toBe(true);
    expect(result.final).toMatch(/Volunteer Interest Form/);
    expect(result.final.startsWith(result.seen.at(-1)!)).toBe(true);
    expect(await w.visitor.last().textContent()).toBe('How do I start volunteering? 🙋‍♀️');
    expect(await w.assistant.last().getByTestId('sources').textContent()).toMatch(/Volunteering/);
    // The polite live region gets the finished answer, not each token.
    expect(await w.announcer.getAttribute('aria-live')).toBe('polite');
    expect(await w.announcer.textContent()).toBe(result.final);
    expect(await w.host.locator('[aria-live]').count()).toBe(1);
  });

  it('answers a question that carries an e-mail address', async () => {
    const { page } = browser;
    const result = await askAndWatch(page, `Can I send a receipt for my monetary donation to ${QUESTION_EMAIL}?`);
    expect(result.status).toBe('done');
    expect(result.final).toMatch(/receipt by email/);
  });

  it('takes thumbs up or down on each finished answer (mouse or keyboard), a changed vote, an optional comment on thumbs down, and retries a failed call once', async () => {
    const { page } = browser;
    const w = widget(page);
    const thumb = (answer: Locator, name: 'Helpful' | 'Not helpful') => answer.getByRole('button', { name, exact: true });
    const pressed = async (answer: Locator) => ({ up: await thumb(answer, 'Helpful').getAttribute('aria-pressed'), down: await thumb(answer, 'Not helpful').getAttribute('aria-pressed') });
    const [first, second] = [w.assistant.nth(0), w.assistant.nth(1)];
    expect(await pressed(first)).toEqual({ up: 'false', down: 'false' });
    expect(await first.getByRole('group', { name: 'Rate this answer' }).count()).toBe(1);
    // The master function is unavailable for the first feedback call: the widget tries once more with the same event.
    let refused = 0;
    await page.route(
      (url) => url.pathname === '/events',
      async (route) => {
        if (refused === 0 && route.request().method() === 'POST' && route.request().postData()?.includes('MESSAGE_FEEDBACK')) {
          refused += 1;
          await route.fulfill({ status: 503, contentType: 'application/json', headers: { 'access-control-allow-origin': new URL(DEMO).origin }, body: '{"error":"unavailable","message":"try again"}' });
        } else await route.continue();
      },
    );
    const feedbackPosts: string[] = [];
    page.on('requestfinished', (r) => {
      if (new URL(r.url()).pathname === '/events' && r.method() === 'POST' && r.postData()?.includes('MESSAGE_FEEDBACK')) feedbackPosts.push(r.postData()!);
    });

    // Thumbs up on the first answer, then changed to thumbs down without a comment.
    await thumb(first, 'Helpful').click();
    expect(await pressed(first)).toEqual({ up: 'true', down: 'false' });
    await first.getByText('Thanks for your feedback.').waitFor();
    await thumb(first, 'Not helpful').click();
    expect(await pressed(first)).toEqual({ up: 'false', down: 'true' });
    const box = first.getByTestId('feedback-comment');
    expect(await box.getByText("Don't include personal details.").isVisible()).toBe(true);
    await box.getByRole('button', { name: 'No thanks' }).click();
    await box.waitFor({ state: 'detached' });

    // Thumbs down on the second answer with the keyboard only, and a comment that carries an e-mail address.
    await thumb(second, 'Not helpful').focus();
    await page.keyboard.press('Enter');
    const comment = second.getByRole('textbox', { name: 'What was wrong? (optional)' });
    await page.waitForFunction(() => document.getElementById('picasso-chat-widget')!.shadowRoot!.activeElement?.tagName === 'TEXTAREA');
    expect(await comment.getAttribute('maxlength')).toBe('500');
    await page.keyboard.type(`Wrong office. Write to me at ${FEEDBACK_EMAIL}`);
    await shot(page, 'feedback');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await second.getByTestId('feedback-comment').waitFor({ state: 'detached' });
    expect(await pressed(second)).toEqual({ up: 'false', down: 'true' });
    expect(await w.announcer.textContent()).toBe('Thanks, your comment was sent.');

    // Five calls for four votes reached the master function: the first vote was sent twice, under one event id.
    const deadline = Date.now() + 10_000;
    while (feedbackPosts.length < 5 && Date.now() < deadline) await page.waitForTimeout(100);
    await page.unroute((url) => url.pathname === '/events');
    expect(refused).toBe(1);
    const posted = feedbackPosts.map((b) => (JSON.parse(b) as { events: { event_id: string; event_payload: { rating: string } }[] }).events[0]!);
    expect(posted).toHaveLength(5);
    const sentTwice = posted.filter((e) => posted.filter((o) => o.event_id === e.event_id).length === 2);
    expect(sentTwice.map((e) => e.event_payload.rating)).toEqual(['up', 'up']);
    expect(new Set(posted.map((e) => e.event_id)).size).toBe(4);
    const transcript = (await storedConversation(page, TENANT)).transcript as { role: string; messageId?: string; rating?: string }[];
    const answers = transcript.filter((e) => e.role === 'assistant' && e.messageId);
    expect(answers.map((e) => e.rating)).toEqual(['down', 'down']);
    rated.push(...answers.map((e) => e.messageId!));
  });

  it('runs a form one field at a time, refuses a bad e-mail address with a message, and submits', async () => {
    const { page } = browser;
    const w = widget(page);
    await w.button('Contact Us').click();
    expect(await w.host.getByTestId('form-progress').textContent()).toBe('Contact Us: 1 of 3');
    await answerForm(page, 'Zebulon Quixote', 'not an address');
    expect(await w.problem.textContent()).toMatch(/e-mail address/);
    expect(await w.input.getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'form');
    await answerForm(page, 'zq.contact@example.org', 'Please call me about fostering.');
    await w.host.getByTestId('transcript').getByText('Thank you! We received your Contact Us.').waitFor();
    expect(await w.host.getByTestId('form-progress').count()).toBe(0);
  });

  it('cancels another form at a known field', async () => {
    const { page } = browser;
    const w = widget(page);
    await w.button('Volunteer Interest Form').click();
    await answerForm(page, 'Marisol', 'Featherstone');
    expect(await w.host.getByTestId('form-progress').textContent()).toBe('Volunteer Interest Form: 3 of 8');
    await w.button('Cancel form').click();
    await w.host.getByTestId('transcript').getByText('Volunteer Interest Form cancelled.').waitFor();
  });

  it('shows a dropped connection with a clear retry, which then gets the answer', async () => {
    const { page, context } = browser;
    const w = widget(page);
    await context.setOffline(true);
    const before = await w.assistant.count();
    await w.input.fill('When are orientation sessions held?');
    await w.input.press('Enter');
    const failed = w.assistant.nth(before);
    await page.waitForFunction((n) => document.getElementById('picasso-chat-widget')!.shadowRoot!.querySelectorAll('[data-testid="entry-assistant"]')[n]?.getAttribute('data-status') === 'failed', before);
    expect(await failed.textContent()).toMatch(/connection dropped/);
    await shot(page, 'error');
    await context.setOffline(false);
    await failed.getByRole('button', { name: 'Try again' }).click();
    await page.waitForFunction((n) => document.getElementById('picasso-chat-widget')!.shadowRoot!.querySelectorAll('[data-testid="entry-assistant"]')[n]?.getAttribute('data-status') === 'done', before);
    expect(await w.assistant.nth(before).locator('p').textContent()).toMatch(/first Saturday/);
    expect(await w.assistant.count()).toBe(before + 1);
  });

  it('starts a new session by itself when the session was revoked', async () => {
    const { page } = browser;
    const old = (await storedConversation(page, TENANT)).session!;
    const revoked = await fetch(`${MASTER}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${old.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(revoked.status).toBe(200);
    const result = await askAndWatch(page, 'Where can I drop off donations?');
    expect(result.status).toBe('done');
    expect(result.final).toMatch(/dropped off/);
    const fresh = (await storedConversation(page, TENANT)).session!;
    expect(fresh.session_id).not.toBe(old.session_id);
    sessions.add(fresh.session_id);
  });

  it('shows the same conversation after a reload, the panel still open', async () => {
    const { page } = browser;
    const w = widget(page);
    const before = await w.host.getByTestId('transcript').innerText();
    await page.reload();
    await w.panel.waitFor();
    await w.host.getByRole('heading', { name: 'Foster Village Austin' }).waitFor();
    expect(await w.host.getByTestId('transcript').innerText()).toBe(before);
    expect(await w.visitor.first().textContent()).toBe('How do I start volunteering? 🙋‍♀️');
  });

  it('leaving the page mid-form abandons the form at the field being asked', async () => {
    const { page } = browser;
    const w = widget(page);
    await w.button('Donation Request').click();
    await answerForm(page, 'Marisol');
    expect(await w.host.getByTestId('form-progress').textContent()).toBe('Donation Request: 2 of 6');
    await page.reload();
    await w.panel.waitFor();
    await w.host.getByTestId('transcript').getByText('Donation Request cancelled.').waitFor();
    expect(await w.host.getByTestId('form-progress').count()).toBe(0);
  });

  it('works with the keyboard only: focus moves into the panel and stays there, Escape closes and returns focus to the launcher', async () => {
    const { page } = browser;
    const w = widget(page);
    const activeInWidget = () => page.evaluate(() => document.getElementById('picasso-chat-widget')!.shadowRoot!.activeElement?.getAttribute('id') ?? document.getElementById('picasso-chat-widget')!.shadowRoot!.activeElement?.className ?? null);
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'detached' });
    expect(await activeInWidget()).toBe('launcher');
    await page.keyboard.press('Enter');
    await w.panel.waitFor();
    await page.waitForFunction(() => document.getElementById('picasso-chat-widget')!.shadowRoot!.activeElement?.id === 'pw-input');
    const focusables = await w.panel.locator('button:not([disabled]), input:not([disabled])').count();
    for (let i = 0; i < focusables + 2; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.getElementById('picasso-chat-widget')!.shadowRoot!.activeElement?.closest('[role="dialog"]')))).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => Boolean(document.getElementById('picasso-chat-widget')!.shadowRoot!.activeElement?.closest('[role="dialog"]')))).toBe(true);
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'detached' });
    expect(await activeInWidget()).toBe('launcher');
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('false');
  });

  it('has text contrast of at least 4.5:1 on every text the panel shows', async () => {
    const { page } = browser;
    const w = widget(page);
    await w.launcher.click();
    await w.panel.waitFor();
    const ratios = await page.evaluate(() => {
      const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const ch = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * ch(r!) + 0.7152 * ch(g!) + 0.0722 * ch(b!);
      };
      const background = (el: Element | null): number[] => {
        for (let e = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
          const c = parse(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const root = document.getElementById('picasso-chat-widget')!.shadowRoot!;
      const out: { text: string; ratio: number }[] = [];
      for (const el of root.querySelectorAll<HTMLElement>('[role="dialog"] p, [role="dialog"] h2, [role="dialog"] button, [role="dialog"] span, [role="dialog"] li, [role="dialog"] input, .launcher')) {
        if (el.closest('.visually-hidden') || (el as HTMLButtonElement).disabled || el.offsetParent === null) continue;
        const fg = lum(parse(getComputedStyle(el).color));
        const bg = lum(background(el));
        out.push({ text: (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 30), ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) });
      }
      return out;
    });
    expect(ratios.length).toBeGreaterThan(10);
    expect(ratios.filter((r) => r.ratio < 4.5)).toEqual([]);
  });

  it('records in the lake exactly what the visitor did, and none of the personal data they typed', async () => {
    const expected = { WIDGET_OPENED: 3, MESSAGE_SENT: 4, MESSAGE_RECEIVED: 4, FORM_STARTED: 3, FORM_COMPLETED: 1, FORM_ABANDONED: 2, MESSAGE_FEEDBACK: 4 };
    let counts: Record<string, number> = {};
    let rows: Record<string, unknown>[] = [];
    let raw = '';
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      ({ rows, raw } = lakeRows(LAKE, TENANT_ID));
      const ours = rows.filter((r) => sessions.has(r.session_id as string));
      const unique = new Map(ours.map((r) => [r.event_id as string, r]));
      counts = {};
      for (const r of unique.values()) counts[r.event_type as string] = (counts[r.event_type as string] ?? 0) + 1;
      if (JSON.stringify(Object.entries(counts).sort()) === JSON.stringify(Object.entries(expected).sort())) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // Opened three times by the visitor (the reload restores the panel without counting an open); four
    // turns reached the model (the offline one never left the browser); one form completed, one
    // cancelled at its e-mail field, one left by reloading the page at its last name.
    expect(counts).toEqual(expected);
    const payload = (type: string) => rows.filter((r) => r.event_type === type && sessions.has(r.session_id as string)).map((r) => JSON.parse(r.event_payload as string) as Record<string, unknown>);
    expect(payload('FORM_ABANDONED').sort((a, b) => String(a.form_id).localeCompare(String(b.form_id)))).toEqual([
      expect.objectContaining({ form_id: 'donation_request', last_field: 'last_name', fields_completed: 1 }),
      expect.objectContaining({ form_id: 'volunteer_interest', last_field: 'email', fields_completed: 2 }),
    ]);
    expect(payload('FORM_COMPLETED')).toEqual([expect.objectContaining({ form_id: 'contact_form', fields_completed: 3 })]);
    expect(payload('MESSAGE_SENT').map((p) => p.content_preview)).toContain('How do I start volunteering? 🙋‍♀️');
    // Every reply carries its id and Bedrock's token counts (MESSAGE_RECEIVED 1.1.0).
    const replies = rows.filter((r) => r.event_type === 'MESSAGE_RECEIVED' && sessions.has(r.session_id as string));
    expect(new Set(replies.map((r) => r.schema_version))).toEqual(new Set(['1.1.0']));
    for (const p of payload('MESSAGE_RECEIVED')) expect(p).toMatchObject({ message_id: expect.any(String), input_tokens: expect.any(Number), output_tokens: expect.any(Number) });
    expect(payload('MESSAGE_RECEIVED').every((p) => (p.input_tokens as number) > 0 && (p.output_tokens as number) > 0)).toBe(true);
    // The votes, each on a reply the lake holds, in the order the visitor gave them: by client time, since the
    // retried first vote reached the server after the second (docs/decisions.md §40); the comment redacted.
    const replyIds = new Set(payload('MESSAGE_RECEIVED').map((p) => p.message_id));
    const votes = rows
      .filter((r) => r.event_type === 'MESSAGE_FEEDBACK' && sessions.has(r.session_id as string))
      .sort((a, b) => String(a.client_timestamp).localeCompare(String(b.client_timestamp)))
      .map((r) => JSON.parse(r.event_payload as string) as { message_id: string; rating: string; comment?: string });
    expect(votes.every((v) => replyIds.has(v.message_id))).toBe(true);
    expect(votes.filter((v) => v.message_id === rated[0]).map((v) => v.rating)).toEqual(['up', 'down']);
    expect(votes.filter((v) => v.message_id === rated[1])).toEqual([
      { message_id: rated[1], rating: 'down' },
      { message_id: rated[1], rating: 'down', comment: 'Wrong office. Write to me at [EMAIL]' },
    ]);
    for (const secret of PII) expect({ secret, inLake: raw.includes(secret) }).toEqual({ secret, inLake: false });
    // The browser logs exactly the failures the visitor went through: offline, the revoked token, and
    // (when Chromium reports an intercepted response) the feedback call refused once.
    expect(browser.errors.filter((e) => !e.includes('status of 503')).sort()).toEqual(['console: Failed to load resource: net::ERR_INTERNET_DISCONNECTED', 'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  });

  it("the tenant's dashboard shows exactly what the visitor did (processor → aggregator → dashboard API → dashboard)", async () => {
    const aggregated = await fetch(need('AGGREGATE_URL'), { method: 'POST' });
    expect({ status: aggregated.status, body: await aggregated.text() }).toEqual({ status: 200, body: 'aggregated' });
    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      const shown = async (testId: string) => Number(((await page.getByTestId(testId).textContent()) ?? '').replace(/[,%\s]/g, ''));
      const settled = () => page.waitForFunction(() => document.querySelectorAll('[data-testid="skeleton"], [data-state="loading"]').length === 0 && document.querySelectorAll('section.panel').length > 0, undefined, { timeout: 60_000 });
      const open = async (name: string) => {
        await page.getByTestId(`nav-${name}`).click();
        await page.waitForURL((url) => url.searchParams.get('page') === name);
        await settled();
      };
      await page.goto(`${need('DASHBOARD_URL')}/?page=overview&range=7d#token=${need('DASHBOARD_TOKEN')}`);
      await settled();
      // Two sessions (the revoked token's and the one that replaced it), three opens, four turns
      // (eight messages), one form completed by one of the two opening sessions.
      const summary: Record<string, number> = {};
      for (const key of ['sessions', 'widget_opens', 'conversations', 'messages', 'forms_completed', 'conversion_rate']) summary[key] = await shown(`figure-analytics_summary-${key}`);
      expect(summary).toEqual({ sessions: 2, widget_opens: 3, conversations: 2, messages: 8, forms_completed: 1, conversion_rate: 50 });
      const funnel: Record<string, number> = {};
      for (const stage of ['widget_opened', 'first_message', 'form_started', 'form_completed']) funnel[stage] = await shown(`funnel-${stage}-sessions`);
      expect(funnel).toEqual({ widget_opened: 2, first_message: 2, form_started: 2, form_completed: 1 });
      await page.screenshot({ path: join(SCREENSHOTS, 'widget-dashboard-overview.png'), fullPage: true });

      await open('conversations');
      expect({ conversations: await shown('figure-conversations_summary-total_conversations'), messages: await shown('figure-conversations_summary-total_messages') }).toEqual({ conversations: 2, messages: 8 });
      const questions: { text: string; count: number }[] = [];
      for (let i = 0; (await page.getByTestId(`top-question-${i}-text`).count()) > 0; i++) questions.push({ text: ((await page.getByTestId(`top-question-${i}-text`).textContent()) ?? '').trim(), count: await shown(`top-question-${i}-count`) });
      expect(questions.map((q) => q.count)).toEqual([1, 1, 1, 1]);
      const texts = questions.map((q) => q.text).sort();
      expect(texts).toEqual(expect.arrayContaining(['how do i start volunteering? 🙋‍♀️', 'when are orientation sessions held', 'where can i drop off donations']));
      const withAddress = texts.find((t) => t.startsWith('can i send a receipt for my monetary donation to'));
      expect(withAddress).toBeDefined();
      expect(withAddress).not.toContain(QUESTION_EMAIL.split('@')[0]);
      expect(withAddress).not.toContain('example.org');

      await open('forms');
      const forms: Record<string, number> = {};
      for (const key of ['forms_started', 'forms_completed', 'forms_abandoned']) forms[key] = await shown(`figure-forms_summary-${key}`);
      expect(forms).toEqual({ forms_started: 3, forms_completed: 1, forms_abandoned: 2 });
      const bottlenecks: { field: string; abandons: number; share: number }[] = [];
      for (let i = 0; (await page.getByTestId(`bottleneck-${i}-field`).count()) > 0; i++) {
        bottlenecks.push({ field: ((await page.getByTestId(`bottleneck-${i}-field`).textContent()) ?? '').trim(), abandons: await shown(`bottleneck-${i}-abandons`), share: await shown(`bottleneck-${i}-share`) });
      }
      expect(bottlenecks.sort((a, b) => a.field.localeCompare(b.field))).toEqual([
        { field: 'email', abandons: 1, share: 50 },
        { field: 'last_name', abandons: 1, share: 50 },
      ]);
      await page.screenshot({ path: join(SCREENSHOTS, 'widget-dashboard-forms.png'), fullPage: true });
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});

describe('style isolation', () => {
  const HOSTILE = `* { color: red !important; font-size: 40px !important; background: yellow !important; font-family: "Comic Sans MS", cursive !important; padding: 20px !important; border: 5px dashed green !important; }
    div, button, input { display: inline !important; width: 10px !important; height: 10px !important; }
    #picasso-chat-widget { display: none !important; opacity: 0 !important; position: static !important; }`;

  const widgetStyles = (page: Page) =>
    page.evaluate(() => {
      const root = document.getElementById('picasso-chat-widget')!.shadowRoot!;
      const pick = (el: Element | null, props: string[]) => (el ? Object.fromEntries(props.map((p) => [p, getComputedStyle(el).getPropertyValue(p)])) : null);
      const visual = ['color', 'background-color', 'font-size', 'font-family', 'padding-top', 'border-top-width', 'display', 'width', 'height'];
      return {
        host: pick(document.getElementById('picasso-chat-widget'), ['display', 'position', 'opacity', 'color', 'font-size']),
        launcher: pick(root.querySelector('.launcher'), visual),
        header: pick(root.querySelector('.header'), visual),
        title: pick(root.querySelector('h2'), visual),
        input: pick(root.querySelector('#pw-input'), visual),
        send: pick(root.querySelector('.send'), visual),
        bubble: pick(root.querySelector('.bubble'), visual),
      };
    });

  const pageStyles = (page: Page) =>
    page.evaluate(() => {
      const pick = (sel: string) => {
        const s = getComputedStyle(document.querySelector(sel)!);
        return { color: s.color, background: s.backgroundColor, font: s.font, padding: s.padding, margin: s.margin, border: s.border, display: s.display, boxSizing: s.boxSizing, width: s.width };
      };
      return { body: pick('body'), title: pick('#site-title'), text: pick('#about-text'), cta: pick('#cta'), button: pick('#donate-button'), h2: pick('h2') };
    });

  it("the widget's CSS does not change the page", async () => {
    const b = await openBrowser();
    try {
      await b.page.route('**/widget/**', (route) => route.abort());
      await b.page.goto(PAGE);
      const without = await pageStyles(b.page);
      await b.page.unroute('**/widget/**');
      await b.page.goto(PAGE);
      const w = widget(b.page);
      await w.launcher.click();
      await w.panel.waitFor();
      expect(await pageStyles(b.page)).toEqual(without);
    } finally {
      await b.close();
    }
  });

  it("the page's aggressive CSS does not change the widget", async () => {
    const b = await openBrowser();
    try {
      await b.page.goto(PAGE);
      const w = widget(b.page);
      await w.launcher.click();
      await w.panel.waitFor();
      await w.host.getByRole('heading', { name: 'Foster Village Austin' }).waitFor();
      const calm = await widgetStyles(b.page);
      await b.page.addStyleTag({ content: HOSTILE });
      expect(await b.page.evaluate(() => getComputedStyle(document.querySelector('#about-text')!).color)).toBe('rgb(255, 0, 0)');
      expect(await widgetStyles(b.page)).toEqual(calm);
      await b.page.screenshot({ path: join(SCREENSHOTS, 'widget-hostile-page.png') });
    } finally {
      await b.close();
    }
  });

  it('fits a 360 px wide phone screen', async () => {
    const b = await openBrowser({ width: 360, height: 740 });
    try {
      await b.page.goto(PAGE);
      const w = widget(b.page);
      await w.launcher.click();
      await w.panel.waitFor();
      const box = (await w.panel.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
      const input = (await w.input.boundingBox())!;
      const send = (await w.send.boundingBox())!;
      expect(input.width).toBeGreaterThan(150);
      expect(send.x + send.width).toBeLessThanOrEqual(360);
      expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await b.page.screenshot({ path: join(SCREENSHOTS, 'widget-phone.png') });
    } finally {
      await b.close();
    }
  });
});
