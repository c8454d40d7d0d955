import { decodeCursor, encodeCursor, submissionWindow } from './list-submissions';

describe('submission cursors', () => {
  const window = { from: '2025-03-01T06:00:00', to: '2025-04-01T05:00:00' };
  const cursor = { submission_id: 'sub_1', tenant_id: 'FOS402334', submitted_at: '2025-03-15T12:00:00Z' };

  it('round-trips a page key of the caller’s tenant', () => {
    expect(decodeCursor(encodeCursor(cursor), 'FOS402334', window)).toEqual(cursor);
  });

  it.each([
    ['another tenant', encodeCursor({ ...cursor, tenant_id: 'ATL120045' })],
    ['a key outside the window', encodeCursor({ ...cursor, submitted_at: '2024-01-01T00:00:00Z' })],
    ['extra attributes', Buffer.from(JSON.stringify({ ...cursor, admin: true })).toString('base64url')],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['not base64url', 'a+b/c='],
  ])('refuses %s', (_, token) => {
    expect(() => decodeCursor(token, 'FOS402334', window)).toThrow(/next_token is not valid/);
  });
});

describe('the submitted_at window of local days', () => {
  it('spans local midnight to local midnight, across a DST change', () => {
    // Chicago: CST (UTC-6) on 2025-03-08, CDT (UTC-5) from 2025-03-09 02:00.
    expect(submissionWindow({ start_date: '2025-03-08', end_date: '2025-03-09' }, 'America/Chicago')).toEqual({ from: '2025-03-08T06:00:00', to: '2025-03-10T05:00:00' });
  });

  it('bounds compare as strings with every ISO form of an instant', () => {
    const { from, to } = submissionWindow({ start_date: '2025-03-10', end_date: '2025-03-10' }, 'UTC');
    const inside = (iso: string) => iso >= from && iso <= to;
    expect(['2025-03-10T00:00:00Z', '2025-03-10T00:00:00.000Z', '2025-03-10T23:59:59.999Z'].every(inside)).toBe(true);
    expect(['2025-03-09T23:59:59.999Z', '2025-03-11T00:00:00Z', '2025-03-11T00:00:00.000Z'].some(inside)).toBe(false);
  });
});
