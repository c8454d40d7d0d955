import { tokenUsage } from './bedrock';

describe('tokenUsage', () => {
  it('takes both counts of a metadata event', () => {
    expect(tokenUsage({ inputTokens: 512, outputTokens: 40 })).toEqual({ inputTokens: 512, outputTokens: 40 });
    expect(tokenUsage({ inputTokens: 0, outputTokens: 0 })).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('treats a partial or malformed usage as unknown, never as zero', () => {
    expect(tokenUsage({ inputTokens: 512 })).toBeUndefined();
    expect(tokenUsage({ outputTokens: 40 })).toBeUndefined();
    expect(tokenUsage({ inputTokens: -1, outputTokens: 40 })).toBeUndefined();
    expect(tokenUsage({ inputTokens: 1.5, outputTokens: 40 })).toBeUndefined();
    expect(tokenUsage({ inputTokens: Number.NaN, outputTokens: 40 })).toBeUndefined();
  });
});
