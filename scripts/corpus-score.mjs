// Scores the engine's inventory on the corpus against ANSWERS.tsv: recall of resources, annotations and
// feature uses (line-exact), and anything reported on negative files. Used by the tests and by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readAnswers(dir) {
  const rows = readFileSync(join(dir, 'ANSWERS.tsv'), 'utf8').trim().split('\n').slice(1).map(l => l.split('\t'));
  return rows.map(([file, doc, line, mesh, kind, feature, path, confidence, note]) => ({ file, doc, line: Number(line), mesh, kind, feature, path, confidence, note }));
}

/** analyzeFile(path) -> { resources, annotations, uses } in the CLI's JSON shape (1-based lines). */
export function score(dir, analyzeFile) {
  const answers = readAnswers(dir);
  const byFile = new Map();
  for (const a of answers) { if (!byFile.has(a.file)) byFile.set(a.file, []); byFile.get(a.file).push(a); }
  const result = { resource: { sure: [0, 0], unsure: [0, 0] }, annotation: { sure: [0, 0], unsure: [0, 0] }, use: { sure: [0, 0], unsure: [0, 0] }, misses: [], negatives: [], extras: [] };
  for (const [file, rows] of byFile) {
    const r = analyzeFile(join(dir, file));
    if (rows.some(x => x.feature === 'none')) {
      const n = r.resources.length + r.annotations.length + r.uses.length + r.findings.length;
      if (n) result.negatives.push({ file, count: n, sample: JSON.stringify(r.uses[0] ?? r.resources[0] ?? r.annotations[0] ?? r.findings[0]) });
      continue;
    }
    const matched = new Set();
    for (const a of rows) {
      const cat = a.feature === 'resource' ? 'resource' : a.feature === 'annotation' ? 'annotation' : 'use';
      const bucket = result[cat][a.confidence === 'sure' ? 'sure' : 'unsure'];
      bucket[1]++;
      let hit;
      if (cat === 'resource') hit = r.resources.find(x => x.line === a.line && x.kind === a.kind && (x.via !== 'annotation' && x.via !== 'proxy-container'));
      else if (cat === 'annotation') hit = r.annotations.find(x => x.line === a.line && x.field === a.path);
      else hit = r.uses.find(x => x.line === a.line && x.feature === a.feature && x.field === a.path);
      if (hit) { bucket[0]++; matched.add(hit); } else result.misses.push(a);
    }
    for (const u of r.uses) {
      if (matched.has(u)) continue;
      if (!rows.some(a => a.line === u.line && a.feature === u.feature)) result.extras.push({ file, ...u });
    }
  }
  return result;
}
