// The golden input files of the converter (test/fixtures/convert/input/<mesh>/), found from the
// bundled test (dist-test…/unit/convert) or the source tree.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as yaml from 'js-yaml';
import type { InputContext, InputResource } from '../../../src/core/convert/contract';

const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

export function inputFixture(mesh: string, file: string): string {
  return readFileSync(join(ROOT, 'test/fixtures/convert/input', mesh, file), 'utf8');
}

/** What the pipeline's input context lists for `resources(owner, kind)`, from the documents of YAML texts of one owner. */
export function inputResources(owner: string, ...texts: string[]): Pick<InputContext, 'resources'> {
  const all: InputResource[] = [];
  for (const text of texts) {
    for (const doc of yaml.loadAll(text) as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string }; spec?: unknown }[]) {
      if (!doc?.kind) continue;
      all.push({ apiVersion: doc.apiVersion ?? '', kind: doc.kind, name: doc.metadata?.name ?? '', namespace: doc.metadata?.namespace, spec: doc.spec, line: 1 });
    }
  }
  return { resources: (o, kind) => (o === owner ? all.filter(r => r.kind === kind) : []) };
}
