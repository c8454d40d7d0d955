import { readFileSync } from 'node:fs';
import { COMPILED_VALIDATORS_PATH, generateValidatorModule } from '../../scripts/compile-validators';
import { validateEvent } from './validate';

describe('the committed compiled validators', () => {
  it('are exactly what the schemas compile to today (run `npm run compile-validators --workspace shared` after a schema change)', () => {
    expect(readFileSync(COMPILED_VALIDATORS_PATH, 'utf8')).toBe(generateValidatorModule());
  });

  it('count a character outside the BMP once, as the schema’s maxLength means (ucs2length runtime wired)', () => {
    const emoji = '😀'.repeat(2000);
    const event = {
      event_id: 'e1', schema_version: '1.0.0', session_id: 's', tenant_hash: 'abc', step_number: 1, event_type: 'MESSAGE_SENT',
      server_timestamp: '2025-01-01T00:00:00Z', environment: 'local',
      event_payload: { content_preview: emoji, character_count: 1, word_count: 1 },
    };
    const result = validateEvent(event);
    expect(result.ok || (result as { detail: string }).detail).not.toMatch(/content_preview/);
  });

  it('reject a malformed date-time through the compiled ajv-formats check', () => {
    const result = validateEvent({
      event_id: 'e1', schema_version: '1.0.0', session_id: 's', tenant_hash: 'abc', step_number: 1, event_type: 'MESSAGE_SENT',
      server_timestamp: 'yesterday', environment: 'local', event_payload: { character_count: 1, word_count: 1 },
    });
    expect(result).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect((result as { detail: string }).detail).toMatch(/server_timestamp.*date-time/);
  });
});
