import type { MessageFacts } from './classify';
import { formatAge, formatRedriveResult, formatSummary, summarise } from './summary';

function facts(overrides: Partial<MessageFacts>): MessageFacts {
  return { messageId: 'm', eventId: 'e', eventType: 'MESSAGE_SENT', tenantHash: 'aaaa1111', reason: 'transient (exhausted retries)', receiveCount: 6, ...overrides };
}

describe('summarise', () => {
  it('counts by event type, tenant, reason and receive count, and finds the oldest', () => {
    // Prepare
    const all = [
      facts({ sentAt: '2026-01-02T00:00:00.000Z', ageSeconds: 100 }),
      facts({ eventType: 'FORM_STARTED', sentAt: '2026-01-01T00:00:00.000Z', ageSeconds: 200 }),
      facts({ tenantHash: 'bbbb2222', reason: 'not JSON', receiveCount: 7 }),
    ];
    // Act
    const s = summarise(all);
    // Assess
    expect(s).toEqual({
      total: 3,
      byEventType: { MESSAGE_SENT: 2, FORM_STARTED: 1 },
      byTenant: { aaaa1111: 2, bbbb2222: 1 },
      byReason: { 'transient (exhausted retries)': 2, 'not JSON': 1 },
      byReceiveCount: { '6': 2, '7': 1 },
      oldestSentAt: '2026-01-01T00:00:00.000Z',
      oldestAgeSeconds: 200,
      newestSentAt: '2026-01-02T00:00:00.000Z',
    });
  });

  it('prints one table per dimension, largest first', () => {
    const text = formatSummary(summarise([facts({}), facts({ eventType: 'FORM_STARTED' }), facts({ eventType: 'FORM_STARTED' })]), { queueName: 'q-dlq', truncated: false });
    expect(text).toContain('q-dlq: 3 message(s)');
    expect(text).toMatch(/event type\s+messages\nFORM_STARTED\s+2\nMESSAGE_SENT\s+1/);
  });
});

describe('formatAge', () => {
  it('reads at a glance', () => {
    expect([formatAge(5), formatAge(125), formatAge(7260), formatAge(90000)]).toEqual(['5s', '2m 5s', '2h 1m', '1d 1h']);
  });
});

describe('formatRedriveResult', () => {
  it('tells on-call about duplicates and what to do about them', () => {
    const text = formatRedriveResult(
      { mode: 'loop', moved: 2, skipped: 1, failedSends: 0, sentNotDeleted: 1, movedByEventType: { MESSAGE_SENT: 2 }, movedByTenant: { aaaa1111: 2 } },
      { dlqName: 'x-dlq', sourceName: 'x', filter: 'all messages' },
    );
    expect(text).toContain('moved 2 message(s) from x-dlq to x');
    expect(text).toContain('sent but not deleted: 1');
    expect(text).toContain('left in the DLQ: 1');
  });
});
