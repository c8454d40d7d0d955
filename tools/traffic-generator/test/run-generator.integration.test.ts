import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { S3TenantDirectory } from '@picasso/shared';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { DeliveryError, sendEvents } from '../src/delivery';
import { collectTraffic, generateSessions, type FormSubmissionItem } from '../src/generate-sessions';
import { runGenerator } from '../src/run-generator';
import { resolveTenants } from '../src/tenants';

describe('runGenerator against the local stack', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment('gen');
  });

  it('sends every generated event to the events queue and every submission to the submissions table', async () => {
    // Prepare
    const options = { env: env.names.environment, tenants: 3, days: 2, sessionsPerDay: 30, seed: 7, endDate: '2026-02-10' };
    const expected = collectTraffic(generateSessions({ tenants: resolveTenants(3), days: 2, endDate: '2026-02-10', seed: 7, sessionsPerDay: 30, environment: env.names.environment }));
    const progress: number[] = [];

    // Act
    const summary = await runGenerator({ ...options, clients: { sqs: env.sqs, s3: env.s3, doc: env.doc }, onProgress: (p) => progress.push(p.sent) });

    // Assess
    expect(summary).toMatchObject({ sessions: expected.sessions, events: expected.events.length, submissions: expected.submissions.length });
    expect(summary.submissions).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(expected.events.length);
    const { Attributes } = await env.sqs.send(new GetQueueAttributesCommand({ QueueUrl: env.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Number(Attributes!.ApproximateNumberOfMessages)).toBe(expected.events.length);

    for (const tenant of resolveTenants(3)) {
      const res = await env.doc.send(
        new QueryCommand({
          TableName: env.names.formSubmissionsTable,
          IndexName: 'tenant-timestamp-index',
          KeyConditionExpression: 'tenant_id = :t AND submitted_at BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':t': tenant.tenant_id, ':from': '2026-02-08', ':to': '2026-02-12' },
        }),
      );
      const mine = expected.submissions.filter((s) => s.tenant_id === tenant.tenant_id);
      expect((res.Items as FormSubmissionItem[]).map((i) => i.submission_id).sort()).toEqual(mine.map((s) => s.submission_id).sort());
      expect(res.Items).toEqual(expect.arrayContaining(mine));
    }
  });

  it('writes mappings and configs of synthesised tenants when asked to', async () => {
    // Prepare
    const extra = resolveTenants(4)[3]!;
    const directory = new S3TenantDirectory(env.s3, env.names.configBucket);
    expect(await directory.findMapping(extra.tenant_hash)).toBeNull();

    // Act
    await runGenerator({ env: env.names.environment, tenants: 4, days: 1, sessionsPerDay: 2, seed: 1, endDate: '2026-02-01', seedTenants: true, clients: { sqs: env.sqs, s3: env.s3, doc: env.doc } });

    // Assess
    expect(await directory.findMapping(extra.tenant_hash)).toEqual({ tenant_id: extra.tenant_id, tenant_hash: extra.tenant_hash });
    expect(await directory.findConfig(extra.tenant_id)).toEqual(extra);
  });

  it('reports events it could not deliver instead of dropping them silently', async () => {
    // Prepare
    const missingQueue = env.queueUrl.replace(/[^/]+$/, 'no-such-queue');
    const events = collectTraffic(generateSessions({ tenants: resolveTenants(1), days: 1, endDate: '2026-02-01', seed: 3, sessionsPerDay: 5 })).events;

    // Act / Assess
    await expect(sendEvents(env.sqs, missingQueue, events, { maxAttempts: 2 })).rejects.toThrow(DeliveryError);
    await expect(sendEvents(env.sqs, missingQueue, events, { maxAttempts: 2 })).rejects.toThrow(`${events.length} of ${events.length} events could not be sent`);
  });
});
