// Runs one reader on YAML text the way the pipeline will, and collects what it said: the model
// fragment, the fields it dropped (with reasons), the context it needs, and the spec fields it left
// unread (which the pipeline would report as "not converted" with no reason — a reader bug).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument, splitDocuments } from '../../../src/core/parsing/yamlTree';
import { SourceTracker, SourceView } from '../../../src/core/convert/source';
import type { InputContext, ReadContext, Reader } from '../../../src/core/convert/contract';
import type { ConvertTarget, ModelFragment, Origin, SourceRef } from '../../../src/core/convert/model';

export interface ReadResult {
  fragment: ModelFragment | undefined;
  dropped: { field: string; reason: string; inert?: true }[];
  needs: { what: string; line: number }[];
  /** Fields under `spec` the reader neither used nor dropped. */
  unused: string[];
}

/** Reads the first document of `yaml`. */
export function readOne(yaml: string, reader: Reader, input?: Partial<InputContext>, target: ConvertTarget = { id: 'gateway-api' }): ReadResult {
  return readEach(yaml, reader, input, target)[0];
}

/** Reads every document of `yaml` (a fixture file), each on its own as the pipeline does. */
export function readEach(yaml: string, reader: Reader, input?: Partial<InputContext>, target: ConvertTarget = { id: 'gateway-api' }): ReadResult[] {
  const lineOf = lineIndex(yaml);
  const context: InputContext = {
    ...input,
    service: input?.service ?? (() => undefined),
    subset: input?.subset ?? (() => undefined),
  };
  const results: ReadResult[] = [];
  splitDocuments(yaml).forEach((range, index) => {
    const doc = parseDocument(yaml, range, index);
    if (doc.error) throw new Error(`YAML error in test input: ${doc.error.message}`);
    if (!doc.root) return;
    const tracker = new SourceTracker(doc, lineOf);
    const root = new SourceView(tracker, doc.root, [], doc.root.start);
    const kind = root.get('kind').peek() ?? '';
    const source: SourceRef = {
      apiVersion: root.get('apiVersion').peek() ?? '', kind,
      name: root.at('metadata', 'name').peek() ?? '', namespace: root.at('metadata', 'namespace').peek(),
      line: root.line, docIndex: index,
    };
    const result: ReadResult = { fragment: undefined, dropped: [], needs: [], unused: [] };
    const ctx: ReadContext = {
      root, source, target, input: context,
      drop(field: SourceView | Origin, reason: string) {
        if (field instanceof SourceView) { field.use(); result.dropped.push({ field: field.field, reason }); }
        else result.dropped.push({ field: field.path, reason });
      },
      dropInert(field: SourceView | Origin, reason: string) {
        if (field instanceof SourceView) { field.use(); result.dropped.push({ field: field.field, reason, inert: true }); }
        else result.dropped.push({ field: field.path, reason, inert: true });
      },
      need(what: string, at: Origin) { result.needs.push({ what, line: at.line }); },
    };
    result.fragment = reader.read(kind, ctx);
    result.unused = root.get('spec').unused().map(v => v.field);
    results.push(result);
  });
  return results;
}

/** 1-based line of an offset in `text`. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return offset => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
    return lo + 1;
  };
}

/** A copy of a model value without its `origin`, `fields` (source fields) and `from` (source resource) keys, for comparing the meaning alone. */
export function withoutOrigins<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutOrigins) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'origin' && k !== 'fields' && !(k === 'from' && typeof v === 'object')) out[k] = withoutOrigins(v);
    return out as T;
  }
  return value;
}

/** The text of a golden input, `test/fixtures/convert/input/<mesh>/<file>`, found from the bundled test or the source tree. */
export function inputFixture(mesh: string, file: string): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'test', 'fixtures', 'convert')) && dirname(dir) !== dir) dir = dirname(dir);
  return readFileSync(join(dir, 'test', 'fixtures', 'convert', 'input', mesh, file), 'utf8');
}
