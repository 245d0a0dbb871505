// The converter is its own bundle (dist/converter.js), loaded the first time a user converts, so the
// extension's code bundle stays small and activation loads none of it. The web build takes
// converter.web.ts instead (esbuild.mjs).
import type * as Converter from '../core/convert/index';

let loaded: typeof Converter | undefined;

export function converter(): typeof Converter {
  // A computed path: the bundler leaves it alone and Node resolves it next to dist/extension.js.
  const file = ['.', 'converter.js'].join('/');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require(file) as typeof Converter);
}
