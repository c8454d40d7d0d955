import fc from 'fast-check';
import { canonicalTimestamp, canonicalTimestampMs, isCanonicalTimestamp } from './timestamps';
import { validateEvent } from './validate';
import { buildEvent } from '../testing/factories';

describe('canonicalTimestamp', () => {
  it.each([
    ['2025-12-20T14:23:45.456Z', '2025-12-20T14:23:45.456Z'],
    ['2025-12-20T14:23:45Z', '2025-12-20T14:23:45.000Z'],
    ['2025-12-20t14:23:45.4z', '2025-12-20T14:23:45.400Z'],
    ['2025-12-20 14:23:45Z', '2025-12-20T14:23:45.000Z'],
    ['2025-12-20T14:23:45.999999999Z', '2025-12-20T14:23:45.999Z'],
    ['2025-12-20T23:59:59.9999-02:00', '2025-12-21T01:59:59.999Z'],
    ['2025-12-21T01:00:00+0230', '2025-12-20T22:30:00.000Z'],
    ['2025-12-20T10:00:00-05', '2025-12-20T15:00:00.000Z'],
    ['2025-12-31T23:59:60Z', '2025-12-31T23:59:59.999Z'],
    ['2025-12-31T18:59:60.5-05:00', '2025-12-31T23:59:59.999Z'],
    ['0050-03-01T00:00:00Z', '0050-03-01T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalTimestamp(input)).toBe(expected);
    expect(isCanonicalTimestamp(expected)).toBe(true);
  });

  it.each(['yesterday', '2025-02-29T00:00:00Z', '2025-12-20T24:00:00Z', '2025-12-20T10:00:60Z', '2025-12-20T10:00:00', '0000-01-01T00:00:00+01:00', '', '2025-13-01T00:00:00Z'])(
    'refuses %j',
    (input) => {
      expect(canonicalTimestamp(input)).toBeNull();
    },
  );

  it('normalises every spelling the schema accepts (a leap second passes the schema, Date.parse does not)', () => {
    const leap = '2025-12-31T23:59:60Z';
    expect(validateEvent(buildEvent('WIDGET_OPENED', { server_timestamp: leap })).ok).toBe(true);
    expect(Date.parse(leap)).toBeNaN();
    expect(canonicalTimestamp(leap)).not.toBeNull();
  });
});

describe('canonical timestamps (the fast path)', () => {
  it('gives every canonical timestamp back unchanged, with its instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(100, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const canonical = new Date(ms).toISOString();
        expect(canonicalTimestamp(canonical)).toBe(canonical);
        expect(canonicalTimestampMs(canonical)).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['2025-02-29T00:00:00.000Z', null],
    ['2025-04-31T00:00:00.000Z', null],
    ['2025-00-10T00:00:00.000Z', null],
    ['2025-12-20T24:00:00.000Z', null],
    ['2025-12-20T10:60:00.000Z', null],
    ['2025-12-20T10:00:00.00aZ', null],
    ['2025-12-20T10:00:00,000Z', null],
    ['+02025-12-20T10:00:00.000Z', null],
    ['2025-12-20T10:00:00.000z', Date.UTC(2025, 11, 20, 10)],
    ['2025-12-20t10:00:00.000Z', Date.UTC(2025, 11, 20, 10)],
  ])('reads %j as %p', (input, expected) => {
    expect(canonicalTimestampMs(input)).toBe(expected);
  });

  it('reads the canonical spelling of the first centuries and of a leap second through the general path', () => {
    expect(canonicalTimestamp('0050-03-01T00:00:00.000Z')).toBe('0050-03-01T00:00:00.000Z');
    expect(canonicalTimestamp('2025-12-31T23:59:60.000Z')).toBe('2025-12-31T23:59:59.999Z');
    expect(canonicalTimestamp('2024-02-29T12:00:00.000Z')).toBe('2024-02-29T12:00:00.000Z');
    expect(canonicalTimestamp('1900-02-29T12:00:00.000Z')).toBeNull();
    expect(canonicalTimestamp('2000-02-29T12:00:00.000Z')).toBe('2000-02-29T12:00:00.000Z');
  });
});
