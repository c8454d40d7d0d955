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

  it('names a function for every Lambda service', () => {
    expect(Object.keys(resourceNames('local').functions).sort()).toEqual([...LAMBDA_SERVICES].sort());
  });

  it.each(['', 'Prod', 'a', 'has space', 'x'.repeat(30)])('refuses the environment name %j', (env) => {
    expect(() => resourceNames(env)).toThrow(/environment name/);
  });
});
