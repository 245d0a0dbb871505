// mesh-lens: the engine on the command line, for CI.
import { readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Analyzer, catalogView, formatTarget, parseTarget } from '../core/index';
import type { AnalyzeOptions, Severity, Target } from '../core/index';
import { jsonLogClosing, jsonLogOpening, SEVERITY_RANK } from '../core/outputs/report';
import { sarifLogClosing, sarifLogOpening } from '../core/outputs/sarif';
import { ConfigResolver, formatConfigError, globToRegExp, isRuleId, CONFIG_FILE_NAME } from '../core/config';
import type { LoadedConfig } from '../core/config';
import { buildMigrationReport, renderHtml, renderMarkdown } from '../core/outputs/migrationReport';
import type * as ConvertCommand from './convert';
import { CONVERT_TARGETS } from '../core/convert/targets';
import type { ReportConversionInput } from '../core/outputs/reportConversion';
import { analyseInOrder, workerCount, WORKER_THRESHOLD } from './outcomes';
import { StreamedOutput } from './output';
import type { FileJob, RenderOptions } from './worker';

export { globToRegExp };

const VERSION = '0.1.0';
const USAGE = `Usage: mesh-lens check <files or directories…> [options]
       mesh-lens report <files or directories…> --target <mesh[@version]> [--format md|html] [--output <file>]
       mesh-lens convert <files or directories…> --to <gateway-api|istio|linkerd|kuma|consul>[@version] [--format yaml|json] [--output <dir>]

check   Checks service-mesh YAML (Istio, Linkerd, Kuma, Consul, OSM, Gateway API, SMI) for features the
        target mesh does not support. Directories are walked for *.yaml / *.yml.
report  Writes a migration report: every feature the manifests use, how the target supports it, and where.
convert Writes the manifests for the target mesh and says what it could not carry (mesh-lens convert --help).

Options:
  --target <mesh[@version]>   mesh the manifests must run on (e.g. linkerd, linkerd@2.14, consul-enterprise)
  --format text|json|sarif    check: output format (default text)
  --format md|html            report: output format (default md)
  --output <file>             report: write to a file instead of stdout
  --fail-on error|warning|info|never
                              lowest severity that makes the exit code 1 (default warning)
  --disable <feature-id>      do not report this feature or rule (repeatable, or comma-separated)
  --ignore <glob>             skip paths matching the glob (repeatable; * and ** supported)
  --quiet                     text format: print only warnings and errors; no progress
  --no-config                 do not read ${CONFIG_FILE_NAME} files
  --no-progress               never show progress on stderr
  --jobs <n>                  worker threads (default: the CPU count for runs of 200 files or more; 1: none)
  -h, --help                  show this help
  --version                   print the version

Team settings: ${CONFIG_FILE_NAME} in a file's folder or any folder above it (the nearest applies):
  target, severity {unsupported, partial, unknown}, ignore [globs], disable [feature ids].
  A file's own "# mesh-lens target:" comment wins over --target, which wins over ${CONFIG_FILE_NAME}.

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage, configuration or I/O error.
'mesh-lens <command> --help' shows one command's options.`;

const COMMON_OPTIONS = `  --disable <feature-id>      do not report this feature or rule (repeatable, or comma-separated)
  --ignore <glob>             skip paths matching the glob (repeatable; * and ** supported)
  --no-config                 do not read ${CONFIG_FILE_NAME} files
  --no-progress               never show progress on stderr
  --jobs <n>                  worker threads (default: the CPU count for runs of 200 files or more; 1: none)
  -h, --help                  show this help`;

/** `mesh-lens <command> --help`: that command's usage and options only. */
const COMMAND_HELP: Record<'check' | 'report', string> = {
  check: `Usage: mesh-lens check <files or directories…> [options]

Checks service-mesh YAML (Istio, Linkerd, Kuma, Consul, OSM, Gateway API, SMI) for features the target
mesh does not support. Directories are walked for *.yaml / *.yml.

Options:
  --target <mesh[@version]>   mesh the manifests must run on (e.g. linkerd, linkerd@2.14, consul-enterprise)
  --format text|json|sarif    output format (default text)
  --fail-on error|warning|info|never
                              lowest severity that makes the exit code 1 (default warning)
  --quiet                     text format: print only warnings and errors; no progress
${COMMON_OPTIONS}

Team settings: ${CONFIG_FILE_NAME} in a file's folder or any folder above it (the nearest applies):
  target, severity {unsupported, partial, unknown}, ignore [globs], disable [feature ids].
  A file's own "# mesh-lens target:" comment wins over --target, which wins over ${CONFIG_FILE_NAME}.

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage, configuration or I/O error.`,
  report: `Usage: mesh-lens report <files or directories…> --target <mesh[@version]> [options]

Writes a migration report: every feature the manifests use, how the target supports it (with the
evidence, as links), and where. For a target convert writes (${CONVERT_TARGETS.join(', ')}), also
what each feature converts to, or why not, and each file's convert command.

Options:
  --target <mesh[@version]>   mesh the manifests must run on (required)
  --format md|html            output format (default md)
  --output <file>             write to a file instead of stdout
${COMMON_OPTIONS}

Exit codes: 0 written, 2 usage, configuration or I/O error.`,
};

/** What a usage error prints after the error itself: one line, not the whole help. */
const USAGE_HINT = "Run 'mesh-lens --help' for usage.";

class UsageError extends Error {}

interface Options {
  command: 'check' | 'report';
  paths: string[];
  target: Target | null;
  format: 'text' | 'json' | 'sarif' | 'md' | 'html';
  output?: string;
  failOn: Severity | 'never';
  disable: string[];
  ignore: RegExp[];
  quiet: boolean;
  config: boolean;
  progress: boolean;
  jobs?: number;
}

function parseArgs(argv: string[]): Options | 'help' | { help: 'check' | 'report' } | 'version' {
  const view = catalogView();
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === undefined) return 'help';
  if (command === '--version') return 'version';
  if (command !== 'check' && command !== 'report') throw new UsageError(`unknown command "${command}" (expected "check", "report" or "convert")`);
  const o: Options = {
    command, paths: [], target: null, format: command === 'check' ? 'text' : 'md', failOn: 'warning',
    disable: [], ignore: [], quiet: false, config: true, progress: true,
  };
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
        const allowed = command === 'check' ? ['text', 'json', 'sarif'] : ['md', 'markdown', 'html'];
        if (!allowed.includes(v)) throw new UsageError(`unknown format "${v}": expected ${allowed.filter(x => x !== 'markdown').join(', ')}`);
        o.format = (v === 'markdown' ? 'md' : v) as Options['format'];
        break;
      }
      case '--output': case '-o': {
        if (command !== 'report') throw new UsageError(`${a} is an option of "report" (check writes to stdout)`);
        o.output = value();
        break;
      }
      case '--fail-on': {
        const v = value();
        const m: Record<string, Severity | 'never'> = { error: 'error', warning: 'warning', info: 'information', information: 'information', hint: 'hint', never: 'never' };
        if (!m[v]) throw new UsageError(`unknown --fail-on "${v}": expected error, warning, info or never`);
        o.failOn = m[v];
        break;
      }
      case '--disable': {
        for (const id of value().split(',').map(s => s.trim()).filter(Boolean)) {
          if (!isRuleId(view, id)) throw new UsageError(`unknown feature id "${id}" for --disable`);
          o.disable.push(id);
        }
        break;
      }
      case '--ignore': o.ignore.push(globToRegExp(value())); break;
      case '--quiet': case '-q': o.quiet = true; break;
      case '--no-config': o.config = false; break;
      case '--no-progress': o.progress = false; break;
      case '--jobs': case '-j': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs needs a whole number from 1 to 256, not "${v}"`);
        o.jobs = n;
        break;
      }
      case '-h': case '--help': return { help: command };
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option "${a}"`);
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) throw new UsageError('no files or directories given');
  return o;
}

const toPosix = (p: string) => p.split(sep).join('/');

function isIgnored(rel: string, ignore: RegExp[]): boolean {
  const p = toPosix(rel);
  return ignore.some(r => r.test(p));
}

function readIfFile(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; }
}

/**
 * Files to check, in a stable order (each directory's entries sorted); throws UsageError for a path that
 * does not exist. `--ignore` globs are relative to the working directory, `.meshlens.yaml` ones to their folder.
 * Symbolic links are followed, but each real directory and file is visited once (a link to a folder
 * above, such as `loop -> ..`, cannot make the walk loop or report a file twice).
 */
export function collectFiles(paths: string[], ignore: RegExp[], cwd = process.cwd(), resolver?: ConfigResolver): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const seenDirs = new Set<string>();
  const real = (p: string) => { try { return realpathSync(p); } catch { return p; } };
  const visit = (abs: string, explicit: boolean) => {
    const rel = relative(cwd, abs) || abs;
    if (!explicit && isIgnored(rel, ignore)) return;
    if (!explicit && resolver && resolver.ignores(resolver.forDir(dirname(abs)), abs)) return;
    let st;
    try { st = statSync(abs); } catch {
      if (explicit) throw new UsageError(`cannot read ${rel}: no such file or directory`);
      return;
    }
    if (st.isDirectory()) {
      const base = abs.split(sep).pop() ?? '';
      if (!explicit && (base === 'node_modules' || base.startsWith('.'))) return;
      const realDir = real(abs);
      if (seenDirs.has(realDir)) return;
      seenDirs.add(realDir);
      let names: string[];
      try { names = readdirSync(abs).sort(); } catch (e) {
        if (explicit) throw new UsageError(`cannot read ${rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        return;
      }
      for (const f of names) visit(join(abs, f), false);
    } else if (explicit || /\.ya?ml$/i.test(abs)) {
      if (!explicit && abs.endsWith(sep + CONFIG_FILE_NAME)) return;
      if (explicit && (isIgnored(rel, ignore) || (resolver && resolver.ignores(resolver.forFile(abs), abs)))) return;
      const realFile = real(abs);
      if (seen.has(realFile)) return;
      seen.add(realFile);
      out.push(abs);
    }
  };
  for (const p of paths) visit(resolve(cwd, p), true);
  return out;
}

/** Progress on stderr: only on a terminal, and only for a long run (> 200 files or > 1 s). */
class Progress {
  private readonly start = Date.now();
  private last = 0;
  private shown = false;
  constructor(private readonly total: number, private readonly enabled: boolean) {}
  tick(done: number) {
    if (!this.enabled) return;
    const now = Date.now();
    if (!(this.total > WORKER_THRESHOLD || now - this.start > 1000) || now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\rmesh-lens: ${done}/${this.total} files\x1b[K`);
  }
  end() {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}

interface Prepared { jobs: FileJob[]; configs: Map<string, LoadedConfig | null>; runTarget: Target | null }

/** Files and their options; null after printing configuration errors. */
function prepare(opts: Options): Prepared | null {
  const view = catalogView();
  const resolver = opts.config ? new ConfigResolver(view, readIfFile) : undefined;
  const files = collectFiles(opts.paths, opts.ignore, process.cwd(), resolver);
  const configs = new Map<string, LoadedConfig | null>();
  for (const f of files) configs.set(f, resolver?.forFile(f) ?? null);
  const broken = resolver?.broken() ?? [];
  if (broken.length) {
    for (const c of broken) for (const e of c.errors!) process.stderr.write(`${formatConfigError(toPosix(relative(process.cwd(), c.path) || c.path), e)}\n`);
    process.stderr.write(`mesh-lens: fix ${broken.length === 1 ? 'this configuration file' : 'these configuration files'} (or run with --no-config)\n`);
    return null;
  }
  const jobs = files.map((abs): FileJob => {
    const c = configs.get(abs)?.config;
    const options: AnalyzeOptions = { target: opts.target ?? c?.target ?? null };
    if (c?.severity && Object.keys(c.severity).length) options.severities = c.severity;
    const disabled = [...opts.disable, ...(c?.disable ?? [])];
    if (disabled.length) options.disabled = disabled;
    return { abs, rel: toPosix(relative(process.cwd(), abs) || abs), options };
  });
  // The run's target: the flag, else the one target every file's configuration agrees on.
  const targets = new Set(jobs.map(j => formatTarget(j.options.target)));
  const runTarget = opts.target ?? (targets.size === 1 && jobs[0]?.options.target ? jobs[0].options.target : null);
  return { jobs, configs, runTarget };
}

async function check(opts: Options): Promise<number> {
  const prep = prepare(opts);
  if (!prep) return 2;
  const { jobs, runTarget } = prep;
  const notifications: { message: string; path: string }[] = [];
  let failed = false, ioError = false;
  const render: RenderOptions = { format: opts.format as RenderOptions['format'], quiet: opts.quiet, failRank: opts.failOn === 'never' ? Infinity : SEVERITY_RANK[opts.failOn] };
  const progress = new Progress(jobs.length, opts.progress && !opts.quiet && !!process.stderr.isTTY);
  // Every format streams file by file: the opening, each file's chunks as it is done, the closing.
  const out = new StreamedOutput(process.stdout, opts.format !== 'text');
  const sarif = { view: catalogView(), version: VERSION, target: runTarget, notifications };
  if (opts.format === 'json') await out.write(jsonLogOpening(runTarget));
  else if (opts.format === 'sarif') await out.write(sarifLogOpening(sarif));
  let i = 0;
  for await (const o of analyseInOrder(jobs, render, workerCount(opts.jobs, jobs.length), done => progress.tick(done))) {
    const job = jobs[i++];
    if (o.error !== undefined) {
      progress.end();
      process.stderr.write(`mesh-lens: ${o.error}\n`);
      notifications.push({ message: o.error, path: job.rel });
      ioError = true;
      continue;
    }
    if (o.fail) failed = true;
    await out.writeFile(o.chunks!);
  }
  progress.end();
  if (opts.format === 'json') await out.write(jsonLogClosing(out.entries));
  else if (opts.format === 'sarif') await out.write(sarifLogClosing(sarif, out.entries));
  if (ioError) return 2;
  return failed ? 1 : 0;
}

function report(opts: Options): number {
  const prep = prepare(opts);
  if (!prep) return 2;
  const target = prep.runTarget;
  if (!target) {
    const distinct = new Set(prep.jobs.map(j => formatTarget(j.options.target)));
    process.stderr.write(`mesh-lens: report needs a target: pass --target <mesh[@version]>${distinct.size > 1 ? ` (the ${CONFIG_FILE_NAME} files name different targets: ${[...distinct].join(', ')})` : ''}\n`);
    return 2;
  }
  const analyzer = new Analyzer(catalogView());
  const files: Parameters<typeof buildMigrationReport>[2] = [];
  const texts: { path: string; text: string }[] = [];
  let ioError = false;
  for (const j of prep.jobs) {
    let text: string;
    try { text = readFileSync(j.abs, 'utf8'); } catch (e) {
      process.stderr.write(`mesh-lens: cannot read ${j.rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      ioError = true;
      continue;
    }
    // Every use is listed whatever the severities; the report's target applies to every file.
    files.push({ path: j.rel, result: analyzer.analyze(text, { target, disabled: j.options.disabled }) });
    texts.push({ path: j.rel, text });
  }
  const data = buildMigrationReport(catalogView(), target, files, `Mesh Lens ${VERSION}`, reportConversion(target, texts));
  const text = opts.format === 'html' ? renderHtml(data) : renderMarkdown(data);
  if (opts.output) {
    try { writeFileSync(opts.output, text); } catch (e) {
      process.stderr.write(`mesh-lens: cannot write ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
  } else {
    process.stdout.write(text);
  }
  return ioError ? 2 : 0;
}

/** The converter is a bundle of its own (dist/cliConvert.js), loaded by `convert` and by a report whose
 * target the converter writes: `check` loads none of it. */
function loadConverter(): typeof ConvertCommand {
  // A computed path: the bundler leaves it alone and Node resolves it next to dist/cli.js.
  const file = join(__dirname, 'cliConvert.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as typeof ConvertCommand;
}

/** For a target `convert` writes: the run converted as `mesh-lens convert` would convert the same files. */
function reportConversion(target: Target, texts: { path: string; text: string }[]): ReportConversionInput | undefined {
  if (!CONVERT_TARGETS.some(t => t === target.mesh)) return undefined;
  return loadConverter().convertForReport(target, texts);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'convert') return loadConverter().runConvert(argv.slice(1), collectFiles, globToRegExp);
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`mesh-lens: ${e.message}\n${USAGE_HINT}\n`); return 2; }
    throw e;
  }
  if (opts === 'help') { process.stdout.write(USAGE + '\n'); return 0; }
  if (opts === 'version') { process.stdout.write(VERSION + '\n'); return 0; }
  if ('help' in opts) { process.stdout.write(COMMAND_HELP[opts.help] + '\n'); return 0; }
  try {
    return opts.command === 'report' ? report(opts) : await check(opts);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`mesh-lens: ${e.message}\n`); return 2; }
    throw e;
  }
}

// A closed pipe (`mesh-lens check … | head`) is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
/**
 * Ends the process once stdout and stderr have taken everything written: a natural exit would first tear
 * down the heap a large analysis built, which costs a few per cent of a big file's check.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const flushed = () => { if (--pending === 0) process.exit(code); };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

main(process.argv.slice(2)).then(exitWhenFlushed, e => {
  process.stderr.write(`mesh-lens: internal error: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 2;
});
