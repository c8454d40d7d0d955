import { redactPayload, redactPii } from './redact';

describe('redactPii', () => {
  it.each([
    ['Email me at jane.doe+news@example.co.uk please', 'Email me at [EMAIL] please'],
    ['Call (512) 555-0143 or 512.555.0199', 'Call [PHONE] or [PHONE]'],
    ['My number is +1 512 555 0143', 'My number is [PHONE]'],
    ['UK office +44 20 7946 0958', 'UK office [PHONE]'],
    ['Card 4111 1111 1111 1111 exp 12/27', 'Card [CARD] exp 12/27'],
    ['card 5500-0000-0000-0004', 'card [CARD]'],
  ])('redacts %j', (input, expected) => {
    expect(redactPii(input).text).toBe(expected);
  });

  it.each([
    'How can I volunteer?',
    'Order 1234567890123 did not arrive', // 13 digits, fails Luhn
    'We had 250 volunteers in 2024',
    'Is the 5k on 10/12?',
  ])('leaves ordinary text alone: %j', (input) => {
    expect(redactPii(input)).toEqual({ text: input, redactions: 0 });
  });

  it('counts what it removed', () => {
    expect(redactPii('a@b.org and c@d.org').redactions).toBe(2);
  });
});

describe('redactPayload', () => {
  it('redacts every string of a payload and keeps numbers', () => {
    const { payload, redactions } = redactPayload({ content_preview: 'reach me at x@y.com', character_count: 19 });
    expect(payload).toEqual({ content_preview: 'reach me at [EMAIL]', character_count: 19 });
    expect(redactions).toBe(1);
  });
});
