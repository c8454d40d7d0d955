import { DEMO_TENANTS } from '@picasso/local-stack';
import { parseChatArgs, parseDuration } from './chat-cli';
import { FEEDBACK_COMMENTS, FEEDBACK_SHARE } from './generate-sessions';
import { accountTurnsInLake, formValues, nearestRank, planChatSession, SseReader, summariseChatRun, type PublicForm, type TurnRecord } from './chat-plan';
import { Random } from './prng';
import { QUESTIONS, QUESTIONS_WITH_CONTACT_DETAILS, QUESTIONS_WITH_EMOJI } from './question-pool';

const FORM: PublicForm = {
  form_id: 'volunteer_interest',
  title: 'Volunteer Interest Form',
  fields: [
    { name: 'first_name', type: 'text', required: true, max_length: 4 },
    { name: 'email', type: 'email', required: true },
    { name: 'contact', type: 'phone', required: false },
    { name: 'household', type: 'number', required: false },
    { name: 'start', type: 'date', required: false },
  ],
};
const formsOf = () => [FORM];
const hashes = ['aaaa1111', 'bbbb2222'];

describe('the chat mode plan', () => {
  it('plans the same session for the same seed and index, whatever was planned before', () => {
    // Act
    const first = planChatSession(7, 12, hashes, formsOf);
    for (let i = 0; i < 30; i += 1) planChatSession(7, i, hashes, formsOf);
    const again = planChatSession(7, 12, hashes, formsOf);
    const otherSeed = Array.from({ length: 10 }, (_, i) => planChatSession(8, i, hashes, formsOf).questions.join('|'));

    // Assess
    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(Array.from({ length: 10 }, (_, i) => planChatSession(7, i, hashes, formsOf).questions.join('|')));
  });

  it('spreads sessions over the tenants round robin and keeps turns within the bounds', () => {
    // Act
    const plans = Array.from({ length: 200 }, (_, i) => planChatSession(1, i, hashes, formsOf, { minTurns: 2, maxTurns: 3, formShare: 0.25, submitShare: 0.6 }));

    // Assess
    expect(plans.filter((p) => p.tenantHash === 'aaaa1111')).toHaveLength(100);
    expect(new Set(plans.map((p) => p.questions.length))).toEqual(new Set([2, 3]));
  });

  it('rates about 15 % of answers, mostly thumbs up, thumbs down sometimes with a canned comment', () => {
    // Act
    const plans = Array.from({ length: 600 }, (_, i) => planChatSession(9, i, hashes, formsOf));
    const ratings = plans.flatMap((p) => p.ratings);
    const given = ratings.filter((r) => r !== null);

    // Assess
    expect(plans.every((p) => p.ratings.length === p.questions.length)).toBe(true);
    expect(given.length / ratings.length).toBeGreaterThan(FEEDBACK_SHARE * 0.75);
    expect(given.length / ratings.length).toBeLessThan(FEEDBACK_SHARE * 1.25);
    expect(given.filter((r) => r.rating === 'up').length / given.length).toBeGreaterThan(0.65);
    const comments = given.filter((r) => r.comment !== undefined);
    expect(comments.length).toBeGreaterThan(0);
    expect(comments.every((r) => r.rating === 'down' && FEEDBACK_COMMENTS.includes(r.comment!))).toBe(true);
  });

  it('asks questions from the pool, emoji and contact details included', () => {
    // Act
    const questions = Array.from({ length: 600 }, (_, i) => planChatSession(3, i, hashes, formsOf).questions).flat();

    // Assess
    const known = new Set([...QUESTIONS, ...QUESTIONS_WITH_CONTACT_DETAILS, ...QUESTIONS_WITH_EMOJI].map((q) => q.toLowerCase().replace(/[?.!\s]+/g, '')));
    expect(questions.every((q) => known.has(q.toLowerCase().replace(/[?.!\s]+/g, '')))).toBe(true);
    expect(questions.some((q) => QUESTIONS_WITH_EMOJI.includes(q))).toBe(true);
    expect(questions.some((q) => QUESTIONS_WITH_CONTACT_DETAILS.includes(q))).toBe(true);
  });

  it('starts a form in some sessions, submits some and abandons the rest at a field of that form', () => {
    // Act
    const forms = Array.from({ length: 400 }, (_, i) => planChatSession(5, i, hashes, formsOf).form).filter((f) => f !== null);

    // Assess
    const submitted = forms.filter((f) => f.outcome === 'submitted');
    const abandoned = forms.filter((f) => f.outcome === 'abandoned');
    expect(forms.length).toBeGreaterThan(60);
    expect(forms.length).toBeLessThan(140);
    expect(submitted.length).toBeGreaterThan(0);
    expect(abandoned.length).toBeGreaterThan(0);
    for (const f of abandoned) expect(FORM.fields[f.fieldsCompleted]!.name).toBe(f.lastField);
    for (const f of submitted) expect(Object.keys(f.values)).toEqual(FORM.fields.map((x) => x.name));
  });

  it('plans no form for a tenant without forms', () => {
    // Act
    const plans = Array.from({ length: 100 }, (_, i) => planChatSession(5, i, hashes, () => []));

    // Assess
    expect(plans.every((p) => p.form === null)).toBe(true);
  });

  it('fills each field with a value of its kind, cut to its length', () => {
    // Act
    const values = Array.from({ length: 50 }, (_, i) => formValues(FORM, new Random(i)));

    // Assess
    for (const v of values) {
      expect(Array.from(v.first_name!).length).toBeLessThanOrEqual(4);
      expect(v.email).toMatch(/@example\.org$/);
      expect(v.contact).toMatch(/^\+?[0-9 ().-]{7,20}$/);
      expect(v.household).toMatch(/^\d+$/);
      expect(v.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('the SSE reader', () => {
  it('yields frames only once a blank line closes them, across chunks split anywhere', () => {
    // Prepare
    const stream = 'event: token\ndata: {"text":"Hi 🐶"}\n\nevent: token\ndata: {"text":" there"}\n\n: keep-alive\n\nevent: done\ndata: {"message_id":"m1"}\n\n';
    const reader = new SseReader();

    // Act
    const frames = [];
    for (let i = 0; i < stream.length; i += 7) frames.push(...reader.push(stream.slice(i, i + 7)));

    // Assess
    expect(frames).toEqual([
      { event: 'token', data: { text: 'Hi 🐶' } },
      { event: 'token', data: { text: ' there' } },
      { event: 'done', data: { message_id: 'm1' } },
    ]);
    expect(reader.pending).toBe(false);
  });

  it('reports a frame cut off by the end of the stream as pending, not as an event', () => {
    // Prepare
    const reader = new SseReader();

    // Act
    const frames = reader.push('event: token\r\ndata: {"text":"a"}\r\n\r\nevent: done\ndata: {"mess');

    // Assess
    expect(frames).toEqual([{ event: 'token', data: { text: 'a' } }]);
    expect(reader.pending).toBe(true);
  });
});

describe('the chat run summary', () => {
  const turn = (over: Partial<TurnRecord>): TurnRecord => ({ sessionId: 's', tenantHash: 'h', messageId: 'm', answered: true, errorKind: null, firstTokenMs: 100, totalMs: 200, ...over });

  it('counts turns sent and answered, errors by kind, and first-token percentiles of answered turns only', () => {
    // Prepare
    const turns = [
      ...Array.from({ length: 19 }, (_, i) => turn({ firstTokenMs: 301 + i })),
      turn({ firstTokenMs: 900 }),
      turn({ answered: false, errorKind: 'sse_throttled', firstTokenMs: null }),
      turn({ answered: false, errorKind: 'http_401_unauthorized', firstTokenMs: 5 }),
    ];

    // Act
    const s = summariseChatRun({ sessions: 5, turns, otherErrors: { 'events:http_429_rate_limited': 2 }, formsSubmitted: 1, formsAbandoned: 2, elapsedMs: 4000 });

    // Assess
    expect(s).toMatchObject({ sessions: 5, turnsSent: 22, turnsAnswered: 20, formsSubmitted: 1, formsAbandoned: 2, firstTokenP50Ms: 310, firstTokenP95Ms: 319, turnsPerSecond: 5 });
    expect(s.errors).toEqual({ 'events:http_429_rate_limited': 2, 'turn:sse_throttled': 1, 'turn:http_401_unauthorized': 1 });
  });

  it('has no percentiles when nothing was answered', () => {
    // Act
    const s = summariseChatRun({ sessions: 1, turns: [], otherErrors: {}, formsSubmitted: 0, formsAbandoned: 0, elapsedMs: 0 });

    // Assess
    expect([s.firstTokenP50Ms, s.firstTokenP95Ms, s.turnsPerSecond]).toEqual([null, null, 0]);
    expect(nearestRank([5], 95)).toBe(5);
  });
});

describe('the chat mode arguments', () => {
  it('reads durations, sessions, turns and the demo tenants', () => {
    // Act
    const parsed = parseChatArgs(['--mode', 'chat', '--concurrency', '8', '--duration', '2m', '--turns', '2-3', '--tenants', '2', '--seed', '9']);

    // Assess
    expect(parsed).toEqual({ ok: true, masterUrl: 'http://127.0.0.1:3002', tenantHashes: DEMO_TENANTS.slice(0, 2).map((t) => t.tenant_hash), seed: 9, concurrency: 8, durationMs: 120_000, minTurns: 2, maxTurns: 3, formShare: 0.25 });
    expect([parseDuration('1500ms'), parseDuration('30s'), parseDuration('30'), parseDuration('soon')]).toEqual([1500, 30_000, 30_000, null]);
  });

  it('runs 20 sessions when neither --sessions nor --duration is given', () => {
    // Act
    const parsed = parseChatArgs([]);

    // Assess
    expect(parsed).toMatchObject({ ok: true, sessions: 20 });
  });

  it.each([
    [['--concurrency', '0'], '--concurrency must be a positive integer'],
    [['--duration', 'soon'], '--duration must be like'],
    [['--turns', '3-1'], '--turns must be N or MIN-MAX'],
    [['--tenants', '9'], '--tenants must be 1-3'],
    [['--form-share', '2'], '--form-share must be in [0, 1]'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a message naming the option', (args, message) => {
    // Act
    const parsed = parseChatArgs(args);

    // Assess
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(message);
  });
});

describe('the lake accounting of a chat run', () => {
  const turn = (over: Partial<TurnRecord>): TurnRecord => ({ sessionId: 's', tenantHash: 'h', messageId: 'm', answered: true, errorKind: null, firstTokenMs: 100, totalMs: 200, ...over });

  it('expects MESSAGE_SENT of every turn, MESSAGE_RECEIVED of answered ones, and counts missing and extra copies', () => {
    // Prepare
    const turns = [turn({ messageId: 'a' }), turn({ messageId: 'b' }), turn({ messageId: 'c', answered: false, errorKind: 'sse_throttled' }), turn({ messageId: null, answered: false, errorKind: 'network' })];
    const rows = [
      { event_id: 'a:sent', n: 1 },
      { event_id: 'a:received', n: 1 },
      { event_id: 'b:sent', n: 3 },
      { event_id: 'c:sent', n: 1 },
      { event_id: 'other:sent', n: 1 },
    ];

    // Act
    const accounting = accountTurnsInLake(turns, rows);

    // Assess
    expect(accounting).toEqual({ expectedEvents: 5, eventsLost: 1, eventsDuplicated: 2, turnsUnaccounted: 1 });
  });
});
