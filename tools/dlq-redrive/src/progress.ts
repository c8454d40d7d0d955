/** Where the redrive is: what it has handled out of (about) how many. */
export interface RedriveProgress {
  moved: number;
  skipped: number;
  failed: number;
  /** Messages expected in all (the DLQ depth at the start, or the move task's estimate). */
  total?: number;
}

/** `[#####.....] 50/100 moved`: the bar fills with everything handled (moved, skipped, failed). `verb` names what `moved` counts. */
export function formatProgress(p: RedriveProgress, width = 30, verb = 'moved'): string {
  const handled = p.moved + p.skipped + p.failed;
  const extra = [p.skipped ? `${p.skipped} skipped` : '', p.failed ? `${p.failed} failed` : ''].filter(Boolean).join(', ');
  const tail = extra ? ` (${extra})` : '';
  if (!p.total) return `${p.moved} ${verb}${tail}`;
  const total = Math.max(p.total, handled);
  const filled = Math.min(width, Math.round((handled / total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.moved}/${total} ${verb}${tail}`;
}

export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

/**
 * Draws progress on stderr: on a terminal one line redrawn with `\r`; elsewhere (CI, a pipe, a
 * log file) a plain line at most every `everyMs`, so the output stays readable.
 */
export class ProgressReporter {
  private lastLine = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly now: () => number = () => Date.now(),
    private readonly everyMs = 5000,
    private readonly verb = 'moved',
  ) {}

  update(p: RedriveProgress): void {
    if (this.sink.isTTY) {
      this.sink.write(`\r${formatProgress(p, 30, this.verb)}\u001b[K`);
      this.drawn = true;
      return;
    }
    const t = this.now();
    if (t - this.lastLine >= this.everyMs) {
      this.sink.write(`${formatProgress(p, 30, this.verb)}\n`);
      this.lastLine = t;
    }
  }

  /** Ends the progress line so the summary starts on its own line. */
  finish(p: RedriveProgress): void {
    if (this.sink.isTTY) this.sink.write(`\r${formatProgress(p, 30, this.verb)}\u001b[K\n`);
    else this.sink.write(`${formatProgress(p, 30, this.verb)}\n`);
    this.drawn = false;
  }

  get active(): boolean {
    return this.drawn;
  }
}
