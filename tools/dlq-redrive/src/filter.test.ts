import { describeFilter, isUnfiltered, matchesFilter } from './filter';

describe('redrive filter', () => {
  const facts = { eventType: 'MESSAGE_SENT', tenantHash: 'ab12cd34' };

  it('moves everything when no criterion is given', () => {
    expect(isUnfiltered({})).toBe(true);
    expect(matchesFilter(facts, {})).toBe(true);
    expect(describeFilter({})).toBe('all messages');
  });

  it('needs every named criterion to match', () => {
    expect(matchesFilter(facts, { eventType: 'MESSAGE_SENT', tenantHash: 'ab12cd34' })).toBe(true);
    expect(matchesFilter(facts, { eventType: 'MESSAGE_SENT', tenantHash: 'ffff0000' })).toBe(false);
    expect(matchesFilter(facts, { eventType: 'FORM_STARTED' })).toBe(false);
    expect(isUnfiltered({ tenantHash: 'ab12cd34' })).toBe(false);
  });

  it('describes itself for the plan and the summary', () => {
    expect(describeFilter({ eventType: 'MESSAGE_SENT', tenantHash: 'ab12cd34' })).toBe('event_type=MESSAGE_SENT and tenant_hash=ab12cd34');
  });
});
