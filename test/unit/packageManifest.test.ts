import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCatalog } from '../../src/core/index';
import { REPO } from './fixtures';

// VS Code reads the target choices from package.json, the engine from data/meshes.yaml: they must agree,
// or the settings editor offers a mesh the engine rejects (or hides one it knows).
describe('package.json: the meshLens.targetMesh choices are the catalog\'s targets', () => {
  const setting = () => JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).contributes.configuration.properties['meshLens.targetMesh'];

  it('the enum is None and then every target id, in the catalog\'s order', () => {
    assert.deepStrictEqual(setting().enum, [null, ...getCatalog().targets.map(t => t.id)]);
  });
  it('the labels are the targets\' names', () => {
    assert.deepStrictEqual(setting().enumItemLabels, ['None', ...getCatalog().targets.map(t => t.name)]);
  });
  it('the descriptions are the targets\' descriptions', () => {
    const [none, ...rest] = setting().enumDescriptions as string[];
    assert.strictEqual(none, 'No target: each resource is checked against its own mesh.');
    assert.deepStrictEqual(rest, getCatalog().targets.map(t => t.description));
  });
});
