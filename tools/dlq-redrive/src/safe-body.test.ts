import { buildEvent } from '@picasso/shared/testing';
import { safeBodyPreview } from './safe-body';

describe('safeBodyPreview', () => {
  it('never shows message text, only identifiers and numbers', () => {
    // Prepare
    const event = buildEvent('MESSAGE_SENT', { event_payload: { content_preview: 'my email is jo@example.com', character_count: 26, word_count: 5 } });
    // Act
    const preview = safeBodyPreview(JSON.stringify(event), 10_000);
    // Assess
    expect(preview).not.toContain('jo@example.com');
    expect(JSON.parse(preview)).toMatchObject({
      event_id: event.event_id,
      event_type: 'MESSAGE_SENT',
      event_payload: { content_preview: '[REDACTED]', character_count: 26, word_count: 5 },
    });
  });

  it('redacts fields it does not know, even identifier-looking ones', () => {
    const preview = JSON.parse(safeBodyPreview(JSON.stringify({ ...buildEvent('WIDGET_OPENED'), phone: '5551234567', ga_client_id: 'GA1.2.3' }), 10_000));
    expect(preview.phone).toBe('[REDACTED]');
    expect(preview.ga_client_id).toBe('[REDACTED]');
    expect(preview.event_payload.page_path).toBe('[REDACTED]');
    expect(preview.event_payload.trigger).toBe('launcher');
  });

  it('does not show a body that is not JSON at all', () => {
    expect(safeBodyPreview('call 555-123-4567 now')).toBe('[body is not JSON: 21 bytes, not shown]');
  });

  it('cuts long previews and marks the cut', () => {
    const preview = safeBodyPreview(JSON.stringify(buildEvent('MESSAGE_RECEIVED')), 50);
    expect(preview).toHaveLength(50);
    expect(preview.endsWith('…')).toBe(true);
  });
});
