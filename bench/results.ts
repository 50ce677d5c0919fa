/**
 * What the benchmarks share: a median, the machine line, a padded markdown table, and writing one
 * section of bench/RESULTS.md between its own start and end markers (other sections untouched).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** "2 × AMD EPYC, 24 GiB, Node v20.20.2". */
export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** Rows (the first is the header) as a markdown table with padded columns. */
export function markdownTable(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r, i) => {
    const line = `| ${r.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
    return i === 0 ? `${line}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|` : line;
  });
}

/** Replaces the text between `start` and `end` in `file`, or appends the section. */
export function writeSection(file: string, start: string, end: string, text: string): void {
  const prior = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const section = `${start}\n${text}${end}`;
  const next =
    prior.includes(start) && prior.includes(end)
      ? `${prior.slice(0, prior.indexOf(start))}${section}${prior.slice(prior.indexOf(end) + end.length)}`
      : `${prior.replace(/\n*$/, '\n\n')}${section}\n`;
  writeFileSync(file, next);
}
