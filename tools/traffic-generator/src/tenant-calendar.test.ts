import { isAfterHours, localTime, localToUtcMs } from '@picasso/shared/metrics';
import { calendarDays } from './tenant-calendar';

describe('tenant calendar (the shared metrics calendar, as the generator uses it)', () => {
  it('maps local wall-clock times to UTC on both sides of a daylight-saving change', () => {
    // Act / Assess: America/Chicago springs forward on 2026-03-08 at 02:00 local.
    expect(new Date(localToUtcMs('2026-03-08', 'America/Chicago', 1, 30, 0)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(localToUtcMs('2026-03-08', 'America/Chicago', 3, 30, 0)).toISOString()).toBe('2026-03-08T08:30:00.000Z');
    // A time the spring-forward gap skips still maps to an instant (read with the new offset).
    expect(new Date(localToUtcMs('2026-03-08', 'America/Chicago', 2, 30, 0)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(localToUtcMs('2026-07-01', 'Europe/London', 12, 0, 0)).toISOString()).toBe('2026-07-01T11:00:00.000Z');
  });

  it('reads the local time and ISO weekday back from an instant', () => {
    // Act
    const local = localTime(Date.parse('2026-03-08T08:30:00Z'), 'America/Chicago');

    // Assess
    expect(local).toEqual({ date: '2026-03-08', hour: 3, minute: 30, isoWeekday: 7 });
  });

  it('knows business hours: start inclusive, end exclusive, business days only', () => {
    // Prepare
    const hours = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] };

    // Assess
    expect(isAfterHours({ hour: 9, minute: 0, isoWeekday: 1 }, hours)).toBe(false);
    expect(isAfterHours({ hour: 17, minute: 0, isoWeekday: 1 }, hours)).toBe(true);
    expect(isAfterHours({ hour: 12, minute: 0, isoWeekday: 6 }, hours)).toBe(true);
  });

  it('lists the calendar days ending with the end date, oldest first', () => {
    // Assess
    expect(calendarDays('2026-03-01', 3).map((d) => d.iso)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
