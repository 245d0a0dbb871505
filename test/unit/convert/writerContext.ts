// A WriteContext for writer tests: it records what a writer dropped, needed and noted, and attaches
// the same comments the pipeline would (`mesh-lens: not converted: …`, `mesh-lens: set …`), so a test
// can assert both the report entries and the comments a user reads in the YAML.
import type { InputContext, WriteContext } from '../../../src/core/convert/contract';
import type { ConvertTarget, Origin, ServiceInfo, SourceRef, Subset } from '../../../src/core/convert/model';
import type { OutMap, OutValue } from '../../../src/core/convert/output';
import { comment } from '../../../src/core/convert/output';

export interface WriteRecord {
  ctx: WriteContext;
  dropped: { field: string; reason: string; inert?: true }[];
  needs: { what: string; line: number }[];
}

export function writeContext(target: ConvertTarget, input: { services?: ServiceInfo[]; subsets?: Subset[] } = {}): WriteRecord {
  const record: WriteRecord = { ctx: undefined as unknown as WriteContext, dropped: [], needs: [] };
  const inputContext: InputContext = {
    service: (name, namespace) => input.services?.find(s => s.name === name && (!namespace || !s.namespace || s.namespace === namespace)),
    subset: (host, name, namespace) => input.subsets?.find(s => s.host.split('.')[0] === host.split('.')[0] && s.name === name && (!namespace || !s.namespace || s.namespace === namespace)),
  };
  record.ctx = {
    target,
    catalog: undefined as never,
    input: inputContext,
    drop(origin: Origin, reason: string, at?: OutMap | OutValue[], key?: string) {
      record.dropped.push({ field: origin.path, reason });
      if (at) comment(at, `mesh-lens: not converted: ${origin.path} — ${reason}`, key);
    },
    dropInert(origin: Origin, reason: string, at?: OutMap | OutValue[], key?: string) {
      record.dropped.push({ field: origin.path, reason, inert: true });
      if (at) comment(at, `mesh-lens: not converted: ${origin.path} — ${reason}`, key);
    },
    need(what: string, origin: Origin, at?: OutMap | OutValue[], key?: string) {
      record.needs.push({ what, line: origin.line });
      if (at) comment(at, `mesh-lens: set ${what}`, key);
    },
    note(text: string, at: OutMap | OutValue[], key?: string) { comment(at, text, key); },
    supports: () => true,
  };
  return record;
}

/** An origin for hand-built model elements: the path is what reports show. */
export function at(path: string, line = 1): Origin {
  return { path, line };
}

export function sourceRef(apiVersion: string, kind: string, name: string, namespace?: string): SourceRef {
  return { apiVersion, kind, name, namespace, line: 1, docIndex: 0 };
}
