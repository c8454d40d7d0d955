import fc from 'fast-check';
import { canonicalMarkerCase, REDACTION_MARKERS, redactPii, traceRedaction, trimTrailingPunctuation, truncateKeepingMarkers } from './redact';

/** Fixed seed so a failure reproduces; fast-check prints the seed and path of any counterexample. */
const PROPERTY = { seed: 20261202, numRuns: 300 } as const;

const MARKER_LIST = Object.values(REDACTION_MARKERS);
const withoutMarkers = (text: string) => MARKER_LIST.reduce((t, m) => t.split(m).join(''), text);

// ---------------------------------------------------------------------------------------------
// Generated PII: the spellings people type, from several countries and with non-ASCII separators.

const SEPARATORS = [' ', '-', '.', '  ', '\u00a0', '\u202f', '\u2009', '\u2013', '\u2011', ' - ', '\u3000'];
const CARD_SEPARATORS = [' ', '-', '\u00a0', '\u2013', ''];
const PHONE_TEMPLATES = [
  '(Nxx) Nxx_xxxx', 'Nxx_Nxx_xxxx', '+1 Nxx Nxx xxxx', '1_Nxx_Nxx_xxxx', // US / Canada
  '+44 20 xxxx xxxx', '020_xxxx_xxxx', '07700_xxxxxx', '+44 (0)20 xxxx xxxx', '0044 20 xxxx xxxx', // UK
  '+49 30 xxxxxxxx', '030_xxxxxxxx', '0151_xxxxxxxx', // DE
  '0x_xx_xx_xx_xx', '+33 x xx xx xx xx', // FR
  '+91 Mxxxx xxxxx', 'Mxxxx_xxxxx', // IN
  '04xx_xxx_xxx', '02_xxxx_xxxx', '+61 4xx xxx xxx', // AU
  '(xx) 9xxxx-xxxx', '+55 xx 9xxxx-xxxx', // BR
  '03-xxxx-xxxx', '090_xxxx_xxxx', '+81 90-xxxx-xxxx', // JP
  '+xxxxxxxxxxx', // E.164 without spaces
];

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const fill = (template: string, sep: string) =>
  fc.array(digit, { minLength: template.length, maxLength: template.length }).map((ds) =>
    [...template].map((ch, i) => (ch === 'x' ? ds[i] : ch === 'N' ? String(2 + (Number(ds[i]) % 8)) : ch === 'M' ? String(6 + (Number(ds[i]) % 4)) : ch === '_' ? sep : ch)).join(''),
  );
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const phone = fc.tuple(fc.constantFrom(...PHONE_TEMPLATES), fc.constantFrom(...SEPARATORS)).chain(([t, sep]) => fill(t, sep));
const ssn = fc.constantFrom(...SEPARATORS).chain((sep) => fill('xxx_xx_xxxx', sep));
const luhnCheckDigit = (body: string) => {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
};
const card = fc
  .tuple(fc.array(digit, { minLength: 15, maxLength: 15 }), fc.constantFrom(...CARD_SEPARATORS))
  .map(([ds, sep]) => {
    const body = `4${ds.slice(1).join('')}`;
    return `${body}${luhnCheckDigit(body)}`.match(/.{4}/g)!.join(sep);
  });
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,10}[a-z0-9])?$/), fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.constantFrom('com', 'org', 'co.uk', 'de', 'com.au', 'io'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const pii = fc.oneof(phone, ssn, card, email, phone.map(fullWidth));
const word = fc.constantFrom('call', 'me', 'on', 'or', 'my', 'card', 'is', 'ssn', 'thanks', 'número', 'Tel', 'bitte');
const joiner = fc.constantFrom(' ', ', ', ': ', '\n', ' (', ') ', '; ');
/** Text of words and PII items, every item between words, so a whole item is always a candidate. */
const textWithPii = fc.array(fc.tuple(word, joiner, pii, joiner), { minLength: 1, maxLength: 6 }).map((parts) => parts.map((p) => p.join('')).join('') + 'end');
/** Strings from the characters the scanners care about, in any order. */
const scannerAlphabet = fc.string({ unit: fc.constantFrom(...'0123456789 -.+()@#$/:ab_\u00a0\u2013\uff11'.split('')), maxLength: 80 });

const hasDigitOrAt = /[0-9\uff10-\uff19@]/;

describe('redactPii', () => {
  it.each([
    ['Email me at jane.doe+news@example.co.uk please', 'Email me at [EMAIL] please'],
    ['Call (512) 555-0143 or 512.555.0199', 'Call [PHONE] or [PHONE]'],
    ['My number is +1 512 555 0143', 'My number is [PHONE]'],
    ['UK office +44 20 7946 0958', 'UK office [PHONE]'],
    ['Card 4111 1111 1111 1111 exp 12/27', 'Card [CARD] exp 12/27'],
    ['card 5500-0000-0000-0004', 'card [CARD]'],
    ['SSN 123-45-6789, thanks', 'SSN [SSN], thanks'],
    ['ssn 123 45 6789', 'ssn [SSN]'],
    ['my social security number is 123456789', 'my social security number is [SSN]'],
    ['ruf an: +49 30 12345678', 'ruf an: [PHONE]'],
    ['appelez le 01 23 45 67 89', 'appelez le [PHONE]'],
    ['+91 98765 43210 or 98765 43210', '[PHONE] or [PHONE]'],
    ['mobile 0412 345 678', 'mobile [PHONE]'],
    ['(11) 91234-5678', '[PHONE]'],
    ['電話 ０９０－１２３４－５６７８', '電話 [PHONE]'],
    ['call 512\u00a0555\u00a00143 or 512\u202f555\u202f0143', 'call [PHONE] or [PHONE]'],
    ['call 512\u2013555\u20130143 or 512  555  0143', 'call [PHONE] or [PHONE]'],
    ['E.164: +442079460958.', 'E.164: [PHONE].'],
    ['tel:+15125550143', 'tel:[PHONE]'],
    ['0044 20 7946 0958', '[PHONE]'],
    ['josé@exämple.de', '[EMAIL]'],
  ])('redacts %j', (input, expected) => {
    expect(redactPii(input).text).toBe(expected);
  });

  it.each([
    'How can I volunteer?',
    'Order 1234567890123 did not arrive', // 13 digits, fails Luhn
    'Order #123456789 and #5125550143',
    'Ref ORD-2024-000123',
    'We had 250 volunteers in 2024',
    'Is the 5k on 10/12?',
    'Date 2025-12-31, 31.12.2025 or 12/31/2025 at 10:30 or 14:05:33',
    '2025-12-31 10:30',
    'Prices: $1,234.56, 1.234.567,89 €, 12.99, 1 234 567',
    'Years 1999-2024 and 2019 – 2024',
    'ZIP 78701 or 78701-1234',
    'Server 192.168.0.1',
    'Version 1.2.3 and 3.14159',
    'jane at example dot com',
    'meet@noon',
  ])('leaves ordinary text alone: %j', (input) => {
    expect(redactPii(input)).toEqual({ text: input, redactions: 0 });
  });

  it('counts what it removed', () => {
    expect(redactPii('a@b.org and c@d.org, 123-45-6789').redactions).toBe(3);
  });

  it('removes every generated PII item from text, leaving no digit and no @', () => {
    fc.assert(
      fc.property(textWithPii, (text) => {
        const out = redactPii(text).text;
        expect(out).not.toMatch(hasDigitOrAt);
      }),
      PROPERTY,
    );
  });

  it('is idempotent: redacting twice equals redacting once', () => {
    fc.assert(
      fc.property(fc.oneof(textWithPii, scannerAlphabet, fc.string()), (text) => {
        const once = redactPii(text).text;
        expect(redactPii(once)).toEqual({ text: once, redactions: 0 });
      }),
      PROPERTY,
    );
  });

  it('only ever writes whole markers', () => {
    fc.assert(
      fc.property(fc.oneof(textWithPii, scannerAlphabet), (text) => {
        const out = redactPii(text).text;
        expect(withoutMarkers(out)).not.toMatch(/[[\]]/);
      }),
      PROPERTY,
    );
  });
});

describe('redaction cost is linear in the input', () => {
  // Structural, not timed: the scanners count their steps. Doubling an input at most doubles the
  // steps (plus a constant), and no input costs more than a fixed number of steps per character.
  const STEPS_PER_CHAR = 16;
  const adversarialUnit = fc.oneof(
    fc.constantFrom('a', '1', ' ', '1 ', '1-', '+1', 'a@', 'a.', '12 ', '1\u00a0', '(1', '123-', 'x@y.', '1.2.', '4111 '),
    fc.string({ unit: fc.constantFrom(...'0123456789 -.+()@a'.split('')), minLength: 1, maxLength: 8 }),
  );

  it('takes at most a constant number of steps per character, and twice the input takes at most twice the steps', () => {
    fc.assert(
      fc.property(adversarialUnit, fc.integer({ min: 200, max: 2000 }), (unit, repeats) => {
        const small = unit.repeat(repeats);
        const large = unit.repeat(repeats * 2);
        const s = traceRedaction(small).steps;
        const l = traceRedaction(large).steps;
        expect(s).toBeLessThanOrEqual(STEPS_PER_CHAR * small.length + STEPS_PER_CHAR);
        expect(l).toBeLessThanOrEqual(2 * s + 64);
      }),
      { ...PROPERTY, numRuns: 100 },
    );
  });

  it('reads a 256 KB run of e-mail characters without an @ in linear steps', () => {
    const body = 'jane.doe+news-'.repeat(Math.ceil(262_144 / 14)).slice(0, 262_144);
    expect(traceRedaction(body).steps).toBeLessThanOrEqual(STEPS_PER_CHAR * body.length);
  });
});

describe('markers survive truncation and trimming whole', () => {
  it('never cuts a marker or a surrogate pair', () => {
    fc.assert(
      fc.property(fc.oneof(textWithPii, fc.string()), fc.nat(200), (text, max) => {
        const redacted = redactPii(text).text;
        const cut = truncateKeepingMarkers(redacted, max);
        expect(redacted.startsWith(cut)).toBe(true);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(withoutMarkers(cut).split('[').length).toBe(withoutMarkers(redacted.slice(0, cut.length)).split('[').length);
        expect(withoutMarkers(cut)).not.toMatch(/\[(E|EM|EMA|EMAI|EMAIL|C|CA|CAR|CARD|S|SS|SSN|P|PH|PHO|PHON|PHONE)$/);
        expect(cut).not.toMatch(/[\ud800-\udbff]$/);
      }),
      PROPERTY,
    );
  });

  it('cuts before a marker that would not fit', () => {
    expect(truncateKeepingMarkers('card [CARD] ok', 8)).toBe('card ');
    expect(truncateKeepingMarkers('card [CARD] ok', 11)).toBe('card [CARD]');
    expect(truncateKeepingMarkers('a😀', 2)).toBe('a');
  });

  it('trims trailing punctuation but keeps a closing marker bracket', () => {
    expect(trimTrailingPunctuation('my card [CARD]?!')).toBe('my card [CARD]');
    expect(trimTrailingPunctuation('what [x]?')).toBe('what [x');
    expect(trimTrailingPunctuation('hours?! ')).toBe('hours');
  });

  it('writes markers in upper case after lower-casing', () => {
    expect(canonicalMarkerCase('my card [card] and [phone]')).toBe('my card [CARD] and [PHONE]');
  });
});
