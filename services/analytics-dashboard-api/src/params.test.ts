import { ValidationError } from '@picasso/shared';
import { parsePage, parseRange, resolvePeriod } from './params';

describe('range parameters', () => {
  it('defaults to the 30-day preset', () => {
    expect(parseRange({})).toEqual({ kind: 'preset', range: '30d' });
  });

  it('reads custom dates when both are given', () => {
    expect(parseRange({ start_date: '2024-02-01', end_date: '2024-02-29' })).toEqual({ kind: 'custom', startDate: '2024-02-01', endDate: '2024-02-29' });
  });

  it('accepts 366 days (a leap year) and refuses 367', () => {
    expect(parseRange({ start_date: '2024-01-01', end_date: '2024-12-31' }).kind).toBe('custom');
    expect(() => parseRange({ start_date: '2023-12-31', end_date: '2024-12-31' })).toThrow(/at most 366 days/);
  });

  it('throws ValidationError (a 400) for anything else', () => {
    expect(() => parseRange({ range: '30D' })).toThrow(ValidationError);
    expect(() => parseRange({ start_date: '2024-13-01', end_date: '2024-12-01' })).toThrow(/start_date/);
  });

  it('resolves a preset to the tenant’s local days ending today', () => {
    // 2025-03-10T03:00Z is still 2025-03-09 in Chicago (UTC-5 since DST began that morning).
    const now = new Date('2025-03-10T03:00:00Z');
    expect(resolvePeriod({ kind: 'preset', range: '7d' }, 'America/Chicago', now)).toEqual({ start_date: '2025-03-03', end_date: '2025-03-09' });
    expect(resolvePeriod({ kind: 'preset', range: '1d' }, 'Europe/London', now)).toEqual({ start_date: '2025-03-10', end_date: '2025-03-10' });
  });

  it('refuses a custom range ending after the tenant’s today, not after UTC’s', () => {
    const now = new Date('2025-03-10T03:00:00Z');
    const range = { kind: 'custom' as const, startDate: '2025-03-10', endDate: '2025-03-10' };
    expect(() => resolvePeriod(range, 'America/Chicago', now)).toThrow(/end_date must not be in the future \(today is 2025-03-09/);
    expect(resolvePeriod(range, 'Europe/London', now)).toEqual({ start_date: '2025-03-10', end_date: '2025-03-10' });
  });
});

describe('page parameters', () => {
  it('defaults to 25 and reads limit and next_token', () => {
    expect(parsePage({})).toEqual({ limit: 25, nextToken: undefined });
    expect(parsePage({ limit: '100', next_token: 'abc' })).toEqual({ limit: 100, nextToken: 'abc' });
  });

  it.each(['0', '101', '-1', '1.5', '', '007x'])('refuses limit=%j', (limit) => {
    expect(() => parsePage({ limit })).toThrow(/^limit must be an integer from 1 to 100$/);
  });
});
