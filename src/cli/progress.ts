/**
 * A progress line on stderr, only when stderr is a terminal (never in pipes, logs or CI) and not --quiet.
 */
const LABEL: Record<string, string> = { index: 'indexing', align: 'aligning', report: 'writing report' };

export interface Progress {
  update(stage: string, done: number, total?: number): void;
  done(): void;
}

export function progress(enabled: boolean): Progress {
  const out = process.stderr;
  if (!enabled || !out.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(stage, done, total) {
      const now = Date.now();
      if (now - last < 80 && total !== undefined && done < total) return;
      last = now;
      const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 50));
      let line = `${LABEL[stage] ?? stage} `;
      if (total !== undefined && total > 0) {
        const f = Math.min(1, done / total);
        const fill = Math.round(f * width);
        line += `[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${Math.round(f * 100)}% ${done}/${total}`;
      } else {
        line += `${done} records`;
      }
      out.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    done() {
      if (shown) out.write('\r\x1b[2K');
      shown = false;
    },
  };
}
