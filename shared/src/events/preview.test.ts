import { CONTENT_PREVIEW_MAX_LENGTH, truncatePreview } from './preview';

describe('truncatePreview', () => {
  it('leaves a preview within the limit alone', () => {
    const text = 'x'.repeat(CONTENT_PREVIEW_MAX_LENGTH);
    expect(truncatePreview(text)).toBe(text);
  });

  it('cuts a longer one to the limit, counting code points as JSON Schema does, and marks the cut', () => {
    const cut = truncatePreview('😀'.repeat(3000));
    expect([...cut]).toHaveLength(CONTENT_PREVIEW_MAX_LENGTH);
    expect(cut.endsWith('😀…')).toBe(true);
    expect(truncatePreview('😀'.repeat(1500))).toBe('😀'.repeat(1500)); // 3,000 code units, 1,500 characters
  });

  it('never leaves half a redaction marker', () => {
    expect(truncatePreview('abc [EMAIL] def', 7)).toBe('abc …');
    expect(truncatePreview('abcdefgh [CARD]', 12)).toBe('abcdefgh …');
  });
});
