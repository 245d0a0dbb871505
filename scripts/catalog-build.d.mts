// Types of scripts/catalog-build.mjs for the TypeScript tests that import it.
import type { Catalog, Source } from '../src/core/model';

/** Evidence as a list of { title, url? }, from `sources:` or an older single string under one of `oldKeys`. */
export function sourcesOf(entry: unknown, ...oldKeys: string[]): Source[];

export function buildCatalog(root: string): { catalog: Catalog; errors: string[]; warnings: string[]; files: string[] };
