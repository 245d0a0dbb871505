// Goldens: every input under test/fixtures/convert/input/<source>/ converted to each target, compared
// with test/fixtures/convert/golden/<source>/<name>.<target>.yaml (the whole output file) and .json (the
// report without the output). `UPDATE_GOLDENS=1` rewrites them. Every converted document must validate
// against the vendored CRDs (unknown fields are errors) and the Gateway API rules of crdValidator.ts.
import * as assert from 'node:assert';
import * as yaml from 'js-yaml';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import type { ConvertedFile } from '../../../src/core/convert/contract';
import type { ConvertTargetId } from '../../../src/core/convert/model';
import { splitDocuments } from '../../../src/core/parsing/yamlTree';
import { REPO_ROOT, validateAgainstCrds } from './crdValidator';

const INPUT = join(REPO_ROOT, 'test/fixtures/convert/input');
const GOLDEN = join(REPO_ROOT, 'test/fixtures/convert/golden');
const TARGETS: ConvertTargetId[] = ['gateway-api', 'istio', 'linkerd', 'kuma', 'consul'];
const UPDATE = process.env.UPDATE_GOLDENS === '1';

/** The converted documents of an output (not the ones passed through), each with its own text. */
export function convertedDocuments(file: ConvertedFile): { obj: Record<string, unknown>; text: string }[] {
  const text = file.output;
  const wanted = new Set(file.resources.map(r => `${r.apiVersion}|${r.kind}|${r.name}|${r.namespace ?? ''}`));
  const out: { obj: Record<string, unknown>; text: string }[] = [];
  for (const range of splitDocuments(text)) {
    const docText = text.slice(range.start, range.end);
    let obj: unknown;
    try { obj = yaml.load(docText); } catch { continue; }
    if (!obj || typeof obj !== 'object') continue;
    const o = obj as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
    if (wanted.has(`${o.apiVersion}|${o.kind}|${o.metadata?.name}|${o.metadata?.namespace ?? ''}`)) out.push({ obj: obj as Record<string, unknown>, text: docText });
  }
  return out;
}

/** A document the writer marked as using Gateway API experimental-channel fields. */
const saysExperimental = (docText: string) => /^\s*#.*experimental/im.test(docText);

interface Figure { source: string; name: string; target: string; resources: number; dropped: number; needs: number; errors: number; invalid: number }
const figures: Figure[] = [];

describe('convert: goldens (every input × every target, validated against the CRDs)', function () {
  this.timeout(120_000);
  const sources = existsSync(INPUT) ? readdirSync(INPUT).sort() : [];
  for (const source of sources) {
    for (const file of readdirSync(join(INPUT, source)).filter(f => /\.ya?ml$/.test(f)).sort()) {
      const name = file.replace(/\.ya?ml$/, '');
      const text = readFileSync(join(INPUT, source, file), 'utf8');
      it(`${source}/${file} says where it comes from`, () => {
        assert.match(text.split('\n')[0], /^# .*(own fixture|adapted from|Adapted from|from )/i, 'the first line is a comment naming its source and licence');
      });
      for (const target of TARGETS) {
        it(`${source}/${name} → ${target}`, () => {
          const [converted] = convertFiles([{ path: `${source}/${file}`, text }], { id: target }, catalogView());
          const { output, ...report } = converted;
          const yamlPath = join(GOLDEN, source, `${name}.${target}.yaml`);
          const jsonPath = join(GOLDEN, source, `${name}.${target}.json`);
          const jsonText = JSON.stringify(report, null, 2) + '\n';
          const invalid: string[] = [];
          for (const doc of convertedDocuments(converted)) {
            for (const e of validateAgainstCrds(doc.obj, { experimental: saysExperimental(doc.text) })) {
              invalid.push(`${String(doc.obj.kind)} ${String((doc.obj.metadata as { name?: string })?.name)}: ${e}`);
            }
          }
          figures.push({ source, name, target, resources: report.resources.length, dropped: report.dropped.length, needs: report.needs.length, errors: report.errors.length, invalid: invalid.length });
          if (UPDATE) {
            mkdirSync(join(GOLDEN, source), { recursive: true });
            writeFileSync(yamlPath, output);
            writeFileSync(jsonPath, jsonText);
          }
          assert.ok(existsSync(yamlPath) && existsSync(jsonPath), `no golden for ${source}/${name} → ${target}: run UPDATE_GOLDENS=1`);
          assert.strictEqual(output, readFileSync(yamlPath, 'utf8'), `${yamlPath} differs (UPDATE_GOLDENS=1 rewrites it after review)`);
          assert.strictEqual(jsonText, readFileSync(jsonPath, 'utf8'), `${jsonPath} differs`);
          assert.deepStrictEqual(invalid, [], 'every converted document validates against the vendored CRDs');
        });
      }
    }
  }
  after(() => {
    if (!figures.length || process.env.GOLDEN_FIGURES !== '1') return;
    const rows = figures.map(f => `${`${f.source}/${f.name}`.padEnd(40)} ${f.target.padEnd(12)} resources ${String(f.resources).padStart(2)}  dropped ${String(f.dropped).padStart(2)}  needs ${String(f.needs).padStart(2)}  errors ${f.errors}  invalid ${f.invalid}`);
    console.log(`\n${rows.join('\n')}`);
  });
});
