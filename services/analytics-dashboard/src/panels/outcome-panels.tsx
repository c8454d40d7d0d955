/**
 * The answer-quality panels on outcomes, feedback and tokens (docs/metrics.md, "Conversation
 * outcomes", "Answer feedback", "Token usage and cost"): what happened to conversations, what
 * visitors said about the replies, and what the replies cost.
 */
import { useMemo, type ReactNode } from 'react';
import type { AnswerFeedback, ConversationOutcomes, TokenUsage } from '../api/contract';
import { useMetric } from '../api/use-metric';
import { Chart } from '../charts/Chart';
import { CHART_COLORS } from '../charts/palette';
import { DataTable, dataTableCsv, TextAlternative, type Column } from '../components/Figures';
import { useHeadlineFigures, type FigureSpec } from '../components/HeadlineFigures';
import { Panel } from '../components/Panel';
import { useDashboard } from '../dashboard-context';
import type { Formatters } from '../view/formatting';
import type { DateRange } from '../view/view-state';

/** What a token figure reads when the replies carry no token counts (schema 1.0.0): never 0. */
export const UNKNOWN = 'unknown';

const OUTCOME_FIGURES: FigureSpec<ConversationOutcomes>[] = [
  { key: 'resolution_rate', label: 'Resolution rate', unit: 'rate', hint: 'answered from the Knowledge Base with no follow-up, or confirmed by a thumbs-up; of decided conversations' },
  { key: 'confirmed_resolution_rate', label: 'Confirmed resolution rate', unit: 'rate', hint: 'the visitor gave the last reply a thumbs-up; of decided conversations' },
  { key: 'abandonment_rate', label: 'Abandonment rate', unit: 'rate', hint: 'the visitor’s last message never got a reply; of decided conversations' },
  { key: 'decided', label: 'Decided conversations', unit: 'count' },
  { key: 'pending', label: 'Pending conversations', unit: 'count', hint: 'less than 24 h since their last message' },
  { key: 'conversations', label: 'Conversations', unit: 'count', csvOnly: true },
  { key: 'resolved', label: 'Resolved', unit: 'count', csvOnly: true },
  { key: 'confirmed_resolved', label: 'Confirmed resolved', unit: 'count', csvOnly: true },
  { key: 'abandoned', label: 'Abandoned', unit: 'count', csvOnly: true },
];

interface OutcomeRow {
  key: 'assumed' | 'confirmed' | 'abandoned' | 'unresolved';
  label: string;
  conversations: number;
}

/** Each decided conversation is exactly one of these (resolved = assumed + confirmed). */
function outcomeRows(d: ConversationOutcomes): OutcomeRow[] {
  return [
    { key: 'confirmed', label: 'Resolved, confirmed by the visitor', conversations: d.confirmed_resolved },
    { key: 'assumed', label: 'Resolved, assumed', conversations: d.resolved - d.confirmed_resolved },
    { key: 'abandoned', label: 'Abandoned', conversations: d.abandoned },
    { key: 'unresolved', label: 'Unresolved', conversations: d.decided - d.resolved - d.abandoned },
  ];
}

function outcomeColumns(d: ConversationOutcomes, format: Formatters): Column<OutcomeRow>[] {
  const share = (n: number) => (d.decided === 0 ? null : Math.round((1000 * n) / d.decided) / 10);
  return [
    { header: 'Outcome', cell: (r) => r.label },
    { header: 'Conversations', numeric: true, cell: (r) => format.count(r.conversations), testId: (r) => `outcome-${r.key}-conversations` },
    { header: 'Share of decided', numeric: true, cell: (r) => format.percent(share(r.conversations)), testId: (r) => `outcome-${r.key}-share` },
  ];
}

function OutcomesBody({ data, cards }: { data: ConversationOutcomes; cards: ReactNode }) {
  const { format } = useDashboard();
  const rows = outcomeRows(data);
  const option = useMemo(
    () => ({
      color: CHART_COLORS,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 200, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
      series: [{ type: 'bar', name: 'Conversations', data: rows.map((r) => r.conversations) }],
    }),
    [rows],
  );
  return (
    <>
      {cards}
      <p className="panel-note" data-testid="outcomes-note">
        Rates are shares of the <strong data-testid="outcomes-decided">{format.count(data.decided)}</strong> decided conversations, of{' '}
        <span data-testid="outcomes-conversations">{format.count(data.conversations)}</span> in this range. A conversation is decided 24 hours after its last message;{' '}
        <span data-testid="outcomes-pending">{format.count(data.pending)}</span> {data.pending === 1 ? 'is' : 'are'} still pending and {data.pending === 1 ? 'is' : 'are'} counted once decided.
      </p>
      {data.decided > 0 && (
        <>
          <Chart option={option} label={`Outcomes of ${format.count(data.decided)} decided conversations: ${rows.map((r) => `${r.label} ${format.count(r.conversations)}`).join(', ')}.`} height={200} testId="chart-outcomes" />
          <TextAlternative>
            <DataTable caption="Outcomes of decided conversations" testId="table-outcomes" rows={rows} rowKey={(r) => r.key} columns={outcomeColumns(data, format)} />
          </TextAlternative>
        </>
      )}
    </>
  );
}

/** Resolution, confirmed resolution and abandonment from `conversation_outcomes`, with decided and pending explained. */
export function OutcomesPanel({ range }: { range: DateRange }) {
  const resource = useMetric('conversation_outcomes', range);
  const figures = useHeadlineFigures('conversation_outcomes', range, OUTCOME_FIGURES);
  return (
    <Panel<ConversationOutcomes> id="conversation-outcomes" title="Conversation outcomes" resource={resource} className="wide" isEmpty={(d) => d.conversations === 0} emptyMessage="No conversations in this range yet." csv={figures.csv}>
      {(d) => <OutcomesBody data={d} cards={figures.cards(d)} />}
    </Panel>
  );
}

const FEEDBACK_FIGURES: FigureSpec<AnswerFeedback>[] = [
  { key: 'helpful_rate', label: 'Helpful rate', unit: 'rate', hint: 'thumbs up, of rated replies' },
  { key: 'feedback_coverage', label: 'Feedback coverage', unit: 'rate', hint: 'rated replies, of all replies' },
  { key: 'helpful', label: 'Helpful (thumbs up)', unit: 'count' },
  { key: 'not_helpful', label: 'Not helpful (thumbs down)', unit: 'count' },
  { key: 'rated', label: 'Rated replies', unit: 'count', csvOnly: true },
  { key: 'replies', label: 'Replies', unit: 'count', csvOnly: true },
];

/** Helpful rate, coverage and the thumbs from `answer_feedback`. */
export function FeedbackPanel({ range }: { range: DateRange }) {
  const resource = useMetric('answer_feedback', range);
  const figures = useHeadlineFigures('answer_feedback', range, FEEDBACK_FIGURES);
  const { format } = useDashboard();
  return (
    <Panel<AnswerFeedback> id="answer-feedback" title="Answer feedback" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.replies === 0} emptyMessage="No replies in this range yet, so there is no feedback." csv={figures.csv}>
      {(d) => (
        <>
          {figures.cards(d)}
          <p className="panel-note" data-testid="feedback-note">
            {d.rated === 0 ? (
              'No visitor has rated a reply in this range yet.'
            ) : (
              <>
                <span data-testid="feedback-rated">{format.count(d.rated)}</span> of <span data-testid="feedback-replies">{format.count(d.replies)}</span> replies were rated (a reply’s latest rating counts).
              </>
            )}
          </p>
        </>
      )}
    </Panel>
  );
}

type FeedbackComment = AnswerFeedback['comments'][number];
const RATING_LABELS: Record<FeedbackComment['rating'], string> = { up: 'Helpful', down: 'Not helpful' };

function commentColumns(format: Formatters): Column<FeedbackComment>[] {
  return [
    { header: 'Comment', cell: (c) => c.comment, testId: (_c, i) => `feedback-comment-${i}-text`, csv: (c) => c.comment },
    { header: 'Rating', cell: (c) => RATING_LABELS[c.rating], testId: (_c, i) => `feedback-comment-${i}-rating`, csv: (c) => RATING_LABELS[c.rating] },
    { header: 'Times', numeric: true, cell: (c) => format.count(c.count), testId: (_c, i) => `feedback-comment-${i}-count`, csv: (c) => c.count },
  ];
}

/** Visitors' comments with their ratings, from `answer_feedback`. */
export function FeedbackCommentsPanel({ range }: { range: DateRange }) {
  const resource = useMetric('answer_feedback', range);
  const { format } = useDashboard();
  return (
    <Panel<AnswerFeedback>
      id="feedback-comments"
      title="What visitors said about the answers"
      resource={resource}
      skeleton="table"
      className="wide"
      isEmpty={(d) => d.comments.length === 0}
      emptyMessage="No visitor left a comment with a rating in this range."
      csv={(d) => dataTableCsv(commentColumns(format), d.comments)}
    >
      {(d) => (
        <>
          <p className="panel-note">Comments are redacted (no contact details) and grouped when they read the same; most frequent first.</p>
          <DataTable caption="Visitors' comments on replies, most frequent first" captionHidden testId="table-feedback-comments" rows={d.comments} rowKey={(c) => `${c.rating}:${c.comment}`} columns={commentColumns(format)} />
        </>
      )}
    </Panel>
  );
}

const TOKEN_FIGURES: FigureSpec<TokenUsage>[] = [
  // Unknown, not zero, when no reply of the range carries token counts (schema 1.0.0 replies).
  { key: 'input_tokens', label: 'Input tokens', unit: 'count', value: (d) => (d.replies_with_tokens > 0 ? d.input_tokens : null) },
  { key: 'output_tokens', label: 'Output tokens', unit: 'count', value: (d) => (d.replies_with_tokens > 0 ? d.output_tokens : null) },
  { key: 'cost', label: 'Cost', unit: 'currency' },
  { key: 'cost_per_conversation', label: 'Cost per conversation', unit: 'currency', hint: 'of conversations with token counts' },
  { key: 'replies', label: 'Replies', unit: 'count', csvOnly: true },
  { key: 'replies_with_tokens', label: 'Replies with token counts', unit: 'count', csvOnly: true },
  { key: 'replies_without_tokens', label: 'Replies with unknown tokens', unit: 'count', csvOnly: true },
  { key: 'unpriced_replies', label: 'Replies of unpriced models', unit: 'count', csvOnly: true },
  { key: 'conversations_with_tokens', label: 'Conversations with token counts', unit: 'count', csvOnly: true },
];

/** Input and output tokens, cost and cost per conversation from `token_usage`, with the price date. */
export function TokensPanel({ range }: { range: DateRange }) {
  const resource = useMetric('token_usage', range);
  const figures = useHeadlineFigures('token_usage', range, TOKEN_FIGURES, { nullText: UNKNOWN });
  const { format } = useDashboard();
  return (
    <Panel<TokenUsage> id="token-usage" title="Tokens and cost" resource={resource} skeleton="figures" className="wide" isEmpty={(d) => d.replies === 0} emptyMessage="No replies in this range yet." csv={figures.csv}>
      {(d) => (
        <>
          {figures.cards(d)}
          <p className="panel-note" data-testid="tokens-note">
            Prices as of <span data-testid="tokens-prices-as-of">{d.prices_as_of}</span> ({d.currency}).
            {d.replies_without_tokens > 0 && (
              <span data-testid="tokens-unknown">
                {' '}
                {format.count(d.replies_without_tokens)} of {format.count(d.replies)} replies came from an older widget version without token counts: their tokens and cost are unknown and not included.
              </span>
            )}
            {d.unpriced_replies > 0 && (
              <span data-testid="tokens-unpriced">
                {' '}
                {format.count(d.unpriced_replies)} {d.unpriced_replies === 1 ? 'reply' : 'replies'} used a model without a price: not in the cost.
              </span>
            )}
          </p>
        </>
      )}
    </Panel>
  );
}

type ModelUsage = TokenUsage['models'][number];

function modelColumns(d: TokenUsage, format: Formatters): Column<ModelUsage>[] {
  return [
    { header: 'Model', cell: (m) => m.model_id, testId: (_m, i) => `token-model-${i}-id`, csv: (m) => m.model_id },
    { header: 'Replies', numeric: true, cell: (m) => format.count(m.replies), testId: (_m, i) => `token-model-${i}-replies`, csv: (m) => m.replies },
    { header: 'Input tokens', numeric: true, cell: (m) => format.count(m.input_tokens), testId: (_m, i) => `token-model-${i}-input`, csv: (m) => m.input_tokens },
    { header: 'Output tokens', numeric: true, cell: (m) => format.count(m.output_tokens), testId: (_m, i) => `token-model-${i}-output`, csv: (m) => m.output_tokens },
    {
      header: 'Cost',
      csvHeader: `Cost (${d.currency}, prices as of ${d.prices_as_of})`,
      numeric: true,
      cell: (m) => (m.cost === null ? <span className="unpriced">unpriced</span> : format.money(m.cost)),
      testId: (_m, i) => `token-model-${i}-cost`,
      csv: (m) => m.cost,
    },
    // The table says "unpriced" in the cost cell; the CSV keeps the cost a number and says it here.
    { header: 'Priced', csvOnly: true, cell: () => null, csv: (m) => (m.cost === null ? 'no (not in the price table)' : 'yes') },
  ];
}

/** Tokens and cost per model from `token_usage`; models without a price are marked. */
export function TokensByModelPanel({ range }: { range: DateRange }) {
  const resource = useMetric('token_usage', range);
  const { format } = useDashboard();
  return (
    <Panel<TokenUsage>
      id="token-models"
      title="Tokens and cost by model"
      resource={resource}
      skeleton="table"
      className="wide"
      isEmpty={(d) => d.models.length === 0}
      emptyMessage="No reply in this range carries token counts yet (older widget versions do not send them)."
      csv={(d) => dataTableCsv(modelColumns(d, format), d.models)}
    >
      {(d) => (
        <>
          <p className="panel-note">
            Replies with token counts only; prices as of {d.prices_as_of} ({d.currency}).{d.models.some((m) => m.cost === null) && ' “unpriced”: the model is not in the price table, so its cost is unknown.'}
          </p>
          <DataTable caption="Tokens and cost per model, most replies first" captionHidden testId="table-token-models" rows={d.models} rowKey={(m) => m.model_id} columns={modelColumns(d, format)} />
        </>
      )}
    </Panel>
  );
}
