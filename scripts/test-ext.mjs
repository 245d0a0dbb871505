// npm run test:ext: the integration suite inside a real VS Code extension host (code-server, see
// HARNESS.md), against a temporary copy of test/fixtures/workspace. Exit code = the suite's.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ws = mkdtempSync(join(tmpdir(), 'mesh-lens-ws-'));
cpSync(join(root, 'test/fixtures/workspace'), ws, { recursive: true });
const r = spawnSync(process.execPath, [join(root, 'scripts/harness-ext-tests.mjs'), root, join(root, 'dist-test/integration/index.js'), ws, ...process.argv.slice(2)], { stdio: 'inherit' });
rmSync(ws, { recursive: true, force: true });
process.exit(r.status ?? 1);
