import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { meteredDocumentClient } from './dynamodb-meter';

describe('metered DynamoDB document client (the cost model bills what it counts)', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment('cost');
  });

  it('adds up the items and the capacity units DynamoDB reports for writes and reads', async () => {
    // Prepare
    const table = env.names.dirtyPartitionsTable;
    const meter = meteredDocumentClient();

    // Act: a 1.5 KB item (2 write units), three small ones in a batch (1 each), one read, one query.
    await meter.doc.send(new PutCommand({ TableName: table, Item: { pk: 'TENANT#meter', sk: 'DAY#2025-12-01', filler: 'x'.repeat(1500) } }));
    await meter.doc.send(
      new BatchWriteCommand({ RequestItems: { [table]: ['02', '03', '04'].map((d) => ({ PutRequest: { Item: { pk: 'TENANT#meter', sk: `DAY#2025-12-${d}` } } })) } }),
    );
    const written = { ...meter.usage };
    await meter.doc.send(new GetCommand({ TableName: table, Key: { pk: 'TENANT#meter', sk: 'DAY#2025-12-02' } }));
    await meter.doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'TENANT#meter' } }));

    // Assess
    expect(written).toEqual({ requests: 2, itemsWritten: 4, itemsRead: 0, writeUnits: 5, readUnits: 0 });
    expect(meter.usage.itemsRead).toBe(1 + 4);
    // An eventually consistent read of an item under 4 KB is half a unit; the query reads ~1.6 KB: half a unit.
    expect(meter.usage.readUnits).toBe(1);
    meter.reset();
    expect(meter.usage).toEqual({ requests: 0, itemsWritten: 0, itemsRead: 0, writeUnits: 0, readUnits: 0 });
  });
});
