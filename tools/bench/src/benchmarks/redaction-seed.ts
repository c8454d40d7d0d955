/**
 * The seed's redaction patterns, kept verbatim as the redaction benchmark's baseline: its e-mail pattern
 * backtracks quadratically on long runs of e-mail characters without an `@`.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD_CANDIDATE = /(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])/g;
const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])?\d{3,4}[\s.-]?\d{4}(?![\w])/g;

/** Luhn check (the seed's loop, written as a fold; only candidates reach it, so its cost is not what is measured). */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
const passesLuhn = (digits: string) => [...digits].reverse().reduce((sum, ch, i) => sum + (i % 2 ? DOUBLED[Number(ch)]! : Number(ch)), 0) % 10 === 0;

/** The seed's `redactPii`: e-mail, Luhn-valid card and phone patterns, one regex pass each. */
export function seedRedactPii(input: string): string {
  return input
    .replace(EMAIL, '[EMAIL]')
    .replace(CARD_CANDIDATE, (m) => {
      const digits = m.replace(/\D/g, '');
      return digits.length >= 13 && passesLuhn(digits) ? '[CARD]' : m;
    })
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      return digits.length < 7 || digits.length > 15 ? m : '[PHONE]';
    });
}
