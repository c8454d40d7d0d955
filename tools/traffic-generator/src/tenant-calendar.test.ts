import { calendarDays, fromLocal, isBusinessHours, toLocal } from './tenant-calendar';

describe('tenant calendar', () => {
  it('maps local wall-clock times to UTC on both sides of a daylight-saving change', () => {
    // Act / Assess: America/Chicago springs forward on 2026-03-08 at 02:00 local.
    expect(new Date(fromLocal(2026, 3, 8, 1, 30, 0, 'America/Chicago')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(fromLocal(2026, 3, 8, 3, 30, 0, 'America/Chicago')).toISOString()).toBe('2026-03-08T08:30:00.000Z');
    expect(new Date(fromLocal(2026, 7, 1, 12, 0, 0, 'Europe/London')).toISOString()).toBe('2026-07-01T11:00:00.000Z');
  });

  it('reads the local time and ISO weekday back from an instant', () => {
    // Act
    const local = toLocal(Date.parse('2026-03-08T08:30:00Z'), 'America/Chicago');

    // Assess
    expect(local).toEqual({ year: 2026, month: 3, day: 8, hour: 3, minute: 30, second: 0, weekday: 7 });
  });

  it('knows business hours: start inclusive, end exclusive, business days only', () => {
    // Prepare
    const hours = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] };

    // Assess
    expect(isBusinessHours({ hour: 9, minute: 0, weekday: 1 }, hours)).toBe(true);
    expect(isBusinessHours({ hour: 17, minute: 0, weekday: 1 }, hours)).toBe(false);
    expect(isBusinessHours({ hour: 12, minute: 0, weekday: 6 }, hours)).toBe(false);
  });

  it('lists the calendar days ending with the end date, oldest first', () => {
    // Assess
    expect(calendarDays('2026-03-01', 3).map((d) => d.iso)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
