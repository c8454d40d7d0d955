/**
 * Redaction of personal data from free text (docs/decisions.md §6): e-mail addresses, card numbers
 * (Luhn-checked, so order numbers survive), US social security numbers and phone numbers in
 * international and national spellings, including digits and separators from outside ASCII
 * (full-width digits, non-breaking and narrow spaces, Unicode dashes).
 *
 * Everything here runs in time linear in the input: the text is read by hand-written scanners, not
 * by backtracking regular expressions (a `+@…` pattern was quadratic on long runs without `@`,
 * and quarantined bodies can be 256 KB). Every inner loop counts a step so tests can check that
 * the work stays proportional to the input without timing anything.
 */

/** What a redacted item is replaced with. Markers hold no digit and no `@`, so redaction is idempotent. */
export const REDACTION_MARKERS = { email: '[EMAIL]', card: '[CARD]', ssn: '[SSN]', phone: '[PHONE]' } as const;
export type PiiKind = keyof typeof REDACTION_MARKERS;

const MARKERS: readonly string[] = Object.values(REDACTION_MARKERS);
const LONGEST_MARKER = Math.max(...MARKERS.map((m) => m.length));

export interface RedactionResult {
  text: string;
  redactions: number;
}

/** A redaction with the number of scanner steps it took (for structural linear-time tests). */
export interface RedactionTrace extends RedactionResult {
  steps: number;
}

interface Counter {
  steps: number;
  redactions: number;
}

// ---------------------------------------------------------------------------------------------
// Characters

const UNICODE_WORD = /[\p{L}\p{N}\p{M}]/u;

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A letter, digit or mark of any script (one UTF-16 unit; surrogates count as word characters). */
function isWordChar(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c) || c === 95;
  if (c >= 0xd800 && c <= 0xdfff) return true;
  return UNICODE_WORD.test(String.fromCharCode(c));
}

/** Decimal value of a digit in ASCII, full-width, Arabic-Indic or Devanagari, else -1. */
function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  if (c >= 0x0660 && c <= 0x0669) return c - 0x0660;
  if (c >= 0x06f0 && c <= 0x06f9) return c - 0x06f0;
  if (c >= 0x0966 && c <= 0x096f) return c - 0x0966;
  return -1;
}

const SPACE = 1;
const DASH = 2;
const DOT = 4;
const PAREN = 8;

/** Which kind of separator may sit between the digit groups of a number, or 0. */
function separatorKind(c: number): number {
  if (c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x202f || c === 0x3000 || (c >= 0x2000 && c <= 0x200a)) return SPACE;
  if (c === 0x2d || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe58 || c === 0xfe63 || c === 0xff0d) return DASH;
  if (c === 0x2e || c === 0xff0e || c === 0xb7) return DOT;
  if (c === 0x28 || c === 0x29 || c === 0xff08 || c === 0xff09) return PAREN;
  return 0;
}

const isOpenParen = (c: number) => c === 0x28 || c === 0xff08;
const isPlus = (c: number) => c === 0x2b || c === 0xff0b;
const isAt = (c: number) => c === 0x40 || c === 0xff20;
/** Characters that make a digit run part of an identifier (`#123…`, `$1 234`). */
const isGlue = (c: number) => c === 0x23 || c === 0x24 || c === 0x2f || isWordChar(c);

// ---------------------------------------------------------------------------------------------
// E-mail addresses: found from each `@`, extended left over the local part and right over the
// domain. Neither extension crosses another `@`, so every character is read at most twice.

function isLocalChar(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 39;
  return isWordChar(c);
}

function isDomainChar(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c) || c === 46 || c === 45;
  return isWordChar(c);
}

function redactEmails(text: string, counter: Counter): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    counter.steps += 1;
    if (!isAt(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    let left = i;
    while (left > copied && isLocalChar(text.charCodeAt(left - 1))) {
      left -= 1;
      counter.steps += 1;
    }
    while (left < i && text.charCodeAt(left) === 46) left += 1; // a local part does not start with '.'
    let right = i + 1;
    while (right < n && isDomainChar(text.charCodeAt(right))) {
      right += 1;
      counter.steps += 1;
    }
    while (right > i + 1 && (text.charCodeAt(right - 1) === 46 || text.charCodeAt(right - 1) === 45)) right -= 1;
    if (left < i && isDomain(text, i + 1, right)) {
      out += text.slice(copied, left) + REDACTION_MARKERS.email;
      counter.redactions += 1;
      copied = right;
      i = right;
    } else {
      i += 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `label(.label)+`, the last label at least two characters and starting with a letter. */
function isDomain(text: string, start: number, end: number): boolean {
  let lastDot = -1;
  for (let p = end - 1; p > start && lastDot < 0; p -= 1) if (text.charCodeAt(p) === 46) lastDot = p;
  if (lastDot < 0 || end - lastDot - 1 < 2) return false;
  if (text.slice(start, end).includes('..')) return false;
  const c = text.charCodeAt(lastDot + 1);
  return digitValue(c) < 0 && isWordChar(c);
}

// ---------------------------------------------------------------------------------------------
// Numbers: a run is digit groups joined by short gaps of separators (spaces of any width, dashes,
// dots, parentheses). Within a run, windows of consecutive groups (at most MAX_WINDOW_GROUPS and
// 19 digits) are classified; the longest PII window from the leftmost group wins.

const MAX_GAP = 3;
const MAX_WINDOW_GROUPS = 8;
const MAX_PII_DIGITS = 19;
/** Groups a run keeps in memory: a window plus the group after it (ring buffer, power of two). */
const RING = 16;
const PLUS = 1;
const OPEN = 2;

/**
 * The digit groups of one run, read lazily into a small ring buffer: a run of any length costs
 * no allocation per group, and only the groups a window can reach are held.
 */
class DigitRun {
  readonly fromAt = new Int32Array(RING);
  readonly startAt = new Int32Array(RING);
  readonly endAt = new Int32Array(RING);
  readonly gapAt = new Uint8Array(RING);
  readonly flagsAt = new Uint8Array(RING);
  private text = '';
  private counter: Counter = { steps: 0, redactions: 0 };
  private position = 0;
  private nextFrom = 0;
  private nextFlags = 0;
  private nextGap = 0;
  /** Groups read so far. */
  count = 0;
  done = true;

  /** Starts a run at `at`: a digit, or a `+` / `(` followed by one. */
  begin(text: string, at: number, counter: Counter): void {
    this.text = text;
    this.counter = counter;
    this.count = 0;
    this.done = false;
    const c = text.charCodeAt(at);
    this.nextFrom = at;
    this.nextGap = 0;
    this.nextFlags = isPlus(c) ? PLUS : isOpenParen(c) ? OPEN : 0;
    this.position = this.nextFlags ? at + 1 : at;
  }

  /** Whether group `g` exists, reading on until it does or the run ends. */
  has(g: number): boolean {
    while (g >= this.count && !this.done) this.readGroup();
    return g < this.count;
  }

  // Prototype methods, not arrow-function fields: a run is begun for every digit in every string
  // the processor redacts, and per-instance closures showed up in its CPU profile.
  from(g: number): number {
    return this.fromAt[g & (RING - 1)]!;
  }
  start(g: number): number {
    return this.startAt[g & (RING - 1)]!;
  }
  end(g: number): number {
    return this.endAt[g & (RING - 1)]!;
  }
  length(g: number): number {
    return this.end(g) - this.start(g);
  }
  gap(g: number): number {
    return this.gapAt[g & (RING - 1)]!;
  }
  plus(g: number): boolean {
    return (this.flagsAt[g & (RING - 1)]! & PLUS) !== 0;
  }
  paren(g: number): boolean {
    return (this.flagsAt[g & (RING - 1)]! & OPEN) !== 0;
  }

  private readGroup(): void {
    const { text, counter } = this;
    const n = text.length;
    const slot = this.count & (RING - 1);
    let j = this.position;
    const start = j;
    while (j < n && digitValue(text.charCodeAt(j)) >= 0) {
      j += 1;
      counter.steps += 1;
    }
    this.fromAt[slot] = this.nextFrom;
    this.startAt[slot] = start;
    this.endAt[slot] = j;
    this.gapAt[slot] = this.nextGap;
    this.flagsAt[slot] = this.nextFlags;
    this.count += 1;

    const gapStart = j;
    let gap = 0;
    let from = -1;
    let flags = 0;
    while (j < n && j - gapStart < MAX_GAP) {
      const c = text.charCodeAt(j);
      const kind = separatorKind(c);
      if (!kind) break;
      if (isOpenParen(c)) {
        flags = OPEN;
        from = j;
      }
      gap |= kind;
      j += 1;
      counter.steps += 1;
    }
    if (j === gapStart || j >= n || digitValue(text.charCodeAt(j)) < 0) {
      this.done = true;
      return;
    }
    this.position = j;
    this.nextGap = gap;
    this.nextFlags = flags;
    this.nextFrom = from < 0 ? j : from;
  }
}

/** One run for every call: redaction is synchronous, so no two calls ever hold it at once. */
const sharedRun = new DigitRun();

function redactNumbers(text: string, counter: Counter): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  const run = sharedRun;
  while (i < n) {
    counter.steps += 1;
    const c = text.charCodeAt(i);
    const prefixed = (isPlus(c) || isOpenParen(c)) && i + 1 < n && digitValue(text.charCodeAt(i + 1)) >= 0;
    if (!prefixed && digitValue(c) < 0) {
      i += 1;
      continue;
    }
    const glued = i > 0 && isGlue(text.charCodeAt(i - 1));
    run.begin(text, i, counter);
    let k = glued ? 1 : 0;
    // Digits in groups k..reach-1 (at most a window's worth): under nine, only `+…` or a 3-4 local
    // number can match from k, which skips the window loop on long runs of short groups (`1 1 1 …`).
    let reach = k;
    let digits = 0;
    while (run.has(k)) {
      while (reach < k + MAX_WINDOW_GROUPS && run.has(reach)) {
        digits += run.length(reach);
        reach += 1;
        counter.steps += 1;
      }
      const match = digits < 9 && !(digits >= 7 && (run.plus(k) || mayBeLocalNumber(run, k))) ? null : longestPiiWindow(text, run, k, counter);
      if (!match) {
        digits -= run.length(k);
        k += 1;
        continue;
      }
      out += text.slice(copied, run.from(k)) + REDACTION_MARKERS[match.kind];
      counter.redactions += 1;
      copied = run.end(match.end);
      k = match.end + 1;
      reach = k;
      digits = 0;
    }
    i = run.end(run.count - 1);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Groups k and k+1 are three and four digits long (`555-0143`). */
function mayBeLocalNumber(run: DigitRun, k: number): boolean {
  return run.length(k) === 3 && run.has(k + 1) && run.length(k + 1) === 4;
}

/** The `index`-th digit (0-based) of the window starting at group `k`. */
function digitAt(text: string, run: DigitRun, k: number, index: number): number {
  let rest = index;
  for (let g = k; run.has(g); g += 1) {
    if (rest < run.length(g)) return digitValue(text.charCodeAt(run.start(g) + rest));
    rest -= run.length(g);
  }
  return -1;
}

/** Luhn checksum over the digits of groups `k..e`, read right to left without building a string. */
function passesLuhn(text: string, run: DigitRun, k: number, e: number): boolean {
  let sum = 0;
  let double = false;
  for (let g = e; g >= k; g -= 1) {
    for (let p = run.end(g) - 1; p >= run.start(g); p -= 1) {
      let d = digitValue(text.charCodeAt(p));
      if (double) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      double = !double;
    }
  }
  return sum % 10 === 0;
}

/** What the rules need to know of a window of groups `k..e`, kept up to date as the window grows. */
interface WindowShape {
  groups: number;
  digits: number;
  /** Union of the separator kinds between the window's groups. */
  kinds: number;
  /** Every gap inside the window is of the same kinds. */
  uniform: boolean;
  longest: number;
  shortest: number;
  /** Every group after the first has exactly three digits (thousands grouping). */
  threesAfterFirst: boolean;
  /** The group lengths of a window of up to four groups, encoded as by `shapeOf`; -1 beyond. */
  shape: number;
}

/** Encodes group lengths, e.g. `shapeOf(3, 3, 4)`, for comparison with `WindowShape.shape`. */
const SHAPE_SIZE = [1, 16, 256, 4096, 65536];
const shapeOf = (...lengths: number[]) => lengths.reduce((code, l) => code * 16 + Math.min(l, 15), 0) + lengths.length * SHAPE_SIZE[lengths.length]!;
const SSN_SHAPE = shapeOf(3, 2, 4);
const NANP_SHAPE = shapeOf(3, 3, 4);
const NANP_WITH_ONE_SHAPE = shapeOf(1, 3, 3, 4);
const INDIA_MOBILE_SHAPE = shapeOf(5, 5);
const LOCAL_SHAPE = shapeOf(3, 4);

/** Reused by every window (no allocation per group on long runs). */
const scratch: WindowShape = { groups: 0, digits: 0, kinds: 0, uniform: true, longest: 0, shortest: 0, threesAfterFirst: true, shape: 0 };

function longestPiiWindow(text: string, run: DigitRun, k: number, counter: Counter): { end: number; kind: PiiKind } | null {
  let bestEnd = -1;
  let bestKind: PiiKind = 'phone';
  const plus = run.plus(k);
  const w = scratch;
  w.groups = 0;
  w.digits = 0;
  w.kinds = 0;
  w.uniform = true;
  w.longest = 0;
  w.shortest = run.length(k);
  w.threesAfterFirst = true;
  w.shape = 0;
  let lengths = 0;
  const { startAt, endAt, gapAt } = run;
  const firstGap = run.has(k + 1) ? run.gap(k + 1) : 0;
  for (let e = k; e < k + MAX_WINDOW_GROUPS && (e < run.count || run.has(e)); e += 1) {
    counter.steps += 1;
    const slot = e & (RING - 1);
    const length = endAt[slot]! - startAt[slot]!;
    w.groups += 1;
    w.digits += length;
    w.longest = Math.max(w.longest, length);
    w.shortest = Math.min(w.shortest, length);
    if (w.groups <= 4) {
      lengths = lengths * 16 + Math.min(length, 15);
      w.shape = lengths + w.groups * SHAPE_SIZE[w.groups]!;
    } else {
      w.shape = -1;
    }
    if (e > k) {
      const gap = gapAt[slot]!;
      if (gap !== firstGap) w.uniform = false;
      w.kinds |= gap;
      if (length !== 3) w.threesAfterFirst = false;
    }
    if (w.digits > MAX_PII_DIGITS) break;
    // Below nine digits only an international number or a 3-4 local number can be PII.
    if (w.digits < 7 || (w.digits < 9 && !plus && w.groups !== 2)) continue;
    // A number glued to a word after it (`5551234567abc`) is part of an identifier.
    if (!run.has(e + 1) && endAt[slot]! < text.length && isWordChar(text.charCodeAt(endAt[slot]!))) break;
    const kind = classify(text, run, k, e, w);
    if (kind) {
      bestEnd = e;
      bestKind = kind;
    }
  }
  return bestEnd < 0 ? null : { end: bestEnd, kind: bestKind };
}

/** A bare nine-digit number is an SSN only when this precedes it within SSN_CONTEXT_CHARS. */
const SSN_CONTEXT = /ssn|social security|soc\.? ?sec|ss#/;
const SSN_CONTEXT_CHARS = 40;

function classify(text: string, run: DigitRun, k: number, e: number, w: WindowShape): PiiKind | null {
  const plus = run.plus(k);
  const paren = run.paren(k);
  const start = run.start(k);
  const d = w.digits;
  const firstDigit = digitValue(text.charCodeAt(start));
  const trunk = firstDigit === 0;

  if (!plus && !paren && !(w.kinds & PAREN)) {
    if (d === 9 && w.uniform && w.shape === SSN_SHAPE) return 'ssn';
    if (d === 9 && w.groups === 1 && SSN_CONTEXT.test(text.slice(Math.max(0, start - SSN_CONTEXT_CHARS), start).toLowerCase())) return 'ssn';
  }
  if (!plus && d >= 13 && !(w.kinds & (DOT | PAREN)) && (w.groups === 1 || w.shortest >= 3) && passesLuhn(text, run, k, e)) return 'card';
  if (d > 15) return null;
  if (plus) return 'phone';
  if (trunk && digitAt(text, run, k, 1) === 0 && d >= 10) return 'phone'; // international prefix: 00 44 20 7946 0958
  if (paren) return d >= 9 && d <= 13 ? 'phone' : null;
  if (w.groups === 1) {
    if (trunk) return d === 10 || d === 11 ? 'phone' : null;
    if (d === 10 && isNanp(text, run, k, 0)) return 'phone';
    return d === 11 && firstDigit === 1 && isNanp(text, run, k, 1) ? 'phone' : null;
  }
  // Thousands separators (1 234 567, 1.234.567) and IPv4 addresses are numbers, not phones.
  if (!trunk && w.uniform && !(w.kinds & ~(SPACE | DOT)) && run.length(k) <= 3 && w.threesAfterFirst) return null;
  if (w.kinds === DOT && w.groups === 4 && w.longest <= 3) return null;
  if (trunk && d >= 9 && d <= 12) return 'phone';
  if (w.shape === NANP_SHAPE || (firstDigit === 1 && w.shape === NANP_WITH_ONE_SHAPE)) return 'phone';
  if (w.shape === INDIA_MOBILE_SHAPE) return 'phone';
  if (firstDigit !== 1 && !(w.kinds & ~(DASH | DOT)) && w.shape === LOCAL_SHAPE) return 'phone';
  if (w.groups >= 3 && d >= 10 && w.uniform && w.longest <= 5) return 'phone';
  return null;
}

/** North American numbering plan: area code and exchange start with 2–9 (ten digits from `offset`). */
function isNanp(text: string, run: DigitRun, k: number, offset: number): boolean {
  return digitAt(text, run, k, offset) >= 2 && digitAt(text, run, k, offset + 3) >= 2;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** {@link redactPii} with the number of scanner steps taken (linear in the input's length). */
export function traceRedaction(input: string): RedactionTrace {
  const counter: Counter = { steps: 0, redactions: 0 };
  const text = redactNumbers(redactEmails(input, counter), counter);
  return { text, redactions: counter.redactions, steps: counter.steps };
}

/**
 * Replaces e-mail addresses, card numbers, social security numbers and phone numbers with
 * `[EMAIL]`, `[CARD]`, `[SSN]` and `[PHONE]`, in time linear in the input. Idempotent.
 */
export function redactPii(input: string): RedactionResult {
  const { text, redactions } = traceRedaction(input);
  return { text, redactions };
}

/** True when a redaction marker ends right before `end` in `text`. */
function markerEndsAt(text: string, end: number): boolean {
  return MARKERS.some((m) => end >= m.length && text.startsWith(m, end - m.length));
}

/**
 * The first `maxLength` UTF-16 units of `text` or fewer: never ends inside a redaction marker or
 * between the halves of a surrogate pair, so what is shown never leaks a half-marker or a broken
 * character. Use it on text that is already redacted.
 */
export function truncateKeepingMarkers(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = Math.max(0, maxLength);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  for (let p = Math.max(0, cut - LONGEST_MARKER + 1); p < cut; p += 1) {
    if (text.charCodeAt(p) === 0x5b && MARKERS.some((m) => p + m.length > cut && text.startsWith(m, p))) {
      cut = p;
      break;
    }
  }
  return text.slice(0, cut);
}

const PUNCTUATION_OR_SPACE = /[\s\p{P}]/u;

/** Removes trailing white space and punctuation, but never the closing bracket of a redaction marker. */
export function trimTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && !markerEndsAt(text, end) && PUNCTUATION_OR_SPACE.test(text[end - 1]!)) end -= 1;
  return text.slice(0, end);
}

const MARKER_ANY_CASE = /\[(?:EMAIL|CARD|SSN|PHONE)\]/gi;

/** Writes every redaction marker in its canonical upper case (after a text was lower-cased). */
export function canonicalMarkerCase(text: string): string {
  return text.replace(MARKER_ANY_CASE, (m) => m.toUpperCase());
}
