// The facts in data/*.yaml, validated by the build (scripts/catalog-build.mjs) and supplied by esbuild.mjs:
// embedded in the CLI and tests, read from dist/catalog.json by the extension. Typed in src/core/index.ts.
declare module 'mesh-lens:catalog' {
  const loadCatalog: () => unknown;
  export default loadCatalog;
}
