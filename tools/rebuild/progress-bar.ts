/** One line of progress: `[#####.....] 52% 5200/10000 events ordering`. An empty log is complete. */
export const formatProgress = (replayed: number, total: number, label: string, width = 30): string => {
  const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, replayed / total));
  const filled = Math.floor(fraction * width);
  const percent = Math.floor(fraction * 100);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${replayed}/${total} events ${label}`;
};

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Draws the progress line on a terminal in place (carriage return, ANSI erase-line), at most every
 *  `intervalMs`; on anything else (a log file, CI) writes a line per tenth instead of redrawing. */
export class ProgressBar {
  private lastDrawn = -Infinity;
  private lastTenth = -1;
  private drawn = false;

  constructor(
    private readonly out: ProgressStream,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(replayed: number, total: number, label: string): void {
    const done = replayed >= total;
    if (this.out.isTTY) {
      if (!done && this.now() - this.lastDrawn < this.intervalMs) return;
      this.lastDrawn = this.now();
      this.out.write(`\r\x1b[2K${formatProgress(replayed, total, label)}`);
      this.drawn = true;
      return;
    }
    const tenth = total <= 0 ? 10 : Math.floor((replayed / total) * 10);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.out.write(`${formatProgress(replayed, total, label)}\n`);
  }

  /** Ends the line being redrawn, so what follows starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
    this.lastDrawn = -Infinity;
    this.lastTenth = -1;
  }
}
