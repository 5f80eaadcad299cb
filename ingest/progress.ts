// Progress per stream: records, records/s and the share of the cost budget used. Live lines redrawn in place
// on a TTY; plain, throttled log lines otherwise (CI logs must stay readable).
import type { ClientStats } from './client/shopify.js';
import type { StreamProgress } from './sync/context.js';

export interface ProgressSink {
  report(progress: StreamProgress): void;
  log(message: string): void;
  done(): void;
}

interface Line {
  progress: StreamProgress;
  startedAt: number;
  loggedAt: number;
  loggedPhase: string;
}

export function budgetUsed(stats: ClientStats, elapsedMs: number): number | undefined {
  if (!stats.restoreRate || elapsedMs <= 0) return undefined;
  return stats.actualCost / ((stats.restoreRate * elapsedMs) / 1000);
}

export function createProgress(out: NodeJS.WritableStream & { isTTY?: boolean }, stats: () => ClientStats, tty = Boolean(out.isTTY)): ProgressSink {
  const lines = new Map<string, Line>();
  const started = Date.now();
  let drawn = 0;
  const format = (line: Line) => {
    const secs = Math.max(0.001, (Date.now() - line.startedAt) / 1000);
    const budget = budgetUsed(stats(), Date.now() - started);
    const cost = budget === undefined ? '' : `  cost budget ${(budget * 100).toFixed(0)}%`;
    return `${line.progress.stream.padEnd(10)} ${line.progress.phase.padEnd(16)} ${String(line.progress.records).padStart(9)} records  ${(line.progress.records / secs).toFixed(0).padStart(7)}/s${cost}`;
  };
  const redraw = () => {
    if (drawn > 0) out.write(`\x1b[${drawn}A`);
    for (const line of lines.values()) out.write(`\x1b[2K${format(line)}\n`);
    drawn = lines.size;
  };
  return {
    report(progress) {
      const now = Date.now();
      const line = lines.get(progress.stream) ?? { progress, startedAt: now, loggedAt: 0, loggedPhase: '' };
      line.progress = progress;
      lines.set(progress.stream, line);
      if (tty) return redraw();
      if (now - line.loggedAt >= 2000 || line.loggedPhase !== progress.phase) {
        line.loggedAt = now;
        line.loggedPhase = progress.phase;
        out.write(format(line) + '\n');
      }
    },
    log(message) {
      if (tty && drawn > 0) {
        out.write(`\x1b[${drawn}A\x1b[0J`);
        drawn = 0;
      }
      out.write(message + '\n');
      if (tty) redraw();
    },
    done() {
      if (!tty) for (const line of lines.values()) out.write(format(line) + '\n');
    },
  };
}
