// The plain block fast path must build exactly the tree js-yaml's events build whenever it takes a
// document, and leave every other document to js-yaml: checked on every document of the project's YAML
// fixtures, on the bench shape, on hand-picked edge cases and on thousands of random edits of real
// documents.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainBlockTree } from '../../src/core/parsing/plainBlockTree';
import { parseDocument, splitDocuments } from '../../src/core/parsing/yamlTree';
import type { YDocument, YNode } from '../../src/core/parsing/yamlTree';

const ROOT = join(__dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

function documentsOf(text: string): string[] {
  return splitDocuments(text).map(r => text.slice(r.start, r.end));
}

/** What a reader of the tree sees: every node's kind, offsets, style, anchor and decoded value. */
function shape(node: YNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.t) {
    case 'scalar': return { t: node.t, start: node.start, end: node.end, quoted: node.quoted, value: node.value, anchor: node.anchor };
    case 'alias': return { ...node };
    case 'map': return { t: node.t, start: node.start, end: node.end, flow: node.flow, merges: node.merges, anchor: node.anchor, entries: node.entries.map(e => [shape(e.key), shape(e.value)]) };
    case 'seq': return { t: node.t, start: node.start, end: node.end, flow: node.flow, anchor: node.anchor, items: node.items.map(shape) };
  }
}

const documentShape = (d: YDocument) => ({ root: shape(d.root), error: d.error, template: d.template, anchors: d.anchors.size });

/** Asserts the fast path agrees with js-yaml on `doc` (placed after `before` in its file); true when it took the document. */
function agrees(doc: string, label: string, before = 'x: 1\n---\n'): boolean {
  const text = before + doc;
  const range = { start: before.length, end: text.length };
  if (!plainBlockTree(text, range.start, doc)) return false;
  const reference = parseDocument(text, range, 0, { fastPath: false });
  assert.ok(!reference.error, `${label}: the fast path took a document js-yaml rejects (${reference.error?.message}):\n${doc}`);
  assert.deepStrictEqual(documentShape(parseDocument(text, range, 0)), documentShape(reference), `${label}: the fast path reads this document otherwise than js-yaml:\n${doc}`);
  return true;
}

const fixtureDocs = yamlFiles(join(ROOT, 'test/fixtures')).flatMap(f => documentsOf(readFileSync(f, 'utf8')).map(doc => ({ file: f, doc })));

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [' ', '  ', '-', '- ', ':', ': ', '#', ' #', '"', "'", '\n', '\n  ', 'a', 'x: y', '[', '{', '&a ', '*a', '|', '>', '?', '!', '%', '\\', '---', '\t', '\r', '@', ',', '~'];

/** One random edit: insert a piece, delete a span, or indent, dedent or duplicate a line. */
function mutate(doc: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (doc.length + 1));
  const lineStart = doc.lastIndexOf('\n', at - 1) + 1;
  const nl = doc.indexOf('\n', at);
  const lineEnd = nl === -1 ? doc.length : nl;
  switch (Math.floor(rnd() * 6)) {
    case 0: case 1: return doc.slice(0, at) + PIECES[Math.floor(rnd() * PIECES.length)] + doc.slice(at);
    case 2: return doc.slice(0, at) + doc.slice(Math.min(doc.length, at + 1 + Math.floor(rnd() * 3)));
    case 3: return doc.slice(0, lineStart) + '  ' + doc.slice(lineStart);
    case 4: return doc.startsWith('  ', lineStart) ? doc.slice(0, lineStart) + doc.slice(lineStart + 2) : doc.slice(0, lineStart) + doc.slice(lineStart + 1);
    default: return doc.slice(0, lineEnd) + '\n' + doc.slice(lineStart, lineEnd) + doc.slice(lineEnd);
  }
}

describe('parsing: the plain block fast path gives exactly js-yaml\'s events', function () {
  this.timeout(120_000);

  it('on every document of the project\'s YAML fixtures, and it takes most of them', () => {
    let taken = 0;
    for (const { file, doc } of fixtureDocs) if (agrees(doc, file)) taken++;
    // Not a speed figure: a fast path that took almost nothing would be dead code.
    assert.ok(taken > fixtureDocs.length / 2, `took ${taken} of ${fixtureDocs.length} documents`);
  });

  it('takes every document of the bench file (5 000 VirtualServices, from the bench generator)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-plain-block-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts/bench/gen-virtualservices.js')], { cwd: dir });
      const docs = documentsOf(readFileSync(join(dir, 'big.yaml'), 'utf8'));
      assert.strictEqual(docs.length, 5000);
      docs.forEach((doc, i) => assert.ok(agrees(doc, `bench document ${i}`), `declined bench document ${i}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('agrees or declines on edge cases', () => {
    const taken = [
      'a: 1\n', 'a:\n- x\n- y\nb: 1\n', 'a:\n  - x\n', '- a: 1\n  b: 2\n- c\n', '-\n  y: 2\n- z\n', 'a: ""\nb: \'\'\nc: "x y"\n',
      'a: 1 # note\n# whole line\nb:   two  \n', 'a:\nb:\n', 'a: -5\nb: a:b\nc: x#y\n', '---\na: 1\n', '--- # c\na: 1\n',
      'k.io/x-y_z: v\n', 'a:\n  b:\n    c: d\n  e: f\n', 'a: 10.0\nb: true\nc: ~\nd: null\n', 'a: "#x"\n', "a: 'it is'\n",
    ];
    for (const doc of taken) assert.ok(agrees(doc, JSON.stringify(doc)), `should take ${JSON.stringify(doc)}`);
    const declined = [
      'a: &x 1\nb: *x\n', 'a: [1, 2]\n', 'a: {b: c}\n', 'a: |\n  text\n', 'a: >\n  text\n', 'a: !tag x\n', 'a: b\n  c\n',
      'a: "x\\ny"\n', "a: 'it''s'\n", 'a:\tb\n', 'a: 1\r\nb: 2\r\n', '? a\n: b\n', '%YAML 1.2\n---\na: 1\n', '"a": 1\n',
      'a: b: c\n', '- - x\n', '  a: 1\n', 'a: 1\n...\n', 'a: "x\n  y"\n', '# only a comment\n', '', 'just a scalar\n', 'a: "x #y"\n',
    ];
    for (const doc of declined) assert.strictEqual(plainBlockTree(doc, 0, doc), undefined, `should decline ${JSON.stringify(doc)}`);
  });

  it('on 40 000 random edits of fixture documents: whatever it takes, js-yaml reads the same way', () => {
    // FUZZ_SEED and FUZZ_EDITS run other seeds and more edits by hand; the suite runs this one.
    const rnd = random(Number(process.env.FUZZ_SEED ?? 20261205));
    const pool = fixtureDocs.map(d => d.doc).filter(doc => doc.length < 4000 && plainBlockTree(doc, 0, doc));
    let taken = 0;
    for (let n = 0, edits = Number(process.env.FUZZ_EDITS ?? 40_000); n < edits; n++) {
      let doc = pool[Math.floor(rnd() * pool.length)];
      for (let e = 1 + Math.floor(rnd() * 3); e > 0; e--) doc = mutate(doc, rnd);
      if (agrees(doc, `edit ${n}`)) taken++;
    }
    assert.ok(taken > 1000, `took ${taken} edited documents`);
  });
});
