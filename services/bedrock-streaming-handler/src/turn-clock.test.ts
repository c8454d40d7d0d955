import { TurnClock } from './turn-clock';

function steppingClock(times: number[]) {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)]!;
}

describe('TurnClock', () => {
  it('measures first token, last token and end from the start', () => {
    const clock = new TurnClock(steppingClock([1000, 1250.4, 1300, 1800.6, 1900]));
    clock.tokenWritten();
    clock.tokenWritten();
    clock.tokenWritten();
    expect(clock.finish()).toEqual({ first_token_ms: 250, response_time_ms: 801, total_time_ms: 900 });
  });

  it('reports a turn without tokens as first = response = total', () => {
    const clock = new TurnClock(steppingClock([0, 42]));
    expect(clock.finish()).toEqual({ first_token_ms: 42, response_time_ms: 42, total_time_ms: 42 });
  });

  it('never reports a negative or out-of-order timing, even with a clock that steps back', () => {
    const clock = new TurnClock(steppingClock([100, 50, 40, 30]));
    clock.tokenWritten();
    clock.tokenWritten();
    const t = clock.finish();
    expect(t.first_token_ms).toBeGreaterThanOrEqual(0);
    expect(t.first_token_ms).toBeLessThanOrEqual(t.response_time_ms);
    expect(t.response_time_ms).toBeLessThanOrEqual(t.total_time_ms);
  });
});
