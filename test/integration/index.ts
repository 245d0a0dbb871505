// Entry point the extension host loads (extensionTestsPath): runs every *.test.js in this folder.
import * as path from 'node:path';

export function run(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runner = require(path.resolve(__dirname, '../../test/harness/mocha-runner.js')) as { run(dir: string): Promise<void> };
  return runner.run(__dirname);
}
