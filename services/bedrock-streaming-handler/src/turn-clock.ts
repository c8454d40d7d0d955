/** Timings of one chat turn, in whole milliseconds from the moment the request arrived. */
export interface TurnTimings {
  /** Until the first token was written to the client. */
  first_token_ms: number;
  /** Until the model's last token was written (the answer is complete). */
  response_time_ms: number;
  /** Until the turn ended (`done` or `error` written, or the client gone). */
  total_time_ms: number;
}

/**
 * Measures a turn with a monotonic clock (wall-clock jumps must not bend timings). A turn with
 * no token reports first token = response = total, so the three always satisfy
 * first ≤ response ≤ total.
 */
export class TurnClock {
  private readonly startedAt: number;
  private firstTokenAt: number | undefined;
  private lastTokenAt: number | undefined;

  constructor(private readonly now: () => number) {
    this.startedAt = now();
  }

  tokenWritten(): void {
    const t = this.now();
    this.firstTokenAt ??= t;
    this.lastTokenAt = t;
  }

  get hasFirstToken(): boolean {
    return this.firstTokenAt !== undefined;
  }

  finish(): TurnTimings {
    const end = this.now();
    const ms = (t: number | undefined) => Math.max(0, Math.round((t ?? end) - this.startedAt));
    const total = ms(end);
    const first = Math.min(ms(this.firstTokenAt), total);
    return { first_token_ms: first, response_time_ms: Math.min(Math.max(ms(this.lastTokenAt), first), total), total_time_ms: total };
  }
}
