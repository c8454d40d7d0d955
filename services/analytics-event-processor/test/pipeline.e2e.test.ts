import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { openDuckDbLake } from '@picasso/shared/duckdb';
import { seedExampleEvents } from '@picasso/shared/testing';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { eventually, listKeys, pollerFor, processorFor, queueDepth, sendBodies } from './processor-harness';

describe('SQS → event processor → S3 lake → DuckDB', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment('e2e');
  });

  it('lands the seed’s MESSAGE_SENT, MESSAGE_RECEIVED and FORM_COMPLETED events where the Athena table reads them', async () => {
    // Prepare
    const { messageSent, messageReceived, formCompleted } = seedExampleEvents();
    await sendBodies(env, [messageSent, messageReceived, formCompleted].map((e) => JSON.stringify(e)));
    const poller = pollerFor(env, processorFor(env));

    // Act
    poller.start();
    await eventually('the queue is drained', async () => {
      const d = await queueDepth(env, env.queueUrl);
      return d.visible + d.inFlight === 0;
    });
    await poller.stop();

    // Assess: one object for the one (tenant, day) partition, read back over the Hive partitions.
    const keys = await listKeys(env, 'analytics/');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^analytics\/tenant_id=FOS402334\/year=2025\/month=12\/day=20\/events-[0-9a-f]{32}\.json\.gz$/);

    const db = await openDuckDbLake(env.s3StorageDir, env.names.lakeBucket);
    const reader = await db.runAndReadAll(
      `SELECT event_type, tenant_id, year, month, day, event_payload FROM events ORDER BY server_timestamp`,
    );
    const rows = reader.getRowObjectsJson();
    expect(rows.map((r) => r.event_type)).toEqual(['MESSAGE_SENT', 'MESSAGE_RECEIVED', 'FORM_COMPLETED']);
    expect(rows.every((r) => r.tenant_id === 'FOS402334' && r.year === 2025 && r.month === 12 && r.day === 20)).toBe(true);
    expect(JSON.parse(rows[1]!.event_payload as string)).toMatchObject({ response_time_ms: 1250, first_token_ms: 850 });

    // …and the aggregator is told which partition changed.
    const marks = await env.doc.send(
      new QueryCommand({ TableName: env.names.dirtyPartitionsTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'TENANT#FOS402334' } }),
    );
    expect(marks.Items?.map((i) => i.sk)).toEqual(['DAY#2025-12-20']);
  });

  it('lands MESSAGE_RECEIVED 1.0.0 and 1.1.0 and MESSAGE_FEEDBACK side by side in the same table, the comment redacted', async () => {
    // Prepare: one reply of each version and a vote on the newer one, on a day of their own
    const { messageReceived } = seedExampleEvents();
    const at = (iso: string) => ({ server_timestamp: iso, client_timestamp: iso });
    const older = { ...messageReceived, event_id: 'reply-old:received', ...at('2025-12-18T15:00:00.000Z') };
    const newer = {
      ...messageReceived,
      ...at('2025-12-18T15:01:00.000Z'),
      event_id: 'reply-new:received',
      schema_version: '1.1.0',
      event_payload: { ...messageReceived.event_payload, message_id: 'reply-new', input_tokens: 1432, output_tokens: 96 },
    };
    const vote = { ...newer, ...at('2025-12-18T15:01:09.000Z'), event_id: 'feedback:vote-1', schema_version: '1.0.0', event_type: 'MESSAGE_FEEDBACK', event_payload: { message_id: 'reply-new', rating: 'down', comment: 'Wrong, write to zq@example.org' } };
    await sendBodies(env, [older, newer, vote].map((e) => JSON.stringify(e)));
    const poller = pollerFor(env, processorFor(env));

    // Act
    poller.start();
    await eventually('the queue is drained', async () => {
      const d = await queueDepth(env, env.queueUrl);
      return d.visible + d.inFlight === 0;
    });
    await poller.stop();

    // Assess: read through the table definition the dashboards use
    const db = await openDuckDbLake(env.s3StorageDir, env.names.lakeBucket);
    const rows = (await db.runAndReadAll(`SELECT event_id, event_type, schema_version, event_payload FROM events WHERE day = 18 ORDER BY server_timestamp`)).getRowObjectsJson();
    expect(rows.map((r) => [r.event_id, r.event_type, r.schema_version])).toEqual([
      ['reply-old:received', 'MESSAGE_RECEIVED', '1.0.0'],
      ['reply-new:received', 'MESSAGE_RECEIVED', '1.1.0'],
      ['feedback:vote-1', 'MESSAGE_FEEDBACK', '1.0.0'],
    ]);
    expect(JSON.parse(rows[1]!.event_payload as string)).toMatchObject({ message_id: 'reply-new', input_tokens: 1432, output_tokens: 96 });
    expect(JSON.parse(rows[2]!.event_payload as string)).toEqual({ message_id: 'reply-new', rating: 'down', comment: 'Wrong, write to [EMAIL]' });
  });
});
