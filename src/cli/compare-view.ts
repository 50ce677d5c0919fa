/**
 * The terminal view of `reprint compare`: each passage side by side, words both texts share in
 * green, words swapped for a synonym or an alias in magenta (and listed under the passage, for a
 * terminal without colour), words that differ otherwise in yellow.
 */
import type { Comparison } from '../engine.js';
import { tokenize } from '../text/tokenize.js';
import type { Style } from './paint.js';

type Paint = (style: Style, s: string) => string;

/** Which tokens of each side lie on a longest common subsequence of the two (by normalized id). */
export function commonTokens(a: Uint32Array, an: number, b: Uint32Array, bn: number): [Uint8Array, Uint8Array] {
  const inA = new Uint8Array(an);
  const inB = new Uint8Array(bn);
  if (an * bn > 4_000_000) {
    // Too long to diff cheaply: a passage that long is shown all alike.
    inA.fill(1);
    inB.fill(1);
    return [inA, inB];
  }
  const w = bn + 1;
  const dp = new Uint16Array((an + 1) * w);
  for (let i = an - 1; i >= 0; i--) {
    for (let j = bn - 1; j >= 0; j--) {
      dp[i * w + j] = a[i] === b[j] ? (dp[(i + 1) * w + j + 1] as number) + 1 : Math.max(dp[(i + 1) * w + j] as number, dp[i * w + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < an && j < bn) {
    if (a[i] === b[j]) {
      inA[i++] = 1;
      inB[j++] = 1;
    } else if ((dp[(i + 1) * w + j] as number) >= (dp[i * w + j + 1] as number)) i++;
    else j++;
  }
  return [inA, inB];
}

/** Per-character styles for a snippet: shared words green, other words yellow, the rest plain. */
function styles(text: string, shared: (t: number) => boolean, ids = tokenize(text)): (Style | null)[] {
  const out: (Style | null)[] = new Array(text.length).fill(null);
  for (let t = 0; t < ids.count; t++) {
    const st: Style = shared(t) ? 'green' : 'yellow';
    for (let c = ids.start[t] as number; c < (ids.end[t] as number); c++) out[c] = st;
  }
  return out;
}

/** Word-wraps a styled snippet to `width` columns; returns [rendered line, visible length]. */
export function wrapStyled(text: string, st: (Style | null)[], width: number, paint: Paint): [string, number][] {
  const flat = text.replace(/\s/g, ' ');
  const lines: [string, number][] = [];
  let pos = 0;
  while (pos < flat.length) {
    while (flat[pos] === ' ') pos++;
    if (pos >= flat.length) break;
    let end = Math.min(flat.length, pos + width);
    if (end < flat.length) {
      const space = flat.lastIndexOf(' ', end);
      if (space > pos) end = space;
    }
    let rendered = '';
    let i = pos;
    while (i < end) {
      const s = st[i] ?? null;
      let j = i + 1;
      while (j < end && (st[j] ?? null) === s) j++;
      const chunk = flat.slice(i, j);
      rendered += s ? paint(s, chunk) : chunk;
      i = j;
    }
    lines.push([rendered, end - pos]);
    pos = end;
  }
  return lines;
}

export function renderComparison(
  cmp: Comparison,
  a: { name: string; text: string },
  b: { name: string; text: string },
  paint: Paint,
  columns: number,
): string {
  const out: string[] = [];
  const s = cmp.similarity;
  out.push(
    `${paint('bold', 'reprint compare')}  A = ${a.name}  B = ${b.name}`,
    `jaccard ${s.jaccard.toFixed(4)}   containment of A in B ${s.containment_a.toFixed(4)}   of B in A ${s.containment_b.toFixed(4)}`,
    `${cmp.passages.length} passage${cmp.passages.length === 1 ? '' : 's'}`,
  );
  const col = Math.max(20, Math.floor((columns - 3) / 2));
  cmp.passages.forEach((p, k) => {
    const ta = a.text.slice(p.a.start, p.a.end);
    const tb = b.text.slice(p.b.start, p.b.end);
    const ida = tokenize(ta);
    const idb = tokenize(tb);
    const [inA, inB] = commonTokens(ida.id, ida.count, idb.id, idb.count);
    const sa = styles(ta, (t) => inA[t] === 1, ida);
    const sb = styles(tb, (t) => inB[t] === 1, idb);
    for (const x of p.substitutions) {
      sa.fill('magenta', x.a.start - p.a.start, x.a.end - p.a.start);
      sb.fill('magenta', x.b.start - p.b.start, x.b.end - p.b.start);
    }
    const la = wrapStyled(ta, sa, col, paint);
    const lb = wrapStyled(tb, sb, col, paint);
    out.push('');
    const head = ` passage ${k + 1}/${cmp.passages.length} · ${p.kind} · score ${p.score} · ${p.words} words `;
    out.push(paint('bold', `──${head}${'─'.repeat(Math.max(0, 2 * col + 3 - head.length - 2))}`));
    out.push(pad(paint('cyan', `A [${p.a.start}, ${p.a.end})`), `A [${p.a.start}, ${p.a.end})`.length, col) + ' │ ' + paint('cyan', `B [${p.b.start}, ${p.b.end})`));
    for (let i = 0; i < Math.max(la.length, lb.length); i++) {
      const [ra, va] = la[i] ?? ['', 0];
      const [rb] = lb[i] ?? [''];
      out.push(`${pad(ra, va, col)} │ ${rb}`);
    }
    if (p.substitutions.length > 0) {
      const swaps = p.substitutions.map((x) => `${flat(a.text.slice(x.a.start, x.a.end))} → ${flat(b.text.slice(x.b.start, x.b.end))}`);
      out.push(paint('magenta', `swapped ${p.swapped} of ${p.words} words: `) + swaps.join(', '));
    }
  });
  return out.join('\n') + '\n';
}

function flat(s: string): string {
  return s.replace(/\s+/g, ' ');
}

function pad(rendered: string, visible: number, width: number): string {
  return rendered + ' '.repeat(Math.max(0, width - visible));
}
