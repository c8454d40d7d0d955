import { parseViewState, rangeQuery, serializeViewState } from '../src/view/view-state';
import { validateCustomRange } from '../src/components/RangePicker';
import { createFormatters } from '../src/view/formatting';
import { decodeClaims, hasScope, isExpired } from '../src/auth/token-store';
import { tokenWith } from './support/fixtures';

describe('The view state in the query string', () => {
  it.each([
    ['?page=conversations&range=30d', { page: 'conversations', range: { kind: 'preset', range: '30d' } }],
    ['?page=forms&start=2026-01-01&end=2026-01-31', { page: 'forms', range: { kind: 'custom', start: '2026-01-01', end: '2026-01-31' } }],
    ['', { page: 'overview', range: { kind: 'preset', range: '7d' } }],
    ['?page=admin&range=365d', { page: 'overview', range: { kind: 'preset', range: '7d' } }],
    ['?page=forms&start=2026-02-30&end=2026-03-01&range=1d', { page: 'forms', range: { kind: 'preset', range: '1d' } }],
    ['?start=2026-03-01&end=2026-02-01', { page: 'overview', range: { kind: 'preset', range: '7d' } }],
  ])('reads %j as the view it names, falling back to defaults', (search, expected) => {
    expect(parseViewState(search)).toEqual(expected);
  });

  it('round-trips through the URL', () => {
    const view = { page: 'forms', range: { kind: 'custom', start: '2026-11-01', end: '2026-11-10' } } as const;
    expect(parseViewState(serializeViewState(view))).toEqual(view);
    expect(rangeQuery(view.range)).toEqual({ start_date: '2026-11-01', end_date: '2026-11-10' });
  });

  it('validates a custom range the way the API does', () => {
    expect(validateCustomRange('', '2026-01-01')).toMatch(/both/);
    expect(validateCustomRange('2026-01-02', '2026-01-01')).toMatch(/on or before/);
    expect(validateCustomRange('2024-01-01', '2025-01-01')).toMatch(/at most 366 days/);
    expect(validateCustomRange('2025-01-01', '2026-01-01')).toBeNull();
  });
});

describe('Formatting for the viewer and the tenant', () => {
  it('formats numbers for the viewer’s locale', () => {
    expect(createFormatters('en-US').count(1234567)).toBe('1,234,567');
    expect(createFormatters('de-DE').count(1234567)).toBe('1.234.567');
    expect(createFormatters('de-DE').percent(31.7)).toBe('31,7\u00a0%'); // a no-break space, as German typesetting wants
    expect(createFormatters('en-US').percent(null)).toBe('n/a');
  });

  it('shows instants in the tenant’s time zone and local periods unshifted', () => {
    const f = createFormatters('en-US');
    expect(f.instant('2026-11-25T15:30:00Z', 'America/Chicago')).toBe('Nov 25, 2026, 9:30 AM');
    expect(f.instant('2026-11-25T15:30:00Z', 'Asia/Tokyo')).toBe('Nov 26, 2026, 12:30 AM');
    expect(f.day('2026-11-25')).toBe('Wed, Nov 25');
    expect(f.hour('2026-11-25T14:00')).toBe('Nov 25, 02:00 PM');
    expect(f.weekday(7)).toBe('Sun');
    expect(f.dayRange('2026-10-27', '2026-11-25')).toBe('Oct 27\u2009–\u2009Nov 25, 2026');
    expect(f.dayRange('2026-11-25', '2026-11-25')).toBe('Nov 25, 2026');
  });

  it('describes data age in words', () => {
    const f = createFormatters('en-US');
    expect(f.age(12)).toBe('12 seconds ago');
    expect(f.age(300)).toBe('5 minutes ago');
    expect(f.age(7200)).toBe('2 hours ago');
    expect(f.age(86400 * 2)).toBe('2 days ago');
  });
});

describe('Token claims', () => {
  it('reads scope and expiry from the token payload', () => {
    const claims = decodeClaims(tokenWith({ scope: 'analytics:read pii:read', name: 'Zoë' }));
    expect(hasScope(claims, 'pii:read')).toBe(true);
    expect(hasScope(decodeClaims(tokenWith({ scope: 'analytics:read' })), 'pii:read')).toBe(false);
    expect(isExpired(decodeClaims(tokenWith({ exp: 1 })))).toBe(true);
    expect((claims as { name?: string }).name).toBe('Zoë');
    expect(decodeClaims('garbage')).toBeNull();
  });
});
