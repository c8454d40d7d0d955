import { buildEvent } from '../testing/factories';
import { lakeObjectKey, partitionOf, partitionPrefix, quarantineKey, toLakeRow } from './layout';

describe('lake layout', () => {
  it('partitions by tenant and the UTC day of the server timestamp', () => {
    expect(partitionOf('FOS402334', '2025-12-20T23:59:59.999-02:00')).toEqual({ tenantId: 'FOS402334', day: '2025-12-21' });
  });

  it('writes the seed’s Hive layout with zero-padded month and day', () => {
    expect(partitionPrefix({ tenantId: 'FOS402334', day: '2025-03-05' })).toBe('analytics/tenant_id=FOS402334/year=2025/month=03/day=05/');
  });

  it('gives the same key for the same events in any order and different keys for different events', () => {
    const p = { tenantId: 'T1', day: '2025-12-20' };
    expect(lakeObjectKey(p, ['a', 'b'])).toBe(lakeObjectKey(p, ['b', 'a']));
    expect(lakeObjectKey(p, ['a', 'b'])).not.toBe(lakeObjectKey(p, ['a', 'c']));
    expect(lakeObjectKey(p, ['a'])).toMatch(/^analytics\/tenant_id=T1\/year=2025\/month=12\/day=20\/events-[0-9a-f]{32}\.json\.gz$/);
  });

  it('refuses a tenant id that would escape its partition', () => {
    expect(() => partitionPrefix({ tenantId: '../x', day: '2025-12-20' })).toThrow(/not safe/);
  });

  it('keys quarantined records by reason and day', () => {
    expect(quarantineKey('schema_violation', new Date('2025-12-20T10:00:00Z'), 'm/1')).toBe('quarantine/reason=schema_violation/year=2025/month=12/day=20/m_1.json');
  });

  it('stores the payload as a JSON string so the Athena STRING column is exact', () => {
    const event = buildEvent('MESSAGE_SENT');
    const row = toLakeRow(event, event.event_payload);
    expect(typeof row.event_payload).toBe('string');
    expect(JSON.parse(row.event_payload)).toEqual(event.event_payload);
    expect(row).not.toHaveProperty('tenant_id');
  });
});
