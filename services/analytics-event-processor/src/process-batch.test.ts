import { buildEvent } from '@picasso/shared/testing';
import { MemoryPorts } from '../test/fake-ports';
import { EventBatchProcessor, type IncomingRecord } from './process-batch';

const record = (body: unknown, id = `m-${Math.random().toString(36).slice(2)}`): IncomingRecord => ({
  messageId: id,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('EventBatchProcessor', () => {
  it('writes one gzip NDJSON object per (tenant, UTC day) for the whole batch', async () => {
    const ports = new MemoryPorts();
    const events = [
      buildEvent('MESSAGE_SENT', { server_timestamp: '2025-12-20T10:00:00Z' }),
      buildEvent('MESSAGE_RECEIVED', { server_timestamp: '2025-12-20T10:00:02Z' }),
      buildEvent('MESSAGE_SENT', { server_timestamp: '2025-12-21T00:00:01Z' }),
      buildEvent('WIDGET_OPENED', { tenant_hash: 'at3c9d0e21b7a5', server_timestamp: '2025-12-20T10:00:00Z' }),
    ];
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch(events.map((e) => record(e)));

    expect(report.written).toBe(4);
    expect(report.objectsWritten).toBe(3);
    expect([...ports.objects.keys()].map((k) => k.replace(/events-.*$/, '')).sort()).toEqual([
      'analytics/tenant_id=ATL120045/year=2025/month=12/day=20/',
      'analytics/tenant_id=FOS402334/year=2025/month=12/day=20/',
      'analytics/tenant_id=FOS402334/year=2025/month=12/day=21/',
    ]);
    expect(new Set(ports.dirty.map((p) => `${p.tenantId}/${p.day}`)).size).toBe(3);
  });

  it('redacts free text and stores the payload as a JSON string', async () => {
    const ports = new MemoryPorts();
    const event = buildEvent('MESSAGE_SENT', { event_payload: { content_preview: 'mail jo@example.com or call 512-555-0143', character_count: 40, word_count: 6 } });
    await new EventBatchProcessor(ports.asPorts()).processBatch([record(event)]);
    const [row] = ports.rows();
    expect(JSON.parse(row!.event_payload as string)).toEqual({ content_preview: 'mail [EMAIL] or call [PHONE]', character_count: 40, word_count: 6 });
  });

  it('writes MESSAGE_RECEIVED 1.0.0 and 1.1.0 side by side, the newer with its message id and tokens', async () => {
    // Prepare
    const ports = new MemoryPorts();
    const v1 = buildEvent('MESSAGE_RECEIVED');
    const base = v1.event_payload as Record<string, unknown>;
    const v1_1 = buildEvent('MESSAGE_RECEIVED', { schema_version: '1.1.0', event_payload: { ...base, message_id: 'reply-1', input_tokens: 812, output_tokens: 37 } });

    // Act
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([record(v1), record(v1_1)]);

    // Assess
    expect(report.outcomes.map((o) => o.status)).toEqual(['written', 'written']);
    const rows = ports.rows();
    expect(rows.map((r) => r.schema_version).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(JSON.parse(rows.find((r) => r.schema_version === '1.1.0')!.event_payload as string)).toMatchObject({ message_id: 'reply-1', input_tokens: 812, output_tokens: 37 });
    expect(JSON.parse(rows.find((r) => r.schema_version === '1.0.0')!.event_payload as string)).not.toHaveProperty('input_tokens');
  });

  it('redacts a feedback comment that reached it unredacted (defence in depth), and cuts an over-long one instead of quarantining it', async () => {
    // Prepare: one producer forgot to redact, another to cut (an e-mail across the cut at 500)
    const ports = new MemoryPorts();
    const unredacted = buildEvent('MESSAGE_FEEDBACK', { event_payload: { message_id: 'reply-1', rating: 'down', comment: 'Wrong, mail jo@example.com or 512-555-0143' } });
    const long = `${'a'.repeat(490)} jo@example.com ${'b'.repeat(600)}`;
    const overlong = buildEvent('MESSAGE_FEEDBACK', { event_payload: { message_id: 'reply-2', rating: 'down', comment: long } });

    // Act
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([record(unredacted), record(overlong)]);

    // Assess
    expect(report.outcomes.map((o) => o.status)).toEqual(['written', 'written']);
    const comments = ports.rows().map((r) => (JSON.parse(r.event_payload as string) as { message_id: string; comment: string }));
    expect(comments.find((c) => c.message_id === 'reply-1')!.comment).toBe('Wrong, mail [EMAIL] or [PHONE]');
    const cut = comments.find((c) => c.message_id === 'reply-2')!.comment;
    expect([...cut].length).toBeLessThanOrEqual(500);
    expect(cut).toMatch(/^a{490} \[EMAIL\] …$/);
  });

  it('drops duplicate event ids within a batch', async () => {
    const ports = new MemoryPorts();
    const event = buildEvent('MESSAGE_SENT');
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([record(event, 'a'), record(event, 'b')]);
    expect(report.outcomes.map((o) => o.status)).toEqual(['written', 'duplicate']);
    expect(ports.rows()).toHaveLength(1);
  });

  it('quarantines records that can never succeed, with their reason, and writes their batch-mates', async () => {
    const ports = new MemoryPorts();
    const good = buildEvent('FORM_STARTED');
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([
      record('{oops', 'not-json'),
      record(buildEvent('MESSAGE_SENT', { event_type: 'MESSAGE_EDITED' }), 'unknown-type'),
      record(buildEvent('MESSAGE_SENT', { schema_version: '9.0.0' }), 'bad-version'),
      record(buildEvent('MESSAGE_SENT', { step_number: -1 }), 'invalid'),
      record(buildEvent('MESSAGE_SENT', { tenant_hash: 'ffffffffffff' }), 'no-tenant'),
      record(good, 'good'),
    ]);

    expect(report.outcomes.map((o) => (o.status === 'quarantined' ? o.reason : o.status))).toEqual([
      'not_json',
      'unknown_event_type',
      'unsupported_schema_version',
      'schema_violation',
      'unknown_tenant',
      'written',
    ]);
    expect(report.quarantined).toEqual({ not_json: 1, unknown_event_type: 1, unsupported_schema_version: 1, schema_violation: 1, unknown_tenant: 1 });
    const notJson = [...ports.quarantined.values()].find((q) => q.message_id === 'not-json');
    expect(notJson).toMatchObject({ reason: 'not_json', body_length: 5, body_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), body_excerpt: '{oops' });
    expect(notJson).not.toHaveProperty('body');
    expect(ports.rows().map((r) => r.event_id)).toEqual([good.event_id]);
  });

  it('keeps a parseable quarantined body as JSON with every string redacted, at any depth', async () => {
    const ports = new MemoryPorts();
    const event = buildEvent('MESSAGE_SENT', { tenant_hash: 'ffffffffffff', event_payload: { content_preview: 'me@example.com', character_count: 14, word_count: 1 } });
    const body = JSON.stringify({ ...event, extra: { nested: [{ note: 'ssn 123-45-6789' }] } });
    await new EventBatchProcessor(ports.asPorts()).processBatch([{ messageId: 'm-1', body }]);
    const [q] = [...ports.quarantined.values()];
    expect(q).toHaveProperty('body');
    const kept = (q as { body: typeof event & { extra: unknown } }).body;
    expect(kept.event_id).toBe(event.event_id);
    expect((kept.event_payload as { content_preview?: string }).content_preview).toBe('[EMAIL]');
    expect(kept.extra).toEqual({ nested: [{ note: 'ssn [SSN]' }] });
    expect(JSON.stringify(q)).not.toMatch(/me@example\.com|123-45-6789/);
  });

  it('keeps an unparseable quarantined body only as length, hash and a redacted excerpt', async () => {
    const ports = new MemoryPorts();
    const body = `{"content_preview": "call +44 20 7946 0958 ${'x'.repeat(300_000)}`;
    await new EventBatchProcessor(ports.asPorts()).processBatch([{ messageId: 'm-1', body }]);
    const [q] = [...ports.quarantined.values()];
    expect(q).not.toHaveProperty('body');
    expect(q).toMatchObject({ reason: 'not_json', body_length: body.length, body_excerpt: expect.stringMatching(/^\{"content_preview": "call \[PHONE\] x+$/) });
    expect((q as { body_excerpt: string }).body_excerpt.length).toBeLessThanOrEqual(200);
  });

  it('fails only the records of a partition whose write failed, and writes nothing for them', async () => {
    const ports = new MemoryPorts();
    ports.failWritesFor.add('ATL120045');
    const ok = buildEvent('MESSAGE_SENT');
    const failing = buildEvent('MESSAGE_SENT', { tenant_hash: 'at3c9d0e21b7a5' });
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([record(ok), record(failing)]);
    expect(report.outcomes.map((o) => o.status)).toEqual(['written', 'failed']);
    expect(ports.rows().map((r) => r.event_id)).toEqual([ok.event_id]);
  });

  it('retries (fails) records whose tenant could not be resolved because the store was down', async () => {
    const ports = new MemoryPorts();
    ports.failTenantLookups = true;
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([record(buildEvent('MESSAGE_SENT'))]);
    expect(report.outcomes[0]!.status).toBe('failed');
    expect(ports.quarantined.size).toBe(0);
  });

  it('fails a duplicate together with the original when the original failed', async () => {
    const ports = new MemoryPorts();
    ports.failWritesFor.add('FOS402334');
    const event = buildEvent('MESSAGE_SENT');
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([record(event, 'a'), record(event, 'b')]);
    expect(report.outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
  });
});

describe('EventBatchProcessor: timestamps, bounds, tenant-scoped dedupe and long previews', () => {
  const NOW = new Date('2025-12-21T00:00:00Z');
  const outcome = (o: { status: string; reason?: string }) => (o.status === 'quarantined' ? o.reason : o.status);

  it('stores every spelling of a server timestamp in one canonical UTC form, and a leap second does not fail its batch', async () => {
    // Prepare
    const ports = new MemoryPorts();
    const spellings = [
      '2025-12-20T23:59:60Z', // leap second: Date.parse gives NaN
      '2025-12-20t10:00:00z',
      '2025-12-20T12:00:00+02:00',
      '2025-12-20T10:00:00.123456789Z',
      '2025-12-20 10:00:00.1Z',
    ];
    const events = spellings.map((s) => buildEvent('MESSAGE_SENT', { server_timestamp: s, client_timestamp: s }));

    // Act
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch(events.map((e) => record(e)));

    // Assess
    expect(report.outcomes.map(outcome)).toEqual(['written', 'written', 'written', 'written', 'written']);
    const byId = new Map(ports.rows().map((r) => [r.event_id, r]));
    expect(events.map((e) => byId.get(e.event_id)!.server_timestamp)).toEqual([
      '2025-12-20T23:59:59.999Z',
      '2025-12-20T10:00:00.000Z',
      '2025-12-20T10:00:00.000Z',
      '2025-12-20T10:00:00.123Z',
      '2025-12-20T10:00:00.100Z',
    ]);
    expect(events.map((e) => byId.get(e.event_id)!.client_timestamp)).toEqual(events.map((e) => byId.get(e.event_id)!.server_timestamp));
  });

  it.each([
    ['year 9999', '9999-12-31T00:00:00Z'],
    ['year 0001', '0001-01-01T00:00:00Z'],
    ['year 2099', '2099-06-01T00:00:00Z'],
    ['older than the lake keeps raw events (90 days)', '2025-09-21T23:59:59.999Z'],
    ['further ahead than the clock skew (5 minutes)', '2025-12-21T00:05:00.001Z'],
  ])('quarantines a server timestamp (%s) as timestamp_out_of_range, and its batch-mate lands', async (_label, ts) => {
    const ports = new MemoryPorts();
    const good = buildEvent('WIDGET_OPENED');
    const report = await new EventBatchProcessor({ ...ports.asPorts(), now: () => NOW }).processBatch([record(buildEvent('MESSAGE_SENT', { server_timestamp: ts })), record(good)]);
    expect(report.outcomes.map(outcome)).toEqual(['timestamp_out_of_range', 'written']);
    expect([...ports.quarantined.values()][0]!.detail).toContain('outside');
    expect(ports.rows().map((r) => r.event_id)).toEqual([good.event_id]);
  });

  it('accepts the edges of the window and takes the bounds it is configured with', async () => {
    const ports = new MemoryPorts();
    const edges = [buildEvent('MESSAGE_SENT', { server_timestamp: '2025-09-22T00:00:00Z' }), buildEvent('MESSAGE_SENT', { server_timestamp: '2025-12-21T00:05:00Z' })];
    expect((await new EventBatchProcessor(ports.asPorts()).processBatch(edges.map((e) => record(e)))).written).toBe(2);
    const narrow = new EventBatchProcessor({ ...ports.asPorts(), eventTimeBounds: { maxAgeMs: 3_600_000, maxFutureSkewMs: 0 } });
    const report = await narrow.processBatch([record(buildEvent('MESSAGE_SENT', { server_timestamp: '2025-12-20T22:59:59.999Z' })), record(buildEvent('MESSAGE_SENT', { server_timestamp: '2025-12-20T23:30:00Z' }))]);
    expect(report.outcomes.map(outcome)).toEqual(['timestamp_out_of_range', 'written']);
  });

  it('dedupes on (tenant, event_id) after resolving the tenant: an unknown-tenant or other-tenant copy does not suppress the real event', async () => {
    // Prepare: the same event id sent first by an unknown tenant, then by another tenant, then for real.
    const ports = new MemoryPorts();
    const real = buildEvent('MESSAGE_SENT');
    const unknown = { ...real, tenant_hash: 'ffffffffffff' };
    const other = { ...real, tenant_hash: 'at3c9d0e21b7a5' };
    const invalid = { ...real, step_number: -1 };

    // Act
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([record(invalid), record(unknown), record(other), record(real), record(real, 'again')]);

    // Assess: both tenants' events land once each; the true duplicate is dropped.
    expect(report.outcomes.map(outcome)).toEqual(['schema_violation', 'unknown_tenant', 'written', 'written', 'duplicate']);
    expect(ports.rows().map((r) => `${r.tenant_hash}/${r.event_id}`).sort()).toEqual([`at3c9d0e21b7a5/${real.event_id}`, `fo85e6a06dcdf4/${real.event_id}`]);
  });

  it('truncates an over-long content_preview instead of quarantining the message, keeping character_count exact', async () => {
    // Prepare: a 5,000-character message with an e-mail address across the cut.
    const ports = new MemoryPorts();
    const text = `${'a'.repeat(1990)} jo@example.com ${'b'.repeat(2994)}`;
    const event = buildEvent('MESSAGE_SENT', { event_payload: { content_preview: text, character_count: text.length, word_count: 3 } });

    // Act
    const report = await new EventBatchProcessor(ports.asPorts()).processBatch([record(event)]);

    // Assess
    expect(report.outcomes.map(outcome)).toEqual(['written']);
    const payload = JSON.parse(ports.rows()[0]!.event_payload as string) as { content_preview: string; character_count: number };
    expect(payload.character_count).toBe(5000);
    expect([...payload.content_preview].length).toBeLessThanOrEqual(2000);
    expect(payload.content_preview).toMatch(/^a{1990} \[EMAIL\] …$/);
    expect(payload.content_preview).not.toContain('jo@');
  });

  it('marks the partition dirty again after writing its object', async () => {
    const calls: string[] = [];
    const ports = new MemoryPorts();
    const base = ports.asPorts();
    const processor = new EventBatchProcessor({
      ...base,
      lake: { putLakeObject: async (k, b) => { calls.push('write'); await ports.putLakeObject(k, b); } },
      dirty: { markDirty: async (p) => { calls.push('mark'); await ports.markDirty(p); } },
    });
    await processor.processBatch([record(buildEvent('MESSAGE_SENT'))]);
    expect(calls).toEqual(['mark', 'write', 'mark']);
  });
});
