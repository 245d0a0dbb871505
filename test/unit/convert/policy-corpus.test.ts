// Every corpus file holding a security, resilience or egress resource converts to every target
// without an error, and every object converted from those resources validates against the vendored CRDs.
import * as assert from 'node:assert';
import * as yaml from 'js-yaml';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import type { ConvertTargetId } from '../../../src/core/convert/model';
import { POLICY_READERS } from '../../../src/core/convert/readers/policies';
import { splitDocuments } from '../../../src/core/parsing/yamlTree';
import { REPO_ROOT, validateAgainstCrds } from './crdValidator';

const CORPUS = join(REPO_ROOT, 'test/fixtures/corpus');
const TARGETS: ConvertTargetId[] = ['gateway-api', 'istio', 'linkerd', 'kuma', 'consul'];
const POLICY_KINDS = new Set(POLICY_READERS.flatMap(r => r.kinds));

describe('convert policies: the corpus', function () {
  this.timeout(120_000);
  const view = catalogView();
  const inputs = readdirSync(CORPUS).filter(f => /\.ya?ml$/.test(f)).sort()
    .map(f => ({ path: f, text: readFileSync(join(CORPUS, f), 'utf8') }))
    .filter(f => [...POLICY_KINDS].some(k => new RegExp(`^(kind|type): ${k}\\s*$`, 'm').test(f.text)));

  it('holds policy resources to convert', () => assert.ok(inputs.length >= 10, `${inputs.length} files`));

  for (const target of TARGETS) {
    it(`converts them to ${target} without errors, into objects the CRDs accept`, () => {
      const problems: string[] = [];
      for (const input of inputs) {
        const [out] = convertFiles([input], { id: target }, view);
        for (const e of out.errors) problems.push(`${input.path}: ${e.message}`);
        const fromPolicy = new Set(out.resources.filter(r => POLICY_KINDS.has(r.from.kind)).map(r => `${r.apiVersion}|${r.kind}|${r.name}`));
        for (const range of splitDocuments(out.output)) {
          let obj: { apiVersion?: string; kind?: string; metadata?: { name?: string } } | undefined;
          try { obj = yaml.load(out.output.slice(range.start, range.end)) as typeof obj; } catch { continue; }
          if (!obj || !fromPolicy.has(`${obj.apiVersion}|${obj.kind}|${obj.metadata?.name}`)) continue;
          for (const e of validateAgainstCrds(obj)) problems.push(`${input.path}: ${obj.kind} ${obj.metadata?.name}: ${e}`);
        }
      }
      assert.deepStrictEqual(problems, []);
    });
  }
});
