// npm run convert:coverage [-- --check]: the README's policy coverage table (source mesh × construct ×
// target: converted / partly / not), derived by running the converter over every input under
// test/fixtures/convert/input/ (src/core/convert/coverage.ts), written between the README's
// convert-coverage markers. --check prints the table and exits 1 when the README's block differs;
// --explain prints, for every cell that is not "converted", the input and the fields dropped.
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from './catalog-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const START = '<!-- convert-coverage:start -->';
const END = '<!-- convert-coverage:end -->';

// The converter and the catalog in one bundle, built the way esbuild.mjs builds the CLI.
const catalogPlugin = {
  name: 'mesh-lens-catalog',
  setup(build) {
    build.onResolve({ filter: /^mesh-lens:catalog$/ }, () => ({ path: 'catalog', namespace: 'mesh-lens-catalog' }));
    build.onLoad({ filter: /.*/, namespace: 'mesh-lens-catalog' }, () => {
      const { catalog, errors } = buildCatalog(root);
      if (errors.length) return { errors: errors.map(text => ({ text: `data: ${text}` })) };
      return { contents: `module.exports = () => (${JSON.stringify(catalog)});`, loader: 'js' };
    });
  },
};
const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-coverage-'));
const outfile = join(dir, 'coverage.cjs');
try {
  await esbuild.build({
    stdin: {
      contents: "export { convertCoverage, renderCoverage } from './src/core/convert/coverage';\nexport { catalogView } from './src/core/index';\n",
      resolveDir: root, loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error', plugins: [catalogPlugin],
  });
} catch {
  rmSync(dir, { recursive: true, force: true });
  process.exit(2);
}
const { convertCoverage, renderCoverage, catalogView } = createRequire(import.meta.url)(outfile);
rmSync(dir, { recursive: true, force: true });

function yamlFiles(d, out = []) {
  for (const f of readdirSync(d).sort()) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) yamlFiles(p, out); else if (/\.ya?ml$/.test(f)) out.push(p);
  }
  return out;
}
const inputDir = join(root, 'test/fixtures/convert/input');
const inputs = yamlFiles(inputDir).map(p => ({ path: relative(inputDir, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
const view = catalogView();
const explain = process.argv.includes('--explain') ? line => console.log(line) : undefined;
const table = renderCoverage(convertCoverage(inputs, view, explain), view);

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(START), end = readme.indexOf(END);
if (start < 0 || end < start) {
  console.error(`README.md has no ${START} … ${END} block: add the two markers in the Convert section.`);
  process.exit(2);
}
const updated = `${readme.slice(0, start + START.length)}\n${table}${readme.slice(end)}`;
if (process.argv.includes('--check')) {
  process.stdout.write(table);
  if (updated !== readme) { console.error('README.md: the coverage table is out of date; run npm run convert:coverage.'); process.exit(1); }
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  console.log(`README.md: coverage table written (${inputs.length} inputs).`);
} else {
  console.log(`README.md: coverage table up to date (${inputs.length} inputs).`);
}
