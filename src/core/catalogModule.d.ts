// The facts in data/*.yaml, validated and bundled by esbuild.mjs (scripts/catalog-build.mjs).
// Typed as unknown here; src/core/index.ts gives it its Catalog type.
declare module 'mesh-lens:catalog' {
  const catalog: unknown;
  export default catalog;
}
