import type {
  ApiVersionRule, FeatureUse, Finding, Qualifier, Resource, Severity, SeverityMap, SupportLevel, Target,
} from '../model';
import { CatalogView, compareVersions } from '../catalog';

export const DEFAULT_SEVERITIES: SeverityMap = { unsupported: 'warning', partial: 'information', unknown: 'hint', notRead: 'information' };

interface Verdict {
  level: SupportLevel;
  qualifiers: Qualifier[];
  severity: Severity | 'off' | null;
  /** The sentence after the dash: the target cell's summary, or a version fact. Dropped when the message would be too long. */
  detail?: string;
  equivalent?: string;
  /** Overrides the standard first part of the message. */
  message?: string;
}

function severityFor(level: SupportLevel, sev: SeverityMap): Severity | 'off' | null {
  switch (level) {
    case 'unsupported': return sev.unsupported;
    case 'partial': return sev.partial;
    case 'unknown': return sev.unknown;
    default: return null;
  }
}

const isNone = (s?: string) => !s || /^\s*(none|no\b|n\/a)/i.test(s);

/** The longest diagnostic message; past it the sentence after the dash is dropped, never cut. */
export const MAX_MESSAGE_LENGTH = 200;

/** The cell's summary (one finished sentence written for diagnostics); the hover and the panel show the whole note. */
function summaryOf(cell: { summary?: string }): string | undefined {
  return cell.summary?.trim() || undefined;
}

/**
 * The version a cell's since/removedIn names. data/ holds clean versions of the mesh's own release line
 * ("2.17", "1.2.0"; scripts/check-data.mjs enforces it, the source text is in sinceNote/removedNote);
 * a leading "v" is tolerated. Anything else (free text such as "master after v2.14", or a version of
 * another release line inside a sentence) names no version rather than a possibly wrong one.
 */
export function versionIn(text: string | undefined): string | undefined {
  return text ? /^\s*v?(\d+\.\d+(?:\.\d+)?)\s*$/.exec(text)?.[1] : undefined;
}

/** How the target mesh supports what a use expresses; null when there is nothing to say. */
export function verdictFor(view: CatalogView, use: FeatureUse, target: Target, sev: SeverityMap): Verdict | null {
  const base = view.baseMesh(target.mesh);
  const targetName = view.meshName(target.mesh);
  const sameMesh = use.owner === base;

  // Gateway API resources are judged by what the target implements of the API.
  if (!sameMesh && use.owner === 'gateway-api' && use.conformanceFeature) {
    const f = view.data.gatewayImplementations[base]?.features[use.conformanceFeature];
    if (f && f.level !== 'supported') {
      const detail = f.summary?.trim()
        || (f.level === 'unsupported' ? `${targetName} does not implement the Gateway API feature ${use.conformanceFeature}.`
          : f.level === 'partial' ? `${targetName} implements the Gateway API feature ${use.conformanceFeature} only in part.` : undefined);
      return { level: f.level, qualifiers: [], severity: severityFor(f.level, sev), detail };
    }
    if (f) return null;
  }
  const cell = view.cell(base, use.feature);
  if (!cell) return sameMesh ? null : { level: 'unknown', qualifiers: [], severity: sev.unknown, detail: `no data for ${targetName}` };
  const qualifiers = cell.qualifiers ?? [];
  const level: SupportLevel = cell.level;
  const equivalent = !isNone(cell.construct) && (level === 'supported' || level === 'partial') ? cell.construct : undefined;
  const label = view.featureLabel(use.feature);

  if (qualifiers.includes('enterprise_only') && target.mesh === 'consul') {
    return { level: 'unsupported', qualifiers, severity: sev.unsupported, message: `${label} (${use.field}) is Consul Enterprise only`, detail: summaryOf(cell), equivalent };
  }
  const since = versionIn(cell.since), removedIn = versionIn(cell.removedIn);
  const line = view.meshes.get(base)?.versionName ?? targetName;
  if (target.version && since && compareVersions(target.version, since) < 0) {
    return { level: 'unsupported', qualifiers, severity: sev.unsupported, detail: `added in ${line} ${since}`, equivalent };
  }
  if (target.version && removedIn && compareVersions(target.version, removedIn) >= 0) {
    return { level: 'unsupported', qualifiers, severity: sev.unsupported, detail: `removed in ${line} ${removedIn}` };
  }
  if (sameMesh) return null; // a mesh supports its own constructs, in the versions checked above
  if (level === 'supported') {
    if (qualifiers.includes('deprecated') || qualifiers.includes('experimental')) {
      const what = qualifiers.includes('deprecated') ? 'deprecated' : 'experimental';
      return { level, qualifiers, severity: 'information', message: `${label} (${use.field}) is ${what} in ${targetName}`, detail: summaryOf(cell), equivalent };
    }
    return null;
  }
  if (level === 'not_applicable') return null;
  return { level, qualifiers, severity: severityFor(level, sev), detail: level === 'unknown' ? undefined : summaryOf(cell), equivalent };
}

export function messageFor(view: CatalogView, use: FeatureUse, target: Target, v: Verdict): string {
  const label = view.featureLabel(use.feature);
  const versionName = view.meshes.get(view.baseMesh(target.mesh))?.versionName;
  const name = view.meshName(target.mesh) + (target.version ? ` ${versionName ? `(${versionName} ${target.version})` : target.version}` : '');
  let first = v.message;
  if (!first) {
    switch (v.level) {
      case 'partial': first = `${label} (${use.field}) is only partly supported by ${name}`; break;
      case 'unknown': first = `${label} (${use.field}): support by ${name} is unknown`; break;
      default: first = `${label} (${use.field}) is not supported by ${name}`;
    }
  }
  const whole = v.detail ? `${first} — ${v.detail}` : first;
  return whole.length <= MAX_MESSAGE_LENGTH ? whole : first;
}

export function judgeUses(view: CatalogView, uses: FeatureUse[], target: Target | null, sev: SeverityMap): Finding[] {
  const out: Finding[] = [];
  for (const use of uses) {
    const feature = view.features.get(use.feature);
    if (feature?.kind === 'info') continue;
    // With no target, or plain Gateway API as the target, a Gateway API resource's experimental-channel
    // fields are information: clusters with only the standard-channel CRDs reject them.
    if (use.channel === 'experimental' && (!target || (target.mesh === 'gateway-api' && use.owner === 'gateway-api'))) {
      out.push(finding(use, target, 'supported', ['experimental'], 'information',
        `${view.featureLabel(use.feature)} (${use.field}) is in the Gateway API experimental channel — clusters with the standard-channel CRDs reject it`));
    }
    if (!target) continue;
    const v = verdictFor(view, use, target, sev);
    if (!v || !v.severity || v.severity === 'off') continue;
    const f = finding(use, target, v.level, v.qualifiers, v.severity, messageFor(view, use, target, v));
    if (v.equivalent) f.equivalent = v.equivalent;
    out.push(f);
  }
  return out;
}

function finding(use: FeatureUse, target: Target | null, support: SupportLevel, qualifiers: Qualifier[], severity: Severity, message: string): Finding {
  // Explicit properties, not spreads in the literal (per use, and spreads take V8's slow path).
  const f: Finding = {
    rule: use.feature, feature: use.feature, owner: use.owner, target: target?.mesh ?? null,
    support, qualifiers, severity, field: use.field, range: use.range, message,
    kind: use.kind, name: use.name, docIndex: use.docIndex,
  };
  if (target?.version) f.targetVersion = target.version;
  return f;
}

/** Findings about a resource as a whole: archived projects, apiVersions not served, deprecated kinds. */
export function judgeResources(view: CatalogView, resources: Resource[], target: Target | null): Finding[] {
  const out: Finding[] = [];
  for (const r of resources) {
    if (r.definition || r.via !== 'apiVersion') continue;
    const base = target ? view.baseMesh(target.mesh) : null;
    const resFinding = (rule: string, severity: Severity, message: string, support: SupportLevel = 'unsupported'): Finding => ({
      rule, owner: r.owner, target: target?.mesh ?? null, ...(target?.version ? { targetVersion: target.version } : {}),
      support, qualifiers: [], severity, field: 'kind', range: r.range, message, kind: r.kind, name: r.name, docIndex: r.docIndex,
    });
    if (view.isArchived(r.owner)) {
      const m = view.meshes.get(r.owner)!;
      const when = m.status.date ? ` (${m.status.date})` : '';
      out.push(resFinding('project-archived', 'information', `${r.kind} is a resource of ${m.name}, which is ${m.status.state}${when}`, 'unsupported'));
    }
    const rule = apiVersionRule(view, r);
    if (rule === 'unlisted') {
      out.push(resFinding('api-version-not-served', 'warning', `${r.apiVersion} ${r.kind} is not an apiVersion ${view.meshName(r.owner)} serves`));
      continue;
    }
    if (!rule) continue;
    const judgedAgainstOwn = !target || base === r.owner;
    const version = judgedAgainstOwn && target?.version ? target.version : undefined;
    if (version && rule.since && compareVersions(version, rule.since) < 0) {
      out.push(resFinding('api-version-not-served', 'warning', `${r.apiVersion} ${r.kind} is not served by ${view.meshName(target!.mesh)} ${version} — served since ${rule.since}`));
    } else if (version && rule.removedIn && compareVersions(version, rule.removedIn) >= 0) {
      out.push(resFinding('api-version-not-served', 'warning', `${r.apiVersion} ${r.kind} is not served by ${view.meshName(target!.mesh)} ${version} — removed in ${rule.removedIn}`));
    } else if (rule.deprecated && judgedAgainstOwn) {
      out.push(resFinding('deprecated-construct', 'information', `${r.apiVersion} ${r.kind} is deprecated in ${view.meshName(r.owner)}${rule.removedIn ? ` and removed in ${rule.removedIn}` : ''}`, 'partial'));
    }
  }
  return out;
}

/** The rule for a resource's apiVersion: a match, 'unlisted' when the group is listed but not this version, or undefined. */
export function apiVersionRule(view: CatalogView, r: Pick<Resource, 'apiVersion' | 'kind'>): ApiVersionRule | 'unlisted' | undefined {
  const slash = r.apiVersion.lastIndexOf('/');
  if (slash < 0) return undefined;
  const group = r.apiVersion.slice(0, slash), version = r.apiVersion.slice(slash + 1);
  const rules = view.data.apiVersions.filter(a => a.group === group && (!a.kinds || a.kinds.includes(r.kind)));
  if (rules.length === 0) return undefined;
  const exact = rules.filter(a => a.version === version);
  if (exact.length === 0) return view.data.apiVersions.some(a => a.group === group && a.version === version) ? undefined : 'unlisted';
  // Prefer a rule that names the kind.
  return exact.find(a => a.kinds) ?? exact[0];
}
