import { LAMBDA_SERVICES, resourceNames } from './names';

describe('resourceNames', () => {
  it('prefixes every seed resource with the environment', () => {
    const n = resourceNames('production');
    expect(n.dailyAggregatesTable).toBe('production-picasso-analytics-daily');
    expect(n.eventsQueue).toBe('production-picasso-analytics-events');
    expect(n.eventsDeadLetterQueue).toBe('production-picasso-analytics-events-dlq');
    expect(n.lakeBucket).toBe('production-picasso-analytics');
    expect(n.glueDatabase).toBe('production_picasso_analytics');
    expect(n.functions['analytics-event-processor']).toBe('production-analytics-event-processor');
  });

  it('gives every resource of one kind a distinct name', () => {
    const n = resourceNames('staging');
    const kinds = [
      [n.eventsQueue, n.eventsDeadLetterQueue],
      [n.lakeBucket, n.archiveBucket, n.configBucket],
      [n.dailyAggregatesTable, n.dashboardCacheTable, n.formSubmissionsTable, n.conversationsTable, n.auditTable, n.tokenBlacklistTable, n.rollupsTable, n.dirtyPartitionsTable],
      Object.values(n.functions),
    ];
    for (const names of kinds) expect(new Set(names).size).toBe(names.length);
  });

  it('suffixes only the globally named buckets with the account id and region when given a scope', () => {
    const plain = resourceNames('production');
    const scoped = resourceNames('production', { accountId: '123456789012', region: 'us-east-1' });
    expect([scoped.lakeBucket, scoped.archiveBucket, scoped.configBucket]).toEqual([
      'production-picasso-analytics-123456789012-us-east-1',
      'production-picasso-analytics-archive-123456789012-us-east-1',
      'production-myrecruiter-picasso-123456789012-us-east-1',
    ]);
    const { lakeBucket: _l, archiveBucket: _a, configBucket: _c, ...rest } = scoped;
    expect(rest).toEqual(expect.objectContaining({ dailyAggregatesTable: plain.dailyAggregatesTable, eventsQueue: plain.eventsQueue, functions: plain.functions }));
  });

  it('refuses a malformed scope and a bucket name over 63 characters', () => {
    expect(() => resourceNames('production', { accountId: '1234', region: 'us-east-1' })).toThrow(/12-digit account id/);
    expect(() => resourceNames('x'.repeat(23), { accountId: '123456789012', region: 'ap-southeast-2' })).toThrow(/longer than 63/);
  });

  it('names a function for every Lambda service', () => {
    expect(Object.keys(resourceNames('local').functions).sort()).toEqual([...LAMBDA_SERVICES].sort());
  });

  it.each(['', 'Prod', 'a', 'has space', 'x'.repeat(30)])('refuses the environment name %j', (env) => {
    expect(() => resourceNames(env)).toThrow(/environment name/);
  });
});
