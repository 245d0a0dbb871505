#!/usr/bin/env node
// `npm run demo`: package Mesh Lens to dist/mesh-lens.vsix (npm run package), start a fresh
// code-server on 127.0.0.1:${PORT:-8080} with that .vsix installed, a copy of samples/ as the workspace and
// {"meshLens.targetMesh": "linkerd"} in the user settings; print the URL; run until Ctrl-C.
//
// Options (for trying other builds): --vsix <file> (skip packaging, install this one),
// --workspace <dir> (default samples/), --settings <file.json> (merged over the demo settings).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, workbenchUrl, parseArgs, readSettingsFile, ROOT } from './harness-server.mjs';

const DEMO_SETTINGS = { 'meshLens.targetMesh': 'linkerd' };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

async function main() {
  const t0 = Date.now();
  const { opts } = parseArgs(process.argv.slice(2), { '--vsix': 'string', '--workspace': 'string', '--settings': 'string' });
  const port = Number(process.env.PORT || 8080);

  run('bash', [path.join(ROOT, 'scripts', 'harness-install.sh')]); // no-op (~0.2 s) when installed

  let vsix = opts.vsix && path.resolve(opts.vsix);
  if (!vsix) {
    run('npm', ['run', '--silent', 'package']); // the same production .vsix users install
    vsix = path.join(ROOT, 'dist', 'mesh-lens.vsix');
  }

  let workspace = path.resolve(opts.workspace || path.join(ROOT, 'samples'));
  if (!fs.existsSync(workspace)) {
    console.warn(`demo: ${workspace} does not exist; opening the repository root instead`);
    workspace = ROOT;
  } else if (!opts.workspace) {
    // A copy, so what the demo writes (e.g. .vscode/settings.json when the target changes) stays out of the repository.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-samples-'));
    fs.cpSync(workspace, copy, { recursive: true });
    process.on('exit', () => fs.rmSync(copy, { recursive: true, force: true }));
    workspace = copy;
  }

  const srv = await startServer({
    workspace, port, installVsix: vsix, smokeTestDriver: false,
    settings: { ...DEMO_SETTINGS, ...readSettingsFile(opts.settings) },
  });
  const url = workbenchUrl(srv);
  const bar = '='.repeat(Math.max(60, url.length + 4));
  console.log(`\n${bar}\n  Mesh Lens demo is running (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n\n  ${url}\n\n`
    + `  workspace: ${workspace}\n  extension: ${vsix.startsWith(ROOT + path.sep) ? path.relative(ROOT, vsix) : vsix}\n  Ctrl-C to stop.\n${bar}\n`);
  srv.child.on('exit', code => {
    if (srv.stopping) return;
    console.error(`code-server exited unexpectedly (${code})\n${srv.logTail()}`);
    srv.stop().then(() => process.exit(1));
  });
  // startServer's signal handlers stop the process group and remove the temp dir on Ctrl-C.
}

main().catch(e => { console.error(`demo: ${e.message || e}`); process.exit(1); });
