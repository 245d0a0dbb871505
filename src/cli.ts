// mesh-lens: the engine on the command line, for CI.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Analyzer, catalogView, formatTarget, parseTarget } from './core/index';
import type { AnalysisResult, Severity, Target } from './core/index';
import { toJsonFile, JsonFile } from './core/report';

const VERSION = '0.1.0';
const USAGE = `Usage: mesh-lens check <files or directories…> [options]

Checks service-mesh YAML (Istio, Linkerd, Kuma, Consul, OSM, Gateway API, SMI) for features the
target mesh does not support. Directories are walked for *.yaml / *.yml.

Options:
  --target <mesh[@version]>   mesh the manifests must run on (e.g. linkerd, linkerd@2.14, consul-enterprise)
  --format text|json          output format (default text)
  --fail-on error|warning|info|never
                              lowest severity that makes the exit code 1 (default warning)
  --disable <feature-id>      do not report this feature or rule (repeatable)
  --ignore <glob>             skip paths matching the glob (repeatable; * and ** supported)
  --quiet                     text format: print only warnings and errors
  -h, --help                  show this help
  --version                   print the version

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Options {
  paths: string[];
  target: Target | null;
  format: 'text' | 'json';
  failOn: Severity | 'never';
  disable: string[];
  ignore: RegExp[];
  quiet: boolean;
}

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; }
      else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A glob without a slash matches a name anywhere in the tree (like .gitignore).
  return glob.includes('/') ? new RegExp(`^(?:\\./)?${re}(?:/.*)?$`) : new RegExp(`(?:^|/)${re}(?:/.*)?$`);
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const o: Options = { paths: [], target: null, format: 'text', failOn: 'warning', disable: [], ignore: [], quiet: false };
  const view = catalogView();
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === undefined) return 'help';
  if (command === '--version') return 'version';
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (expected "check")`);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--target': {
        const v = value();
        const t = parseTarget(view, v);
        if (!t) throw new UsageError(`unknown target "${v}": expected one of ${[...view.targets.keys()].join(', ')}, optionally with @version`);
        o.target = t;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`unknown format "${v}": expected text or json`);
        o.format = v;
        break;
      }
      case '--fail-on': {
        const v = value();
        const m: Record<string, Severity | 'never'> = { error: 'error', warning: 'warning', info: 'information', information: 'information', hint: 'hint', never: 'never' };
        if (!m[v]) throw new UsageError(`unknown --fail-on "${v}": expected error, warning, info or never`);
        o.failOn = m[v];
        break;
      }
      case '--disable': o.disable.push(...value().split(',').filter(Boolean)); break;
      case '--ignore': o.ignore.push(globToRegExp(value())); break;
      case '--quiet': case '-q': o.quiet = true; break;
      case '-h': case '--help': return 'help';
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option "${a}"`);
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) throw new UsageError('no files or directories given');
  return o;
}

function isIgnored(rel: string, ignore: RegExp[]): boolean {
  const p = rel.split(sep).join('/');
  return ignore.some(r => r.test(p));
}

/** Files to check, in a stable order; throws UsageError for a path that does not exist. */
export function collectFiles(paths: string[], ignore: RegExp[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  const visit = (abs: string, explicit: boolean) => {
    const rel = relative(cwd, abs) || abs;
    if (!explicit && isIgnored(rel, ignore)) return;
    let st;
    try { st = statSync(abs); } catch {
      if (explicit) throw new UsageError(`cannot read ${rel}: no such file or directory`);
      return;
    }
    if (st.isDirectory()) {
      const base = abs.split(sep).pop() ?? '';
      if (!explicit && (base === 'node_modules' || base.startsWith('.'))) return;
      for (const f of readdirSync(abs).sort()) visit(join(abs, f), false);
    } else if (explicit || /\.ya?ml$/i.test(abs)) {
      if (explicit && isIgnored(rel, ignore)) return;
      out.push(abs);
    }
  };
  for (const p of paths) visit(resolve(cwd, p), true);
  return out;
}

function main(argv: string[]): number {
  let opts: Options | 'help' | 'version';
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`mesh-lens: ${e.message}\n\n${USAGE}\n`); return 2; }
    throw e;
  }
  if (opts === 'help') { process.stdout.write(USAGE + '\n'); return 0; }
  if (opts === 'version') { process.stdout.write(VERSION + '\n'); return 0; }

  let files: string[];
  try {
    files = collectFiles(opts.paths, opts.ignore);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`mesh-lens: ${e.message}\n`); return 2; }
    throw e;
  }
  const analyzer = new Analyzer(catalogView());
  const results: JsonFile[] = [];
  let failed = false, ioError = false;
  const failRank = opts.failOn === 'never' ? Infinity : RANK[opts.failOn];
  for (const file of files) {
    const rel = relative(process.cwd(), file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`mesh-lens: cannot read ${rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      ioError = true;
      continue;
    }
    const result: AnalysisResult = analyzer.analyze(text, { target: opts.target, disabled: opts.disable });
    const jf = toJsonFile(rel.split(sep).join('/'), result);
    if (jf.findings.some(f => RANK[f.severity] >= failRank) || (jf.errors.length > 0 && failRank <= RANK.error)) failed = true;
    if (opts.format === 'text') writeText(jf, opts.quiet);
    else results.push(jf);
  }
  if (opts.format === 'json') {
    process.stdout.write(JSON.stringify({ version: 1, target: opts.target ? formatTarget(opts.target) : null, files: results }, null, 2) + '\n');
  }
  if (ioError) return 2;
  return failed ? 1 : 0;
}

function writeText(f: JsonFile, quiet: boolean) {
  const lines: string[] = [];
  for (const e of f.errors) lines.push(`${f.path}:${e.line}:${e.column}: error ${e.message} [parse-error]`);
  for (const x of f.findings) {
    if (quiet && RANK[x.severity] < RANK.warning) continue;
    lines.push(`${f.path}:${x.line}:${x.column}: ${x.severity} ${x.message} [${x.feature ?? x.rule}]`);
  }
  if (lines.length) process.stdout.write(lines.join('\n') + '\n');
}

// A closed pipe (`mesh-lens check … | head`) is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
process.exitCode = main(process.argv.slice(2));
