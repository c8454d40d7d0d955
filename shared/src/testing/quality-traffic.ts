import type { AnalyticsEvent } from '../events/registry';
import { addDays, datesBetween, localMidnightUtcMs } from '../metrics/calendar';
import { buildEvent } from './factories';

/**
 * Scripted conversations that exercise conversation outcomes, answer feedback and token usage
 * (docs/metrics.md) for the golden and aggregator tests: MESSAGE_RECEIVED 1.1.0 replies with tokens
 * beside 1.0.0 ones, a model missing from the price table, ratings changed from down to up, two
 * ratings at one instant, ratings of a reply on a later day, forms inside and just outside the
 * 24 h window, abandoned conversations, a reply at the visitor message's instant, and
 * conversations crossing UTC midnight and the tenant's local midnight (every range edge).
 * Deterministic for the same options; nothing later than `notAfter` is produced.
 */
export interface QualityTrafficOptions {
  tenants: readonly { tenant_id: string; tenant_hash: string; timezone: string }[];
  /** Last local day (`YYYY-MM-DD`) and how many days back. */
  endDate: string;
  days: number;
  /** Epoch ms: events after it are left out (no traffic from the future). */
  notAfter: number;
  environment: string;
}

export const PRICED_MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
export const OTHER_PRICED_MODEL = 'amazon.nova-lite-v1:0';
export const UNPRICED_MODEL = 'acme.unlisted-model-v1:0';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function qualityTraffic(options: QualityTrafficOptions): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  for (const tenant of options.tenants) {
    const days = datesBetween(addDays(options.endDate, -(options.days - 1)), options.endDate);
    days.forEach((day, d) => {
      const localMidnight = localMidnightUtcMs(day, tenant.timezone);
      const utcMidnight = Date.parse(`${day}T00:00:00Z`);
      let step = 0;
      const base = (session: string, type: Parameters<typeof buildEvent>[0], atMs: number, eventId: string, payload: object, version = '1.0.0', clientMs = atMs) => {
        const iso = new Date(atMs).toISOString();
        step += 1;
        return buildEvent(type, {
          event_id: eventId,
          schema_version: version,
          session_id: session,
          tenant_id: tenant.tenant_id,
          tenant_hash: tenant.tenant_hash,
          step_number: step,
          server_timestamp: iso,
          client_timestamp: new Date(clientMs).toISOString(),
          environment: options.environment,
          event_payload: payload,
        });
      };
      const id = (session: string, n: number) => `${session}_m${n}`;
      const sent = (session: string, atMs: number, n: number, text: string) =>
        base(session, 'MESSAGE_SENT', atMs, `${id(session, n)}:sent`, { content_preview: text, character_count: text.length, word_count: text.split(' ').length });
      const reply = (session: string, atMs: number, n: number, o: { kb: boolean; model?: string; tokens?: [number, number] }) =>
        base(
          session,
          'MESSAGE_RECEIVED',
          atMs,
          `${id(session, n)}:received`,
          {
            content_preview: 'Here is what I found.',
            response_time_ms: 900 + 37 * n,
            first_token_ms: 300 + 11 * n,
            total_time_ms: 1200 + 53 * n,
            model_id: o.model ?? PRICED_MODEL,
            knowledge_base_used: o.kb,
            ...(o.tokens ? { message_id: id(session, n), input_tokens: o.tokens[0], output_tokens: o.tokens[1] } : {}),
          },
          o.tokens ? '1.1.0' : '1.0.0',
        );
      const rate = (session: string, atMs: number, n: number, seq: string, rating: 'up' | 'down', comment?: string, clickedMs = atMs) =>
        base(session, 'MESSAGE_FEEDBACK', atMs, `${id(session, n)}:feedback:${seq}`, { message_id: id(session, n), rating, ...(comment ? { comment } : {}) }, '1.0.0', clickedMs);
      const form = (session: string, atMs: number, n: number) =>
        base(session, 'FORM_STARTED', atMs, `${session}_form${n}`, { form_id: 'volunteer_interest', form_label: 'Volunteer Interest Form', total_fields: 8 });
      const s = (name: string) => `q_${tenant.tenant_id}_${day}_${name}`;
      const tokens = (n: number): [number, number] => [800 + 97 * ((d * 7 + n) % 13), 120 + 31 * ((d * 3 + n) % 7)];
      const t = (offsetMs: number) => localMidnight + offsetMs;

      // A conversation a minute into the local day, so every tenant's "today" has one early on
      // (the generator's sessions may all fall later in the day than the test runs).
      out.push(sent(s('early'), t(MINUTE), 1, 'Is anyone there this early?'), reply(s('early'), t(MINUTE + 3000), 1, { kb: false, tokens: tokens(12) }));
      // Resolved (assumed): a Knowledge Base reply, nothing after.
      out.push(sent(s('kb'), t(9 * HOUR + d * MINUTE), 1, 'What are your opening hours?'), reply(s('kb'), t(9 * HOUR + d * MINUTE + 4000), 1, { kb: true, tokens: tokens(1) }));
      // A form 3 h after the last reply: unresolved. Another exactly 24 h + 1 s after: resolved.
      out.push(sent(s('form'), t(11 * HOUR), 1, 'How do I volunteer?'), reply(s('form'), t(11 * HOUR + 3000), 1, { kb: true, tokens: tokens(2) }), form(s('form'), t(14 * HOUR), 1));
      out.push(sent(s('form_late'), t(12 * HOUR), 1, 'Can I donate?'), reply(s('form_late'), t(12 * HOUR + 3000), 1, { kb: true, tokens: tokens(3) }), form(s('form_late'), t(36 * HOUR + 3000 + 1000), 1));
      // Abandoned: the visitor wrote again and got no reply.
      out.push(
        sent(s('abandoned'), t(13 * HOUR), 1, 'Where are you located?'),
        reply(s('abandoned'), t(13 * HOUR + 5000), 1, { kb: true }),
        sent(s('abandoned'), t(13 * HOUR + 2 * MINUTE), 2, 'And parking?'),
      );
      // A reply at the instant of the visitor's message (counts as after it).
      out.push(sent(s('tie'), t(15 * HOUR), 1, 'hello, is anyone there'), reply(s('tie'), t(15 * HOUR), 1, { kb: true, tokens: tokens(4) }));
      // Changed from down to up an hour later, with comments; confirmed resolution.
      out.push(
        sent(s('thumbs'), t(16 * HOUR), 1, 'Do you take card payments?'),
        reply(s('thumbs'), t(16 * HOUR + 2000), 1, { kb: false, model: OTHER_PRICED_MODEL, tokens: tokens(5) }),
        rate(s('thumbs'), t(16 * HOUR + 5 * MINUTE), 1, 'a', 'down', 'Not what I asked'),
        rate(s('thumbs'), t(17 * HOUR + 5 * MINUTE), 1, 'b', 'up', d % 2 ? 'Great answer!' : '  great   ANSWER '),
      );
      // Rated down with a comment; two ratings of another reply at one instant (the larger event id wins).
      out.push(
        sent(s('down'), t(17 * HOUR), 1, 'Is the shelter open on holidays?'),
        reply(s('down'), t(17 * HOUR + 2000), 1, { kb: true, model: UNPRICED_MODEL, tokens: tokens(6) }),
        rate(s('down'), t(17 * HOUR + 30 * MINUTE), 1, 'a', 'down', 'Wrong opening hours.'),
        sent(s('same_instant'), t(18 * HOUR), 1, 'Can I bring my dog?'),
        reply(s('same_instant'), t(18 * HOUR + 2000), 1, { kb: false }),
        rate(s('same_instant'), t(18 * HOUR + 10 * MINUTE), 1, 'a', 'down'),
        rate(s('same_instant'), t(18 * HOUR + 10 * MINUTE), 1, 'b', 'up'),
      );
      // A retried vote: up clicked at 19:00:30 (its call failed), down at 19:01; the up's retry
      // reaches the server at 20:10, a later hour, with a larger event id. The down stands: votes
      // are ordered by the widget's stamp (docs/decisions.md §40), and a thumbs-down on a Knowledge
      // Base reply rules out an assumed resolution.
      out.push(
        sent(s('retried'), t(19 * HOUR), 1, 'Do you offer tours?'),
        reply(s('retried'), t(19 * HOUR + 2000), 1, { kb: true, tokens: tokens(11) }),
        rate(s('retried'), t(19 * HOUR + MINUTE + 500), 1, 'a', 'down'),
        rate(s('retried'), t(20 * HOUR + 10 * MINUTE), 1, 'b', 'up', undefined, t(19 * HOUR + 30_000)),
      );
      // A 1.0.0 reply (no tokens, id from its event id) rated the next local day: the rating
      // belongs to the next day's range, the confirmation to this conversation (read until H + 24 h).
      out.push(sent(s('rated_later'), t(20 * HOUR), 1, 'Thanks, do you have a newsletter'), reply(s('rated_later'), t(20 * HOUR + 2000), 1, { kb: false }), rate(s('rated_later'), t(30 * HOUR), 1, 'a', 'up', 'Very helpful'));
      // Across the tenant's local midnight (the range edge): first message before, reply and a follow-up after.
      out.push(
        sent(s('local_midnight'), t(-3 * MINUTE), 1, 'Are you open tomorrow?'),
        reply(s('local_midnight'), t(-3 * MINUTE + 2000), 1, { kb: true, tokens: tokens(7) }),
        sent(s('local_midnight'), t(2 * MINUTE), 2, 'What time?'),
        reply(s('local_midnight'), t(2 * MINUTE + 3000), 2, { kb: d % 3 === 0, tokens: tokens(8) }),
      );
      // Across UTC midnight (the rollup's day edge): a question just before, its reply just after,
      // and a form 23 h 59 m after the reply on every other day (inside the window: unresolved).
      const u = utcMidnight + 24 * HOUR;
      out.push(sent(s('utc_midnight'), u - 20_000, 1, 'How do I update my details?'), reply(s('utc_midnight'), u + 10_000, 1, { kb: true, tokens: tokens(9) }));
      if (d % 2 === 0) out.push(form(s('utc_midnight'), u + 10_000 + 24 * HOUR - MINUTE, 1));
      // A visitor who comes back within 24 h (the conversation continues) and abandons the next day.
      out.push(
        sent(s('comeback'), t(21 * HOUR), 1, 'Do you have events this week?'),
        reply(s('comeback'), t(21 * HOUR + 2000), 1, { kb: true, tokens: tokens(10) }),
        sent(s('comeback'), t(40 * HOUR), 2, 'And next week?'),
      );
    });
  }
  return out.filter((e) => Date.parse(e.server_timestamp) <= options.notAfter);
}
