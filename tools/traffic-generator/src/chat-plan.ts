import { fakeFormData } from './fake-form-data';
import { COMMENTED_SHARE, FEEDBACK_COMMENTS, FEEDBACK_SHARE, THUMBS_UP_SHARE } from './generate-sessions';
import { hashToUint32, Random } from './prng';
import { drawQuestion, QUESTIONS_WITH_EMOJI } from './question-pool';

/**
 * The pure half of the chat mode: what each visitor of a chat run does (questions, whether and
 * how a form goes), how the streamed answer is read, and the run's summary. No I/O, no clock,
 * no `Math.random`: the same seed and session index always plan the same session.
 */

/** A form as the master function's `GET /config` lists it. */
export interface PublicForm {
  form_id: string;
  title: string;
  fields: { name: string; label?: string; type: string; required: boolean; max_length?: number }[];
}

export type FormOutcome = 'submitted' | 'abandoned';

export interface PlannedForm {
  formId: string;
  title: string;
  totalFields: number;
  outcome: FormOutcome;
  /** Abandoned: the field the visitor stopped at; submitted: the last field. */
  lastField: string;
  /** Fields filled before leaving (all of them when submitted). */
  fieldsCompleted: number;
  /** What the visitor typed (submitted forms only; fake values). */
  values: Record<string, string>;
}

/** A thumbs up or down the visitor gives an answer (`MESSAGE_FEEDBACK` through `POST /events`). */
export interface PlannedRating {
  rating: 'up' | 'down';
  comment?: string;
}

export interface ChatSessionPlan {
  tenantHash: string;
  trigger: 'launcher' | 'proactive';
  pagePath: string;
  questions: string[];
  /** Per question: the rating its answer gets, or null (about `FEEDBACK_SHARE` of answers are rated). */
  ratings: (PlannedRating | null)[];
  form: PlannedForm | null;
}

export interface ChatPlanOptions {
  /** Turns per session, both inclusive. */
  minTurns: number;
  maxTurns: number;
  /** Share of sessions that start a form (when the tenant has one). */
  formShare: number;
  /** Share of started forms that are submitted (the rest are abandoned at a field). */
  submitShare: number;
}

export const DEFAULT_CHAT_PLAN: ChatPlanOptions = { minTurns: 1, maxTurns: 4, formShare: 0.25, submitShare: 0.6 };

/** Share of chat questions with emoji (on top of the pool's share with contact details). */
const EMOJI_SHARE = 0.08;
const PAGES = ['/', '/volunteer', '/donate', '/about', '/programs', '/contact'];

/** One visitor question for a live chat: the generator's pool, plus emoji now and then. */
export function drawChatQuestion(random: Random): string {
  return random.chance(EMOJI_SHARE) ? random.pick(QUESTIONS_WITH_EMOJI) : drawQuestion(random);
}

/**
 * The plan of session `index` of a run with `seed`: its own random stream, so the plan does not
 * depend on which worker runs it or in what order sessions finish.
 */
export function planChatSession(seed: number, index: number, tenantHashes: readonly string[], formsOf: (tenantHash: string) => readonly PublicForm[], options: ChatPlanOptions = DEFAULT_CHAT_PLAN): ChatSessionPlan {
  if (tenantHashes.length === 0) throw new RangeError('a chat run needs at least one tenant');
  const random = new Random(hashToUint32(`chat:${seed}:${index}`));
  const tenantHash = tenantHashes[index % tenantHashes.length]!;
  const trigger = random.chance(0.85) ? 'launcher' : 'proactive';
  const pagePath = random.pick(PAGES);
  const turns = random.int(options.minTurns, options.maxTurns);
  const questions = Array.from({ length: turns }, () => drawChatQuestion(random));
  const forms = formsOf(tenantHash).filter((f) => f.fields.length > 0);
  const form = forms.length > 0 && random.chance(options.formShare) ? planForm(random.pick(forms), random, options.submitShare) : null;
  // Ratings draw from a stream of their own, so the rest of a seed's plan is what it was before them.
  const rater = new Random(hashToUint32(`chat:${seed}:${index}:ratings`));
  const ratings = questions.map(() => (rater.chance(FEEDBACK_SHARE) ? planRating(rater) : null));
  return { tenantHash, trigger, pagePath, questions, ratings, form };
}

function planRating(random: Random): PlannedRating {
  if (random.chance(THUMBS_UP_SHARE)) return { rating: 'up' };
  return random.chance(COMMENTED_SHARE) ? { rating: 'down', comment: random.pick(FEEDBACK_COMMENTS) } : { rating: 'down' };
}

function planForm(form: PublicForm, random: Random, submitShare: number): PlannedForm {
  const names = form.fields.map((f) => f.name);
  const base = { formId: form.form_id, title: form.title, totalFields: names.length };
  if (random.chance(submitShare)) {
    return { ...base, outcome: 'submitted', lastField: names.at(-1)!, fieldsCompleted: names.length, values: formValues(form, random) };
  }
  const stoppedAt = random.int(0, names.length - 1);
  return { ...base, outcome: 'abandoned', lastField: names[stoppedAt]!, fieldsCompleted: stoppedAt, values: {} };
}

/**
 * Fake values that pass the master function's checks for each field's kind: the generator's
 * name-based values where they fit the kind, a kind-shaped value otherwise, cut to the field's length.
 */
export function formValues(form: PublicForm, random: Random): Record<string, string> {
  const byName = fakeFormData(
    form.fields.map((f) => f.name),
    random,
  );
  const out: Record<string, string> = {};
  for (const field of form.fields) {
    let value = byName[field.name]!;
    if (field.type === 'email' && !value.includes('@')) value = `visitor.${random.int(1, 9999)}@example.org`;
    if (field.type === 'phone' && !/^\+?[0-9 ().-]{7,20}$/.test(value)) value = `(512) 555-01${String(random.int(0, 99)).padStart(2, '0')}`;
    if (field.type === 'number' && !/^-?\d+$/.test(value)) value = String(random.int(1, 9));
    if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) value = `2026-0${random.int(1, 9)}-1${random.int(0, 9)}`;
    out[field.name] = field.max_length ? Array.from(value).slice(0, field.max_length).join('') : value;
  }
  return out;
}

/** One Server-Sent Event as the streaming handler frames it. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * Reads SSE frames out of a byte stream as chunks arrive: a frame ends at a blank line, and a
 * chunk may end anywhere (mid-line, mid-frame, even mid-character: decode with `stream: true`).
 */
export class SseReader {
  private buffer = '';

  /** Appends decoded text and returns the frames it completed. */
  push(text: string): SseEvent[] {
    this.buffer += text.replace(/\r\n?/g, '\n');
    const out: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame = parseFrame(block);
      if (frame) out.push(frame);
    }
    return out;
  }

  /** True when text is left that no blank line has closed (a stream cut mid-frame). */
  get pending(): boolean {
    return this.buffer.trim() !== '';
  }
}

function parseFrame(block: string): SseEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') event = value;
    else if (name === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const text = data.join('\n');
  try {
    return { event, data: JSON.parse(text) as unknown };
  } catch {
    return { event, data: text };
  }
}

/** What became of one chat turn, as the client saw it. */
export interface TurnRecord {
  sessionId: string;
  tenantHash: string;
  /** From the `done` or `error` frame: the handler's message id (MESSAGE_* event ids derive from it). */
  messageId: string | null;
  answered: boolean;
  /** Set when the turn was not answered: `http_<status>_<reason>`, `sse_<code>`, `network`, `stream_ended`. */
  errorKind: string | null;
  /** From sending the request to the first `token` frame. */
  firstTokenMs: number | null;
  totalMs: number;
}

export interface ChatRunSummary {
  sessions: number;
  turnsSent: number;
  turnsAnswered: number;
  formsSubmitted: number;
  formsAbandoned: number;
  /** Answers rated (MESSAGE_FEEDBACK accepted by the master function). */
  ratingsSent: number;
  /** Every failed request by kind (turns and the master function's routes alike). */
  errors: Record<string, number>;
  firstTokenP50Ms: number | null;
  firstTokenP95Ms: number | null;
  elapsedMs: number;
  turnsPerSecond: number;
}

/** Nearest-rank percentile (p in (0, 100]); null for no values. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The run's summary from its turn records and the other requests' errors. */
export function summariseChatRun(input: { sessions: number; turns: readonly TurnRecord[]; otherErrors: Record<string, number>; formsSubmitted: number; formsAbandoned: number; ratingsSent?: number; elapsedMs: number }): ChatRunSummary {
  const errors: Record<string, number> = { ...input.otherErrors };
  for (const t of input.turns) if (t.errorKind) errors[`turn:${t.errorKind}`] = (errors[`turn:${t.errorKind}`] ?? 0) + 1;
  const firstTokens = input.turns.filter((t) => t.answered && t.firstTokenMs !== null).map((t) => t.firstTokenMs!);
  const answered = input.turns.filter((t) => t.answered).length;
  return {
    sessions: input.sessions,
    turnsSent: input.turns.length,
    turnsAnswered: answered,
    formsSubmitted: input.formsSubmitted,
    formsAbandoned: input.formsAbandoned,
    ratingsSent: input.ratingsSent ?? 0,
    errors,
    firstTokenP50Ms: nearestRank(firstTokens, 50),
    firstTokenP95Ms: nearestRank(firstTokens, 95),
    elapsedMs: input.elapsedMs,
    turnsPerSecond: input.elapsedMs > 0 ? (answered / input.elapsedMs) * 1000 : 0,
  };
}

/** One summary line for humans. */
export function formatChatSummary(s: ChatRunSummary): string {
  const errs = Object.entries(s.errors)
    .map(([k, n]) => `${k}=${n}`)
    .join(', ');
  const ms = (v: number | null) => (v === null ? 'n/a' : `${Math.round(v)} ms`);
  return (
    `chat: ${s.sessions} sessions, ${s.turnsSent} turns sent, ${s.turnsAnswered} answered (${s.turnsPerSecond.toFixed(2)} turns/s), ` +
    `forms ${s.formsSubmitted} submitted / ${s.formsAbandoned} abandoned, ${s.ratingsSent} answers rated, first token p50 ${ms(s.firstTokenP50Ms)} p95 ${ms(s.firstTokenP95Ms)}, ` +
    `errors ${errs || 'none'} in ${(s.elapsedMs / 1000).toFixed(1)} s`
  );
}

/** One row of `SELECT event_id, count(*) AS n FROM events WHERE event_type IN ('MESSAGE_SENT','MESSAGE_RECEIVED') GROUP BY event_id`. */
export interface LakeEventCount {
  event_id: string;
  n: number;
}

export interface LakeAccounting {
  /** MESSAGE_SENT of every turn the handler took, MESSAGE_RECEIVED of every answered one. */
  expectedEvents: number;
  /** Expected events not in the lake. */
  eventsLost: number;
  /** Expected events in the lake more than once (extra copies counted). */
  eventsDuplicated: number;
  /** Turns without a message id (refused or cut before the handler named one): not checkable. */
  turnsUnaccounted: number;
}

/**
 * Checks a run against the lake: every turn's MESSAGE_SENT (`<message id>:sent`) and, when it
 * was answered, MESSAGE_RECEIVED (`<message id>:received`) exactly once.
 */
export function accountTurnsInLake(turns: readonly TurnRecord[], rows: readonly LakeEventCount[]): LakeAccounting {
  const counts = new Map(rows.map((r) => [r.event_id, Number(r.n)]));
  const expected: string[] = [];
  let turnsUnaccounted = 0;
  for (const t of turns) {
    if (!t.messageId) {
      turnsUnaccounted += 1;
      continue;
    }
    expected.push(`${t.messageId}:sent`);
    if (t.answered) expected.push(`${t.messageId}:received`);
  }
  let eventsLost = 0;
  let eventsDuplicated = 0;
  for (const id of expected) {
    const n = counts.get(id) ?? 0;
    if (n === 0) eventsLost += 1;
    else eventsDuplicated += n - 1;
  }
  return { expectedEvents: expected.length, eventsLost, eventsDuplicated, turnsUnaccounted };
}

/** The DuckDB query `accountTurnsInLake` reads (over the lake's `events` view). */
export const MESSAGE_EVENT_COUNTS_SQL = `SELECT event_id, count(*) AS n FROM events WHERE event_type IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED') GROUP BY event_id`;
