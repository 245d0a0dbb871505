// npm run test:desktop: the same integration suite (test/integration) in desktop VS Code through
// @vscode/test-electron, as extension authors run it. It downloads VS Code, so it is for machines that
// can; this project's CI machines cannot, and run the suite in code-server instead (npm run test:ext).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = fileURLToPath(new URL('..', import.meta.url));
const ws = mkdtempSync(join(tmpdir(), 'mesh-lens-ws-'));
cpSync(join(root, 'test/fixtures/workspace'), ws, { recursive: true });
let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist-test/integration/index.js'),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`test:desktop: ${e instanceof Error ? e.message : e}`);
  console.error('(needs a VS Code download; where none is possible, npm run test:ext runs the same suite in code-server)');
} finally {
  rmSync(ws, { recursive: true, force: true });
}
process.exit(code);
