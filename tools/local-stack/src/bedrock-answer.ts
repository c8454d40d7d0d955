import { PassageIndex, splitSentences } from './knowledge-base-search';

/**
 * The Bedrock emulator's "model": deterministic and retrieval-based. It answers only from the
 * passages the caller put in the prompt, never from anything else, which is what a grounded RAG
 * prompt asks of the real model.
 */

/** A conversation reduced to text: what both `Converse` and the Anthropic messages body carry. */
export interface PromptText {
  system: string[];
  messages: { role: 'user' | 'assistant'; text: string }[];
}

export interface ComposedAnswer {
  text: string;
  /** The answer split into the deltas the stream sends; their concatenation is `text`. */
  tokens: string[];
  /** Whether any passage answered the question (false: the "I don't know" answer). */
  grounded: boolean;
  /** Estimated input tokens (words and punctuation of system + messages). */
  inputTokens: number;
}

/** The answer when no passage in the prompt matches the question. */
export const NO_ANSWER = "I'm sorry, I don't know the answer to that based on the information I have.";

// Tags that mark a retrieved passage in the prompt, as Anthropic's prompting guide suggests.
const PASSAGE_TAG = /<(passage|document|search_result|source)\b[^>]*>([\s\S]*?)<\/\1>/gi;
const QUESTION_TAG = /<question>([\s\S]*?)<\/question>/i;

/** The passages the prompt carries: the bodies of `<passage>`, `<document>`, `<search_result>` or `<source>` tags anywhere in it. */
export function promptPassages(prompt: PromptText): string[] {
  const texts = [...prompt.system, ...prompt.messages.map((m) => m.text)];
  return texts.flatMap((t) => [...t.matchAll(PASSAGE_TAG)].map((m) => m[2]!.trim())).filter(Boolean);
}

/** The question: the last user message, inside `<question>` if tagged, without any passages it carries. */
export function promptQuestion(prompt: PromptText): string {
  const last = [...prompt.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
  const tagged = QUESTION_TAG.exec(last);
  return (tagged ? tagged[1]! : last.replace(PASSAGE_TAG, ' ')).trim();
}

/** Rough token count as a tokenizer would give it: words, numbers and punctuation marks. */
export function countTokens(text: string): number {
  return text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
}

/** Splits an answer into word deltas (each word with the space after it). */
export function tokenize(answer: string): string[] {
  return answer.match(/\S+\s*/g) ?? [];
}

export interface AnswerOptions {
  /**
   * A sentence answers the question only if it contains at least this share (0..1) of the
   * question's search terms. Coverage, not BM25, because the prompt's few passages are too small
   * a corpus for term rarity to mean anything.
   */
  relevanceCutoff: number;
  /** At most this many sentences in an answer. */
  maxSentences: number;
}

/**
 * Answers the prompt's question with the best-matching sentences of its passages, in the order
 * they appear in the passages, or with {@link NO_ANSWER} when none matches.
 */
export function composeAnswer(prompt: PromptText, options: AnswerOptions = { relevanceCutoff: 0.34, maxSentences: 2 }): ComposedAnswer {
  const sentences = promptPassages(prompt)
    .flatMap((p) => splitSentences(p))
    .filter((s, i, all) => all.indexOf(s) === i)
    .map((text, i) => ({ id: String(i), text }));
  const index = new PassageIndex(sentences);
  const found = index
    .search(promptQuestion(prompt), { limit: Number.MAX_SAFE_INTEGER, minScore: 0 })
    .filter((f) => f.coverage >= options.relevanceCutoff)
    .sort((a, b) => b.coverage - a.coverage || b.score - a.score || Number(a.passage.id) - Number(b.passage.id));
  // A further sentence joins the answer only if it is nearly as relevant as the best one.
  const best = found.filter((f) => f.coverage >= found[0]!.coverage * 0.8).slice(0, options.maxSentences);
  const text = best.length
    ? best
        .map((b) => b.passage)
        .sort((a, b) => Number(a.id) - Number(b.id))
        .map((s) => s.text)
        .join(' ')
    : NO_ANSWER;
  const inputTokens = [...prompt.system, ...prompt.messages.map((m) => m.text)].reduce((n, t) => n + countTokens(t), 0);
  return { text, tokens: tokenize(text), grounded: best.length > 0, inputTokens };
}
