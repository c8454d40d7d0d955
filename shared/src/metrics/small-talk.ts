/**
 * Which visitor messages are small talk — greetings, thanks, goodbyes — and so not questions the
 * Knowledge Base should answer (docs/metrics.md, "Unanswered questions"). The rule: after
 * normalisation (`normaliseQuestion`), the message is split into words at every character that
 * is not a letter, digit or apostrophe; it is small talk when it has at least one word and every
 * word is in `SMALL_TALK_WORDS`. "hi", "thank you so much!", "ok thanks, bye" are small talk;
 * "hi, are you open today" is not (it has words outside the list).
 */

/** The whole vocabulary of small talk (lower case, as normalised text is). */
export const SMALL_TALK_WORDS: ReadonlySet<string> = new Set([
  'hi', 'hello', 'hey', 'hiya', 'howdy', 'yo', 'greetings', 'good', 'morning', 'afternoon', 'evening', 'there', 'all',
  'thanks', 'thank', 'thx', 'ty', 'you', 'so', 'very', 'much', 'a', 'lot', 'many', 'cheers', 'appreciate', 'appreciated', 'it',
  'ok', 'okay', 'great', 'awesome', 'perfect', 'cool', 'nice', 'got', 'that\'s', 'thats', 'helpful', 'bye', 'goodbye', 'see', 'ya',
]);

const WORD_SEPARATOR = /[^\p{L}\p{N}']+/u;

/** True when a normalised message is small talk by the rule above. */
export function isSmallTalk(normalised: string): boolean {
  const words = normalised.split(WORD_SEPARATOR).filter((w) => w.length > 0);
  return words.length > 0 && words.every((w) => SMALL_TALK_WORDS.has(w));
}
