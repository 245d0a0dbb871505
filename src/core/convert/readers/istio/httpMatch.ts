// The match conditions of an Istio VirtualService `http[]` rule. Istio match entries are OR'ed and the
// fields inside one entry AND'ed, as in Gateway API. A condition the model cannot hold is dropped on its
// field with a reason that says the rule now matches more requests, never silently.
import type { ReadContext } from '../../contract';
import type { RouteMatch, ValueMatch } from '../../model';
import type { SourceView } from '../../source';
import { readNumber } from '../fieldValues';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** One Istio match entry; a method given by prefix or regex becomes one match per concrete method. */
export function readHttpMatch(m: SourceView, ctx: ReadContext): RouteMatch[] {
  const out: RouteMatch = { headers: [], queryParams: [], origin: m.origin };
  const uri = m.get('uri');
  if (uri.exists) {
    const s = readStringMatch(uri);
    if (s?.type === 'Exact') out.path = { type: 'Exact', value: s.value, origin: uri.origin };
    // Istio's prefix is a string prefix; kept as written, the writer says what changes.
    else if (s?.type === 'Prefix') out.path = { type: 'PathPrefix', value: s.value, origin: uri.origin };
    else if (s?.type === 'RegularExpression') out.path = { type: 'RegularExpression', value: s.value, origin: uri.origin };
    else { ctx.drop(uri, 'This path match has no exact, prefix or regex value, so the rule would match every path.'); out.widened = true; }
  }
  out.headers = readValueMap(m.get('headers'), ctx);
  out.queryParams = readValueMap(m.get('queryParams'), ctx);
  const port = readNumber(m.get('port'), ctx);
  if (port !== undefined) out.port = { value: port, origin: m.get('port').origin };

  const widens = (field: string, what: string) => {
    const v = m.get(field);
    if (v.exists) { ctx.drop(v, `${what}, so this rule would also take requests that do not meet this condition.`); out.widened = true; }
  };
  widens('withoutHeaders', 'A match on headers being absent cannot be expressed in the target');
  widens('sourceLabels', 'Matching on the labels of the calling workload cannot be expressed in the target');
  widens('sourceNamespace', 'Matching on the namespace of the caller cannot be expressed on this route');
  widens('gateways', 'Restricting one match to some gateways cannot be expressed in the target');
  widens('ignoreUriCase', 'Case-insensitive path matching cannot be expressed in the target');
  widens('authority', 'Matching on the authority (Host) inside a rule cannot be expressed in the target');
  widens('scheme', 'Matching on the URL scheme cannot be expressed in the target');
  for (const field of ['name', 'statPrefix']) {
    const v = m.get(field);
    if (v.exists) ctx.drop(v, 'Names of match conditions only label Istio\'s metrics and have no equivalent.');
  }

  const method = m.get('method');
  if (!method.exists) return [out];
  const methods = readMethods(method, ctx);
  if (!methods) return [out];
  return methods.map(value => ({ ...out, headers: [...out.headers], queryParams: [...out.queryParams], method: { value, origin: method.origin } }));
}

/** Istio StringMatch `{exact|prefix|regex}`; an empty map is a presence check. */
function readStringMatch(v: SourceView): { type: ValueMatch['type']; value: string } | undefined {
  for (const [key, type] of [['exact', 'Exact'], ['prefix', 'Prefix'], ['regex', 'RegularExpression']] as const) {
    const value = v.get(key).str();
    if (value !== undefined) return { type, value };
  }
  if (v.isMap && v.keys().length === 0) { v.use(); return { type: 'Present', value: '' }; }
  return undefined;
}

function readValueMap(map: SourceView, ctx: ReadContext): ValueMatch[] {
  const out: ValueMatch[] = [];
  for (const [name, v] of map.entries()) {
    const s = readStringMatch(v);
    if (s) out.push({ name, ...s, origin: v.origin });
    else ctx.drop(v, `The condition on ${name} has no exact, prefix or regex value, so the rule would match without it.`);
  }
  return out;
}

/** Exact → one method; prefix or an alternation regex (`GET|HEAD`) → the methods it takes. */
function readMethods(method: SourceView, ctx: ReadContext): string[] | undefined {
  const exact = method.get('exact').str();
  if (exact !== undefined) return [exact];
  const prefix = method.get('prefix').peek();
  if (prefix !== undefined) {
    const list = HTTP_METHODS.filter(m => m.startsWith(prefix));
    if (list.length) { method.get('prefix').use(); return list; }
  }
  const regex = method.get('regex').peek();
  if (regex !== undefined) {
    const list = /^\^?\(?([A-Z]+(\|[A-Z]+)*)\)?\$?$/.exec(regex)?.[1].split('|');
    if (list) { method.get('regex').use(); return list; }
  }
  ctx.drop(method, 'This method condition names no concrete HTTP methods, so the rule would match every method.');
  return undefined;
}
