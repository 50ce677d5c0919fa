/**
 * Recall and precision of a scan against a generated corpus's truth (bench/generate.ts).
 *
 *   node dist/bench/evaluate.js REPORT.json TRUTH.jsonl
 *
 * - A planted article is found when it is not classified `original` and its planted source is among
 *   its `sources`. Recall = found / planted.
 * - Precision = of the articles classified `copy` or `partial`, the share that are planted (every
 *   reuse in a generated corpus is planted; a planted article may also list another copy of its
 *   source, which is reuse too).
 *
 * report.json is read line by line (a million-article report is larger than the longest string V8
 * allows): it is `JSON.stringify(report, null, 2)`, so each field of a document sits on its own line at
 * a known indentation.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Planted } from './generate.js';

export interface Evaluation {
  planted: number;
  found: number;
  flagged: number;
  flaggedPlanted: number;
  recall: number;
  precision: number;
  /** A few misses and false alarms, for a look. */
  missed: string[];
  falseAlarms: string[];
}

interface DocSeen {
  id: string;
  classification: string;
  sources: string[];
}

/** Each document of a report.json: id, classification and source ids. */
export async function* reportDocuments(file: string): AsyncGenerator<DocSeen> {
  const lines = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let inDocs = false;
  let cur: DocSeen | null = null;
  let inSources = false;
  for await (const line of lines) {
    if (!inDocs) {
      if (line === '  "documents": [') inDocs = true;
      continue;
    }
    if (line === '  ],' || line === '  ]') break;
    if (line === '    {') {
      cur = { id: '', classification: '', sources: [] };
      inSources = false;
    } else if (line === '    }' || line === '    },') {
      if (cur) yield cur;
      cur = null;
    } else if (cur) {
      if (line.startsWith('      "id": ')) cur.id = JSON.parse(line.slice(12).replace(/,$/, '')) as string;
      else if (line.startsWith('      "classification": ')) cur.classification = JSON.parse(line.slice(24).replace(/,$/, '')) as string;
      else if (line.startsWith('      "sources": [')) inSources = !line.endsWith('[],') && !line.endsWith('[]');
      else if (inSources && line.startsWith('          "id": ')) cur.sources.push(JSON.parse(line.slice(16).replace(/,$/, '')) as string);
      else if (line.startsWith('      ]')) inSources = false;
    }
  }
}

export async function evaluate(reportFile: string, truthFile: string): Promise<Evaluation> {
  const truth = new Map<string, Planted>();
  for (const l of readFileSync(truthFile, 'utf8').split('\n')) {
    if (l.trim() === '') continue;
    const p = JSON.parse(l) as Planted;
    truth.set(p.id, p);
  }
  const e: Evaluation = { planted: truth.size, found: 0, flagged: 0, flaggedPlanted: 0, recall: 0, precision: 0, missed: [], falseAlarms: [] };
  const seen = new Set<string>();
  for await (const d of reportDocuments(reportFile)) {
    const p = truth.get(d.id);
    const flagged = d.classification !== 'original';
    if (flagged) {
      e.flagged++;
      if (p) e.flaggedPlanted++;
      else if (e.falseAlarms.length < 10) e.falseAlarms.push(`${d.id} (${d.classification} from ${d.sources.slice(0, 3).join(', ')})`);
    }
    if (p) {
      seen.add(d.id);
      if (flagged && d.sources.includes(p.source)) e.found++;
      else if (e.missed.length < 10) e.missed.push(`${d.id} ${p.kind} of ${p.source} (${d.classification}; sources ${d.sources.slice(0, 3).join(', ') || 'none'})`);
    }
  }
  if (seen.size !== truth.size) throw new Error(`evaluate: ${truth.size - seen.size} planted articles are not in the report`);
  e.recall = e.planted > 0 ? e.found / e.planted : 1;
  e.precision = e.flagged > 0 ? e.flaggedPlanted / e.flagged : 1;
  return e;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [report, truth] = process.argv.slice(2);
  if (!report || !truth) {
    process.stderr.write('usage: evaluate.js REPORT.json TRUTH.jsonl\n');
    process.exit(2);
  }
  console.log(JSON.stringify(await evaluate(report, truth), null, 2));
}
