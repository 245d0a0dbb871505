// What the whole input of a run tells about the cluster: the plain Kubernetes Services (a per-subset
// Service copies their selector and ports) and the subsets every reader found (DestinationRule,
// ServiceResolver). Built before any writer runs, from every file of the run.
import type { InputContext, InputResource } from './contract';
import type { ServiceInfo, Subset } from './model';
import type { YDocument } from '../parsing/yamlTree';
import { deref, getValue, mapEntries, scalarText } from '../parsing/yamlTree';
import { scalarValue } from './source';

/** Short name of a host: `reviews.prod.svc.cluster.local` → reviews (namespace prod). */
function hostParts(host: string): { name: string; namespace?: string } {
  const parts = host.split('.');
  return parts.length >= 2 && !host.includes('*') ? { name: parts[0], namespace: parts[1] } : { name: host };
}

export class RunInput implements InputContext {
  private readonly services: ServiceInfo[] = [];
  private readonly subsets: Subset[] = [];
  private readonly meshResources = new Map<string, InputResource[]>();

  /** Records a recognised mesh resource (its spec as plain data) for readers that look one up. */
  addResource(owner: string, doc: YDocument, lineOf: (offset: number) => number, reparse: () => YDocument): void {
    const root = deref(doc, doc.root);
    if (!root || root.t !== 'map') return;
    const kind = scalarText(doc, getValue(doc, root, 'kind'));
    const meta = getValue(doc, root, 'metadata');
    const name = scalarText(doc, getValue(doc, meta, 'name'));
    if (!kind || !name) return;
    const key = `${owner}|${kind}`;
    const list = this.meshResources.get(key) ?? [];
    // The spec as plain data is built on first read, from the text (the tree is not kept): few readers look other resources up.
    let spec: unknown, built = false;
    list.push({
      apiVersion: scalarText(doc, getValue(doc, root, 'apiVersion')) ?? '', kind, name,
      namespace: scalarText(doc, getValue(doc, meta, 'namespace')), line: lineOf(root.start),
      get spec() {
        if (!built) { const again = reparse(); spec = plain(again, getValue(again, deref(again, again.root), 'spec'), 0); built = true; }
        return spec;
      },
    });
    this.meshResources.set(key, list);
  }

  resources(owner: string, kind: string): InputResource[] { return this.meshResources.get(`${owner}|${kind}`) ?? []; }

  /** Records a document if it is a plain v1 Service. */
  addDocument(doc: YDocument, lineOf: (offset: number) => number): ServiceInfo | undefined {
    const root = deref(doc, doc.root);
    if (!root || root.t !== 'map') return;
    if (scalarText(doc, getValue(doc, root, 'apiVersion')) !== 'v1' || scalarText(doc, getValue(doc, root, 'kind')) !== 'Service') return;
    const meta = getValue(doc, root, 'metadata');
    const name = scalarText(doc, getValue(doc, meta, 'name'));
    if (!name) return;
    const spec = getValue(doc, root, 'spec');
    const selectorNode = deref(doc, getValue(doc, spec, 'selector'));
    let selector: Record<string, string> | undefined;
    if (selectorNode?.t === 'map') {
      selector = {};
      for (const e of mapEntries(doc, selectorNode)) {
        const k = scalarText(doc, e.key), v = deref(doc, e.value);
        if (k !== undefined && v?.t === 'scalar') selector[k] = v.value;
      }
    }
    const info: ServiceInfo = {
      name, namespace: scalarText(doc, getValue(doc, meta, 'namespace')), selector,
      ports: plainList(doc, getValue(doc, spec, 'ports')), line: lineOf(root.start),
    };
    this.services.push(info);
    return info;
  }

  addSubsets(subsets: Subset[]): void { this.subsets.push(...subsets); }

  service(name: string, namespace?: string): ServiceInfo | undefined {
    const { name: short, namespace: fromHost } = hostParts(name);
    const ns = namespace ?? fromHost;
    const matches = this.services.filter(s => s.name === short);
    // A namespace on either side must agree; a Service written without one matches any.
    return matches.find(s => s.namespace === ns) ?? matches.find(s => !ns || !s.namespace);
  }

  subset(host: string, name: string, namespace?: string): Subset | undefined {
    const { name: short, namespace: fromHost } = hostParts(host);
    const ns = namespace ?? fromHost;
    const matches = this.subsets.filter(s => s.name === name && hostParts(s.host).name === short);
    return matches.find(s => (s.namespace ?? hostParts(s.host).namespace) === ns) ?? matches.find(s => !ns || !(s.namespace ?? hostParts(s.host).namespace));
  }
}

function plainList(doc: YDocument, node: ReturnType<typeof getValue>): unknown[] {
  const n = deref(doc, node);
  if (!n || n.t !== 'seq') return [];
  return n.items.map(i => plain(doc, i, 0));
}

function plain(doc: YDocument, node: ReturnType<typeof getValue>, depth: number): unknown {
  const n = deref(doc, node);
  if (!n || depth > 64) return undefined;
  if (n.t === 'scalar') return scalarValue(n.value, n.quoted);
  if (n.t === 'seq') return n.items.map(i => plain(doc, i, depth + 1));
  if (n.t === 'map') {
    const o: Record<string, unknown> = {};
    for (const e of mapEntries(doc, n)) { const k = scalarText(doc, e.key); if (k !== undefined) o[k] = plain(doc, e.value, depth + 1); }
    return o;
  }
  return undefined;
}
