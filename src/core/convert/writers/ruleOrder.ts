// Rule order across meshes. Istio and Consul take the first rule that matches; Gateway API, Linkerd
// and Kuma take the most specific one. Converting between the two can change which rule answers a
// request: a later rule an earlier one fully covers was unreachable in the source and would become
// reachable, and a later, more specific rule would win requests the earlier one used to take.
import type { PathMatch, RouteMatch, RouteRule, ValueMatch } from '../model';

/** What a first-match-wins rule list turns into when the target picks the most specific rule. */
export interface FirstMatchOrder {
  /** Rules an earlier rule fully covers: never reached in the source. */
  shadowed: { index: number; by: number }[];
  /** Reachable rules that would take, in the target, requests an earlier rule took in the source. */
  overtakes: { index: number; over: number }[];
}

/** Checks a first-match-wins rule list (`route.ordered`) against a specificity-sorted target. */
export function checkFirstMatchOrder(rules: RouteRule[]): FirstMatchOrder {
  const shadowed: FirstMatchOrder['shadowed'] = [];
  const overtakes: FirstMatchOrder['overtakes'] = [];
  const reachable: number[] = [];
  rules.forEach((rule, j) => {
    const later = matchesOf(rule);
    // A widened match took less in the source than it does here, so it proves nothing unreachable.
    const by = reachable.find(i => later.every(m => matchesOf(rules[i]).some(e => !e?.widened && matchCovers(e, m))));
    if (by !== undefined) { shadowed.push({ index: j, by }); return; }
    const over = reachable.find(i => matchesOf(rules[i]).some(e => later.some(m => matchesOverlap(e, m) && comparePrecedence(m, e) < 0)));
    if (over !== undefined) overtakes.push({ index: j, over });
    reachable.push(j);
  });
  return { shadowed, overtakes };
}

/** A rule without matches takes every request. */
function matchesOf(rule: RouteRule): (RouteMatch | undefined)[] {
  return rule.matches.length ? rule.matches : [undefined];
}

/**
 * True when every request `b` takes is taken by `a` too. Path prefixes are compared as strings (the
 * semantics of the first-match sources, Istio and Consul), so `/api` covers `/apis`.
 */
export function matchCovers(a: RouteMatch | undefined, b: RouteMatch | undefined): boolean {
  if (!a) return true;
  if (!b) return isCatchAll(a);
  if (a.path && !pathCovers(a.path, b.path)) return false;
  if (a.method && a.method.value !== b.method?.value) return false;
  if (a.port && a.port.value !== b.port?.value) return false;
  if (a.grpc && !(b.grpc && a.grpc.type === b.grpc.type && (!a.grpc.service || a.grpc.service === b.grpc.service) && (!a.grpc.method || a.grpc.method === b.grpc.method))) return false;
  return valuesCover(a.headers, b.headers) && valuesCover(a.queryParams, b.queryParams);
}

function isCatchAll(m: RouteMatch): boolean {
  return (!m.path || (m.path.type === 'PathPrefix' && m.path.value === '/')) && !m.method && !m.port && !m.grpc && !m.headers.length && !m.queryParams.length;
}

function pathCovers(a: PathMatch, b: PathMatch | undefined): boolean {
  if (a.type === 'PathPrefix' && a.value === '/') return true;
  if (!b) return false;
  if (a.type === 'RegularExpression') return b.type === 'RegularExpression' && a.value === b.value;
  if (a.type === 'Exact') return b.type === 'Exact' && a.value === b.value;
  return b.type !== 'RegularExpression' && b.value.startsWith(a.value);
}

function valuesCover(a: ValueMatch[], b: ValueMatch[]): boolean {
  return a.every(x => b.some(y => y.name.toLowerCase() === x.name.toLowerCase() && (x.type === 'Present' || (x.type === y.type && x.value === y.value))));
}

/** False only when no request can satisfy both matches; unknown cases (regular expressions) may overlap. */
export function matchesOverlap(a: RouteMatch | undefined, b: RouteMatch | undefined): boolean {
  if (!a || !b) return true;
  if (a.path && b.path && !pathsOverlap(a.path, b.path)) return false;
  if (a.method && b.method && a.method.value !== b.method.value) return false;
  if (a.port && b.port && a.port.value !== b.port.value) return false;
  return valuesOverlap(a.headers, b.headers) && valuesOverlap(a.queryParams, b.queryParams);
}

function pathsOverlap(a: PathMatch, b: PathMatch): boolean {
  if (a.type === 'RegularExpression' || b.type === 'RegularExpression') return true;
  if (a.type === 'Exact' && b.type === 'Exact') return a.value === b.value;
  if (a.type === 'Exact') return a.value.startsWith(b.value);
  if (b.type === 'Exact') return b.value.startsWith(a.value);
  return a.value.startsWith(b.value) || b.value.startsWith(a.value);
}

function valuesOverlap(a: ValueMatch[], b: ValueMatch[]): boolean {
  return a.every(x => b.every(y => x.name.toLowerCase() !== y.name.toLowerCase() || x.type !== 'Exact' || y.type !== 'Exact' || x.value === y.value));
}

/**
 * Gateway API precedence (HTTPRoute `rules[].matches` description): an Exact path, then the longest
 * prefix, then a method, then the most header matches, then the most query matches. A match without a
 * path is the prefix `/`. Regular expressions are implementation-specific; they rank between `/` and
 * any longer prefix here, so a catch-all never hides them. Negative when `a` is more specific than `b`.
 */
export function comparePrecedence(a: RouteMatch | undefined, b: RouteMatch | undefined): number {
  const rank = (m: RouteMatch | undefined): number[] => {
    const path = m?.path;
    const kind = path?.type === 'Exact' ? 2 : 1;
    const length = !path ? 1 : path.type === 'RegularExpression' ? 1.5 : path.value.length;
    return [kind, length, m?.method ? 1 : 0, m?.headers.length ?? 0, m?.queryParams.length ?? 0];
  };
  const ra = rank(a), rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
  return 0;
}
