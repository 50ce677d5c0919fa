/**
 * Families: documents joined by reuse, each with its likely original. The origin is the earliest
 * member by publication time; members without a date come after dated ones. Ties (or no dates at all)
 * go to the member that takes least from the others (lowest coverage), then to the first read.
 */
import { UnionFind } from './union-find.js';

export interface FamilyMember {
  seq: number;
  time: number | null;
  coverage: number;
}

export interface Family {
  /** Member seqs, ascending. */
  members: number[];
  origin: number;
}

export function families(count: number, links: Iterable<[number, number]>, member: (seq: number) => FamilyMember): Family[] {
  const uf = new UnionFind(count);
  const linked = new Uint8Array(count);
  for (const [a, b] of links) {
    uf.union(a, b);
    linked[a] = 1;
    linked[b] = 1;
  }
  const byRoot = new Map<number, number[]>();
  for (let s = 0; s < count; s++) {
    if (!linked[s]) continue;
    const r = uf.find(s);
    const list = byRoot.get(r);
    if (list) list.push(s);
    else byRoot.set(r, [s]);
  }
  const out: Family[] = [];
  for (const members of byRoot.values()) {
    let best = member(members[0] as number);
    for (let i = 1; i < members.length; i++) {
      const m = member(members[i] as number);
      if (earlier(m, best)) best = m;
    }
    out.push({ members, origin: best.seq });
  }
  out.sort((x, y) => (x.members[0] as number) - (y.members[0] as number));
  return out;
}

function earlier(x: FamilyMember, y: FamilyMember): boolean {
  if (x.time !== null && y.time !== null && x.time !== y.time) return x.time < y.time;
  if ((x.time === null) !== (y.time === null)) return x.time !== null;
  if (x.coverage !== y.coverage) return x.coverage < y.coverage;
  return x.seq < y.seq;
}
