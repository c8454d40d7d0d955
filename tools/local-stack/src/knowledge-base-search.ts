import MiniSearch from 'minisearch';

/**
 * Lexical relevance shared by the Knowledge Base emulator (ranking chunks) and the Bedrock
 * emulator (picking the sentences of the retrieved passages that answer a question), so both
 * agree on what "relevant" means.
 */

// Words that carry no topic: without dropping them, "what are your hours" would match every
// passage containing "are" or "your".
const STOP_WORDS = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but by can could
  did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its
  itself just let me more most my no nor not now of off on once only or other our ours out over own please same she should so some
  such than that the their them then there these they this those through to too under until up very was we were what when where
  which while who whom why will with would you your yours yourself hi hello hey tell know want like get got thanks thank`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Lower-cases a word, drops stop words and folds common English endings, so "volunteering",
 * "volunteers" and "volunteer" meet, as do "donate" and "donations". Returns `null` for a word
 * that should not be indexed or searched.
 */
export function searchTerm(word: string): string | null {
  const w = word.toLowerCase().replace(/[’']s$/, '').replace(/[^\p{L}\p{N}]/gu, '');
  if (w.length < 2 || STOP_WORDS.has(w)) return null;
  // Each step strips at most one ending and keeps at least three letters.
  const strip = (s: string, suffix: string, replacement = '') =>
    s.endsWith(suffix) && s.length - suffix.length >= 3 ? s.slice(0, -suffix.length) + replacement : null;
  let stem = strip(w, 'ies', 'y') ?? (w.endsWith('ss') ? w : strip(w, 's')) ?? w;
  const unsuffixed = strip(stem, 'ing') ?? strip(stem, 'ed');
  // "dropped" → "dropp" → "drop": a doubled consonant before -ed/-ing is spelling, not stem.
  stem = strip(stem, 'ation', 'at') ?? (unsuffixed && /([b-df-hj-np-tv-z])\1$/.test(unsuffixed) && !/(ss|ll)$/.test(unsuffixed) ? unsuffixed.slice(0, -1) : unsuffixed) ?? stem;
  stem = strip(stem, 'er') ?? stem;
  return strip(stem, 'e') ?? stem;
}

/** Whether a question has any word worth searching for. */
export function hasSearchTerms(text: string): boolean {
  return text.split(/\s+/).some((w) => searchTerm(w) !== null);
}

export interface SearchablePassage {
  id: string;
  text: string;
}

export interface ScoredPassage<T extends SearchablePassage> {
  passage: T;
  /** 0..1: BM25 squashed by `s / (s + k)`, so a score means the same whatever else is indexed. */
  score: number;
  /** 0..1: the share of the query's search terms the passage contains. */
  coverage: number;
}

export interface PassageSearchOptions {
  /** At most this many results, best first. */
  limit: number;
  /** Results scoring below this (0..1) are not relevant and are left out. */
  minScore: number;
}

/**
 * Half-saturation constant of the score: a passage whose BM25 score equals `k` scores 0.5. One
 * rare query word matched once in a short passage gives BM25 ≈ 2–4; several query words ≈ 8–15.
 */
const SCORE_HALF_POINT = 6;

/** A full-text index (MiniSearch, BM25) over a fixed set of passages. */
export class PassageIndex<T extends SearchablePassage> {
  private readonly index: MiniSearch<T>;
  private readonly byId = new Map<string, T>();

  constructor(passages: readonly T[]) {
    this.index = new MiniSearch<T>({
      fields: ['text'],
      idField: 'id',
      processTerm: (term) => searchTerm(term),
    });
    for (const p of passages) this.byId.set(p.id, p);
    this.index.addAll([...this.byId.values()]);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The passages relevant to `query`, best first; ties keep insertion order (deterministic). */
  search(query: string, options: PassageSearchOptions): ScoredPassage<T>[] {
    if (!hasSearchTerms(query)) return [];
    const order = new Map([...this.byId.keys()].map((id, i) => [id, i]));
    const queryTerms = new Set(query.split(/[^\p{L}\p{N}'’]+/u).map(searchTerm).filter((t): t is string => t !== null));
    return this.index
      .search(query, { combineWith: 'OR', prefix: (term) => term.length >= 5 })
      .map((r) => ({
        passage: this.byId.get(String(r.id))!,
        score: r.score / (r.score + SCORE_HALF_POINT),
        coverage: Math.min(1, new Set(r.queryTerms).size / Math.max(1, queryTerms.size)),
      }))
      .filter((r) => r.score >= options.minScore)
      .sort((a, b) => b.score - a.score || order.get(a.passage.id)! - order.get(b.passage.id)!)
      .slice(0, options.limit);
  }
}

/**
 * Splits prose (Markdown allowed) into sentences: headings are left out (they are not answers), list
 * markers and emphasis are dropped,
 * a sentence ends at `.`, `!` or `?` followed by space, or at a line break in a list.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .filter((line) => !/^\s*#{1,6}\s/.test(line))
    .map((line) => line.replace(/^\s*([-*+]\s+|\d+[.)]\s+|>\s*)/, '').replace(/[*_`]{1,3}/g, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=["'(\p{Lu}\p{N}])/u))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
