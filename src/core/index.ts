// The engine's public face: text in, findings out. Pure: no vscode, no Node built-ins.
import loadCatalog from 'mesh-lens:catalog';
import type { AnalysisResult, AnalyzeOptions, Catalog } from './model';
import { Analyzer } from './analysis/analyze';
import { CatalogView } from './catalog';

export * from './model';
export { Analyzer, composeRegions, FileAnalysis } from './analysis/analyze';
export type { FileInventory, ChangedRegion } from './analysis/analyze';
export { CatalogView, parseTarget, formatTarget, compareVersions } from './catalog';
export { readDirectives } from './parsing/directives';

let loaded: Catalog | undefined;
let view: CatalogView | undefined;
let analyzer: Analyzer | undefined;

/**
 * Hands the engine its facts when the face reads them itself (the editor reads dist/catalog.json with
 * vscode.workspace.fs, which is async); the CLI and tests keep the catalog the build embedded.
 */
export function useCatalog(catalog: Catalog): void {
  loaded = catalog;
  view = undefined;
  analyzer = undefined;
}

/** The facts: those handed in by useCatalog, else the ones the build bundled (loaded on first use). */
export function getCatalog(): Catalog {
  return (loaded ??= loadCatalog() as Catalog);
}

/** Whether the catalog was loaded yet (the editor checks that activation stays lazy). */
export function catalogLoaded(): boolean {
  return loaded !== undefined;
}

/** The bundled catalog's query view (built once). */
export function catalogView(): CatalogView {
  return (view ??= new CatalogView(getCatalog()));
}

/** Analyses YAML text against the bundled catalog. Never throws on any input. */
export function analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  return (analyzer ??= new Analyzer(catalogView())).analyze(text, options);
}
export { describeAt, hoverMarkdown, supportRow, escapeMarkdown } from './hover/describe';
export type { Description, SupportRow } from './hover/describe';
export { FieldDocIndex } from './hover/fieldDocs';
export type { FieldDoc, KindDoc } from './hover/fieldDocs';
// The converter is imported from './convert' by who needs it (the CLI, the editor's lazy bundle), so
// loading the engine does not load it.
export type { ConvertedFile, ConvertTarget, ConvertTargetId } from './convert';
