'use strict';
// Mocha runner for tests that execute inside VS Code's (code-server's) real extension host.
// The module named by extensionTestsPath must export run(); make it call this:
//   exports.run = () => require('<path>/test/harness/mocha-runner.js').run(__dirname);
// Adds every *.test.js directly in testsDir (sorted), runs them with the bdd UI and prints
// `N passed, N failed` as its last line. Resolves when all pass; rejects otherwise, which makes
// the extension host exit with code 1 (scripts/harness-ext-tests.mjs turns that into its exit code).
// Optional filters (set in code-server's environment, which the extension host inherits):
//   HARNESS_MOCHA_GREP=<regexp>  only tests whose full title matches.
const fs = require('fs');
const path = require('path');

function loadMocha() {
  const m = require('mocha'); // mocha@11 (root devDependency); mocha@12 exposes .Mocha
  return typeof m === 'function' ? m : m.Mocha;
}

function run(testsDir, options = {}) {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, ...options });
  if (process.env.HARNESS_MOCHA_GREP) mocha.grep(new RegExp(process.env.HARNESS_MOCHA_GREP));
  const files = fs.readdirSync(testsDir).filter(f => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(testsDir, f));
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      console.log(`no *.test.js files in ${testsDir}`);
      console.log('0 passed, 1 failed');
      reject(new Error(`no *.test.js files in ${testsDir}`));
      return;
    }
    let runner;
    try {
      runner = mocha.run(failures => {
        const { passes = 0, failures: failed = failures } = runner.stats || {};
        console.log(`${passes} passed, ${failed} failed`);
        if (failures) reject(new Error(`${failures} tests failed.`));
        else if (passes === 0) reject(new Error('no test ran'));
        else resolve();
      });
    } catch (err) { // e.g. a syntax error or a missing module while loading a test file
      console.error(err && err.stack || String(err));
      console.log('0 passed, 1 failed');
      reject(err);
    }
  });
}

module.exports = { run };
