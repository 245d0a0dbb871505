// Round trip on the corpus and the policy fixtures: convert each file to each target, then run the same
// inventory `check` runs on the output. Every feature the input uses that the target supports (its support cell is
// supported or partial, in the target version) must be found in the output or named in `dropped`:
// the converter may lose a feature only by saying so. Each target's share found is printed raw and
// counted (see nativelySupports below), and the counted share may not fall below the target's floor.
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Analyzer, catalogView } from '../../../src/core';
import { convertFiles, targetSupports } from '../../../src/core/convert/pipeline';
import type { ConvertTargetId } from '../../../src/core/convert/model';
import { REPO_ROOT } from './crdValidator';
import { SMI_API_ROWS, foundInOutput } from './featureEquivalence';

const CORPUS = join(REPO_ROOT, 'test/fixtures/corpus');
const POLICY_FIXTURES = join(REPO_ROOT, 'test/fixtures/convert/input/policies');
const TARGETS: ConvertTargetId[] = ['gateway-api', 'istio', 'linkerd', 'kuma', 'consul'];

interface Tally { found: number; dropped: number; missing: string[]; droppedDetail: string[]; escapeHatchOnly: number; inert: number }

/** The share found, in tenths of a percent. */
const share = (found: number, of: number) => (of ? Math.round((found / of) * 1000) / 10 : 100);

// The counted figure leaves out two kinds of use from the raw one. Escape hatches, which the converter
// never writes: features the target has only through one (a partial cell qualified escape_hatch_only,
// like Istio rate limiting through an EnvoyFilter), and proxy extensions, whose every construct is one
// (Consul envoyExtensions, EnvoyFilter, MeshProxyPatch: custom Envoy filters that do not port). And uses
// with no effect of their kind in their own mesh either, which the converter marks `inert` in `dropped`
// (an SMI HTTPRouteGroup nothing names, or only a TrafficTarget; a route with no parent; a port the mesh
// rejects).
// The goal is 90 % of the counted figure for every target; until a target reaches it, the figure it has
// reached is its floor, so a change can only keep or raise it. What keeps each short is mostly what the
// target has no faithful construct for in the converter's reach: Gateway API has no authorization or
// circuit breaking, and names only single external hosts on a known port (XBackend); Linkerd has no
// connection limits and takes failure accrual only as Service annotations, which the output cannot
// write on a Service it does not hold.
const GOAL = 90;
const FLOOR: Record<ConvertTargetId, number> = { 'gateway-api': 88.6, istio: 94.9, linkerd: 80.7, kuma: 91.8, consul: 90.3 };

const ESCAPE_HATCH_FEATURES = new Set(['proxy_extension']);

function nativelySupports(view: ReturnType<typeof catalogView>, target: ConvertTargetId, feature: string): boolean {
  if (ESCAPE_HATCH_FEATURES.has(feature)) return false;
  const cell = view.cell(target, feature);
  return !(cell?.level === 'partial' && cell.qualifiers?.includes('escape_hatch_only'));
}

describe('convert: round trip on the corpus (check on the output finds each supported feature, or dropped names it)', function () {
  this.timeout(300_000);
  const view = catalogView();
  const yamlIn = (dir: string) => readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort();
  const inputs = [
    ...yamlIn(CORPUS).map(f => ({ path: f, text: readFileSync(join(CORPUS, f), 'utf8') })),
    ...yamlIn(POLICY_FIXTURES).map(f => ({ path: `policies/${f}`, text: readFileSync(join(POLICY_FIXTURES, f), 'utf8') })),
  ];
  const tallies = new Map<ConvertTargetId, Tally>();

  for (const target of TARGETS) {
    it(`every corpus file → ${target}`, () => {
      const tally: Tally = { found: 0, dropped: 0, missing: [], droppedDetail: [], escapeHatchOnly: 0, inert: 0 };
      tallies.set(target, tally);
      const analyzer = new Analyzer(view);
      // One file at a time, as a user converting that file alone would.
      for (const input of inputs) {
        const [out] = convertFiles([input], { id: target }, view);
        const before = analyzer.inventory(input.text).uses;
        const after = new Set(analyzer.inventory(out.output || input.text).uses.map(u => u.feature));
        const named = new Set(out.dropped.map(d => d.feature).filter(Boolean));
        const seen = new Set<string>();
        const generalRowFound = (use: (typeof before)[number]) => (SMI_API_ROWS[use.feature] ?? []).some(general =>
          before.some(u => u.feature === general && u.field === use.field && u.range.line === use.range.line) && after.has(general));
        for (const use of before) {
          if (seen.has(use.feature) || !targetSupports(view, { id: target }, use.feature)) continue;
          seen.add(use.feature);
          if (foundInOutput(use.feature, target, after) || generalRowFound(use)) tally.found++;
          else if (named.has(use.feature)) {
            tally.dropped++;
            const entries = out.dropped.filter(d => d.feature === use.feature);
            const escapeHatch = !nativelySupports(view, target, use.feature);
            const inert = entries.every(d => d.inert);
            if (escapeHatch) tally.escapeHatchOnly++;
            else if (inert) tally.inert++;
            const tag = escapeHatch ? ' [escape hatch only]' : inert ? ' [inert]' : '';
            tally.droppedDetail.push(`${input.path}: ${use.feature}${tag} — ${entries[0]?.reason ?? ''}`);
          }
          else tally.missing.push(`${input.path}: ${use.feature} (${use.field}, line ${use.range.line})`);
        }
      }
      const supported = tally.found + tally.dropped + tally.missing.length;
      const counted = supported - tally.escapeHatchOnly - tally.inert;
      console.log(`    ${target}: found ${tally.found} of ${supported} supported features (${share(tally.found, supported)} %), dropped with a reason ${tally.dropped}, missing ${tally.missing.length}; counted: ${tally.found} of ${counted} (${share(tally.found, counted)} %) without ${tally.escapeHatchOnly} escape-hatch-only and ${tally.inert} inert`);
      if (process.env.ROUNDTRIP_DETAIL === '1') {
        for (const m of tally.missing) console.log(`      missing ${m}`);
        for (const d of tally.droppedDetail) console.log(`      dropped ${d}`);
      }
      assert.deepStrictEqual(tally.missing, [], `${tally.missing.length} supported features neither found in the output nor named in dropped`);
      const floor = Math.min(GOAL, FLOOR[target]);
      assert.ok(share(tally.found, counted) >= floor, `${target}: ${share(tally.found, counted)} % of the counted features found, below the floor of ${floor} %`);
    });
  }
});
