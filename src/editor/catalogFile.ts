// The facts (dist/catalog.json) are read with vscode.workspace.fs from the extension's own URI, on the
// first need: the same code on the desktop and in VS Code for the Web, where a web worker has no `fs`.
// Reading is async and the engine's catalogView() is sync, so every entry point that needs the facts
// (analysis, hover, target picker, Compare meshes, Convert) awaits whenCatalogRead() first.
import * as vscode from 'vscode';
import { catalogLoaded, useCatalog } from '../core/index';
import type { Catalog } from '../core/index';

let extensionUri: vscode.Uri | undefined;
let reading: Promise<void> | undefined;
/** Set when reading failed: callers stop waiting (and the engine says the catalog is missing). */
let failed = false;

/** activate() says where the extension lives; nothing is read until something needs the facts. */
export function useExtensionUri(uri: vscode.Uri): void {
  extensionUri = uri;
}

/**
 * Undefined once the catalog is in the engine (or could not be read); else a promise that resolves when
 * it is. It never rejects: a missing or broken catalog file (a damaged install) is said once, in an
 * error message, and is not read again and again.
 */
export function whenCatalogRead(): Promise<void> | undefined {
  if (catalogLoaded() || failed) return undefined;
  return (reading ??= readCatalog());
}

async function readCatalog(): Promise<void> {
  try {
    if (!extensionUri) throw new Error('the extension was not activated');
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'catalog.json'));
    useCatalog(JSON.parse(new TextDecoder().decode(bytes)) as Catalog);
  } catch (e) {
    failed = true;
    const message = `Mesh Lens could not read its support data (dist/catalog.json): ${(e as Error).message}. Reinstalling the extension should fix it.`;
    console.error(message);
    void vscode.window.showErrorMessage(message);
  }
}
