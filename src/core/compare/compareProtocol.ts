// Messages between the compare panel's host (src/comparePanel.ts) and its page (src/webview/compare.ts),
// and the page shell both the host and the browser test serve. Pure: no vscode, no DOM.
import type { Range, Target } from '../model';
import type { CompareCatalog, ComparePanelState, Usage } from './matrix';

export const COMPARE_VIEW_TYPE = 'meshLens.compare';

/** First message after the page says `ready` (also after a reload or a restore). */
export interface InitMessage {
  type: 'init';
  catalog: CompareCatalog;
  usage: Usage;
  state: ComparePanelState;
  target: Target | null;
  /** Scroll to this feature and highlight it (quick fix / hover "Compare…"). */
  focusFeature?: string;
}

/** The target or the workspace changed; the page keeps its own state. */
export interface UpdateMessage {
  type: 'update';
  catalog?: CompareCatalog;
  usage: Usage;
  target: Target | null;
}

export interface RevealMessage { type: 'reveal'; feature: string }

export type HostToPage = InitMessage | UpdateMessage | RevealMessage;

export interface ReadyMessage { type: 'ready' }
export interface StateChangedMessage { type: 'stateChanged'; state: ComparePanelState }
export interface OpenLocationMessage { type: 'openLocation'; uri: string; range: Range }
/** `state` is what the page shows right now, so the export matches it exactly. */
export interface ExportMessage { type: 'export'; format: 'markdown' | 'csv'; state: ComparePanelState }
export interface PickTargetMessage { type: 'pickTarget' }
/** A click on an evidence link: the host opens it outside VS Code (only URLs the catalog holds). */
export interface OpenLinkMessage { type: 'openLink'; url: string }

export type PageToHost = ReadyMessage | StateChangedMessage | OpenLocationMessage | ExportMessage | PickTargetMessage | OpenLinkMessage;

function isRange(value: unknown): value is Range {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return ['line', 'column', 'endLine', 'endColumn'].every(k => typeof r[k] === 'number' && Number.isInteger(r[k]) && (r[k] as number) >= 1);
}

/** The host trusts nothing the page sends: check the shape before acting on it. */
export function isPageToHost(value: unknown): value is PageToHost {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'pickTarget':
      return true;
    case 'stateChanged':
      return !!m.state && typeof m.state === 'object';
    case 'openLocation':
      return typeof m.uri === 'string' && isRange(m.range);
    case 'openLink':
      return typeof m.url === 'string' && /^https?:\/\//i.test(m.url);
    case 'export':
      return (m.format === 'markdown' || m.format === 'csv') && (m.state === undefined || typeof m.state === 'object');
    default:
      return false;
  }
}

export function isHostToPage(value: unknown): value is HostToPage {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'init': return !!m.catalog && !!m.usage && !!m.state;
    case 'update': return !!m.usage;
    case 'reveal': return typeof m.feature === 'string';
    default: return false;
  }
}

export interface ShellOptions {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function compareCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource}; font-src ${cspSource}`;
}

/** The page shell: no data in it; everything arrives by postMessage and is set with textContent. */
export function compareHtml(o: ShellOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(compareCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>Compare meshes</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading the comparison…</p></main>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
