/** Progress and timing lines on stderr, so stdout stays clean for data. */
import { formatBytes, formatDuration } from "./format.ts";

export class Progress {
  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
    private readonly quiet = false,
  ) {}

  info(line: string): void {
    if (!this.quiet) this.out.write(line + "\n");
  }

  async step<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    if (this.out.isTTY && !this.quiet) this.out.write(`${label} …`);
    const result = await fn();
    const took = formatDuration(performance.now() - t0);
    if (!this.quiet) this.out.write(this.out.isTTY ? `\r\x1b[K${label} (${took})\n` : `${label} (${took})\n`);
    return result;
  }

  /** Runs a byte-streaming task and reports how far it got, at most twice a second. */
  async bytes<T>(label: string, total: number, fn: (tick: (done: number) => void) => Promise<T>): Promise<T> {
    let last = 0;
    let lastPct = -10;
    const tick = (done: number) => {
      if (this.quiet) return;
      const now = performance.now();
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (this.out.isTTY) {
        if (now - last < 500) return;
        last = now;
        this.out.write(`\r\x1b[K${label}: ${pct}% of ${formatBytes(total)}`);
      } else if (total > 50 << 20 && pct >= lastPct + 10) {
        lastPct = pct - (pct % 10);
        this.out.write(`${label}: ${lastPct}% of ${formatBytes(total)}\n`);
      }
    };
    return this.step(label, () => fn(tick));
  }
}

export const silent = new Progress(process.stderr, true);
